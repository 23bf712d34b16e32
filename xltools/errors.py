"""The one exception type the library raises for user-facing problems (Swedish text)."""

from __future__ import annotations

import errno
from pathlib import Path

_OS_SV = {errno.ENOENT: "mappen eller filen finns inte", errno.EACCES: "behörighet saknas",
          errno.EPERM: "behörighet saknas", errno.EISDIR: "det är en mapp", errno.ENOTDIR: "en fil finns där en mapp behövs",
          errno.ENOSPC: "disken är full", errno.EFBIG: "filen blev för stor för disken eller kvoten",
          errno.EDQUOT: "diskkvoten är full", errno.EROFS: "skrivskyddat", errno.EEXIST: "en fil finns där en mapp behövs"}  # mkdir(exist_ok=True) on a file


class XltoolsError(Exception):
    """A problem the user can fix; the message is Swedish and names file and place."""


def os_reason(exc: OSError, default: str = "okänt fel") -> str:
    """Why an operating-system call failed, in Swedish."""
    return _OS_SV.get(exc.errno or 0, exc.strerror or default)


def unwritable(out_dir: str | Path, exc: OSError, nothing: str) -> XltoolsError:
    """An output folder that could not be written: `nothing` says what was therefore not written."""
    return XltoolsError(f"Utmappen {out_dir} kunde inte skrivas ({os_reason(exc)}); {nothing}.")
