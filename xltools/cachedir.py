"""Where xltools keeps what it may reuse between runs (the per-file results, the checked configuration).

The folder is $XLTOOLS_CACHE when set ("off" turns every cache off), otherwise the user's cache
folder. Only the user may write in it: what is stored there is trusted by the next run.
"""

from __future__ import annotations

import os
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
