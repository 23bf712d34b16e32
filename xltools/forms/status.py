"""The decision behind a document: the status block every template carries on its first sheet.

Dokumentstatus (utkast / preliminär / fastställd), beslutsorgan, beslutsdatum and paragraf are filled
in by the nämnd's economist on the Anvisningar sheet; the reader reads them from there, the rules
in rules/dok.py check them, and the inkorg records them (a preliminär and a fastställd nämndplan
are two documents side by side, not versions of one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from xltools.forms.layout import ColType, Field

INSTRUCTIONS_SHEET = "Anvisningar"
HEADING_ROW = 4  # "Beslut om dokumentet", the fields in the rows below it (labels in A, values in B)

STATUS_LIST = "dokumentstatus"
UTKAST, PRELIMINAR, FASTSTALLD = "utkast", "preliminär", "fastställd"
STATUSES = [(UTKAST, "Utkast"), (PRELIMINAR, "Preliminär"), (FASTSTALLD, "Fastställd")]
# The order in which a decision matures ("" for a template made before the status block).
STATUS_RANK = {"": 0, UTKAST: 1, PRELIMINAR: 2, FASTSTALLD: 3}

STATUS_FIELDS: tuple[Field, ...] = (
    Field("dokumentstatus", "Dokumentets status", f"B{HEADING_ROW + 1}", ColType.LIST, source=STATUS_LIST,
          help="Utkast tills nämnden har beslutat; preliminär eller fastställd enligt beslutet."),
    Field("beslutsorgan", "Beslutsorgan", f"B{HEADING_ROW + 2}",
          help="Det organ som beslutade, t.ex. nämnden eller dess arbetsutskott."),
    Field("beslutsdatum", "Beslutsdatum", f"B{HEADING_ROW + 3}", ColType.DATE,
          help="Dagen för beslutet, ÅÅÅÅ-MM-DD."),
    Field("paragraf", "Paragraf", f"B{HEADING_ROW + 4}", help="Paragrafen i protokollet, t.ex. § 45."),
)
FIRST_FREE_ROW = HEADING_ROW + len(STATUS_FIELDS) + 2  # the instructions go on below the block and a blank row


def beslut_text(values: Mapping[str, Any]) -> str:
    """The decision in words, from the block's values: "fastställd av Socialnämnden 2026-09-16 § 12",
    "utkast"; what is missing is left out."""
    status = values.get("dokumentstatus") or UTKAST
    if status == UTKAST:
        return UTKAST
    parts = [status]
    if values.get("beslutsorgan"):
        parts.append(f"av {values['beslutsorgan']}")
    if isinstance(values.get("beslutsdatum"), dt.date):
        parts.append(values["beslutsdatum"].isoformat())
    if values.get("paragraf"):
        parts.append(str(values["paragraf"]))
    return " ".join(parts)
