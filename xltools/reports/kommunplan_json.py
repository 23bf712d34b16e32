"""kommunplan-<år>.json: the stable, documented contract (docs/kommunplan.md).

Amounts are tkr with at most three decimals (whole kronor); resultat and kassaflöde lines are
signed as presented (intäkter and inflöden +, kostnader and utflöden −); balance lines are
positive. Years are object keys as text ("2027"). Deterministic: no time of the run in it.
"""

from __future__ import annotations

import json
from typing import Any

from xltools.consolidate.balansposter import Roll
from xltools.consolidate.facts import tkr_or_none as _t
from xltools.consolidate.konsekvens import konsekvensanalyser
from xltools.consolidate.kontroller import balanskrav, finansiella_mal
from xltools.consolidate.model import Kommunplan
from xltools.escaping import json_text

SCHEMA = "xltools.kommunplan/1"


def lines_tkr(values: dict[str, int | None]) -> dict[str, float | None]:
    """A statement's lines (kronor) in tkr, a missing line missing."""
    return {k: _t(v) for k, v in values.items()}


def to_dict(plan: Kommunplan) -> dict[str, Any]:
    c = plan.config
    ib = c.ekonomi.ingaende_balans
    years = plan.years
    drift: dict[str, Any] = {}
    for n in plan.drift:
        drift[n.namnd] = {
            str(y): {
                "intakter": _t(n.intakter[y]) if n.covered else None,
                "kostnader": _t(n.kostnader[y]) if n.covered else None,
                "netto": _t(n.netto(y)) if n.covered else None,
                "ram": _t(n.ram[y]),
                "differens": _t(n.differens(y)) if n.covered else None,
                "interna_intakter": _t(n.intern_intakter[y]) if n.covered else None,
                "interna_kostnader": _t(n.intern_kostnader[y]) if n.covered else None,
                "inlamnad": n.covered,
                **({"samverkan": {k: _t(v[y]) for k, v in n.samverkan.items()}} if n.samverkan else {}),
            }
            for y in years
        }
    return {
        "schema": SCHEMA,
        "kommun": c.kommun.namn,
        "kommunkod": c.kommun.kommunkod,
        "exempeldata": c.kommun.exempeldata,
        "budgetar": plan.budgetar,
        "ar": years,
        "enhet": "tkr",
        "skattesats": c.ekonomi.skattesats,
        "resultatbudget": {str(y): lines_tkr(plan.rr.lines[y]) for y in years},
        "resultatbudget_noter": {str(y): lines_tkr(plan.rr.noter[y]) for y in years},
        "lan": {str(y): [{"id": r.id, "namn": r.namn, "ib": _t(r.lan.ib), "nyupplaning": _t(r.lan.nyupplaning),
                          "amortering": _t(r.lan.amortering), "ub": _t(r.lan.ub), "rantesats": r.rantesats,
                          "ranta": _t(r.ranta)} for r in plan.rr.lan[y]] for y in years},
        "kassaflodesbudget": {str(y): lines_tkr(plan.kf[y]) for y in years},
        **_balansposter(plan),
        "balansbudget": {str(y): lines_tkr(plan.br[y]) for y in years},
        "ingaende_balans": {"ar": ib.ar, "typ": ib.typ, "poster": lines_tkr(plan.ib)},
        "driftbudget": drift,
        "investeringsbudget": {nid: {str(y): _t(v[y]) for y in years} for nid, v in plan.inv.per_namnd.items()},
        "investeringar_per_ar": {str(y): _t(plan.inv.per_ar[y]) for y in years},
        "investeringsprojekt": [
            {"namnd": p.namnd, "projekt_id": p.projekt_id, "namn": p.namn, "kategori": p.kategori, "konto": p.konto,
             "lokal": p.lokal, "startar": p.start, "aktiveringsar": p.aktivering,
             "utgift": {str(y): _t(p.utgift[y]) for y in years}, "utgift_senare": _t(p.senare),
             "total_utgift": _t(p.total), "avskrivningstid": p.avskrivningstid,
             "avskrivning": {str(y): _t(p.avskrivning(y)) for y in years}}
            for p in plan.inv.projekt
        ],
        "internposter": [
            {"saljare": p.saljare, "kopare": p.kopare, "slag": p.slag, "ar": p.year, "internhyresdokument": _t(p.katalog),
             "saljarens_driftbudget": _t(p.saljare_belopp), "koparens_driftbudget": _t(p.kopare_belopp), "ok": p.ok}
            for p in plan.intern
        ],
        "balanskrav": {str(y): {k: (v if isinstance(v, bool) else _t(v)) for k, v in b.items()}
                       for y, b in balanskrav(plan).items()},
        "finansiella_mal": [
            {"id": m.id, "namn": m.namn, "typ": m.typ, "ar": m.ar,
             "varde": None if m.varde is None else round(m.varde, 4), "minst": m.minst, "uppfyllt": m.uppfyllt}
            for m in finansiella_mal(plan)
        ],
        "jamforelse": [{"typ": k.typ, "rubrik": k.rubrik, "ar": k.ar, "kalla": k.kalla, "saknas": k.saknas,
                        **{s: lines_tkr(v) for s, v in k.rader.items()},
                        "driftbudget": {n: _t(v) for n, v in k.driftbudget.items()},
                        "driftbudget_kalla": k.driftbudget_kalla} for k in plan.jamforelse],
        "bolag": _bolag(plan),
        "taxor": [{"namnd": t.namnd, "taxa_id": t.taxa_id, "taxa": t.taxa, "enhet": t.enhet, "nuvarande": t.nuvarande,
                   "foreslaget": t.foreslaget} for t in plan.taxor],
        "riktade_mal": [{"namnd": m.namnd, "mal_id": m.mal_id, "text": m.text} for m in plan.mal if m.typ == "riktat"],
        **({"fas": plan.fas} if plan.fas else {}),
        **({"andringar": plan.andringar} if plan.andringar is not None else {}),
        **({"verksamhetsplaner": _verksamhetsplaner(plan.verksamhetsplaner)} if plan.verksamhetsplaner else {}),
        "konsekvensanalyser": [
            {"namnd": x.namnd, "verksamhet": x.verksamhet, "prioritering": x.prioritering, "belopp": x.belopp,
             "konsekvens": x.konsekvens, "for_vem": x.for_vem, "kalla": {"fil": x.file, "blad": x.sheet, "rad": x.row}}
            for x in konsekvensanalyser(plan)
        ],
        "kontroller": [
            {"id": k.id, "ok": k.ok, "beskrivning": k.beskrivning, "regel": k.regel, "ar": k.ar, "typ": k.typ,
             "differens": k.differens}
            for k in plan.kontroller
        ],
        "kallor": [{"file": s.file, "sha256": s.sha256, "document": s.document, "namnd": s.namnd, "beslut": s.beslut,
                    **({"inlamning": s.inlamning, "mottagen": s.mottagen} if s.inlamning is not None else {})}
                   for s in plan.sources],
        "uteslutna": [{"file": u.file, "sha256": u.sha256, "document": u.document, "namnd": u.namnd,
                       "skal": list(u.skal)} for u in plan.uteslutna],
        "ej_sammanstallda": [{"file": s.file, "sha256": s.sha256, "document": s.document, "namnd": s.namnd,
                              **({"enhet": s.org_enhet} if s.org_enhet else {})}
                             for s in plan.ej_sammanstallda],
    }


def _verksamhetsplaner(v: Any) -> dict[str, Any]:
    """The roll-up of the verksamhetsplaner: per nämnd and mål, who plans activities on which level."""
    return {
        "mal": [{"namnd": m.namnd, "mal_id": m.mal_id, "typ": m.typ, "text": m.text,
                 "nivaer": {lv: [{"enhet": p.enhet or None, "namn": p.namn, "aktiviteter": list(p.aktiviteter)}
                                 for p in who] for lv, who in m.nivaer.items()},
                 "utan_aktivitet": m.utan_aktivitet} for m in v.mal],
        "planer": [{"namnd": p.namnd, "enhet": p.enhet or None, "namn": p.namn, "niva": p.niva, "fil": p.fil,
                    "aktiviteter": p.aktiviteter} for p in v.planer],
    }


def _roll(r: Roll, till: str, fran: str) -> dict[str, float | None]:
    return {"ib": _t(r.ib), till: _t(r.till), fran: _t(r.fran), "ub": _t(r.ub)}


def _balansposter(plan: Kommunplan) -> dict[str, Any]:
    """The balansbudget's rolls: anläggningstillgångar per slag, avsättningar, ansvarsförbindelser, lån till bolag
    and the avskrivning convention."""
    p = plan.rr.poster
    a = plan.config.ekonomi.avskrivning
    if p is None:
        return {}
    ys = plan.years
    return {
        "avskrivningsprincip": {"start": str(a.start), "aktiveringsmanad": a.aktiveringsmanad},
        "anlaggningstillgangar": {str(y): {s: {"ib": _t(x.ib), "investeringar": _t(x.investeringar),
                                                "avskrivningar_befintliga": _t(x.avskrivningar_befintliga),
                                                "avskrivningar_nya": _t(x.avskrivningar_nya),
                                                "forsaljning": _t(x.forsaljning), "ub": _t(x.ub)}
                                            for s, x in p.anlaggningar[y].items()} for y in ys},
        "avsattningar": {str(y): {k: _roll(r, "gjorda", "ianspraktagna") for k, r in p.avsattningar[y].items()}
                         for y in ys},
        "ansvarsforbindelser": {str(y): {
            "pensionsforpliktelser": _roll(p.pensionsforpliktelser[y], "okning", "minskning"),
            "borgen": [{"id": b.id, "namn": b.namn, "bolag": b.bolag, **_roll(b.roll, "okning", "minskning")}
                       for b in p.borgen[y]]} for y in ys},
        "lan_till_bolag": {str(y): [{"bolag": b.bolag, "namn": b.namn, **_roll(b.roll, "utlaning", "amortering")}
                                    for b in p.lan_till_bolag[y]] for y in ys},
    }


def _bolag(plan: Kommunplan) -> dict[str, Any]:
    """The kommun's bolag: per bolag its borgensram, borgen and lån from the kommun and its bolagsplan; the bolagen
    together (resultat and investeringar at the kommun's ägarandel, borgen and borgensram whole)."""
    bo = plan.bolag
    if bo is None:
        return {}
    ys = plan.years
    return {
        "bolagsplan": bo.file,
        "bolag": [{
            "id": b.id, "namn": b.namn, "agarandel": b.agarandel, "verksamhet": b.verksamhet,
            "borgensram": {str(y): _t(b.borgensram.get(y, 0)) for y in ys},
            "borgen": {str(y): _t(b.borgen_kommunen.get(y, 0)) for y in ys},
            "lan_fran_kommunen": {str(y): _t(b.lan_fran_kommunen.get(y, 0)) for y in ys},
            "resultatbudget": {str(y): lines_tkr(dict(b.resultat[y])) for y in ys if y in b.resultat},
            "balansbudget": {str(y): {**lines_tkr(dict(b.balans[y])), "soliditet": round(s, 4) if (s := b.soliditet(y)) is not None else None}
                             for y in ys if y in b.balans},
            "investeringar": {str(y): _t(b.investeringar[y]) for y in ys if y in b.investeringar},
            "agardirektiv": [{"id": m.id, "mal": m.text, "matt": m.matt, "enhet": m.enhet,
                              "malvarde": {str(y): v for y, v in m.malvarde.items()}} for m in b.mal],
            "kontrollmoment": b.kontroller,
            "kalla": dict(b.celler),
        } for b in bo.bolag],
        "sammantaget": {str(y): {k: _t(v) for k, v in bo.sammantaget(y).items()} for y in ys},
    }


def to_json(plan: Kommunplan) -> str:
    return json_text(json.dumps(to_dict(plan), ensure_ascii=False, indent=2)) + "\n"
