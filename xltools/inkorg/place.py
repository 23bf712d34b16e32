"""Where an inkorg is: its folder (from planering.inkorg), archive and ledger file, and its database.

Light on purpose (no database library): the add-in asks it on every click.
"""

from __future__ import annotations

import os
from pathlib import Path

from xltools.config import Config

ARCHIVE_DIR = "arkiv"
LEDGER_FILE = "liggare.sqlite"
DB_ENV = "XLTOOLS_INKORG_DB"  # a PostgreSQL URL (or SQLite file) for the ledger, when not given otherwise


def inkorg_folder(config: Config, config_dir: str | Path) -> Path | None:
    """planering.inkorg as a folder: absolute as given, otherwise relative to the configuration folder."""
    if not config.planering.inkorg:
        return None
    inbox = Path(os.path.expandvars(config.planering.inkorg))
    return Path(os.path.normpath(inbox if inbox.is_absolute() else Path(config_dir) / inbox))


def ledger_db(db: str | None = None) -> str | None:
    """The ledger database given (--db), else $XLTOOLS_INKORG_DB, else None (SQLite in the inkorg folder)."""
    return db or os.environ.get(DB_ENV) or None


def is_inkorg(folder: str | Path) -> bool:
    """Whether a folder is an inkorg (has a ledger file or an archive), not a plain folder of workbooks."""
    return (Path(folder) / LEDGER_FILE).is_file() or (Path(folder) / ARCHIVE_DIR).is_dir()
