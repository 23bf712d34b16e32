"""Where xltools keeps what it may reuse between runs (the per-file results, the checked configuration).

The folder is $XLTOOLS_CACHE when set ("off" turns every cache off), otherwise the user's cache
folder. Only the user may write in it: what is stored there is trusted by the next run, so a
folder that another user owns or that others may write to is refused (see `unsafe`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV = "XLTOOLS_CACHE"  # a folder, or "off"
OFF = ("off", "0", "nej")


def default_dir() -> Path:
    """%LOCALAPPDATA%\\xltools\\cache on Windows, else $XDG_CACHE_HOME/xltools or ~/.cache/xltools."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "xltools" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xltools"


def cache_root() -> Path | None:
    """The cache folder, or None when XLTOOLS_CACHE turns caching off."""
    where = os.environ.get(ENV, "")
    if where.lower() in OFF:
        return None
    return Path(where) if where else default_dir()


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents for the user only (mode 0700); OSError when not possible."""
    if not path.is_dir():
        if not path.parent.is_dir():
            private_dir(path.parent)
        path.mkdir(mode=0o700, exist_ok=True)
    return path


def unsafe(path: Path) -> str | None:
    """Why the existing folder `path` may not hold a cache (in Swedish), or None when only the user writes in it.

    Another owner, or write permission for group or others, means someone else could plant
    entries. Windows folders inherit the profile's ACL and are not checked here.
    """
    if os.name == "nt":
        return None
    try:
        st = path.stat()
    except OSError as e:
        return f"mappen kan inte läsas ({e.strerror})"
    if not stat.S_ISDIR(st.st_mode):
        return "det är ingen mapp"
    if st.st_uid != os.getuid():
        return "mappen ägs av en annan användare"
    if st.st_mode & 0o022:
        return "andra användare kan skriva i mappen"
    return None
