"""TXT-*: what a cell's text can hold (every document type)."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.escaping import CELL_MAX
from xltools.findings import Finding, Severity
from xltools.forms import FORMS
from xltools.rules.registry import Context, rule
from xltools.sv import NBSP

SECTION = "Text i cellerna"


@rule("TXT-1", Severity.VARNING, title="En text är längre än en Excelcell rymmer (32 767 tecken)",
      kalla="Mallens struktur", documents=tuple(FORMS))
def too_long(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En text som är längre än en Excelcell rymmer läses hel och kommer hel i JSON och HTML, men Excel
    kortar den när arbetsboken sparas, och i rapporternas xlsx märks den som förkortad."""
    cells = [*doc.fields.values(), *(cv for rows in doc.tables.values() for r in rows for cv in r.values.values())]
    for cv in cells:
        if isinstance(cv.value, str) and len(cv.value) > CELL_MAX:
            n = f"{len(cv.value):,}".replace(",", NBSP)
            yield ctx.hit(doc, cv.sheet, cv.cell, f"Texten har {n} tecken; en Excelcell rymmer 32{NBSP}767. Den "
                          "läses hel, men Excel kortar den om arbetsboken sparas igen. Korta texten eller lägg det "
                          "mesta i en bilaga.")
