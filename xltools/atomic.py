"""Atomic output: write to a temporary sibling, then rename, so no half-written file remains."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


_MARK = ".xltools-"  # the siblings atomic_dir makes: .<name>.xltools-<pid>-<random>.new / .old
OURS = frozenset({".xlsx", ".xlsm", ".json", ".html", ".pdf", ".docx", ".csv", ".parquet"})  # what xltools writes into output folders


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # no cheap check: a Windows leftover is removed by age (see clean_leftovers)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_leftovers(target: Path, max_age_s: float = 24 * 3600) -> None:
    """Remove what a killed run of atomic_dir left beside `target`: a half-written new set is removed;
    a previous set moved aside (a run killed between its two renames, `target` missing) is put back."""
    target = Path(target)
    prefix = f".{target.name}{_MARK}"
    try:
        siblings = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    for p in sorted(siblings, key=lambda p: p.name.endswith(".new")):  # .old first: it may be put back
        pid_text, _, rest = p.name[len(prefix):].partition("-")
        if not pid_text.isdigit():
            continue
        try:
            old_enough = time.time() - p.lstat().st_mtime > max_age_s
        except OSError:
            continue
        if _alive(int(pid_text)) and not (os.name == "nt" and old_enough):
            continue  # a run that is still writing
        if p.name.endswith(".old") and not os.path.lexists(target):
            os.replace(p, target)
        else:
            shutil.rmtree(p, ignore_errors=True)


def _carry_foreign(old: Path, new: Path) -> None:
    """Files in the previous set that xltools did not write (not OURS, not in the new set) stay: linked or copied."""
    for src in old.rglob("*"):
        rel = src.relative_to(old)
        dst = new / rel
        if src.is_dir() and not src.is_symlink():
            continue
        if os.path.lexists(dst) or (src.suffix.lower() in OURS and not src.name.startswith("~$")):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
            continue
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def inside_of(folder: str | Path, path: str | Path) -> bool:
    """`path` is `folder` or lies below it (so replacing `folder` by atomic_dir would take it away)."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except (OSError, ValueError):
        return False
    return True


def refuse_inside(out_dir: str | Path, source: str | Path) -> None:
    """XltoolsError when the output folder holds what is read (replacing it would take the input away)."""
    if inside_of(out_dir, source):
        from xltools.errors import XltoolsError

        raise XltoolsError(f"Utmappen {out_dir} innehåller underlaget ({source}), och utmappen byts ut i sin helhet "
                           "när den skrivs. Välj en egen mapp för utdata.")


@contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; on success it becomes `target` by renames.

    The new set is written complete beside the target, then the previous folder is renamed aside
    and the new one renamed into its place, and only then is the previous one removed: whoever
    opens `target` finds the previous complete set or the new complete set, never a mix, and no
    file of the previous run that this run did not write (an old bilaga) stays beside the new
    ones. Files in the folder that xltools does not write (other suffixes than OURS) are kept.
    What a killed run left beside the target is cleaned up first (clean_leftovers). On an error
    nothing changes in `target`.
    """
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()  # a linked output folder: its contents are replaced where it points
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "en fil finns där en mapp behövs", str(target))
    clean_leftovers(target)
    tag = f".{target.name}{_MARK}{os.getpid()}-{secrets.token_hex(4)}"
    tmp = target.parent / f"{tag}.new"
    aside = target.parent / f"{tag}.old"
    tmp.mkdir(mode=0o700)
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        _hook("swap")
        if target.is_dir():
            _carry_foreign(target, tmp)
            if _exchange(tmp, target):  # Linux: one atomic step, the previous set is now in tmp
                os.replace(tmp, aside)
            else:
                os.replace(target, aside)
                _hook("aside")
                try:
                    os.replace(tmp, target)
                except OSError:
                    os.replace(aside, target)  # put the previous set back
                    raise
        else:
            os.replace(tmp, target)
        _hook("swapped")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if os.path.isdir(target):  # never remove the previous set while the folder is missing
            shutil.rmtree(aside, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux") or os.environ.get(NO_EXCHANGE_ENV):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without exchange: two renames instead
    raise OSError(err, os.strerror(err), str(b))


NO_EXCHANGE_ENV = "XLTOOLS_NO_EXCHANGE"  # tests: use the two renames (as on Windows and macOS) on Linux too
HOOK_ENV = "XLTOOLS_TEST_PAUSE"  # fault-injection tests: "<point>" makes atomic_dir stop there (SIGSTOP to itself)


def _hook(point: str) -> None:
    """For fault-injection tests only: with XLTOOLS_TEST_PAUSE=<point>, stop this process at `point` so a
    test can kill it there (SIGKILL) and look at the folder."""
    if os.environ.get(HOOK_ENV) == point and hasattr(os, "kill") and os.name != "nt":
        import signal

        os.kill(os.getpid(), signal.SIGSTOP)
