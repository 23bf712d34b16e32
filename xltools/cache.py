"""The per-file part of validation kept between runs, so a re-run reads only changed workbooks.

Ekonomienheten validates and consolidates the same folder many times before a deadline, and
most files have not changed since the last run. An entry is the result of reading one file
and running its own rules; it is keyed by the file's bytes (sha256), its path (findings name
it), the configuration and the xltools code, so any change to one of them misses the cache.
Entries are pickles written atomically, one file each, so parallel workers and concurrent runs
never see half an entry; an unreadable entry is a miss. Fingerprint folders not used for a
week are removed.

A pickle runs code when loaded, so nothing is unpickled unless it is authenticated: each entry
starts with an HMAC-SHA256 over its bytes made with a random key that only the user can read
(`nyckel` in the cache folder, mode 0600). An entry planted or changed by anyone without the
key fails the check and is a miss. A cache folder that another user owns or others may write
to is refused with a varning and the run goes on without cache (cachedir.unsafe).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_file
from xltools.cachedir import ENV, OFF, default_dir, private_dir, unsafe
from xltools.config import Config
from xltools.config.stored import digest as config_digest
from xltools.excel.files import Found, read_regular
from xltools.excel.limits import from_env

_STALE_S = 7 * 24 * 3600
_VERSION = b"3"  # bump when the entry's shape changes
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")  # the names of the folders this module makes
_KEY = "nyckel"  # the HMAC key's file in the cache folder
_MAC = 32  # bytes of HMAC-SHA256 before each entry's pickle


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

    def __init__(self, folder: str | Path, config: Config, key: bytes | None = None):
        from xltools.integrity import fingerprint  # a new kommun key: new results (identity check)

        fp = hashlib.sha256(_code_fingerprint() + config_digest(config).encode()
                            + fingerprint(config).encode()).hexdigest()[:32]
        self.base = Path(folder)
        self.dir = self.base / fp
        self.key = key if key is not None else _key_or_none(self.base)  # without one nothing is read or written
        self.hits = self.misses = 0

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes: the folder and the key
        return _restore, (str(self.base), str(self.dir), self.key)

    def _entry(self, shown: str, sha256: str) -> Path:
        key = hashlib.sha256(f"{shown}\0{sha256}".encode()).hexdigest()
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, path: str | Path) -> Any | None:
        """The stored entry for this file as it is now, or None."""
        try:
            data = read_regular(Found(Path(path)), from_env().file_bytes)  # never a FIFO, never unbounded
            with open(self._entry(str(path), hashlib.sha256(data).hexdigest()), "rb") as fh:
                stored = fh.read()
            mac, body = stored[:_MAC], stored[_MAC:]
            if self.key is None or not hmac.compare_digest(mac, hmac.digest(self.key, body, "sha256")):
                raise ValueError("not made with this user's key")  # never unpickle what we did not write
            got = pickle.loads(body)
        except Exception:  # missing, unreadable, forged or from an incompatible pickle: read the file instead
            self.misses += 1
            return None
        self.hits += 1
        return got

    def put(self, shown: str, sha256: str | None, entry: Any) -> None:
        """Store an entry; a cache that cannot be written is skipped (validation does not depend on it)."""
        if sha256 is None or self.key is None:
            return
        target = self._entry(shown, sha256)
        try:
            body = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            with atomic_file(target) as tmp:
                tmp.write_bytes(hmac.digest(self.key, body, "sha256") + body)
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


def _restore(base: str, folder: str, key: bytes | None) -> ReadCache:
    cache = ReadCache.__new__(ReadCache)
    cache.base, cache.dir, cache.key = Path(base), Path(folder), key
    cache.hits = cache.misses = 0
    return cache


def user_key(base: Path) -> bytes:
    """The HMAC key in `base`, made on first use (0600, created exclusively); OSError when it cannot be had."""
    path = base / _KEY
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
    except FileExistsError:
        fd = os.open(path, os.O_RDONLY | nofollow)
        try:
            st = os.fstat(fd)
            if os.name != "nt" and (st.st_uid != os.getuid() or st.st_mode & 0o077):
                raise PermissionError(0, "nyckeln är inte användarens egen") from None
            key = os.read(fd, 64)
        finally:
            os.close(fd)
        if len(key) != 32:
            raise PermissionError(0, "nyckeln är skadad") from None
        return key
    key = secrets.token_bytes(32)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key


def _key_or_none(base: Path) -> bytes | None:
    try:
        return user_key(private_dir(base))
    except OSError:
        return None


def open_cache(config: Config, enabled: bool = True, warn: Callable[[str], None] | None = None) -> ReadCache | None:
    """The cache for this configuration: in $XLTOOLS_CACHE if set ("off" disables it), else default_dir().

    A folder that is not the user's own (cachedir.unsafe) is not used: `warn` gets a Swedish
    varning naming it and None is returned, so the run goes on without cache.
    """
    where = os.environ.get(ENV, "")
    if not enabled or where.lower() in OFF:
        return None
    base = Path(where) if where else default_dir()
    try:
        private_dir(base)
    except OSError:
        return None  # no cache can be made here; validation does not depend on it
    why = unsafe(base)
    if why is None:
        try:
            key = user_key(base)
        except OSError as e:
            why = f"nyckeln kan inte användas ({e.strerror or e})"
    if why is not None:
        if warn is not None:
            warn(f"varning: cachemappen {base} används inte ({why}); körningen görs utan cache.")
        return None
    cache = ReadCache(base, config, key)
    cache.prune()
    return cache
