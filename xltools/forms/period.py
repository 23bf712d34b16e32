"""Follow-up periods ("2026-04" = the last month a report covers) and what the årshjul asks for.

April is uppföljning och prognos januari–april, August the delårsrapport, December the
verksamhetsberättelse (årsredovisning); the other months a månadsrapport, except January
and June, for which no report is made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xltools.config import Config
from xltools.errors import XltoolsError

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
MANADSRAPPORT_MONTHS = (2, 3, 4, 5, 7, 8, 9, 10, 11)  # nine of twelve: not January, June, December
KIND_BY_MONTH = {4: "uppfoljning_jan_apr", 8: "delarsrapport", 12: "verksamhetsberattelse"}
MONTH_OF_KIND = {kind: month for month, kind in KIND_BY_MONTH.items()}
FOLLOWUP_DOCS = ("manadsrapport", "uppfoljning_jan_apr", "delarsrapport", "verksamhetsberattelse")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def month_name(self) -> str:
        return MONTHS[self.month - 1]


def parse_period(text: str) -> Period | None:
    """'2026-04' -> Period(2026, 4); None when it is not a month."""
    m = _PERIOD.match(str(text).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return Period(int(m.group(1)), int(m.group(2)))


def report_kind(period: Period) -> str:
    """The document the årshjul asks for at this period; January and June are refused (Swedish message)."""
    if period.month in KIND_BY_MONTH:
        return KIND_BY_MONTH[period.month]
    if period.month in MANADSRAPPORT_MONTHS:
        return "manadsrapport"
    if period.month == 1:
        raise XltoolsError(
            f"Ingen uppföljning görs för januari ({period}): månadsrapporter görs för nio av årets tolv månader, "
            f"ej januari, juni och december. Välj {period.year}-02 eller senare; föregående års "
            f"verksamhetsberättelse har perioden {period.year - 1}-12.")
    raise XltoolsError(
        f"Ingen uppföljning görs för juni ({period}): månadsrapporter görs inte för januari, juni och december. "
        f"Välj {period.year}-05 eller {period.year}-07.")


def check_period(text: str, config: Config) -> tuple[Period, str]:
    """Parse a period given by a user and return it with its report kind; XltoolsError in Swedish."""
    period = parse_period(text)
    if period is None:
        raise XltoolsError(f"Perioden '{text}' ska skrivas ÅÅÅÅ-MM, till exempel {config.planering.uppfoljningsar}-04.")
    year = config.planering.uppfoljningsar
    if period.year != year:
        raise XltoolsError(f"Perioden {period} ligger inte i uppföljningsåret {year} (uppfoljningsar i planering.yaml).")
    return period, report_kind(period)


def report_title(kind: str, period: Period) -> str:
    """'Månadsrapport mars 2026', 'Delårsrapport januari–augusti 2026' ..."""
    if kind == "manadsrapport":
        return f"Månadsrapport {period.month_name} {period.year}"
    if kind == "uppfoljning_jan_apr":
        return f"Uppföljning och prognos januari–april {period.year}"
    if kind == "delarsrapport":
        return f"Delårsrapport januari–augusti {period.year}"
    return f"Verksamhetsberättelse {period.year} (årsredovisning)"


def covered_text(period: Period) -> str:
    """The months a report covers: 'Januari–mars 2026', 'Januari 2026'."""
    if period.month == 1:
        return f"Januari {period.year}"
    return f"Januari–{period.month_name} {period.year}"


def due_date(config: Config, kind: str, period: Period) -> dt.date:
    """When the report is due at ekonomienheten, from the årshjul (the month after the period otherwise)."""
    if kind != "manadsrapport":
        due = config.arshjul.deadline(kind, period.year)
        if due is not None:
            return due
    wanted = f"månadsrapport {period.month_name}"
    month = next((h.manad for h in config.arshjul.handelser if h.vad.strip().casefold() == wanted), None)
    year = period.year
    if month is None or month < period.month:
        month, year = (period.month % 12) + 1, period.year + (period.month == 12)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
