"""Kontroller: the budget identities, balanskravet, finansiella mål and control totals.

Each kontroll recomputes its check from the consolidated statements or, for control totals,
straight from the submitted documents, so a figure that went missing on the way shows up.
Every kontroll has a registered code (xltools.rules.kontroller); a failed one's text is the
code's message template, and its place is where the figures are (statement sheet or source file).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from xltools.config.models import NIVA_NAMN, same_kommun
from xltools.consolidate.balanskrav import BalanskravAr, balanskrav_per_ar
from xltools.consolidate.balansposter import befintliga_per_slag
from xltools.consolidate.facts import Fact, fact_columns, kr, refs_of, tkr
from xltools.consolidate.fas import internbudget_required
from xltools.consolidate.hushallning import mal_uppfyllt, malvarde
from xltools.consolidate.internposter import TOLERANCE, describe
from xltools.consolidate.investering import SLAG, SLAG_NAMN
from xltools.consolidate.model import Kommunplan, Kontroll, sv_tkr
from xltools.consolidate.model import identitet as _ident
from xltools.document import Document
from xltools.findings import Loc
from xltools.rules import RULES
from xltools.rules.kontroller import IDENTITET
from xltools.sv import sv_fixed, sv_number


def _text(kod: str, **params: object) -> str:
    """The message of a failed check: its code's template (xltools.rules.kontroller) filled in."""
    return RULES[kod].mall.format(**params)


def _workbook(plan: Kommunplan, sheet: str) -> Loc:
    """A place in the kommunplan's own workbook (where the checked statement is shown)."""
    return Loc(f"kommunplan-{plan.budgetar}.xlsx", sheet)


def _config_dir(plan: Kommunplan) -> str:
    """The configuration folder as the kommunplan names it ("config/")."""
    first = next(iter(plan.config_files), "")
    return first.rpartition("/")[0] + "/" if "/" in first else ""


def _places(facts: list[Fact]) -> tuple[Loc, ...]:
    return tuple(Loc(r.file, r.sheet, r.cells) for r in refs_of(facts))


sv = sv_tkr

SHEET_OF = {"RR": "Resultatbudget", "BR": "Balansbudget", "KF": "Kassaflödesbudget", "IN": "Investeringsbudget",
            "DR": "Driftbudget", "KS": "Resultatbudget", "AF": "Balansbudget"}


@dataclass(frozen=True)
class MalUtfall:
    id: str
    namn: str
    typ: str
    ar: int
    varde: float | None  # percent; None when not computable (no investments)
    minst: float
    uppfyllt: bool


def finansiella_mal(plan: Kommunplan) -> list[MalUtfall]:
    out: list[MalUtfall] = []
    for m in plan.config.ekonomi.finansiella_mal:
        for y in plan.years:
            value = malvarde(m.typ, plan.rr.lines[y], plan.br[y], plan.inv.per_ar[y])
            out.append(MalUtfall(m.id, m.namn, str(m.typ), y, value, m.minst, mal_uppfyllt(m.typ, value, m.minst)))
    return out


def balanskrav(plan: Kommunplan) -> dict[int, dict[str, int | bool]]:
    """Balanskravsutredning per year (kommunallagen 11 kap.) with the RUR roll and the underskott still to
    återställa; the balanskrav is met when the balanskravsresultat is above zero."""
    return {y: b.as_dict() for y, b in _balanskrav_ar(plan).items()}


def _balanskrav_ar(plan: Kommunplan) -> dict[int, BalanskravAr]:
    return balanskrav_per_ar(plan.config, {y: plan.rr.lines[y]["arets_resultat"] or 0 for y in plan.years})


def _identities(plan: Kommunplan) -> list[Kontroll]:
    c = plan.config
    e = c.ekonomi
    out: list[Kontroll] = []
    prev_br = plan.ib
    out.append(_ident("BR1", c.ekonomi.ingaende_balans.ar, plan.ib["summa_tillgangar"] or 0,
                      (plan.ib["eget_kapital"] or 0) + (plan.ib["avsattningar"] or 0) + (plan.ib["skulder"] or 0),
                      f"Ingående balans ({e.ingaende_balans.typ}): summa tillgångar = eget kapital + avsättningar + skulder",
                      plats=Loc(f"{_config_dir(plan)}ekonomi.yaml", None, "ingaende_balans")))
    intern_pairs: dict[int, int] = {}
    for p in plan.intern:
        intern_pairs[p.year] = intern_pairs.get(p.year, 0) + 1
    for y in plan.years:
        r, k, b = plan.rr.lines[y], plan.kf[y], plan.br[y]
        g = {key: v or 0 for key, v in r.items()}
        kk = {key: v or 0 for key, v in k.items()}
        bb = {key: v or 0 for key, v in b.items()}
        pb = {key: v or 0 for key, v in prev_br.items()}
        ff = e.finansforvaltning
        cf = _flows(c, y)
        anl = ("immateriella_anlaggningstillgangar", "materiella_anlaggningstillgangar")
        investeringar = sum(v[y] for v in plan.inv.per_namnd.values())
        for regel, lhs, rhs in (
            ("RR1", g["verksamhetens_nettokostnader"],
             g["verksamhetens_intakter"] + g["verksamhetens_kostnader"] + g["avskrivningar"]
             + g["jamforelsestorande_poster"]),
            ("RR2", g["verksamhetens_resultat"],
             g["verksamhetens_nettokostnader"] + g["skatteintakter"] + g["generella_statsbidrag_och_utjamning"]),
            ("RR3", g["resultat_efter_finansiella_poster"],
             g["verksamhetens_resultat"] + g["finansiella_intakter"] + g["finansiella_kostnader"]
             + g["finansiella_jamforelsestorande_poster"]),
            ("RR4", g["arets_resultat"], g["resultat_efter_finansiella_poster"] + g["extraordinara_poster"]),
            ("BR1", bb["summa_tillgangar"], bb["eget_kapital"] + bb["avsattningar"] + bb["skulder"]),
            ("BR2", bb["eget_kapital"], pb["eget_kapital"] + g["arets_resultat"]),
            ("BR3", bb["arets_resultat"], g["arets_resultat"]),
            ("BR4", bb["ovrigt_eget_kapital"] + bb["resultatutjamningsreserv"], pb["eget_kapital"]),
            ("BR8", bb["resultatutjamningsreserv"], pb["resultatutjamningsreserv"]
             + kr(e.resultatutjamningsreserv.reservering.get(y, 0)) - kr(e.resultatutjamningsreserv.disposition.get(y, 0))),
            ("BR5", sum(bb[x] for x in anl),
             sum(pb[x] for x in anl) + investeringar + g["avskrivningar"] + cf["infrastruktur_upplosning"]
             - cf["salt_bokfort_varde"]),
            ("BR6", bb["avsattningar"], pb["avsattningar"] + cf["avsattningar_gjorda"] - cf["avsattningar_ianspraktagna"]),
            ("BR7", bb["langfristiga_skulder"],
             pb["langfristiga_skulder"] + _lan_netto(e, y) + cf["investeringsinkomster"] - cf["investeringsinkomster_upplosning"]),
            ("BR9", bb["finansiella_anlaggningstillgangar"],
             pb["finansiella_anlaggningstillgangar"] + cf["utlaning"] - cf["amortering_bolag"]),
            ("BR10", bb["bidrag_till_statlig_infrastruktur"],
             pb["bidrag_till_statlig_infrastruktur"] + cf["infrastruktur"] - cf["infrastruktur_upplosning"]),
            ("BR11", bb["forrad_och_exploatering"] + bb["fordringar"] + bb["kortfristiga_placeringar"]
             - bb["kortfristiga_skulder"], pb["forrad_och_exploatering"] + pb["fordringar"]
             + pb["kortfristiga_placeringar"] - pb["kortfristiga_skulder"] + cf["rorelsekapital"]),
            ("AF1", bb["pensionsforpliktelser_fore_1998"] + bb["borgensforbindelser"],
             pb["pensionsforpliktelser_fore_1998"] + pb["borgensforbindelser"] + cf["ansvar_okning"]
             - cf["ansvar_minskning"]),
            ("KF1", kk["lopande_verksamhet"], g["arets_resultat"] - g["avskrivningar"]
             + cf["avsattningar_gjorda"] - cf["avsattningar_ianspraktagna"] - cf["realisationsresultat"]
             - cf["investeringsinkomster_upplosning"] - cf["rorelsekapital"]),
            ("KF2", kk["arets_kassaflode"],
             kk["lopande_verksamhet"] + kk["investeringsverksamhet"] + kk["finansieringsverksamhet"]
             + kk["bidrag_till_statlig_infrastruktur"]),
            ("KF3", bb["kassa_och_bank"] - pb["kassa_och_bank"], kk["arets_kassaflode"]),
            ("KF4", kk["investeringsverksamhet"], -investeringar + cf["investeringsinkomster"] + cf["salt_inkomst"]),
            ("KF5", kk["finansieringsverksamhet"], _lan_netto(e, y) - cf["utlaning"] + cf["amortering_bolag"]),
            ("INV1", kk["investering_immateriella"] + kk["investering_materiella"], -investeringar),
        ):
            out.append(_ident(regel, y, lhs, rhs, plats=_workbook(plan, SHEET_OF[regel[:2]])))
        for slag, a in _anlaggningar(plan, y, prev_br).items():
            k9 = _ident("BR12", y, bb[slag], a, text=f"{RULES['BR12'].title}: {SLAG_NAMN[slag].lower()}",
                        plats=_workbook(plan, "Balansbudget"))
            out.append(dataclasses.replace(k9, id=f"BR12-{slag}-{y}"))
        tol = TOLERANCE * max(1, intern_pairs.get(y, 0))
        covered = sum(n.netto(y) for n in plan.drift if n.covered)
        missing = sum(n.ram[y] for n in plan.drift if not n.covered)
        fin = (kr(ff.kostnader.get(y, 0)) - kr(ff.intakter.get(y, 0)) - _eliminerat(ff, y)
               - kr(ff.jamforelsestorande_poster.get(y, 0)) - cf["realisationsresultat"]
               - cf["investeringsinkomster_upplosning"])
        out.append(_ident("DR1", y, -g["verksamhetens_nettokostnader"], covered + missing + fin - g["avskrivningar"],
                          tol=tol, plats=_workbook(plan, "Driftbudget")))
        out.append(_ident("DR2", y, sum(n.intern_intakter[y] for n in plan.drift),
                          sum(n.intern_kostnader[y] for n in plan.drift), tol=tol, plats=_workbook(plan, "Internposter")))
        prev_br = b
    have = all(set(s) == set(plan.years) for s in (plan.rr.lines, plan.kf, plan.br, plan.inv.per_ar))
    n = len(plan.config.planering.planar)
    ok = have and plan.years == [plan.budgetar + i for i in range(n + 1)]
    text = (f"Resultat-, kassaflödes-, balans- och investeringsbudget för {plan.years[0]}–{plan.years[-1]} "
            f"(budgetår och {'tre' if n == 3 else 'två'} planår)")
    out.append(Kontroll("PL1", "PL1", None, "identitet", ok, text if ok else _text("PL1", text=text),
                        kod="PL1", plats=_workbook(plan, "Sammanfattning")))
    return out


def _flows(c: Any, y: int) -> dict[str, int]:
    """The year's movements straight from the config (kronor), for the identities: each balance roll and
    each flow the kassaflödesbudget must show."""
    e = c.ekonomi
    sales = [(kr(f.inkomst), kr(f.bokfort_varde)) for f in e.forsaljningar if f.ar == y]
    pens = e.avsattningar.pensioner
    af = e.ansvarsforbindelser
    rk = e.rorelsekapital
    rorelse = (kr(rk.forrad.get(y, 0)) + kr(rk.exploateringsfastigheter.get(y, 0)) + kr(rk.fordringar.get(y, 0))
               + kr(rk.kortfristiga_placeringar.get(y, 0)) - kr(rk.kortfristiga_skulder.get(y, 0)))
    return {
        "salt_inkomst": sum(i for i, _ in sales), "salt_bokfort_varde": sum(b for _, b in sales),
        "realisationsresultat": sum(i - b for i, b in sales),
        "avsattningar_gjorda": kr((pens.gjorda if pens else e.finansforvaltning.avsattningar_forandring).get(y, 0))
        + kr(e.avsattningar.andra.gjorda.get(y, 0)),
        "avsattningar_ianspraktagna": kr((pens.ianspraktagna if pens else {}).get(y, 0))
        + kr(e.avsattningar.andra.ianspraktagna.get(y, 0)),
        "investeringsinkomster": kr(e.investeringsinkomster.inbetalningar.get(y, 0)),
        "investeringsinkomster_upplosning": kr(e.investeringsinkomster.upplosning.get(y, 0)),
        "utlaning": sum(kr(ln.utlaning.get(y, 0)) for ln in e.lan_till_bolag),
        "amortering_bolag": sum(kr(ln.amortering.get(y, 0)) for ln in e.lan_till_bolag),
        "infrastruktur": kr(e.bidrag_till_statlig_infrastruktur.utbetalningar.get(y, 0)),
        "infrastruktur_upplosning": kr(e.bidrag_till_statlig_infrastruktur.upplosning.get(y, 0)),
        "rorelsekapital": rorelse,  # assets' increase − kortfristiga skulders increase
        "ansvar_okning": sum(kr(x.okning.get(y, 0)) for x in (af.pensionsforpliktelser, *af.borgen)),
        "ansvar_minskning": sum(kr(x.minskning.get(y, 0)) for x in (af.pensionsforpliktelser, *af.borgen)),
    }


def _anlaggningar(plan: Kommunplan, y: int, prev: dict[str, int | None]) -> dict[str, int]:
    """Each slag's UB from its IB (the year before), the investeringsbudget's projects on it, its befintliga
    avskrivningar (config) and new ones, and the bokfört värde of what the config sells."""
    e = plan.config.ekonomi
    befintliga = befintliga_per_slag(plan.config, y)
    out = {}
    for slag in SLAG:
        projekt = [p for p in plan.inv.projekt if p.slag == slag]
        sold = sum(kr(f.bokfort_varde) for f in e.forsaljningar if f.ar == y and f.slag == slag)
        out[slag] = ((prev.get(slag) or 0) + sum(p.utgift[y] for p in projekt) - befintliga[slag]
                     - sum(p.avskrivning(y) for p in projekt) - sold)
    return out


def _internposter(plan: Kommunplan) -> list[Kontroll]:
    # Before December a flow whose seller or buyer has no driftbudget yet waits for the internbudgetar.
    waiting = [p for p in plan.intern if not internbudget_required(plan.fas)
               and (p.saljare_belopp is None or p.kopare_belopp is None)]
    bad = [p for p in plan.intern if not p.ok and p not in waiting]
    out = [Kontroll(f"INT-{p.saljare}-{p.kopare}-{p.slag}-{p.year}", "INT", p.year, "internposter", False,
                    _text("INT", text=describe(p, plan.config)), tkr(p.differens), kod="INT",
                    plats=next(iter(_places(p.saljare_facts or p.katalog_facts)), _workbook(plan, "Internposter")),
                    related=_places(p.kopare_facts) + _places(p.katalog_facts if p.saljare_facts else []))
           for p in bad]
    if not bad:
        out.append(Kontroll("INT", "INT", None, "internposter", True, kod="INT", beskrivning=
                            f"Alla {len(plan.intern) - len(waiting)} interna flöden (internhyror och interna tjänster "
                            "per motpart och år) stämmer mellan säljare och köpare."
                            + (f" {len(waiting)} flöden prövas när internbudgetarna lämnas i december (fas {plan.fas})."
                               if waiting else "")))
    return out


def _tackning(plan: Kommunplan) -> list[Kontroll]:
    out = []
    if not internbudget_required(plan.fas):  # June, November: the internbudgetar are due in December
        waiting = [n.namn for n in plan.drift if not n.covered]
        out.append(Kontroll("TACK", "TACK", None, "tackning", True,
                            f"Fas {plan.fas}: internbudgetarna lämnas i december; "
                            + (f"{len(waiting)} av {len(plan.drift)} nämnder har ännu ingen driftbudget och deras "
                               "ramar räknas som nettokostnad." if waiting
                               else f"alla {len(plan.drift)} nämnder har redan lämnat driftbudget."), kod="TACK"))
    for n in plan.drift if internbudget_required(plan.fas) else ():
        if not n.covered:
            ramar = ", ".join(f"{sv(n.ram[y])} ({y})" for y in plan.years)
            out.append(Kontroll(f"TACK-{n.namnd}", "TACK", None, "tackning", False,
                                _text("TACK", namn=n.namn, ramar=ramar), kod="TACK",
                                plats=Loc(f"{_config_dir(plan)}ekonomi.yaml", None, f"ramar.{n.namnd}")))
    if not out:
        out.append(Kontroll("TACK", "TACK", None, "tackning", True,
                            f"Alla {len(plan.drift)} nämnder har lämnat driftbudget.", kod="TACK"))
    if plan.fas == "december":  # the nämndplaner were fastställda in September
        for s in plan.sources:
            if s.document == "namndplan" and not (s.beslut or "").startswith("fastställd"):
                out.append(Kontroll(f"FAS1-{s.namnd}", "FAS1", None, "tackning", False,
                                    _text("FAS1", namn=plan.config.namnd(s.namnd).namn, beslut=s.beslut or "utkast"),
                                    kod="FAS1", plats=Loc(s.file, "Anvisningar", "B5")))
    over = []
    for n in plan.drift:
        for y in plan.years:
            if n.covered and n.netto(y) - n.ram[y] > 500:
                src = plan.source_of(n.namnd, "driftbudget")
                over.append(Kontroll(f"RAM-{n.namnd}-{y}", "RAM", y, "ram", False,
                                     _text("RAM", namn=n.namn, netto=sv(n.netto(y)), ram=sv(n.ram[y]),
                                           over=sv(n.netto(y) - n.ram[y])), tkr(n.netto(y) - n.ram[y]), kod="RAM",
                                     plats=Loc(src.file, "Driftbudget") if src else _workbook(plan, "Ramar")))
    if not over:
        over.append(Kontroll("RAM", "RAM", None, "ram", True, "Varje inlämnad driftbudget ryms i nämndens ram alla år.",
                             kod="RAM"))
    return out + over


CONSOLIDATED_DOCS = ("namndplan", "investeringsplan", "internhyror", "taxor")  # DOK (and KS's bolagsplan); driftbudget: TACK
LATER_DOCS = ("verksamhetsplan", "internkontrollplan")  # DOKV: due later in the årshjul, not consolidated


def _later(plan: Kommunplan) -> tuple[str, ...]:
    """The documents due later in the årshjul that this phase expects (none before December)."""
    return LATER_DOCS if internbudget_required(plan.fas) else ()


def _dokument(plan: Kommunplan) -> list[Kontroll]:
    """Every nämnd that must submit has handed in each planning document; every riktat mål is addressed."""
    from xltools.forms import FORMS, planning_for
    from xltools.inkorg.status import who_must_submit

    c, year = plan.config, plan.budgetar
    have = {(s.namnd, s.document) for s in (*plan.sources, *plan.ej_sammanstallda) if not s.org_enhet}
    units_have = {(s.namnd, s.org_enhet) for s in plan.ej_sammanstallda if s.org_enhet}  # the units' own plans
    where = _workbook(plan, "Källor")
    out: list[Kontroll] = []
    for n, required, _ in who_must_submit(c):
        if not required:
            continue
        bolag = ("bolagsplan",) if any(f.styrelse for f in planning_for(c, n.id)) else ()  # KS, when there are bolag
        for dok in (*CONSOLIDATED_DOCS, *bolag, *_later(plan)):
            if (n.id, dok) not in have:
                kod = "DOKV" if dok in LATER_DOCS else "DOK"
                due = c.arshjul.deadline(dok, year)
                out.append(Kontroll(f"{kod}-{n.id}-{dok}", kod, None, "tackning", False,
                                    _text(kod, namn=n.namn, dokument=FORMS[dok].title.lower(), ar=year,
                                          sista_dag=due.isoformat() if due else "–"), kod=kod, plats=where))
        if "verksamhetsplan" in _later(plan):  # each unit of the nämnd's organisation its own (December)
            due = c.arshjul.deadline("verksamhetsplan", year)
            for u in n.organisation:
                if (n.id, u.id) not in units_have:
                    out.append(Kontroll(f"DOKV-{n.id}-{u.id}-verksamhetsplan", "DOKV", None, "tackning", False,
                                        _text("DOKV", namn=f"{u.namn} ({NIVA_NAMN[u.niva]} under {n.namn})",
                                              dokument="verksamhetsplan", ar=year,
                                              sista_dag=due.isoformat() if due else "–"), kod="DOKV", plats=where))
    if not any(k.kod == "DOK" for k in out):
        out.insert(0, Kontroll("DOK", "DOK", None, "tackning", True, "Varje nämnd som ska lämna in har lämnat nämndplan, "
                               "investeringsplan, internhyresförslag och taxor.", kod="DOK"))
    addressed = {(m.namnd, m.mal_id) for m in plan.mal if m.typ == "riktat"}
    missing_rm = [r for r in c.malkedja.riktade_mal if year in r.ar and (r.namnd, r.id) not in addressed]
    for r in missing_rm:
        out.append(Kontroll(f"RM-{r.id}", "RM", None, "tackning", False,
                            _text("RM", mal=r.id, text=r.text, namn=c.namnd(r.namnd).namn), kod="RM",
                            plats=Loc(f"{_config_dir(plan)}malkedja.yaml", None, f"riktade_mal.{r.id}")))
    if not missing_rm:
        out.append(Kontroll("RM", "RM", None, "tackning", True,
                            "Varje riktat mål för budgetåret finns i den berörda nämndens nämndplan.", kod="RM"))
    return out


def _investeringsram(plan: Kommunplan) -> list[Kontroll]:
    out = []
    for y in plan.years:
        ram = plan.config.ekonomi.investeringsram.get(y)
        if ram is None:
            continue
        inv = plan.inv.per_ar[y]
        ok = inv <= kr(ram)
        out.append(Kontroll(f"INVRAM-{y}", "INVRAM", y, "investeringsram", ok,
                            f"Investeringarna {sv(inv)} ryms i investeringsramen {sv(kr(ram))}." if ok else
                            _text("INVRAM", investeringar=sv(inv), ram=sv(kr(ram)), over=sv(inv - kr(ram))),
                            tkr(inv - kr(ram)), kod="INVRAM",
                            plats=Loc(f"{_config_dir(plan)}ekonomi.yaml", None, f"investeringsram.{y}")))
    return out


def _bolag(plan: Kommunplan) -> list[Kontroll]:
    """BO1 borgen within KF's borgensram; BO2 the bolagsplan's borgen = the kommun's (a missing bolagsplan is DOK's)."""
    out: list[Kontroll] = []
    if plan.bolag is None:
        return out
    where = Loc(f"{_config_dir(plan)}organisation.yaml", None, "bolag")
    for b in plan.bolag.bolag:
        for y in plan.years:
            ram, borgen = b.borgensram.get(y, 0), b.borgen_kommunen.get(y, 0)
            if ram or borgen:
                ok = borgen <= ram
                out.append(Kontroll(f"BO1-{b.id}-{y}", "BO1", y, "borgensram", ok,
                                    f"{b.namn} {y}: kommunens borgen {sv(borgen)} ryms i borgensramen {sv(ram)}." if ok
                                    else _text("BO1", bolag=b.namn, ar=y, borgen=sv(borgen), ram=sv(ram),
                                               over=sv(borgen - ram)), tkr(borgen - ram), kod="BO1", plats=where))
            planned = b.borgen.get(y)
            if planned is not None and plan.bolag.file is not None:
                ok = abs(planned - borgen) <= 1000
                out.append(Kontroll(f"BO2-{b.id}-{y}", "BO2", y, "identitet", ok,
                                    f"{b.namn} {y}: bolagsplanens lån med kommunal borgen = kommunens borgen "
                                    f"({sv(planned)})." if ok else
                                    _text("BO2", bolag=b.namn, ar=y, plan=sv(planned), kommun=sv(borgen),
                                          differens=sv(planned - borgen)), tkr(planned - borgen), kod="BO2",
                                    plats=Loc(plan.bolag.file, "Lån och borgen", b.celler.get(f"borgen.borgen.{y}", "").partition("!")[2] or None)))
    return out


def _balanskrav_och_mal(plan: Kommunplan) -> list[Kontroll]:
    out = []
    for y, ar in _balanskrav_ar(plan).items():
        b = ar.as_dict()
        ok = bool(b["uppfyllt"])
        resultat = sv(b["balanskravsresultat"])
        out.append(Kontroll(f"BK-{y}", "BK", y, "balanskrav", ok,
                            f"Balanskravet (kommunallagen 11 kap.): balanskravsresultatet {resultat} "
                            "är positivt – intäkterna överstiger kostnaderna." if ok else _text("BK", resultat=resultat),
                            kod="BK", plats=_workbook(plan, "Resultatbudget")))
        out += _rur_och_aterstallande(plan, ar)
    for m in finansiella_mal(plan):
        value = "kan inte beräknas (inga investeringar)" if m.varde is None else sv_fixed(m.varde) + " %"
        minst = sv_number(m.minst)
        out.append(Kontroll(f"{m.id}-{m.ar}", m.id, m.ar, "finansiellt_mal", m.uppfyllt,
                            f"{m.namn}: {value} (mål minst {minst} %) – uppfyllt." if m.uppfyllt
                            else _text("FM", namn=m.namn, varde=value, minst=minst), kod="FM",
                            plats=_workbook(plan, "Sammanfattning")))
    return out


def _rur_och_aterstallande(plan: Kommunplan, ar: BalanskravAr) -> list[Kontroll]:
    """BK2: underskott återställda within three years; RUR1–RUR3: the RUR riktlinjer's limits."""
    y, b = ar.ar, ar.lines
    e = plan.config.ekonomi
    rikt = e.resultatutjamningsreserv.riktlinjer
    at = _workbook(plan, "Resultatbudget")
    bas = kr(e.skatteintakter.get(y, 0)) + kr(e.generella_statsbidrag_och_utjamning.get(y, 0))
    out = []
    late = ar.for_sent
    text = ("; ".join(f"{sv(u.belopp)} från {u.ar} skulle ha återställts senast {u.senast}" for u in late)
            if late else ("inga underskott kvar att återställa" if not ar.kvar else
                          "kvar att återställa: " + "; ".join(f"{sv(u.belopp)} från {u.ar} senast {u.senast}"
                                                               for u in ar.kvar)))
    out.append(Kontroll(f"BK2-{y}", "BK2", y, "balanskrav", not late,
                        f"Negativa balanskravsresultat återställs inom tre år: {text}." if not late
                        else _text("BK2", text=text), kod="BK2", plats=at))
    till, fran = -b["rur_reservering"], b["rur_disposition"]
    if till:
        limit = max(0, b["efter_balanskravsjusteringar"] - round(bas * rikt.reservering_over_procent / 100))
        ok = till <= limit
        text = (f"medel till resultatutjämningsreserven {sv(till)}, högst {sv(limit)} (den del av årets resultat efter "
                f"balanskravsjusteringar som överstiger {sv_number(rikt.reservering_over_procent)} % av skatteintäkter "
                "och generella statsbidrag och utjämning)")
        out.append(Kontroll(f"RUR1-{y}", "RUR1", y, "balanskrav", ok, f"Reservering enligt riktlinjerna: {text}." if ok
                            else _text("RUR1", text=text), kod="RUR1", plats=at))
    if fran:
        limit = ar.rur_ib + till
        if rikt.disposition_hogst_till_noll:
            limit = min(limit, max(0, -b["efter_balanskravsjusteringar"]))
        ok = fran <= limit
        text = (f"medel från resultatutjämningsreserven {sv(fran)}, högst {sv(limit)} (reservens saldo"
                + (" och det som behövs för ett balanskravsresultat på noll)" if rikt.disposition_hogst_till_noll else ")"))
        out.append(Kontroll(f"RUR2-{y}", "RUR2", y, "balanskrav", ok, f"Disposition enligt riktlinjerna: {text}." if ok
                            else _text("RUR2", text=text), kod="RUR2", plats=at))
    if rikt.tak_procent is not None:
        limit = round(bas * rikt.tak_procent / 100)
        ok = ar.rur_ub <= limit
        text = (f"resultatutjämningsreserven {sv(ar.rur_ub)} vid årets slut, taket {sv(limit)} "
                f"({sv_number(rikt.tak_procent)} % av skatteintäkter och generella statsbidrag och utjämning)")
        out.append(Kontroll(f"RUR3-{y}", "RUR3", y, "balanskrav", ok, f"Reservens tak: {text}." if ok
                            else _text("RUR3", text=text), kod="RUR3", plats=at))
    return out


def _doc_sum(rows: list, key: str) -> int:
    return sum(kr(r.get(key)) for r in rows if isinstance(r.get(key), int | float))


GROUP = {"hyra": "intern", "tjanst": "intern"}  # checked together: the internhyror document's total
LABEL = {"intakter": "intäkter {ar}", "kostnader": "kostnader {ar}", "utgift": "utgifter {ar}",
         "intern": "internhyror och interna tjänster"}


def _declared_sums(doc: Document, n: int) -> list[tuple[str, int | None, int]]:
    """(measure group, year index, Σ kronor) of every fact column the document's form declares for the `n`
    years of the plan period, by year."""
    sums: dict[tuple[str, int | None], int] = {}
    for _, table in doc.form.tables():
        for key, measure, i in fact_columns(table)[0]:
            if i is not None and i > n:
                continue
            group = GROUP.get(measure, measure)
            sums[(group, i)] = sums.get((group, i), 0) + _doc_sum(doc.rows(table.key), key)
    order = list(dict.fromkeys(g for g, _ in sums))
    return [(g, i, v) for (g, i), v in sorted(sums.items(), key=lambda kv: (kv[0][1] is None, kv[0][1] or 0,
                                                                          order.index(kv[0][0])))]


def _kontrollsummor(plan: Kommunplan) -> list[Kontroll]:
    """Σ of each input document = what the consolidation shows for it, read from the documents."""
    years = plan.years
    out: list[Kontroll] = []
    drift = {n.namnd: n for n in plan.drift}
    katalog: dict[str, int] = {}
    for p in plan.intern:
        katalog[p.saljare] = katalog.get(p.saljare, 0) + (p.katalog or 0)
    taxor: dict[str, int] = {}
    for t in plan.taxor:
        taxor[t.namnd] = taxor.get(t.namnd, 0) + 1
    mal: dict[str, tuple[int, int]] = {}
    for m in plan.mal:
        a, b = mal.get(m.namnd, (0, 0))
        mal[m.namnd] = (a + 1, b + len(m.matt))
    none = dict.fromkeys(years, 0)
    # What the kommunplan shows for a measure group of one nämnd in a year (None: after the plan period).
    shown = {
        "intakter": lambda n, y: drift[n].intakter[y] - (drift[n].samverkan_ar(y) if y is not None else 0),
        "kostnader": lambda n, y: drift[n].kostnader[y],
        "utgift": lambda n, y: (plan.inv.per_namnd.get(n, none)[y] if y is not None
                                else sum(p.senare for p in plan.inv.projekt if p.namnd == n)),
        "intern": lambda n, y: katalog.get(n, 0),
    }
    for src in plan.sources:
        doc = plan.docs[(src.namnd, src.document)]
        amounts: list[tuple[str, int, int]] = []  # (what, in the document, in the kommunplan), kronor
        for group, i, in_doc in _declared_sums(doc, len(years)):
            year = None if i is None else years[i - 1]
            what = LABEL[group].format(ar="senare år" if year is None else year)
            amounts.append((what, in_doc, shown[group](src.namnd, year)))
        counts: list[tuple[str, int, int]] = []  # the same for numbers of rows
        if src.document == "taxor":
            counts.append(("taxor", len(doc.rows("taxor")), taxor.get(src.namnd, 0)))
        elif src.document == "namndplan":
            shown_mal, shown_matt = mal.get(src.namnd, (0, 0))
            counts.append(("mål", len(doc.rows("mal")), shown_mal))
            counts.append(("mått", sum(1 for r in doc.rows("matt") if r.get("mal_id")), shown_matt))
        bad = [f"{w}: {sv(a)} i dokumentet mot {sv(b)} i kommunplanen" for w, a, b in amounts if a != b]
        bad += [f"{w}: {a} st i dokumentet mot {b} st i kommunplanen" for w, a, b in counts if a != b]
        text = "; ".join(bad) if bad else f"{len(amounts) + len(counts)} kontrollsummor stämmer"
        out.append(Kontroll(f"KS-{src.document}-{src.namnd}", "KS", None, "kontrollsumma", not bad,
                            f"{src.file}: {text}." if not bad else _text("KS", text=f"{src.file}: {text}."), kod="KS",
                            plats=Loc(src.file)))
    # The resultatbudget's first lines straight from the documents.
    ff = plan.config.ekonomi.finansforvaltning
    intern = {k.kod for k in plan.config.kontoplan.konton if k.intern}
    for i, y in enumerate(years, start=1):
        vi = vk = 0
        for (nid, dtype), doc in plan.docs.items():
            if dtype != "driftbudget":
                continue
            gross = 0  # the whole nämnd's netto: a hosted gemensam nämnd's partners pay their andelar of it
            for r in doc.rows("drift"):
                gross += kr(r.get(f"kostnader_{i}")) - kr(r.get(f"intakter_{i}"))
                if r.get("konto") in intern:
                    continue
                vi += kr(r.get(f"intakter_{i}"))
                vk += kr(r.get(f"kostnader_{i}"))
            vi += sum(round(gross * a / 100) for k, a in plan.config.namnd(nid).fordelning.items()
                      if not same_kommun(k, plan.config.kommun.namn))
        e = plan.config.ekonomi
        sales = [kr(f.inkomst) - kr(f.bokfort_varde) for f in e.forsaljningar if f.ar == y]
        vi += (kr(ff.intakter.get(y, 0)) + sum(r for r in sales if r > 0)
               + kr(e.investeringsinkomster.upplosning.get(y, 0)))
        vk += (kr(ff.kostnader.get(y, 0)) - _eliminerat(ff, y) - sum(r for r in sales if r < 0)
               + sum(n.ram[y] for n in plan.drift if not n.covered))
        rr = plan.rr.lines[y]
        at = _workbook(plan, "Resultatbudget")
        k1 = _ident("KS", y, rr["verksamhetens_intakter"] or 0, vi,
                    "Verksamhetens intäkter = driftbudgetarnas externa intäkter + samverkanskommunernas andelar i "
                    "gemensamma nämnder + finansförvaltningens intäkter + realisationsvinster + upplösning av "
                    "förutbetalda investeringsinkomster",
                    plats=at, mall=IDENTITET)
        k2 = _ident("KS", y, -(rr["verksamhetens_kostnader"] or 0), vk,
                    "Verksamhetens kostnader = driftbudgetarnas externa kostnader + ramar utan driftbudget + "
                    "finansförvaltningens kostnader − PO-pålägg, internränta och kapitaltjänst från nämnderna "
                    "+ realisationsförluster", plats=at, mall=IDENTITET)
        out.append(dataclasses.replace(k1, id=f"KS-VI-{y}", typ="kontrollsumma", kod="KS"))
        out.append(dataclasses.replace(k2, id=f"KS-VK-{y}", typ="kontrollsumma", kod="KS"))
    return out


def _eliminerat(ff: Any, y: int) -> int:
    """What the nämnder pay finansförvaltningen (PO-pålägg, internränta, kapitaltjänst) in year y."""
    return sum(kr(v.get(y, 0)) for v in ff.interna_intakter.values())


def _lan_netto(e: Any, y: int) -> int:
    """Nyupplåning − amortering of year y, from the loans when listed, else from the whole debt."""
    if e.lan.lan:
        return sum(kr(ln.nyupplaning.get(y, 0)) - kr(ln.amortering.get(y, 0)) for ln in e.lan.lan)
    return kr(e.lan.nyupplaning.get(y, 0)) - kr(e.lan.amortering.get(y, 0))


def run(plan: Kommunplan) -> list[Kontroll]:
    """Every kontroll, in a fixed order; ids are unique."""
    out = (_identities(plan) + _internposter(plan) + _tackning(plan) + _dokument(plan) + _investeringsram(plan)
           + _bolag(plan) + _balanskrav_och_mal(plan) + _kontrollsummor(plan))
    ids = [k.id for k in out]
    assert len(ids) == len(set(ids)), "kontroll-id:n ska vara unika"
    return out
