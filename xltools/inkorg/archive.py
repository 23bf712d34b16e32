"""The archive: every received file stored once under its sha256, written once, never deleted.

A file is written to a temporary name in the archive's own folder, flushed to disk (fsync), then
linked to its final name `ab/<sha256><suffix>` (a link never replaces an existing file), and the
folder is synced, before the ledger entry that names it commits. A run killed on the way leaves
either a temporary file (removed by the next run, once it is older than a grace period so that a
concurrent run's is left alone) or a complete file without an entry (an orphan: the next run
reports it and adopts it into the ledger). Folders are 0700 and files 0600: for the user only.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.cachedir import private_dir
from xltools.errors import XltoolsError, os_reason

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # kept on the stored name so the file opens in Excel
_NAME = re.compile(r"^([0-9a-f]{64})(\.[a-z]{3,4})?$")
_TMP_PREFIX = ".tmp-"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Stored:
    sha256: str
    relpath: str  # "ab/<sha256>.xlsx", relative to the archive
    new: bool  # written by this call (False: the same bytes were there already)


def _load_syncfs() -> Any:
    """Linux's syncfs(2): one call syncs a whole file system (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to sync it; the rename is journalled by NTFS
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Archive:
    """A content-addressed folder of received files."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        try:
            private_dir(self.root)
        except OSError as e:
            raise XltoolsError(f"Arkivet {self.root} kunde inte skapas ({os_reason(e)}).") from e

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def find(self, sha256: str) -> str | None:
        """The stored name of these bytes, or None."""
        folder = self.root / sha256[:2]
        try:
            for entry in os.scandir(folder):
                m = _NAME.match(entry.name)
                if m and m.group(1) == sha256 and entry.is_file(follow_symlinks=False):
                    return f"{sha256[:2]}/{entry.name}"
        except FileNotFoundError:
            return None
        return None

    def put(self, data: bytes, suffix: str = "", *, sync_dir: bool = True) -> Stored:
        """Store `data` once (idempotent); its file is on disk (fsync'd) when this returns.

        With sync_dir=False the folder entry is synced by a later sync_dirs() (one sync per folder
        for a batch): call it before any ledger entry that names the file commits.
        """
        sha = sha256_of(data)
        found = self.find(sha)
        if found:
            return Stored(sha, found, False)
        suffix = suffix.lower() if suffix.lower() in SUFFIXES else ""
        folder = self.root / sha[:2]
        rel = f"{sha[:2]}/{sha}{suffix}"
        try:
            private_dir(folder)
            fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=folder)  # mode 0600
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                checkpoint("tmp-written")
                try:
                    os.link(tmp, folder / f"{sha}{suffix}")  # never replaces a file
                except FileExistsError:
                    pass  # a concurrent receiver stored the same bytes under this name
                except OSError:  # a file system without hard links
                    if not (folder / f"{sha}{suffix}").exists():
                        os.replace(tmp, folder / f"{sha}{suffix}")
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            if sync_dir:
                _fsync_dir(folder)
        except OSError as e:
            raise XltoolsError(f"Filen kunde inte sparas i arkivet {self.root} ({os_reason(e)}).") from e
        found = self.find(sha) or rel
        return Stored(sha, found, found == rel)

    def put_many(self, batch: list[tuple[bytes, str]]) -> list[Stored]:
        """Store many files (data, suffix) at once, each on disk when this returns.

        The same steps as put(), in three passes so that the disk is synced twice in all instead
        of twice per file: write every temporary file; sync (their bytes are on disk); link each to
        its final name; sync (the names are on disk). Where the file system cannot be synced as a
        whole, each file and folder is synced on its own.
        """
        out: list[Stored | None] = [None] * len(batch)
        pending: list[tuple[int, str, str, Path, Path]] = []  # (index, sha, rel, tmp, final)
        have = self.stored()  # one pass over the archive instead of a look per file
        made: set[str] = set()
        try:
            for i, (data, suffix) in enumerate(batch):
                sha = sha256_of(data)
                if sha in have:
                    out[i] = Stored(sha, have[sha], False)
                    continue
                suffix = suffix.lower() if suffix.lower() in SUFFIXES else ""
                rel = f"{sha[:2]}/{sha}{suffix}"
                have[sha] = rel  # the same bytes again in this batch: the first one's name
                folder = self.root / sha[:2]
                if sha[:2] not in made:
                    private_dir(folder)
                    made.add(sha[:2])
                tmp = folder / f"{_TMP_PREFIX}{sha[:16]}-{os.getpid()}-{i}"
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    if _SYNCFS is None:
                        fh.flush()
                        os.fsync(fh.fileno())
                pending.append((i, sha, rel, tmp, folder / f"{sha}{suffix}"))
            checkpoint("tmp-written")
            self._sync_all()
            for i, sha, rel, tmp, final in pending:
                try:
                    os.link(tmp, final)
                    out[i] = Stored(sha, rel, True)
                except FileExistsError:
                    out[i] = Stored(sha, rel, False)  # a concurrent receiver stored the same bytes
                except OSError:  # a file system without hard links
                    if not final.exists():
                        os.replace(tmp, final)
                    out[i] = Stored(sha, rel, True)
                finally:
                    try:
                        os.unlink(tmp)
                    except FileNotFoundError:
                        pass
            if pending:
                self._sync_all([final.parent for *_, final in pending])
        except OSError as e:
            raise XltoolsError(f"Filen kunde inte sparas i arkivet {self.root} ({os_reason(e)}).") from e
        for i, (data, _) in enumerate(batch):
            if out[i] is None:
                sha = sha256_of(data)
                out[i] = Stored(sha, have[sha], False)
        return out  # type: ignore[return-value]

    def _sync_all(self, folders: list[Path] | None = None) -> None:
        """Everything written to the archive's file system is on disk (syncfs); without syncfs, the
        files were synced one by one and these folders are synced now."""
        if _SYNCFS is None:
            for folder in sorted(set(folders or [])):
                _fsync_dir(folder)
            return
        fd = os.open(self.root, os.O_RDONLY)
        try:
            if _SYNCFS(fd) != 0:
                import ctypes

                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err))
        finally:
            os.close(fd)

    def sync_dirs(self, relpaths: list[str]) -> None:
        """Sync the folders of these stored files (their names are on disk when this returns)."""
        try:
            for folder in sorted({r.split("/")[0] for r in relpaths}):
                _fsync_dir(self.root / folder)
        except OSError as e:
            raise XltoolsError(f"Arkivet {self.root} kunde inte synkas till disk ({os_reason(e)}).") from e

    def stored(self) -> dict[str, str]:
        """sha256 -> stored name, for every complete file in the archive."""
        out: dict[str, str] = {}
        for folder in self._folders():
            for entry in os.scandir(folder):
                m = _NAME.match(entry.name)
                if m and entry.is_file(follow_symlinks=False):
                    out.setdefault(m.group(1), f"{folder.name}/{entry.name}")
        return out

    def stale_temporaries(self, grace_s: float, now: float | None = None) -> list[Path]:
        """Temporary files older than `grace_s` (left by a run that was killed while writing)."""
        now = time.time() if now is None else now
        out = []
        for folder in self._folders():
            for entry in os.scandir(folder):
                if entry.name.startswith(_TMP_PREFIX) and entry.is_file(follow_symlinks=False) \
                        and now - entry.stat(follow_symlinks=False).st_mtime >= grace_s:
                    out.append(Path(entry.path))
        return sorted(out)

    def _folders(self) -> list[Path]:
        try:
            return sorted(Path(e.path) for e in os.scandir(self.root)
                          if len(e.name) == 2 and e.is_dir(follow_symlinks=False))
        except FileNotFoundError:
            return []


def checkpoint(name: str) -> None:
    """A named point of a receive run where the kill -9 tests stop the process (env XLTOOLS_INKORG_STOP).

    Stopped (SIGSTOP), the process waits for the test to kill it exactly there; unset, nothing happens.
    """
    if os.environ.get("XLTOOLS_INKORG_STOP") == name:
        import signal

        stop = getattr(signal, "SIGSTOP", None)
        if stop is not None:
            os.kill(os.getpid(), stop)
