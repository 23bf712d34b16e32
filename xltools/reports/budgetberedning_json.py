"""budgetberedning-<år>.json: every scenario's statements, balanskrav and financial goals, the känslighetsanalys
and the ramförändringar (tkr, signed as in kommunplan-<år>.json; docs/budgetberedning.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from xltools.consolidate.budgetberedning import Beredning
from xltools.consolidate.facts import tkr_or_none as _t
from xltools.consolidate.scenario import Utfall
from xltools.escaping import json_text
from xltools.reports.kommunplan_json import lines_tkr as _lines

SCHEMA = "xltools.budgetberedning/1"


def _utfall(u: Utfall, years: list[int]) -> dict[str, Any]:
    p = u.plan
    return {
        "id": u.id, "namn": u.namn, "parti": u.parti, "grund": u.grund, "beskrivning": u.beskrivning,
        "andringar": [asdict(a) for a in u.andringar],
        "skattesats": u.config.ekonomi.skattesats,
        "ramar": {n: {str(y): _t(u.ram(n, y)) for y in years} for n in u.config.ekonomi.ramar},
        "investeringar": {str(y): _t(p.inv.per_ar[y]) for y in years},
        "resultatbudget": {str(y): _lines(p.rr.lines[y]) for y in years},
        "kassaflodesbudget": {str(y): _lines(p.kf[y]) for y in years},
        "balansbudget": {str(y): _lines(p.br[y]) for y in years},
        "balanskrav": {str(y): {k: (v if isinstance(v, bool) else _t(v)) for k, v in b.items()}
                       for y, b in u.balanskrav.items()},
        "finansiella_mal": [{"id": m.id, "namn": m.namn, "typ": m.typ, "ar": m.ar, "varde": m.varde, "minst": m.minst,
                             "uppfyllt": m.uppfyllt} for m in u.mal],
    }


def to_dict(b: Beredning) -> dict[str, Any]:
    c = b.grund.config
    years = b.years
    return {
        "schema": SCHEMA, "kommun": c.kommun.namn, "kommunkod": c.kommun.kommunkod, "exempeldata": c.kommun.exempeldata,
        "budgetar": c.planering.budgetar, "ar": years, "enhet": "tkr",
        "forslag": b.forslag.id,
        "lonesumma": {"kalla": b.grund.lonesumma_kalla,
                      "belopp": {str(y): _t(v) for y, v in b.grund.lonesumma.items()} if b.grund.lonesumma else None},
        "scenarier": [_utfall(u, years) for u in b.utfall],
        "kanslighet": [{"text": k.text, "arets_resultat": {str(y): _t(v) for y, v in k.resultat.items()},
                        "resultatandel_procentenheter": {str(y): v for y, v in k.andel.items()}, "saknas": k.saknas}
                       for k in b.kanslighet],
        "ramforandringar": [{"namnd": w.namnd, "namn": w.namn, "ar": w.ar,
                             "steg": [{"text": s.text, "belopp": _t(s.kronor), "kalla": s.kalla, "ram": s.summa}
                                      for s in w.steg]} for w in b.ramvandringar],
    }


def to_json(b: Beredning) -> str:
    return json_text(json.dumps(to_dict(b), ensure_ascii=False, indent=2)) + "\n"
