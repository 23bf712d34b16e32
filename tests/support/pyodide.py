"""Run Python in Pyodide (Node) with the xltools wheel installed: the xlwings Lite runtime without Excel.

Node's `pyodide` package (version pinned in tests/pyodide/package.json, installed with `npm ci`
into tests/pyodide/node_modules) brings the interpreter only. The wheels in tests/pyodide/wheels.txt
come from PyPI (`pip download` for Pyodide's ABI) and the xltools wheel is built from this checkout
with xltools.lite.wheel, as `xltools addin lite-paket` builds it. Downloads are kept in
tests/pyodide/cache/, so a second run needs no network. Without Node the tests are skipped
locally and fail in CI (XLTOOLS_REQUIRE_PYODIDE=1).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from xltools.lite.wheel import build_wheel

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "tests" / "pyodide"
CACHE = NODE_DIR / "cache"
PINS = NODE_DIR / "wheels.txt"
RUNNER = NODE_DIR / "run.mjs"


def missing_tools() -> str | None:
    """Why Pyodide cannot run here (Swedish), or None."""
    absent = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"{' och '.join(absent)} saknas på maskinen" if absent else None


def require_node() -> None:
    """Skip (locally) or fail (CI, XLTOOLS_REQUIRE_PYODIDE=1) when Node.js and npm are missing."""
    reason = missing_tools()
    if reason is None:
        return
    if os.environ.get("XLTOOLS_REQUIRE_PYODIDE") == "1":
        pytest.fail(f"Pyodide-testerna krävs i CI men {reason} (.ci/run installerar nodejs och npm)")
    pytest.skip(f"{reason}; testerna av kontrollen i xlwings Lite (Pyodide i Node) hoppas över")


def pinned_pyodide() -> str:
    return json.loads((NODE_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def install_pyodide() -> Path:
    """tests/pyodide/node_modules/pyodide at the pinned version (`npm ci` when it is not there yet)."""
    installed = NODE_DIR / "node_modules" / "pyodide" / "package.json"
    if not installed.is_file() or json.loads(installed.read_text(encoding="utf-8"))["version"] != pinned_pyodide():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_DIR, check=True,
                       capture_output=True, timeout=600)
    return installed.parent


def abi() -> tuple[str, str]:
    """(platform tag, CPython tag) of the installed Pyodide, e.g. ('pyemscripten_2026_0_wasm32', '314')."""
    info = json.loads((install_pyodide() / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    major, minor = info["python"].split(".")[:2]
    return f"pyemscripten_{info['abi_version']}_{info['arch']}", f"{major}{minor}"


def pins() -> list[str]:
    return [line.strip() for line in PINS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def dependency_wheels() -> Path:
    """The folder of pinned wheels for this Pyodide, downloaded once (all or nothing) into the cache."""
    platform, python = abi()
    digest = hashlib.sha256("\n".join([platform, python, *pins()]).encode()).hexdigest()[:16]
    folder = CACHE / f"wheels-{digest}"
    if (folder / ".complete").is_file():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".wheels-", dir=CACHE))
    try:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--python-version", python, "--implementation", "cp", "--abi", f"cp{python}",
               "--platform", platform, "--dest", str(tmp), *pins()]
        env = {**os.environ, "PIP_CONSTRAINT": ""}  # a machine-wide constraints file is not ours
        subprocess.run(cmd, check=True, capture_output=True, timeout=600, env=env)
        (tmp / ".complete").write_text("\n".join(pins()) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def run_script(script: Path, payload: Any, work: Path) -> dict[str, Any]:
    """Run `script` in Pyodide with `payload` as /work/input.json; its /work/output.json, with timings."""
    require_node()
    install_pyodide()
    wheels = work / "wheels"
    wheels.mkdir(parents=True)
    for wheel in dependency_wheels().glob("*.whl"):
        (wheels / wheel.name).symlink_to(wheel)
    build_wheel(wheels)
    source, target = work / "input.json", work / "output.json"
    source.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(["node", str(RUNNER), str(wheels), str(script), str(source), str(target)],
                          cwd=NODE_DIR, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise AssertionError(f"Pyodide-körningen misslyckades ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(target.read_text(encoding="utf-8"))
