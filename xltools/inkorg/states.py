"""The states of a submission in the ledger, which changes between them a person may make, and the
ledger's clock (UTC, stored without a zone)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class State(StrEnum):
    MOTTAGEN = "mottagen"  # received, waiting: the version in force is locked (see Ledger.receive)
    GODKAND = "godkänd"  # no fel: counts as the accepted version of its nämnd and document
    EJ_GODKAND = "ej godkänd"  # fel (or unreadable): kept, never consolidated
    ERSATT = "ersatt"  # a newer version of the same nämnd, dokument, år, period and status replaced it
    ATERKALLAD = "återkallad"  # withdrawn
    ATERSAND = "återsänd"  # returned to the nämnd by ekonomienheten, with a comment


# States from which a version can still count or be acted on; the others are history.
OPEN = (State.MOTTAGEN, State.GODKAND, State.EJ_GODKAND)

# The changes a person makes (receiving and supersession are made by the ledger itself).
MANUAL: dict[State, tuple[State, ...]] = {
    State.ATERSAND: OPEN,
    State.ATERKALLAD: OPEN,
}
