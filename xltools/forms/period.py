"""Follow-up periods ("2026-04" = the last month a report covers) and what the årshjul asks for.

Which report a month asks for is declared on the follow-up forms (Form.followup, FollowUpKind):
April is uppföljning och prognos januari–april, August the delårsrapport, December the
verksamhetsberättelse (årsredovisning); the other months a månadsrapport, except January
and June, for which no report is made. Everything here is derived from those declarations.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.forms import FOLLOWUP, FORMS
from xltools.forms.layout import FollowUpKind

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
FOLLOWUP_DOCS = tuple(f.doc_type for f in FOLLOWUP)
# Month -> the document the årshjul asks for then: the kind made for the fewest months that include it.
KIND_BY_MONTH = {m: min((f for f in FOLLOWUP if m in f.followup.months), key=lambda f: len(f.followup.months)).doc_type
                 for m in range(1, 13) if any(m in f.followup.months for f in FOLLOWUP)}  # type: ignore[union-attr]
MONTH_OF_KIND = {f.doc_type: f.followup.months[0] for f in FOLLOWUP if not f.followup.monthly}  # type: ignore[union-attr]
MONTHLY = next(f.doc_type for f in FOLLOWUP if f.followup.monthly)  # type: ignore[union-attr]
WITH_PROGNOS = tuple(f.doc_type for f in FOLLOWUP if f.followup.prognos)  # type: ignore[union-attr]
WITH_GOALS = tuple(f.doc_type for f in FOLLOWUP if f.followup.goals)  # type: ignore[union-attr]


def kind_of(doc_type: str) -> FollowUpKind:
    """The follow-up kind of a follow-up document type (KeyError for any other)."""
    kind = FORMS[doc_type].followup
    if kind is None:
        raise KeyError(doc_type)
    return kind
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
    return kind_of(kind).title.format(month=period.month_name, year=period.year)


def covered_text(period: Period) -> str:
    """The months a report covers: 'Januari–mars 2026', 'Januari 2026'."""
    if period.month == 1:
        return f"Januari {period.year}"
    return f"Januari–{period.month_name} {period.year}"


def due_date(config: Config, kind: str, period: Period) -> dt.date:
    """When the report is due at ekonomienheten, from the årshjul (the month after the period otherwise)."""
    if not kind_of(kind).monthly:
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
