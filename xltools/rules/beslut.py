"""BES-*: the decision behind a document (the status block on Anvisningar, forms/status.py)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from xltools.document import CellValue, Document
from xltools.findings import Finding, Severity
from xltools.forms import FORMS
from xltools.forms.status import FASTSTALLD, INSTRUCTIONS_SHEET, PRELIMINAR, STATUS_FIELDS, UTKAST
from xltools.rules.registry import Context, rule

SECTION = "Dokumentets status och beslut"  # the heading of these rules in docs/regler.md
KALLA = "Årshjul: nämnderna beslutar om preliminära nämndplaner (april) och fastställer dem (september)"
DECIDED = (PRELIMINAR, FASTSTALLD)
_CELL = {f.key: f.cell for f in STATUS_FIELDS}


def _get(doc: Document, key: str) -> CellValue:
    """The field as read, or an empty value at its cell (a template without the block, or the sheet removed)."""
    return doc.fields.get(key) or CellValue(None, INSTRUCTIONS_SHEET, _CELL[key])


def _status(doc: Document) -> str:
    return _get(doc, "dokumentstatus").value or UTKAST


def today() -> dt.date:
    """The day the check runs (a decision cannot be later than today)."""
    return dt.date.today()


def earliest(doc: Document) -> dt.date:
    """The first day a decision on this document can be made: a plan for year Y from 1 January Y−1; a
    follow-up the day after its period ends (a delårsrapport t.o.m. augusti is decided in September at the
    earliest, a verksamhetsberättelse after the year)."""
    if doc.form.period_kind == "ar":
        return dt.date(doc.year - 1, 1, 1)
    year, month = (int(x) for x in str(doc.meta.period).split("-"))
    return dt.date(year, month, calendar.monthrange(year, month)[1]) + dt.timedelta(days=1)


@rule("BES-1", Severity.FEL, title="En fastställd handling har ett beslutsdatum", kalla=KALLA,
      documents=tuple(FORMS))
def beslutsdatum_finns(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Står dokumentets status som fastställd ska beslutsdatum vara ifyllt; en preliminär handling utan
    beslutsdatum ger en varning (också den är beslutad av nämnden)."""
    status, datum = _status(doc), _get(doc, "beslutsdatum")
    if status in DECIDED and datum.value is None:
        yield ctx.hit(doc, datum.sheet, datum.cell,
                      f"Dokumentet är {status} men beslutsdatum saknas. Ange dagen då nämnden beslutade (ÅÅÅÅ-MM-DD).",
                      severity=None if status == FASTSTALLD else Severity.VARNING)


@rule("BES-2", Severity.VARNING, title="En beslutad handling anger beslutsorgan och paragraf", kalla=KALLA,
      documents=tuple(FORMS))
def beslutsorgan_och_paragraf(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En preliminär eller fastställd handling anger vilket organ som beslutade och paragrafen i protokollet,
    så att varje siffra i kommunplanen går att spåra till beslutet."""
    status = _status(doc)
    if status not in DECIDED:
        return
    for key, what in (("beslutsorgan", "beslutsorgan"), ("paragraf", "paragraf i protokollet")):
        cv = _get(doc, key)
        if cv.value in (None, ""):
            yield ctx.hit(doc, cv.sheet, cv.cell, f"Dokumentet är {status} men {what} saknas.")


@rule("BES-3", Severity.FEL, title="Beslutsdatum ligger inte i framtiden och inte före dokumentets tid",
      kalla=KALLA, documents=tuple(FORMS))
def beslutsdatum_rimligt(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Ett beslut kan inte vara fattat senare än i dag. En plan för år Å beslutas tidigast 1 januari året före;
    en uppföljning tidigast dagen efter att perioden slutat."""
    cv = _get(doc, "beslutsdatum")
    datum = cv.value
    if not isinstance(datum, dt.date):
        return
    now, first = today(), earliest(doc)
    if datum > now:
        yield ctx.hit(doc, cv.sheet, cv.cell, f"Beslutsdatum {datum.isoformat()} ligger i framtiden (i dag är "
                      f"{now.isoformat()}). Ange dagen då beslutet fattades.")
    elif datum < first:
        what = f"budgetåret {doc.year}" if doc.form.period_kind == "ar" else f"perioden t.o.m. {doc.meta.period}"
        yield ctx.hit(doc, cv.sheet, cv.cell, f"Beslutsdatum {datum.isoformat()} ligger före {first.isoformat()}: "
                      f"ett beslut om {what} kan inte vara fattat då. Kontrollera datumet och året.")


@rule("BES-4", Severity.VARNING, title="Ett utkast har inget beslut", kalla=KALLA, documents=tuple(FORMS))
def utkast_utan_beslut(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Anges beslutsdatum eller paragraf medan statusen är utkast är statusen sannolikt fel: välj preliminär
    eller fastställd (annars räknas dokumentet som ett utkast)."""
    if _status(doc) != UTKAST:
        return
    for key in ("beslutsdatum", "paragraf"):
        cv = _get(doc, key)
        if cv.value not in (None, ""):
            st = _get(doc, "dokumentstatus")
            yield ctx.hit(doc, st.sheet, st.cell, f"Status är utkast men {key} är ifyllt. Välj preliminär eller "
                          "fastställd om nämnden har beslutat.")
            return
