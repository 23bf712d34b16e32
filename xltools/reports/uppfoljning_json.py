"""The consolidated follow-up as JSON (Swedish keys in ASCII, amounts in tkr)."""

from __future__ import annotations

import json
from typing import Any

from xltools import __version__
from xltools.escaping import json_text
from xltools.uppfoljning.consolidate import FollowUp, Source
from xltools.uppfoljning.kommunen import KommunensPrognos


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _src(s: Source | None) -> dict[str, str] | None:
    return None if s is None else {"fil": s.file, "blad": s.sheet, "cell": s.cell}


def to_dict(fu: FollowUp) -> dict[str, Any]:
    t = fu.totals()
    atg_by = {}
    for a in fu.atgarder:
        atg_by.setdefault(a.namnd, []).append({
            "verksamhet": a.verksamhet, "atgard": a.atgard, "effekt": _r(a.effekt), "ansvarig": a.ansvarig,
            "klart": a.klart, "kalla": _src(a.source)})
    out: dict[str, Any] = {
        "kommun": fu.kommun,
        "exempeldata": fu.exempeldata,
        "period": fu.period,
        "rapport": fu.kind,
        "rubrik": fu.title,
        "genererad_av": f"xltools {__version__}",
        "summa": {k: _r(v) for k, v in t.items()},
        "namnder": [
            {"namnd": n.namnd, "namn": n.namn, "status": n.status, "fil": n.file, "fel": n.fel,
             "budget": _r(n.budget), "utfall": _r(n.utfall), "prognos": _r(n.prognos), "avvikelse": _r(n.avvikelse),
             "atgarder_effekt": _r(n.atgarder_effekt), "atgarder": atg_by.get(n.namnd, []), "kalla": _src(n.source)}
            for n in fu.namnder
        ],
        "saknas": [n.namnd for n in fu.saknas],
        "ej_godkanda": [{"namnd": n.namnd, "fil": n.file, "fel": n.fel} for n in fu.ej_godkanda],
        "verksamheter": [
            {"namnd": x.namnd, "verksamhet": x.verksamhet, "budget": _r(x.budget), "utfall": _r(x.utfall),
             "prognos": _r(x.prognos), "avvikelse": _r(x.avvikelse), "kalla": _src(x.source)} for x in fu.rader
        ],
        "prognosutveckling": [
            {"period": p.period, "rapport": p.dokument, "namnder": p.namnder, "budget": _r(p.budget),
             "prognos": _r(p.prognos), "avvikelse": _r(p.avvikelse),
             "avvikelse_per_namnd": {k: _r(v) for k, v in p.per_namnd.items()},
             "prognos_per_namnd": {k: _r(v) for k, v in p.prognos_per_namnd.items()}} for p in fu.trend
        ],
        "maluppfyllelse": fu.goal_counts() if fu.has_goals else None,
        "mal": [
            {"namnd": m.namnd, "mal_id": m.mal_id, "typ": m.typ, "text": m.text, "strategiskt_mal": m.strategiskt_mal,
             "malomrade": m.malomrade, "bedomning_nu": m.nu, "bedomning_arets_slut": m.arets_slut,
             "kalla": _src(m.source)} for m in fu.mal
        ],
        "investeringar": [
            {"namnd": x.namnd, "projekt_id": x.projekt_id, "namn": x.namn, "budget": _r(x.budget),
             "utfall": _r(x.utfall), "prognos": _r(x.prognos), "avvikelse": _r(x.avvikelse),
             "totalutgift": _r(x.totalutgift), "upparbetat_tidigare": _r(x.upparbetat_tidigare),
             "upparbetat": _r(x.upparbetat),
             "genomforandegrad": None if x.genomforandegrad is None else round(100 * x.genomforandegrad, 1),
             "kalla": _src(x.source)}
            for x in fu.investeringar
        ],
        "intern_kontroll": [
            {"namnd": k.namnd, "kontroll_id": k.kontroll_id, "omrade": k.omrade, "kontrollmoment": k.kontrollmoment,
             "status": k.status, "resultat": k.resultat, "brist": k.brist, "atgard": k.atgard, "kalla": _src(k.source)}
            for k in fu.kontroller
        ],
        "strategi": fu.strategi,
        "insatser": [
            {"namnd": x.namnd, "insatsomrade": x.insatsomrade, "berors": x.berors, "beskrivning": x.beskrivning,
             "kalla": _src(x.source)} for x in fu.insatser
        ],
        "kontrollsummor": [
            {"kontroll": k.what, "namnd": k.namnd, "fil": k.file, "i_underlag": _r(k.i_underlag),
             "i_rapport": _r(k.i_rapport), "stammer": k.stammer} for k in fu.kontrollsummor
        ],
        "anteckningar": fu.notes,
        "kommunen": None if fu.kommunen is None else kommunen_dict(fu.kommunen),
    }
    return out


def _tkr(kronor: int | None) -> float | None:
    return None if kronor is None else round(kronor / 1000, 3)


def _lines(values: dict[str, int | None]) -> dict[str, float | None]:
    return {k: _tkr(v) for k, v in values.items()}


def kommunen_dict(k: KommunensPrognos) -> dict[str, Any]:
    """The kommun's prognos: statements per column (tkr, signed as presented), goals, bedömning, kontroller."""
    h = k.hushallning
    skr = k.skatteprognos
    return {
        "ar": k.ar,
        "helar": k.helar,
        "kolumner": {c: k.rubriker[c] for c in k.columns},
        "skatteprognos": None if skr is None else {"datum": skr.datum, "kalla": skr.kalla},
        "prognosperiod": k.prognosperiod,
        "resultatrakning": {c: _lines(k.rr[c]) for c in k.columns},
        "balanskravsutredning": {c: _lines(v) for c, v in k.balanskrav.items()},  # type: ignore[arg-type]
        "balansrakning": {c: _lines(v) for c, v in k.br.items()},
        "kassaflode": {c: _lines(v) for c, v in k.kf.items()},
        "investeringar": {c: _tkr(v) for c, v in k.investeringar.items()},
        "finansiella_mal": [
            {"id": m.id, "namn": m.namn, "typ": m.typ, "minst": m.minst,
             "varden": {c: None if v is None else round(v, 2) for c, v in m.varden.items()}, "uppfyllt": m.uppfyllt}
            for m in k.mal
        ],
        "god_ekonomisk_hushallning": {
            "bedomning": h.bedomning, "finansiella_mal_uppfyllda": h.mal_uppfyllda, "finansiella_mal": h.mal_antal,
            "finansiella_mal_krav": h.mal_krav, "verksamhetsmal_uppfyllda": h.verksamhetsmal_uppfyllda,
            "verksamhetsmal": h.verksamhetsmal_antal,
            "andel_verksamhetsmal": None if h.andel is None else round(h.andel, 1),
            "andel_verksamhetsmal_krav": h.andel_krav,
        },
        "kontroller": [{"id": x.id, "kod": x.kod, "ok": x.ok, "beskrivning": x.beskrivning} for x in k.kontroller],
    }


def to_json(fu: FollowUp) -> str:
    return json_text(json.dumps(to_dict(fu), ensure_ascii=False, indent=2))
