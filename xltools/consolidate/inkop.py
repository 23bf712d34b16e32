"""The compiled upphandlings- och inköpsplan: every förvaltning's planned purchases for upphandlingsenheten.

The seed: each förvaltning's upphandlings- och inköpsplan "lämnas till upphandlingsenheten" with the
investeringsbehoven. Every row of every accepted investeringsplan's Inköpsplan sheet, in the
organisation's order, with the project it belongs to and the cell it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xltools.consolidate.model import Kommunplan
from xltools.forms.lists import FIXED


@dataclass(frozen=True)
class Inkop:
    namnd: str
    namnd_namn: str
    forvaltning: str
    upphandling: str
    beskrivning: str
    projekt_id: str
    projekt: str  # the project's name in the same investeringsplan ("" when the purchase is not an investment)
    varde: float  # tkr
    form: str  # the upphandlingsform's label
    start: dt.date | None
    ansvarig: str
    file: str
    sha256: str
    sheet: str
    row: int


FORMER = dict(FIXED["upphandlingsform"])


def inkopsplan(plan: Kommunplan) -> list[Inkop]:
    """Every planned purchase in the accepted investeringsplaner, nämnd by nämnd (the organisation's order)."""
    out: list[Inkop] = []
    names: dict[str, dict[str, str]] = {}  # nämnd -> projekt-id -> the project's name in its investeringsplan
    for n, doc, r in plan.rows_of("investeringsplan", "inkop"):
        src = plan.source_of(n.id, "investeringsplan")
        if n.id not in names:
            names[n.id] = {str(p.get("projekt_id") or ""): str(p.get("namn") or "") for p in doc.rows("projekt")}
        projekt = names[n.id]
        pid = str(r.get("projekt_id") or "")
        start = r.get("start")
        out.append(Inkop(n.id, n.namn, n.forvaltning, str(r.get("upphandling") or ""),
                         str(r.get("beskrivning") or ""), pid, projekt.get(pid, ""), float(r.get("varde") or 0),
                         FORMER.get(str(r.get("form") or ""), str(r.get("form") or "")),
                         start if isinstance(start, dt.date) else None, str(r.get("ansvarig") or ""),
                         src.file if src else doc.file, src.sha256 if src else "", r.sheet, r.row))
    return out
