"""The xltools wheel that xlwings Lite installs: built from the installed package, byte for byte reproducible.

IT may have xltools only as an installed package (no source tree), so the wheel is made from
what is installed: the package folder (without caches) and the distribution's own METADATA,
whose dependency markers tell micropip what Pyodide needs. A wheel is a zip with a fixed layout
(PEP 427), so the standard library is enough; every entry gets the same date, so two builds of
the same code give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import zipfile
from pathlib import Path

import xltools
from xltools.atomic import atomic_file
from xltools.errors import XltoolsError

DIST = "xltools"
TAG = "py3-none-any"
_DATE = (1980, 1, 1, 0, 0, 0)
_SKIP_SUFFIXES = (".pyc", ".pyo")


def wheel_name(version: str | None = None) -> str:
    return f"{DIST}-{version or xltools.__version__}-{TAG}.whl"


def package_files(root: Path | None = None) -> list[tuple[str, Path]]:
    """(name in the wheel, file) for every file of the package, sorted; caches left out."""
    root = root or Path(xltools.__file__).resolve().parent
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in _SKIP_SUFFIXES:
            out.append((f"{DIST}/{path.relative_to(root).as_posix()}", path))
    return out


def _metadata() -> str:
    """The installed distribution's METADATA (a source checkout's egg-info, first on the path, has none)."""
    for dist in importlib.metadata.distributions(name=DIST):
        text = dist.read_text("METADATA")
        if text and dist.version == xltools.__version__:
            return text
    raise XltoolsError("xltools är inte installerat som paket (METADATA saknas), så inget hjul kan byggas. "
                       "Installera xltools med pip och försök igen.")


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_bytes() -> bytes:
    """The wheel of the installed xltools as bytes (package files, METADATA, WHEEL, RECORD)."""
    version = xltools.__version__
    info = f"{DIST}-{version}.dist-info"
    entries = [(name, path.read_bytes()) for name, path in package_files()]
    entries.append((f"{info}/METADATA", _metadata().encode("utf-8")))
    wheel = f"Wheel-Version: 1.0\nGenerator: xltools {version}\nRoot-Is-Purelib: true\nTag: {TAG}\n"
    entries.append((f"{info}/WHEEL", wheel.encode("utf-8")))
    record = "".join(f"{name},{_digest(data)},{len(data)}\n" for name, data in entries) + f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode("utf-8")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            item = zipfile.ZipInfo(name, date_time=_DATE)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            zf.writestr(item, data)
    return buf.getvalue()


def build_wheel(out_dir: str | Path) -> Path:
    """Write the wheel into `out_dir` (atomically) and return its path."""
    target = Path(out_dir) / wheel_name()
    with atomic_file(target) as tmp:
        tmp.write_bytes(wheel_bytes())
    return target
