"""The kommun's own prognos for a follow-up: resultaträkning, balanskrav, financial goals, balansräkning,
kassaflöde and the bedömning of god ekonomisk hushållning, against budget and the previous year's utfall.

The nämnder's figures come from their reports (a nämnd without an approved report counts with its
budget, so a missing report never improves the result); finansförvaltningen's items, avskrivningar,
finansnetto, investeringar and loans from uppfoljning.yaml's `kommunen` (the latest prognos up to the
period, else the budget); skatteintäkter and generella statsbidrag from the latest dated SKR prognos
up to the period's last day. In the year-end report the prognos is the year's utfall. Amounts are
whole kronor, signed as presented (intäkter +, kostnader −); the statements reuse the kommunplan's
line declarations (consolidate.resultat, .balans, .kassaflode) and god hushållning's computations
(consolidate.hushallning). Every identity is proven from the sources, as a Kontroll of a registered
code (UPP-RR1..4, UPP-BK1, UPP-BR1..5, UPP-KF1..2); a balanskrav or financial goal the prognos misses
is a varning (UPP-BK, UPP-FM).
"""

from __future__ import annotations

import calendar
import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from xltools.config import Config, KommunensEkonomi, KommunensPoster, Skatteprognos
from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.facts import kr
from xltools.consolidate.hushallning import (
    BALANSKRAV_LINES,
    balanskravsutredning,
    mal_uppfyllt,
    malvarde,
)
from xltools.consolidate.lines import Line, add_sums
from xltools.consolidate.model import Kontroll, identitet, sv_tkr
from xltools.findings import Finding, Loc
from xltools.forms.period import Period
from xltools.rules import RULES
from xltools.sv import sv_fixed, sv_number

BUDGET, PROGNOS, FOREGAENDE = "budget", "prognos", "foregaende"

# The bridge from the nämnder's nettokostnad to verksamhetens nettokostnader, then the LKBR lines after it.
BRIDGE: tuple[Line, ...] = (
    Line("namndernas_nettokostnad", "Nämndernas nettokostnad"),
    Line("h_finansforvaltningen", "Finansförvaltningen", heading=True),
    Line("pensionskostnader", "Pensionskostnader", indent=1),
    Line("po_avvikelse", "PO-avvikelse", indent=1),
    Line("internranta_netto", "Internränta, netto", indent=1),
    Line("ovrigt_netto", "Övrigt", indent=1),
    Line("finansforvaltningen", "Summa finansförvaltningen",
         ("pensionskostnader", "po_avvikelse", "internranta_netto", "ovrigt_netto")),
    Line("avskrivningar", "Avskrivningar"),
    Line("verksamhetens_nettokostnader", "Verksamhetens nettokostnader",
         ("namndernas_nettokostnad", "finansforvaltningen", "avskrivningar")),
)
_AFTER = [ln.key for ln in resultat.LINES].index("verksamhetens_nettokostnader") + 1
# The follow-up budgets no jämförelsestörande finansiella poster (the kommunplan may): the line is left out.
RR_LINES: tuple[Line, ...] = BRIDGE + tuple(ln for ln in resultat.LINES[_AFTER:]
                                             if ln.key != "finansiella_jamforelsestorande_poster")
BR_LINES = balans.BALANS_LINES  # the follow-up has no ansvarsförbindelser
KF_LINES = kassaflode.LINES
SHEET = "Kommunens prognos"
GEH_TEXT = {"uppnas": "uppnås", "delvis": "uppnås delvis", "uppnas_inte": "uppnås inte"}


@dataclass(frozen=True)
class MalPrognos:
    id: str
    namn: str
    typ: str
    minst: float
    varden: dict[str, float | None]  # column -> per cent
    uppfyllt: bool  # by the prognos (utfall)


@dataclass(frozen=True)
class Hushallning:
    """The bedömning of god ekonomisk hushållning: financial goals and verksamhetsmål."""

    mal_uppfyllda: int
    mal_antal: int
    mal_krav: int
    verksamhetsmal_uppfyllda: int | None  # None: the report does not assess goals
    verksamhetsmal_antal: int | None
    andel_krav: float

    @property
    def andel(self) -> float | None:
        if not self.verksamhetsmal_antal:
            return None
        return 100 * (self.verksamhetsmal_uppfyllda or 0) / self.verksamhetsmal_antal

    @property
    def finansiellt(self) -> bool:
        return self.mal_uppfyllda >= self.mal_krav

    @property
    def verksamhet(self) -> bool | None:
        a = self.andel
        return None if a is None else a >= self.andel_krav - 1e-9

    @property
    def bedomning(self) -> str:
        """'uppnas', 'delvis' or 'uppnas_inte' (the financial goals alone when goals are not assessed)."""
        parts = [self.finansiellt] + ([] if self.verksamhet is None else [self.verksamhet])
        return "uppnas" if all(parts) else "delvis" if any(parts) else "uppnas_inte"


@dataclass
class KommunensPrognos:
    ar: int
    period: str
    helar: bool
    rubriker: dict[str, str]  # column -> heading ("Budget 2026", "Prognos 2026", "Utfall 2025")
    rr: dict[str, dict[str, int | None]]  # column -> line -> kronor
    balanskrav: dict[str, dict[str, int]]
    kf: dict[str, dict[str, int | None]]  # budget and prognos (the balansräkning's flows)
    br: dict[str, dict[str, int | None]]  # ib (the previous year's UB), budget, prognos
    investeringar: dict[str, int]
    mal: list[MalPrognos]
    hushallning: Hushallning
    skatteprognos: Skatteprognos | None
    prognosperiod: str | None  # the `prognoser` entry used (None: the budget)
    kontroller: list[Kontroll] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """The resultaträkning's columns in the order shown."""
        return [c for c in (FOREGAENDE, BUDGET, PROGNOS) if c in self.rr]

    @property
    def word(self) -> str:
        return "utfallet" if self.helar else "prognosen"

    @property
    def findings(self) -> list[Finding]:
        return [f for k in self.kontroller if (f := k.finding()) is not None]

    def avvikelse(self, line: str) -> int:
        """Prognos − budget of a resultaträkning line (presented signs: + = better)."""
        return (self.rr[PROGNOS][line] or 0) - (self.rr[BUDGET][line] or 0)


# ---------------------------------------------------------------- inputs
KEYS = tuple(f for f, _ in KommunensPoster.FIELDS)


def poster_for(k: KommunensEkonomi, period: Period) -> tuple[dict[str, float], str | None]:
    """The central items at `period`: the latest prognos at or before it, each missing item from the budget."""
    base = {key: getattr(k.budget, key) or 0.0 for key in KEYS}
    used = max((p for p in k.prognoser if p <= str(period)), default=None)
    if used is None:
        return base, None
    given = k.prognoser[used]
    return {key: (getattr(given, key) if getattr(given, key) is not None else base[key]) for key in KEYS}, used


def skatteprognos_for(k: KommunensEkonomi, period: Period) -> Skatteprognos | None:
    """The latest SKR prognos dated at most the period's last day."""
    last = f"{period}-{calendar.monthrange(period.year, period.month)[1]:02d}"
    return max((s for s in k.skatteprognoser if s.datum <= last), key=lambda s: s.datum, default=None)


def _rr(namnder_tkr: float, p: dict[str, float]) -> dict[str, int | None]:
    values: dict[str, int | None] = {
        "namndernas_nettokostnad": -kr(namnder_tkr),
        "pensionskostnader": -kr(p["pensionskostnader"]),
        "po_avvikelse": kr(p["po_avvikelse"]),
        "internranta_netto": kr(p["internranta_netto"]),
        "ovrigt_netto": kr(p["ovrigt_netto"]),
        "avskrivningar": -kr(p["avskrivningar"]),
        "skatteintakter": kr(p["skatteintakter"]),
        "generella_statsbidrag_och_utjamning": kr(p["generella_statsbidrag_och_utjamning"]),
        "finansiella_intakter": kr(p["finansiella_intakter"]),
        "finansiella_kostnader": -kr(p["finansiella_kostnader"]),
        "extraordinara_poster": 0,
    }
    return add_sums(values, RR_LINES)


def _balanskrav(rr: dict[str, int | None], p: dict[str, float]) -> dict[str, int]:
    return balanskravsutredning(rr["arets_resultat"] or 0, realisationsvinster=kr(p["realisationsvinster"]),
                                orealiserade_vardepapper=kr(p["orealiserade_vardepapper"]),
                                rur_reservering=kr(p["rur_reservering"]), rur_disposition=kr(p["rur_disposition"]))


def _kf_br(ib: dict[str, int | None], rr: dict[str, int | None], p: dict[str, float],
           investeringar: int) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """The year's kassaflöde and closing balansräkning rolled from the opening balance. Investments and
    avskrivningar are on mark, byggnader och tekniska anläggningar (the follow-up does not split them by
    slag); rörelsekapital and the other lines are unchanged."""
    g = {k: v or 0 for k, v in ib.items()}
    kf = add_sums({
        **{ln.key: 0 for ln in KF_LINES if not ln.heading and not ln.is_sum},
        "arets_resultat": rr["arets_resultat"], "justering_for_avskrivningar": -(rr["avskrivningar"] or 0),
        "justering_for_avsattningar": kr(p["pensionsavsattning_forandring"]),
        "investering_immateriella": 0, "investering_materiella": -investeringar,
        "nyupptagna_lan": kr(p["nyupplaning"]), "amortering_av_skuld": -kr(p["amortering"]),
        "likvida_medel_vid_arets_borjan": g["kassa_och_bank"],
    }, KF_LINES)
    br = add_sums({
        "immateriella_anlaggningstillgangar": g["immateriella_anlaggningstillgangar"],
        "mark_byggnader_och_tekniska_anlaggningar": g["mark_byggnader_och_tekniska_anlaggningar"] + investeringar
        + (rr["avskrivningar"] or 0),
        "maskiner_och_inventarier": g["maskiner_och_inventarier"],
        "finansiella_anlaggningstillgangar": g["finansiella_anlaggningstillgangar"],
        "bidrag_till_statlig_infrastruktur": g["bidrag_till_statlig_infrastruktur"],
        "forrad": g["forrad"], "exploateringsfastigheter": g["exploateringsfastigheter"], "fordringar": g["fordringar"],
        "kortfristiga_placeringar": g["kortfristiga_placeringar"],
        "kassa_och_bank": kf["likvida_medel_vid_arets_slut"],
        "arets_resultat": rr["arets_resultat"], "ovrigt_eget_kapital": g["eget_kapital"],
        "avsattningar_for_pensioner": g["avsattningar_for_pensioner"] + kr(p["pensionsavsattning_forandring"]),
        "andra_avsattningar": g["andra_avsattningar"],
        "langfristiga_skulder": g["langfristiga_skulder"] + kr(p["nyupplaning"]) - kr(p["amortering"]),
        "kortfristiga_skulder": g["kortfristiga_skulder"],
    }, BR_LINES)
    return kf, br


# ---------------------------------------------------------------- the prognos
def kommunens_prognos(config: Config, period: Period, helar: bool, namnder: list[Any],
                      investeringar_rapporterade: list[Any] | None, mal: list[Any] | None) -> KommunensPrognos | None:
    """The kommun's prognos at `period` from the consolidated nämnder (NamndEkonomi: status, budget,
    prognos), their investment rows (None when the report has none) and mål (None when not assessed)."""
    u = config.uppfoljning
    k = u.kommunen if u else None
    if u is None or k is None:
        return None
    notes: list[str] = []
    p, used = poster_for(k, period)
    skr = skatteprognos_for(k, period)
    if skr is not None:
        p["skatteintakter"], p["generella_statsbidrag_och_utjamning"] = \
            skr.skatteintakter, skr.generella_statsbidrag_och_utjamning
    else:
        notes.append("Ingen SKR-prognos är daterad inom perioden: skatteintäkter och generella statsbidrag enligt budget.")
    b = {key: getattr(k.budget, key) or 0.0 for key in KEYS}
    budget_namnder = {nid: math.fsum(v.values()) for nid, v in u.driftbudget.items()}
    prognos_namnder = math.fsum(n.prognos or 0 if n.status == "inlämnad" else budget_namnder.get(n.namnd, 0)
                                for n in namnder)
    utan = [n.namn for n in namnder if n.status != "inlämnad"]
    if utan:
        notes.append("Nämnder utan godkänd rapport räknas med sin budget i kommunens prognos: " + ", ".join(utan) + ".")
    projekt_budget = math.fsum(x.budget for xs in u.investeringar.values() for x in xs)
    inv_budget = kr(b["investeringar"] if k.budget.investeringar is not None else projekt_budget)
    if investeringar_rapporterade is not None:
        counted = {n.namnd for n in namnder if n.status == "inlämnad"}
        inv_prognos = kr(math.fsum(x.prognos for x in investeringar_rapporterade)
                         + math.fsum(x.budget for nid, xs in u.investeringar.items() if nid not in counted for x in xs))
    else:
        inv_prognos = kr(p["investeringar"]) if used and k.prognoser[used].investeringar is not None else inv_budget

    rubrik = "Utfall" if helar else "Prognos"
    rubriker = {BUDGET: f"Budget {u.ar}", PROGNOS: f"{rubrik} {u.ar}"}
    rr = {BUDGET: _rr(math.fsum(budget_namnder.values()), b), PROGNOS: _rr(prognos_namnder, p)}
    poster = {BUDGET: b, PROGNOS: p}
    investeringar = {BUDGET: inv_budget, PROGNOS: inv_prognos}
    fg = k.foregaende_ar
    if fg is not None:
        pf = {key: getattr(fg.poster, key) or 0.0 for key in KEYS}
        rr = {FOREGAENDE: _rr(fg.namndernas_nettokostnad, pf), **rr}
        poster[FOREGAENDE] = pf
        investeringar[FOREGAENDE] = kr(pf["investeringar"])
        rubriker[FOREGAENDE] = f"Utfall {fg.ar}"
    bk = {c: _balanskrav(rr[c], poster[c]) for c in (BUDGET, PROGNOS)}
    kf: dict[str, dict[str, int | None]] = {}
    br: dict[str, dict[str, int | None]] = {}
    if fg is not None and fg.balansrakning is not None:
        br["ib"] = balans.balansrakning(fg.balansrakning)
        for c in (BUDGET, PROGNOS):
            kf[c], br[c] = _kf_br(br["ib"], rr[c], poster[c], investeringar[c])
    else:
        notes.append("Föregående års balansräkning saknas i uppfoljning.yaml (kommunen.foregaende_ar.balansrakning): "
                     "balansräkning, kassaflöde och soliditet kan inte beräknas.")

    goals = []
    for m in config.ekonomi.finansiella_mal:
        varden = {c: malvarde(m.typ, rr[c], br.get(c) or (br.get("ib") if c == FOREGAENDE else None),
                              investeringar.get(c)) for c in rr}
        goals.append(MalPrognos(m.id, m.namn, str(m.typ), m.minst, varden,
                                mal_uppfyllt(m.typ, varden[PROGNOS], m.minst)))
    geh = k.god_ekonomisk_hushallning
    met = None if mal is None else sum(1 for x in mal if x.arets_slut == "uppfyllt")
    hushallning = Hushallning(sum(g.uppfyllt for g in goals), len(goals),
                              len(goals) if geh.finansiella_mal is None else geh.finansiella_mal,
                              met, None if mal is None else len(mal), geh.andel_verksamhetsmal)
    out = KommunensPrognos(u.ar, str(period), helar, rubriker, rr, bk, kf, br, investeringar, goals, hushallning,
                           skr, used, notes=notes)
    out.kontroller = _kontroller(out, config, namnder, budget_namnder, poster)
    return out


# ---------------------------------------------------------------- kontroller
def _id(k: Kontroll, column: str) -> Kontroll:
    return dataclasses.replace(k, id=f"{k.regel}-{column}")


def _kontroller(kp: KommunensPrognos, config: Config, namnder: list[Any], budget_namnder: dict[str, float],
                poster: dict[str, dict[str, float]]) -> list[Kontroll]:
    """Every identity proven from the sources (reports and uppfoljning.yaml), then the outcome checks."""
    at = Loc(f"uppfoljning-{kp.period}.xlsx", SHEET)
    out: list[Kontroll] = []
    fg = config.uppfoljning.kommunen.foregaende_ar  # type: ignore[union-attr]
    sources = {BUDGET: math.fsum(budget_namnder.values()),
               PROGNOS: math.fsum(n.prognos or 0 if n.status == "inlämnad" else budget_namnder.get(n.namnd, 0)
                                  for n in namnder)}
    if fg is not None:
        sources[FOREGAENDE] = fg.namndernas_nettokostnad
    for c in kp.columns:
        p, g = poster[c], {key: v or 0 for key, v in kp.rr[c].items()}
        central = kr(p["po_avvikelse"]) + kr(p["internranta_netto"]) + kr(p["ovrigt_netto"]) - kr(p["pensionskostnader"])
        for regel, lhs, rhs in (
            ("UPP-RR1", g["verksamhetens_nettokostnader"], -kr(sources[c]) + central - kr(p["avskrivningar"])),
            ("UPP-RR2", g["verksamhetens_resultat"], g["verksamhetens_nettokostnader"] + kr(p["skatteintakter"])
             + kr(p["generella_statsbidrag_och_utjamning"])),
            ("UPP-RR3", g["resultat_efter_finansiella_poster"], g["verksamhetens_resultat"]
             + kr(p["finansiella_intakter"]) - kr(p["finansiella_kostnader"])),
            ("UPP-RR4", g["arets_resultat"], g["resultat_efter_finansiella_poster"] + g["extraordinara_poster"]),
        ):
            out.append(_id(identitet(regel, None, lhs, rhs, plats=at), c))
    for c in (BUDGET, PROGNOS):
        p, bk, ar = poster[c], kp.balanskrav[c], kp.rr[c]["arets_resultat"] or 0
        out.append(_id(identitet("UPP-BK1", None, bk["balanskravsresultat"],
                                 ar - kr(p["realisationsvinster"]) + kr(p["orealiserade_vardepapper"])
                                 - kr(p["rur_reservering"]) + kr(p["rur_disposition"]), plats=at), c))
        if c not in kp.br:
            continue
        ib, b, f = ({key: v or 0 for key, v in x.items()} for x in (kp.br["ib"], kp.br[c], kp.kf[c]))
        anl = ("immateriella_anlaggningstillgangar", "materiella_anlaggningstillgangar")
        for regel, lhs, rhs in (
            ("UPP-BR1", b["summa_tillgangar"], b["eget_kapital"] + b["avsattningar"] + b["skulder"]),
            ("UPP-BR2", b["eget_kapital"], ib["eget_kapital"] + ar),
            ("UPP-BR3", sum(b[x] for x in anl), sum(ib[x] for x in anl) + kp.investeringar[c] - kr(p["avskrivningar"])),
            ("UPP-BR4", b["avsattningar_for_pensioner"],
             ib["avsattningar_for_pensioner"] + kr(p["pensionsavsattning_forandring"])),
            ("UPP-BR5", b["langfristiga_skulder"], ib["langfristiga_skulder"] + kr(p["nyupplaning"]) - kr(p["amortering"])),
            ("UPP-KF1", f["arets_kassaflode"],
             f["lopande_verksamhet"] + f["investeringsverksamhet"] + f["finansieringsverksamhet"]),
            ("UPP-KF2", b["kassa_och_bank"], ib["kassa_och_bank"] + f["arets_kassaflode"]),
        ):
            out.append(_id(identitet(regel, None, lhs, rhs, plats=at), c))
    vad = f"{kp.word} för {kp.ar}"
    resultat_text = sv_tkr(kp.balanskrav[PROGNOS]["balanskravsresultat"])
    ok = kp.balanskrav[PROGNOS]["balanskravsresultat"] > 0
    out.append(Kontroll("UPP-BK", "UPP-BK", kp.ar, "balanskrav", ok,
                        f"Balanskravet uppfylls enligt {vad}: balanskravsresultatet {resultat_text}." if ok
                        else RULES["UPP-BK"].mall.format(vad=vad, resultat=resultat_text), kod="UPP-BK", plats=at))
    for m in kp.mal:
        value = m.varden[PROGNOS]
        shown = "kan inte beräknas" if value is None else sv_fixed(value, 2) + " %"
        out.append(Kontroll(f"UPP-FM-{m.id}", m.id, kp.ar, "finansiellt_mal", m.uppfyllt,
                            f"{m.namn}: {shown} enligt {vad} (mål minst {sv_number(m.minst)} %) – uppfylls."
                            if m.uppfyllt else RULES["UPP-FM"].mall.format(namn=m.namn, varde=shown, vad=vad,
                                                                          minst=sv_number(m.minst)),
                            kod="UPP-FM", plats=at))
    ids = [k.id for k in out]
    assert len(ids) == len(set(ids)), "kontroll-id:n ska vara unika"
    return out


LINES_BY_TABLE: dict[str, tuple[Line, ...]] = {"rr": RR_LINES, "balanskrav": BALANSKRAV_LINES, "kf": KF_LINES,
                                               "br": BR_LINES}
