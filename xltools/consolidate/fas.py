"""The phases of the kommunplan in the årshjul (issue 16 part 1): juni, november and december.

The seed's årshjul: KF adopts the kommunplan in June (built on the ramar, investeringsplaner, taxor and the
preliminary nämndplaner; the internbudgetar are not due until December), a reviderad kommunplan in
October–November, and in December every nämnd's internbudget against its adopted ram, with the nämndplaner
fastställda in September.
"""

from __future__ import annotations

import datetime as dt

FASER = ("juni", "november", "december")
TITEL = {"juni": "kommunplan", "november": "reviderad kommunplan", "december": "kommunplan med internbudgetar"}
# The phase each phase is compared with: the November revision against the plan KF adopted in June.
JAMFOR_MED = {"november": "juni", "december": "november"}


def default_fas(budgetar: int, today: dt.date) -> str:
    """The phase on `today`: before July of the year before the budget year juni, then november until
    December, december from December on (and in the budget year itself)."""
    if today.year >= budgetar or today.month == 12:
        return "december"
    return "juni" if today.month <= 6 else "november"


def internbudget_required(fas: str | None) -> bool:
    """Only the December phase requires every nämnd's internbudget (driftbudget); before that the ram stands."""
    return fas in (None, "december")
