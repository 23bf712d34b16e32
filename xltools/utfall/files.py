"""Reading and writing a ledger file's bytes: a Swedish error instead of an OSError, no half-written file."""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_file
from xltools.errors import os_reason, unwritable
from xltools.utfall.errors import LedgerFileError, LineProblem


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; LedgerFileError when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise LedgerFileError(str(path), [LineProblem(0, f"filen kunde inte läsas ({os_reason(exc)}).")]) from None


def write_bytes(path: str | Path, data: bytes, what: str) -> None:
    """Write atomically; XltoolsError naming `what` ('SIE-filen') when the folder cannot be written."""
    path = Path(path)
    try:
        with atomic_file(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise unwritable(path.parent, exc, f"{what} {path.name} skrevs inte") from None
