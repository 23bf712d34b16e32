"""The nämnders konsekvensanalyser for kommunstyrelsen (the seed: when verksamhet and ekonomi conflict, the
nämnd prioritises and describes the consequences of its prioritisation for KS)."""

from __future__ import annotations

from dataclasses import dataclass

from xltools.consolidate.model import Kommunplan


@dataclass(frozen=True)
class Konsekvens:
    namnd: str
    namnd_namn: str
    verksamhet: str
    verksamhet_namn: str
    prioritering: str
    belopp: float | None  # tkr: the nettokostnad saved in the budget year
    konsekvens: str
    for_vem: str
    file: str
    sheet: str
    row: int


def konsekvensanalyser(plan: Kommunplan) -> list[Konsekvens]:
    """Every prioritisation in the accepted driftbudgetar, nämnd by nämnd (the organisation's order)."""
    names = {v.kod: v.namn for v in plan.config.kontoplan.verksamheter}
    out: list[Konsekvens] = []
    for n, doc, r in plan.rows_of("driftbudget", "konsekvenser"):
        v = str(r.get("verksamhet") or "")
        belopp = r.get("belopp")
        out.append(Konsekvens(n.id, n.namn, v, names.get(v, ""), str(r.get("prioritering") or ""),
                              float(belopp) if isinstance(belopp, int | float) else None,
                              str(r.get("konsekvens") or ""), str(r.get("for_vem") or ""), plan.doc_file(doc),
                              r.sheet, r.row))
    return out
