"""Synthetic example submissions (syntetiska exempeldata) for the example kommun.

One filled workbook per nämnd and planning document, written through the real template
writer. The data is internally consistent: each nämnd's driftbudget nets exactly to its ram
every year; internhyror (lokalägaren) and internal services (tjänstekatalog) appear with the
same amounts as intern intäkt at the seller and intern kostnad at the buyer, per counterpart
and year (plan years indexed by INDEX); the nämndplan, verksamhetsplan and the other
documents refer to each other as the rules require. Deterministic: fixed seeds and timestamp.
The content data (texts, amounts) lives in xltools.examples.planering_data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.examples.planering_data import (
    ENHETSAKTIVITETER,
    INCOME,
    INSATSER,
    INVESTERINGAR,
    KATEGORI_KONTO,
    LOKALBEHOV,
    LOKALER,
    MAL,
    OWN_RISKS,
    PROFILE_OF,
    PROFILES,
    RIKTADE,
    RISK_POOL,
    SERVICEKATALOG,
    TAXOR,
    TJANSTER,
    WEIGHTS,
)
from xltools.excel.write import write_template
from xltools.forms import planning_for
from xltools.forms.status import FASTSTALLD, PRELIMINAR, UTKAST
from xltools.templates import template_name, units_for

SEED = 2062  # the kommunkod; any fixed value gives the same files every run
GENERATED = dt.datetime(2026, 9, 1, 8, 0)
INDEX = 0.02  # yearly indexation of internhyror and internal prices in the plan years
KONTO_HYRA_INTAKT, KONTO_HYRA_KOSTNAD = "3411", "6011"
KONTO_TJANST_INTAKT, KONTO_TJANST_KOSTNAD = "3691", "7491"
LOKAL_VERKSAMHET = "800"


def _rng(doc_type: str, namnd: str) -> random.Random:
    return random.Random(f"{SEED}-{doc_type}-{namnd}")


def indexed(amount: int, i: int) -> int:
    """An internal price for year i (1 = budget year) indexed by INDEX per plan year, in whole tkr."""
    return amount if i == 1 else round(amount * (1 + INDEX) ** (i - 1))


def _tkr(a: int, b: int) -> int:
    total, rest = divmod(a * b, 1000)
    if rest:
        raise ValueError(f"{a} × {b} / 1000 är inte ett helt antal tkr")
    return total


# ---------------------------------------------------------------- internal posts
@dataclass(frozen=True)
class InternalPost:
    """One internal row of a driftbudget: intern intäkt (seller) or intern kostnad (buyer)."""

    namnd: str
    verksamhet: str
    konto: str
    motpart: str
    beskrivning: str
    kind: str  # "intakter" or "kostnader"
    amounts: tuple[int, ...]  # per year of the plan period


def _lokaler(config: Config) -> list[dict[str, Any]]:
    owner = config.lokalagare()
    if owner is None:
        return []
    ids = set(config.submitting_ids)  # a nämnd bought of another värdkommun has no driftbudget
    return [lk for lk in LOKALER if lk["hyresgast"] in ids and lk["hyresgast"] != owner.id
            and lk["verksamhet"] in config.namnd(lk["hyresgast"]).verksamheter]


def _tjanster(config: Config) -> list[dict[str, Any]]:
    ids = set(config.submitting_ids)  # a nämnd bought of another värdkommun has no driftbudget
    return [t for t in TJANSTER if t["saljare"] in ids and t["kopare"] in ids and t["saljare"] != t["kopare"]]


def internal_posts(config: Config) -> list[InternalPost]:
    """Every internal row of every driftbudget; both sides sum the same indexed amounts."""
    n = len(config.planering.ar)
    acc: dict[tuple[str, str, str, str, str, str], list[int]] = defaultdict(lambda: [0] * n)
    texts: dict[tuple[str, str, str, str, str, str], str] = {}

    def add(key: tuple[str, str, str, str, str, str], text: str, base: int) -> None:
        texts.setdefault(key, text)
        for i in range(1, n + 1):
            acc[key][i - 1] += indexed(base, i)

    owner = config.lokalagare()
    for lk in _lokaler(config):
        assert owner is not None
        base = _tkr(lk["yta"], lk["hyra_m2"])
        tenant = config.namnd(lk["hyresgast"])
        own_v = LOKAL_VERKSAMHET if LOKAL_VERKSAMHET in owner.verksamheter else owner.verksamheter[0]
        add((tenant.id, lk["verksamhet"], KONTO_HYRA_KOSTNAD, owner.id, "kostnader", ""),
            f"Internhyra till {owner.namn}", base)
        add((owner.id, own_v, KONTO_HYRA_INTAKT, tenant.id, "intakter", ""), f"Internhyra från {tenant.namn}", base)
    for t in _tjanster(config):
        base = _tkr(t["pris"], t["antal"])
        seller, buyer = config.namnd(t["saljare"]), config.namnd(t["kopare"])
        add((buyer.id, t["kopare_verksamhet"], KONTO_TJANST_KOSTNAD, seller.id, "kostnader", t["grupp"]),
            f"{t['grupp']} från {seller.namn}", base)
        add((seller.id, t["saljare_verksamhet"], KONTO_TJANST_INTAKT, buyer.id, "intakter", t["grupp"]),
            f"{t['grupp']} till {buyer.namn}", base)
    return [InternalPost(k[0], k[1], k[2], k[3], texts[k], k[4], tuple(v)) for k, v in acc.items()]


# ---------------------------------------------------------------- driftbudget
def _drift_rows(config: Config, namnd: str) -> list[dict[str, Any]]:
    """Rows per verksamhet and kontogrupp; net (kostnader − intäkter) equals the ram every year."""
    years = config.planering.ar
    ramar = {y: config.brutto_ram(namnd, y) or 0 for y in years}  # a hosted gemensam nämnd budgets gross
    bought = {y: sum(n.kop.belopp.get(y, 0) for n in config.kop_by(namnd) if n.kop) for y in years}  # pre-filled
    verks = config.namnd(namnd).verksamheter
    weights = {v: w for v, w in (WEIGHTS.get(namnd) or dict.fromkeys(verks, 1.0)).items() if v in verks}
    internal = [p for p in internal_posts(config) if p.namnd == namnd]
    # (verksamhet, konto, beskrivning, kind, share of the gross external cost G)
    lines: list[tuple[str, str, str, str, float]] = []
    total_w = sum(weights.values())
    for v, w in weights.items():
        prof = PROFILES[PROFILE_OF.get(v, "admin")]
        s_tot = sum(s for _, s, _ in prof)
        for konto, s, text in prof:
            lines.append((v, konto, text, "kostnader", w / total_w * s / s_tot))
        for konto, f, text in INCOME.get(v, ()):
            lines.append((v, konto, text, "intakter", w / total_w * f))
    net_per_g = sum(sh if kind == "kostnader" else -sh for *_, kind, sh in lines)
    amounts: list[list[int]] = [[0] * len(years) for _ in lines]
    for i, y in enumerate(years):
        int_net = sum(p.amounts[i] if p.kind == "kostnader" else -p.amounts[i] for p in internal)
        external_net = ramar[y] - int_net - bought[y]
        if external_net <= 0:
            raise ValueError(f"{namnd}: ramen {ramar[y]} räcker inte till de interna posterna ({int_net})")
        g = external_net / net_per_g
        for j, (*_, sh) in enumerate(lines):
            amounts[j][i] = round(g * sh)
        net = sum(a[i] if ln[3] == "kostnader" else -a[i] for a, ln in zip(amounts, lines, strict=True))
        biggest = max((j for j, ln in enumerate(lines) if ln[3] == "kostnader"), key=lambda j: amounts[j][i])
        amounts[biggest][i] += ramar[y] - (net + int_net + bought[y])
    rows: list[tuple[tuple[int, str, str], dict[str, Any]]] = []
    order = {v: n for n, v in enumerate(verks)}
    for (v, konto, text, kind, _), a in zip(lines, amounts, strict=True):
        if not any(a):
            continue
        row: dict[str, Any] = {"verksamhet": v, "konto": konto, "beskrivning": text}
        row.update({f"{kind}_{i}": a[i - 1] for i in config.year_slots})
        rows.append(((order[v], konto, text), row))
    for p in internal:
        row = {"verksamhet": p.verksamhet, "konto": p.konto, "motpart": p.motpart, "beskrivning": p.beskrivning}
        row.update({f"{p.kind}_{i}": p.amounts[i - 1] for i in config.year_slots})
        rows.append(((order.get(p.verksamhet, 99), p.konto, p.beskrivning), row))
    return [r for _, r in sorted(rows, key=lambda t: t[0])]


def _driftbudget(config: Config, namnd: str) -> dict[str, Any]:
    rows = _drift_rows(config, namnd)
    text = ("Syntetiska exempeldata. Budgeten är lagd exakt på ramen alla tre åren. Interna poster "
            f"(internhyror och interna tjänster) följer säljarens förslag, uppräknade med {INDEX:.0%} per planår.")
    return {"fields": {"kommentar": text.replace("%", " %")},
            "rows": {"drift": rows, "konsekvenser": konsekvenser_for(config, namnd, rows)}}


def konsekvenser_for(config: Config, namnd: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A konsekvensanalys for each verksamhet whose nettokostnad falls below last year's budget by the
    configured limits (rule EKO-4): the example's prioriteringar, synthetic like the rest."""
    from xltools.forms.followup import budget_for

    grans = config.planering.konsekvensanalys
    netto: dict[str, float] = {}
    for r in rows:
        v = r["verksamhet"]
        netto[v] = netto.get(v, 0.0) + float(r.get("kostnader_1") or 0) - float(r.get("intakter_1") or 0)
    out = []
    for v, budget in budget_for(config, namnd).items():
        fall = budget - netto.get(v, 0.0)
        if budget > 0 and fall >= grans.minskning_tkr and 100 * fall / budget >= grans.minskning_procent:
            namn = _verksamhet_namn(config, v).removeprefix(f"Verksamhet {v} ")
            out.append({"verksamhet": v, "belopp": round(fall),
                        "prioritering": f"{namn}: minskad omfattning mot budgeten {config.planering.budgetar - 1}",
                        "konsekvens": "Längre väntetider och mindre utrymme för förebyggande arbete; nämndens mål "
                                      "för verksamheten nås senare än planerat.",
                        "for_vem": f"Invånare och brukare inom {namn.lower()}"})
    return out


# ---------------------------------------------------------------- internhyror
def _internhyror(config: Config, namnd: str) -> dict[str, Any]:
    hyror = [
        {"objekt_id": lk["objekt_id"], "objekt": lk["objekt"], "hyresgast": lk["hyresgast"], "yta": lk["yta"],
         "hyra_m2": lk["hyra_m2"], "kommentar": _verksamhet_namn(config, lk["verksamhet"])}
        for lk in _lokaler(config) if (owner := config.lokalagare()) is not None and owner.id == namnd
    ]
    tjanster = [
        {"tjanst_id": t["tjanst_id"], "tjanst": t["tjanst"], "kopare": t["kopare"], "enhet": t["enhet"],
         "pris": t["pris"], "antal": t["antal"]}
        for t in _tjanster(config) if t["saljare"] == namnd
    ]
    service = [dict(zip(("tjanst", "beskrivning", "enhet", "pris", "kommentar"), s, strict=True))
               for s in SERVICEKATALOG.get(namnd, ())]
    return {"rows": {"hyror": hyror, "tjanster": tjanster, "service": service}}


def _verksamhet_namn(config: Config, kod: str) -> str:
    namn = next((v.namn for v in config.kontoplan.verksamheter if v.kod == kod), "")
    return f"Verksamhet {kod} {namn}".strip()


# ---------------------------------------------------------------- namndplan and verksamhetsplan
def _mal(config: Config, namnd: str) -> list[tuple[str, dict[str, Any]]]:
    """(mål-id, data) for the nämnd's riktade mål (pre-filled) and its own nämndmål."""
    out: list[tuple[str, dict[str, Any]]] = []
    for rm in config.riktade_mal_for(namnd, config.planering.budgetar, planperiod=True):
        if rm.id in RIKTADE:
            out.append((rm.id, RIKTADE[rm.id]))
    out += [(f"NM{n}", m) for n, m in enumerate(MAL.get(namnd, ()), start=1)]
    return out


def _namndplan(config: Config, namnd: str) -> dict[str, Any]:
    mal_rows = [{"mal_id": mid, "typ": "namndmal", "text": m["text"], "strategiskt_mal": m["sm"]}
                for mid, m in _mal(config, namnd) if mid.startswith("NM")]
    matt_rows = []
    for mid, m in _mal(config, namnd):
        for matt, enhet, kalla, kolada, utg, mal_v, riktning in m["matt"]:
            row = {"mal_id": mid, "matt": matt, "enhet": enhet, "kalla": kalla, "utgangsvarde": utg,
                   **{f"malvarde_{i}": _malvarde(mal_v, i) for i in config.year_slots}, "riktning": riktning}
            if kolada:
                row["kolada_id"] = kolada
            matt_rows.append(row)
    return {"rows": {"mal": mal_rows, "matt": matt_rows}}


def _malvarde(mal_v: tuple[float, ...], i: int) -> float:
    """The målvärde of year slot i: the declared ones, a third plan year continuing the last step."""
    if i <= len(mal_v):
        return mal_v[i - 1]
    return round(mal_v[-1] + (i - len(mal_v)) * (mal_v[-1] - mal_v[-2]), 1)


def _insats(config: Config, namnd: str, i: int) -> str:
    """The i-th activity's insatsområde: the nämnd's own in turn (INSATSER), else the strategi's first."""
    own = INSATSER.get(namnd) or tuple(config.malkedja.insatsomraden[:1])
    return own[i % len(own)] if own else ""


def _verksamhetsplan(config: Config, namnd: str, org_enhet: str = "") -> dict[str, Any]:
    """The nämnd's verksamhetsplan (an activity per mål), or a unit's own (ENHETSAKTIVITETER)."""
    rng = _rng("verksamhetsplan", namnd + (f"/{org_enhet}" if org_enhet else ""))
    year = config.planering.budgetar
    if org_enhet:
        unit = config.namnd(namnd).org_enhet(org_enhet)
        assert unit is not None
        planned = [(mid, aktivitet, unit.namn, ansvarig, insats)
                   for mid, aktivitet, ansvarig, insats in ENHETSAKTIVITETER.get(org_enhet, ())]
    else:
        planned = [(mid, aktivitet, enhet, ansvarig, _insats(config, namnd, i))
                   for i, (mid, aktivitet, enhet, ansvarig) in enumerate(
                       (mid, *a) for mid, m in _mal(config, namnd) for a in m["akt"])]
    rows = []
    for mid, aktivitet, enhet, ansvarig, insats in planned:
        start = dt.date(year, rng.randint(1, 6), 1)
        month = rng.randint(max(start.month + 3, 6), 12)
        klart = dt.date(year, month, calendar.monthrange(year, month)[1])
        status = "pagar" if start.month == 1 and rng.random() < 0.5 else "ej_paborjad"
        rows.append({"aktivitet_id": f"A{len(rows) + 1}", "aktivitet": aktivitet, "mal_id": mid, "enhet": enhet,
                     "ansvarig": ansvarig, "start": start, "klart": klart, "status": status,
                     **({"insatsomrade": insats} if insats else {})})
    return {"rows": {"aktiviteter": rows}}


# ---------------------------------------------------------------- investeringsplan
def _investeringsplan(config: Config, namnd: str) -> dict[str, Any]:
    rng = _rng("investeringsplan", namnd)
    projekt, kalkyl, inkop = [], [], []
    prefix = namnd.upper()
    for n, p in enumerate(INVESTERINGAR.get(namnd, ()), start=1):
        pid = f"{prefix}-{n:02d}"
        kat = config.kategori(p["kategori"])
        if kat is None:
            continue
        u, senare = list(p["utgift"]), p.get("senare", 0)
        if len(config.planering.ar) > len(u):  # a third plan year takes what the plan had for later years
            u, senare = [*u, senare], 0
        total = sum(u) + senare
        row: dict[str, Any] = {"projekt_id": pid, "namn": p["namn"], "kategori": kat.id,
                               "lokal": "ja" if kat.lokal else "nej", "konto": KATEGORI_KONTO[kat.id],
                               "start": p["start"], "aktivering": p["aktivering"]}
        row.update({f"utgift_{i}": u[i - 1] for i in config.year_slots if u[i - 1]})
        if senare:
            row["utgift_senare"] = senare
        projekt.append(row)
        kalkyl.append({"projekt_id": pid, "belopp": total, "avskrivningstid": kat.avskrivningstid,
                       "ovriga_driftkostnader": p.get("drift", 0)})
        if p["start"] <= config.planering.ar[-1]:
            form = p.get("form") or ("oppet" if total > 5000 else "avrop" if kat.id in ("it", "programvaror", "fordon")
                    else "forenklat" if total > 700 else "direkt")
            what = "Entreprenad" if kat.id in ("verksamhetslokaler", "skolor_forskolor", "gator_vagar", "park_idrott") \
                else "Inköp"
            inkop.append({"upphandling": f"{what}: {p['namn']}", "projekt_id": pid,
                          "beskrivning": p.get("inkop", "Upphandling enligt LOU"), "varde": total, "form": form,
                          "start": dt.date(p["start"] - 1, rng.randint(9, 12), 1),
                          "ansvarig": p.get("ansvarig", "Upphandlare")})
    return {"rows": {"projekt": projekt, "kalkyl": kalkyl, "inkop": inkop}}


# ---------------------------------------------------------------- taxor
def _taxor(config: Config, namnd: str) -> dict[str, Any]:
    verks = set(config.namnd(namnd).verksamheter)
    rows = []
    for taxa, verksamhet, enhet, nu, ny, motivering, lagrum in TAXOR.get(namnd, ()):
        if verksamhet not in verks:
            continue
        row: dict[str, Any] = {"taxa_id": f"T{len(rows) + 1:02d}", "taxa": taxa, "verksamhet": verksamhet,
                               "enhet": enhet, "foreslaget": ny, "lagrum": lagrum}
        if nu is not None:
            row["nuvarande"] = nu
        if motivering:
            row["motivering"] = motivering
        rows.append(row)
    return {"rows": {"taxor": rows}}


# ---------------------------------------------------------------- internkontrollplan
KS_ANSVARIG = {"KS-IK1": "Ekonom", "KS-IK2": "Upphandlingssamordnare", "KS-IK3": "Ekonom",
               "KS-IK4": "HR-specialist", "KS-IK5": "Systemägare"}


def _internkontrollplan(config: Config, namnd: str) -> dict[str, Any]:
    rng = _rng("internkontrollplan", namnd)
    rows: list[dict[str, Any]] = [
        {"kontroll_id": k.id, "sannolikhet": rng.randint(1, 3), "konsekvens": rng.randint(2, 4),
         "ansvarig": KS_ANSVARIG.get(k.id, "Förvaltningschef")}
        for k in config.arshjul.obligatoriska_kontrollmoment
    ]
    own = list(OWN_RISKS.get(namnd, ())) + rng.sample(RISK_POOL, 2 if OWN_RISKS.get(namnd) else 3)
    for n, (omrade, risk, moment, metod, frekvens, ansvarig) in enumerate(own[:4], start=1):
        rows.append({"kontroll_id": f"IK{n}", "omrade": omrade, "risk": risk, "sannolikhet": rng.randint(2, 4),
                     "konsekvens": rng.randint(2, 4), "kontrollmoment": moment, "metod": metod,
                     "frekvens": frekvens, "ansvarig": ansvarig, "obligatorisk": "nej"})
    return {"rows": {"kontroller": rows}}


# ---------------------------------------------------------------- lokalbehovsplan
def _lokalbehovsplan(config: Config, namnd: str) -> dict[str, Any]:
    year = config.planering.budgetar
    rows = [{"behov_id": f"LB{i}", "verksamhet": verksamhet, "behov": behov, "typ": typ, "yta": yta,
             "fran_ar": year + offset, "motivering": motivering, **({} if inv is None else {"investering": inv})}
            for i, (verksamhet, behov, typ, yta, offset, inv, motivering) in enumerate(LOKALBEHOV.get(namnd, ()), 1)]
    return {"rows": {"behov": rows}}


# ---------------------------------------------------------------- bolagsplan
# Per bolag, the budget year's summary (tkr): rörelsens intäkter, kostnader, avskrivningar, finansnetto,
# omsättningstillgångar, eget kapital (opening), avsättningar, kortfristiga skulder, övriga lån; grown 2 % a year.
BOLAG_BUDGET: dict[str, tuple[int, int, int, int, int, int, int, int, int]] = {
    "morastrand": (182000, 118000, 38000, -17500, 41000, 212000, 4000, 46000, 0),
    "moravatten": (96000, 61000, 19000, -6200, 18000, 54000, 1500, 21000, 0),
    "nodava": (74000, 68500, 3100, -400, 15500, 9800, 600, 12400, 2000),
}
BOLAG_INVESTERINGAR: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "morastrand": (("Nyproduktion kv. Åkern, 30 lägenheter", (42000, 38000, 0)),
                   ("Energieffektivisering av beståndet", (8000, 8000, 8000))),
    "moravatten": (("Nytt vattenverk Östnor, etapp 2", (25000, 30000, 12000)),
                   ("Förnyelse av ledningsnätet", (9000, 9500, 10000))),
    "nodava": (("Fordon och maskiner", (2500, 1800, 2000)),),
}
BOLAG_MALVARDE = {"MS2": (11.0, 11.5, 12.0, 12.5), "ND1": (52.0, 55.0, 58.0, 60.0)}
BOLAG_ANSVARIG = {"morastrand": "Ekonomichef Morastrand", "moravatten": "VD Moravatten", "nodava": "Ekonomiansvarig Nodava"}


def _bolagsplan(config: Config, namnd: str) -> dict[str, Any]:
    """The kommun's bolag: EK rolled by each year's result; långfristiga skulder = the borgen of the kommun's
    ansvarsförbindelser + the kommun's lån to the bolag + övriga lån, so the plan agrees with the kommunplan."""
    years = config.planering.ar
    rows: dict[str, list[dict[str, Any]]] = {"resultat": [], "balans": [], "borgen": [], "investeringar": [],
                                             "mal": [], "intern_kontroll": []}
    for b in config.bolag_med_plan:
        if b.id not in BOLAG_BUDGET:
            continue
        vi, vk, av, fn, oms, ek, avs, kort, ovriga = BOLAG_BUDGET[b.id]
        for i, y in enumerate(years):
            g = 1.02 ** i
            r = {"intakter": round(vi * g), "kostnader": round(vk * g), "avskrivningar": round(av * (1 + 0.03 * i)),
                 "finansnetto": round(fn * g)}
            ek += r["intakter"] - r["kostnader"] - r["avskrivningar"] + r["finansnetto"]
            borgen, lan = config.bolag_ub(b.id, y)
            lang = borgen + lan + ovriga
            total = ek + avs + lang + kort
            rows["resultat"].append({"bolag": b.id, "ar": y, **r})
            rows["balans"].append({"bolag": b.id, "ar": y, "anlaggningstillgangar": total - oms,
                                   "omsattningstillgangar": oms, "eget_kapital": ek, "avsattningar": avs,
                                   "langfristiga_skulder": lang, "kortfristiga_skulder": kort})
            rows["borgen"].append({"bolag": b.id, "ar": y, "borgen": borgen, "ovriga_lan": ovriga or None})
        for projekt, u in BOLAG_INVESTERINGAR.get(b.id, ()):
            rows["investeringar"].append({"bolag": b.id, "projekt": projekt,
                                          **{f"utgift_{i}": u[min(i, len(u)) - 1] for i in config.year_slots}})
        for m in b.agardirektiv:
            if m.id in BOLAG_MALVARDE:
                rows["mal"].append({"bolag": b.id, "mal_id": m.id, **{f"malvarde_{i}": BOLAG_MALVARDE[m.id][i - 1]
                                                                       for i in config.year_slots}})
        rows["intern_kontroll"] += [{"bolag": b.id, "kontroll_id": k.id, "ansvarig": BOLAG_ANSVARIG.get(b.id, "VD")}
                               for k in config.arshjul.obligatoriska_kontrollmoment]
    return {"rows": rows}


# ---------------------------------------------------------------- entry points
_BUILDERS = {
    "namndplan": _namndplan,
    "verksamhetsplan": _verksamhetsplan,
    "investeringsplan": _investeringsplan,
    "internhyror": _internhyror,
    "taxor": _taxor,
    "driftbudget": _driftbudget,
    "internkontrollplan": _internkontrollplan,
    "lokalbehovsplan": _lokalbehovsplan,
    "bolagsplan": _bolagsplan,
}


# The documents a nämnd has decided by the time the example round is received (the others are utkast):
# status and the day of the decision (year relative to the budget year, month, day), per the årshjul.
DECIDED: dict[str, tuple[str, int, int, int]] = {
    "investeringsplan": (FASTSTALLD, -1, 1, 22),
    "internhyror": (FASTSTALLD, -1, 1, 22),
    "taxor": (FASTSTALLD, -1, 4, 22),
    "namndplan": (FASTSTALLD, -1, 9, 16),
}
PRELIMINARY_NAMNDPLAN = (PRELIMINAR, -1, 4, 22)  # the April decision on the preliminär nämndplan


def beslut(config: Config, doc_type: str, namnd: str,
           decision: tuple[str, int, int, int] | None = None) -> dict[str, Any]:
    """The status block's values of an example document (`decision` overrides DECIDED)."""
    decision = decision or DECIDED.get(doc_type)
    if decision is None:
        return {"dokumentstatus": UTKAST}
    status, rel, month, day = decision
    paragraf = 20 + 3 * config.namnd_ids.index(namnd) + month  # a plausible, stable protocol paragraph
    return {"dokumentstatus": status, "beslutsorgan": config.namnd(namnd).namn,
            "beslutsdatum": dt.date(config.planering.budgetar + rel, month, day), "paragraf": f"§ {paragraf}"}


def example_values(config: Config, doc_type: str, namnd: str,
                   decision: tuple[str, int, int, int] | None = None, org_enhet: str = "") -> dict[str, Any]:
    """The `values` argument of write_template for one nämnd's (or unit's) example document, its decision included."""
    if doc_type not in _BUILDERS:
        raise KeyError(doc_type)
    values = _verksamhetsplan(config, namnd, org_enhet) if org_enhet else _BUILDERS[doc_type](config, namnd)
    return {**values, "fields": {**values.get("fields", {}), **beslut(config, doc_type, namnd, decision)}}


def build_examples(config: Config, out_dir: str | Path) -> list[Path]:
    """Write one filled example workbook per nämnd and planning document (PLANNING) into `out_dir`, atomically."""
    year = config.planering.budgetar
    out_dir = Path(out_dir)
    written: list[Path] = []
    with atomic_dir(out_dir) as tmp:
        for namnd in config.submitting_ids:
            for form in planning_for(config, namnd):
                for unit in units_for(config, form, namnd):  # a unit's verksamhetsplan beside the nämnd's
                    name = template_name(form, namnd, year, org_enhet=unit)
                    write_template(form, config, namnd, year, tmp / name, generated=GENERATED, org_enhet=unit,
                                   values=example_values(config, form.doc_type, namnd, org_enhet=unit))
                    written.append(out_dir / name)
    return written
