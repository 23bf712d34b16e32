"""The per-file part of validation kept between runs, so a re-run reads only changed workbooks.

Ekonomienheten validates and consolidates the same folder many times before a deadline, and
most files have not changed since the last run. An entry is the result of reading one file
and running its own rules; it is keyed by the file's bytes (sha256), its path (findings name
it), the configuration and the xltools code, so any change to one of them misses the cache.
Entries are pickles written atomically, one file each, so parallel workers and concurrent runs
never see half an entry; an unreadable entry is a miss. Fingerprint folders not used for a
week are removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_file
from xltools.config import Config
from xltools.config.stored import digest as config_digest
from xltools.excel.files import Found, read_regular
from xltools.excel.limits import from_env

ENV = "XLTOOLS_CACHE"  # a folder, or "off"
_STALE_S = 7 * 24 * 3600
_VERSION = b"1"  # bump when the entry's shape changes
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")  # the names of the folders this module makes


def default_dir() -> Path:
    """%LOCALAPPDATA%\\xltools\\cache on Windows, else $XDG_CACHE_HOME/xltools or ~/.cache/xltools."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "xltools" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xltools"


def _code_fingerprint() -> bytes:
    """The xltools sources and the versions of what the entries are made of."""
    from importlib.metadata import version

    h = hashlib.sha256(_VERSION)
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in ("python-calamine", "pydantic", "pydantic_core"):
        h.update(f"{dist}={version(dist)}".encode())
    h.update(sys.version.encode())
    return h.digest()


class ReadCache:
    """Entries for one configuration and one version of the code, in `folder`/<fingerprint>/."""

    def __init__(self, folder: str | Path, config: Config):
        from xltools.integrity import fingerprint  # a new kommun key: new results (identity check)

        fp = hashlib.sha256(_code_fingerprint() + config_digest(config).encode()
                            + fingerprint(config).encode()).hexdigest()[:32]
        self.base = Path(folder)
        self.dir = self.base / fp
        self.hits = self.misses = 0

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes: the folder only
        return _restore, (str(self.base), str(self.dir))

    def _entry(self, shown: str, sha256: str) -> Path:
        key = hashlib.sha256(f"{shown}\0{sha256}".encode()).hexdigest()
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, path: str | Path) -> Any | None:
        """The stored entry for this file as it is now, or None."""
        try:
            data = read_regular(Found(Path(path)), from_env().file_bytes)  # never a FIFO, never unbounded
            with open(self._entry(str(path), hashlib.sha256(data).hexdigest()), "rb") as fh:
                got = pickle.load(fh)
        except Exception:  # missing, unreadable or from an incompatible pickle: read the file instead
            self.misses += 1
            return None
        self.hits += 1
        return got

    def put(self, shown: str, sha256: str | None, entry: Any) -> None:
        """Store an entry; a cache that cannot be written is skipped (validation does not depend on it)."""
        if sha256 is None:
            return
        target = self._entry(shown, sha256)
        try:
            with atomic_file(target) as tmp:
                tmp.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass

    def prune(self, now: float | None = None) -> None:
        """Mark this fingerprint as used; remove other fingerprint folders not used for a week (nothing else)."""
        now = time.time() if now is None else now
        try:
            self.base.mkdir(mode=0o700, parents=True, exist_ok=True)  # entries are pickles: only the user writes
            self.dir.mkdir(mode=0o700, exist_ok=True)
            os.utime(self.dir, (now, now))
            for other in self.base.iterdir():
                if (other != self.dir and _FINGERPRINT.fullmatch(other.name) and other.is_dir()
                        and now - other.stat().st_mtime > _STALE_S):  # never anything else in the folder
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass


def _restore(base: str, folder: str) -> ReadCache:
    cache = ReadCache.__new__(ReadCache)
    cache.base, cache.dir = Path(base), Path(folder)
    cache.hits = cache.misses = 0
    return cache


def open_cache(config: Config, enabled: bool = True) -> ReadCache | None:
    """The cache for this configuration: in $XLTOOLS_CACHE if set ("off" disables it), else default_dir()."""
    where = os.environ.get(ENV, "")
    if not enabled or where.lower() in ("off", "0", "nej"):
        return None
    cache = ReadCache(where or default_dir(), config)
    cache.prune()
    return cache
