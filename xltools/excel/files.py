"""Which files a run reads, and reading one without hanging, exhausting memory or leaving its folder.

Folders are walked without following links; a link that points out of the folder it was found in
is reported, never read. Only regular files are read: a FIFO, a device or a socket named like a
workbook is refused from its status, before it is opened (and opened non-blocking, so a file
swapped for a FIFO in between cannot hang the run either). The size is checked against the limit
before reading and while reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

# Spreadsheet files a folder run reports: .xls, .ods and .xlsb are refused with their own message,
# never skipped. Excel's lock files (~$name.xlsx) are not workbooks.
SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"})
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Refused(Exception):
    """A file that is not read, with the finding's rule and Swedish message (and the sheet it concerns)."""

    def __init__(self, rule: str, message: str, sheet: str | None = None, cell: str | None = None):
        super().__init__(message)
        self.rule, self.message, self.sheet, self.cell = rule, message, sheet, cell


class Found(NamedTuple):
    """A file to read: its path as shown, and the folder it was found in (None: named directly)."""

    path: Path
    root: Path | None = None


def find(paths: list[str | Path] | tuple[str | Path, ...]) -> list[Found]:
    """Files as given; folders walked for spreadsheet files, in path order, without following links.

    A link to a folder outside the walked folder, and a subfolder that cannot be listed, are found
    too (as entries that will be refused), so that nothing in the folder is left out without a word.
    """
    out: list[Found] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(_walk(p), key=lambda f: f.path)
        else:
            out.append(Found(p))
    return out


def _walk(root: Path) -> list[Found]:
    out: list[Found] = []
    real_root = os.path.realpath(root)

    def unlistable(err: OSError) -> None:
        if err.filename and Path(err.filename) != root:
            out.append(Found(Path(err.filename), root))

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        for name in dirs:
            link = os.path.join(folder, name)
            if os.path.islink(link) and not _inside(os.path.realpath(link), real_root):
                out.append(Found(Path(link), root))  # not followed: reported
        out += [Found(Path(folder, name), root) for name in files
                if Path(name).suffix.lower() in SUFFIXES and not name.startswith("~$")]
    return out


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in Swedish (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "en namngiven pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "en enhetsfil (teckenenhet, som /dev/zero)"
    if stat.S_ISBLK(mode):
        return "en enhetsfil (blockenhet)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    if stat.S_ISDIR(mode):
        return "en mapp som inte kunde läsas (filerna i den har inte validerats)"
    return "ingen vanlig fil"


def _refuse_kind(kind: str) -> Refused:
    return Refused("FIL-10", f"Filen är {kind}, inte en vanlig fil, och läses inte. Lämna in arbetsboken som en "
                   "vanlig .xlsx-fil.")


def read_regular(found: Found, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Refused for anything else, OSError if unreadable."""
    path, root = found.path, found.root
    st = os.lstat(path)
    target, flags = str(path), _FLAGS | _NOFOLLOW
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        if root is not None and not _inside(real, os.path.realpath(root)):
            if os.path.isdir(real):
                raise Refused("FIL-10", f"Mappen är en symbolisk länk till {real}, som ligger utanför mappen {root}. "
                              "Länkar ut ur mappen följs inte och filerna där läses inte; lägg kopior i mappen.")
            raise Refused("FIL-10", f"Filen är en symbolisk länk till {real}, som ligger utanför mappen {root}. "
                          "Länkar ut ur mappen följs inte och det de pekar på läses inte; lägg en kopia i mappen.")
        st = os.stat(path)  # the target (FileNotFoundError for a broken link)
        target = real
    kind = _kind(st.st_mode)
    if kind is not None:
        raise _refuse_kind(kind)
    if st.st_size > limit:
        raise too_large(st.st_size, limit)
    fd = os.open(target, flags)
    try:
        st = os.fstat(fd)  # the file opened (a FIFO swapped in after the check is still refused here)
        kind = _kind(st.st_mode)
        if kind is not None:
            raise _refuse_kind(kind)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise too_large(size, limit)
    return b"".join(chunks)


def too_large(size: int, limit: int) -> Refused:
    return Refused("FIL-9", f"Filen är {_mb(size)} MB; en arbetsbok får vara högst {_mb(limit)} MB "
                   "(gränsen XLTOOLS_MAX_FIL_MB). Ta bort bilder och överflödiga blad och spara igen.")


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.1f}".replace(".", ",")
