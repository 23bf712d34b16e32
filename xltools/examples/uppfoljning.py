"""Synthetic follow-up submissions (syntetiska exempeldata) for the example kommun's follow-up year.

For every nämnd: månadsrapporter for 2026-02 and 2026-03, uppföljning och prognos januari–april
(2026-04), the delårsrapport januari–augusti (2026-08) and the verksamhetsberättelse for the year
(2026-12), written through the real template writer into workbooks/uppfoljning/. Beside them, in
workbooks/uppfoljning-underlag/: the ekonomisystem's SIE export for the year (xltools.examples.
ekonomisystem) and each nämnd's adopted plan for the year (nämndplan and internbudget). Every
template is pre-filled the way `xltools uppfoljning mallar --utfall ... --underlag ...` does it:
utfall read from the SIE export at the period and locked, internbudget periodised; the nämnd then
types its prognos, comments, åtgärder, mål and the rest. The prognos converges on the true outcome
over the year, so the prognos trend is meaningful; a deficit comes with åtgärder, so every file
validates without fel. Deterministic: fixed seeds and timestamps.
Run: xltools exempel --uppfoljning --out workbooks/uppfoljning.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.examples.ekonomisystem import (
    Verksamhetsar,
    arets_utfall,
    projektens_utfall,
    write_export,
)
from xltools.examples.uppfoljning_data import (
    ATGARDER,
    EGNA_KONTROLLER,
    INSATS_TEXT,
    KOMMENTAR_OVER,
    KOMMENTAR_UNDER,
    NAMNDMAL,
    RIKTADE_KOLADA,
    RIKTADE_MATT,
)
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.forms.followup import budget_for, insatsomraden_for, investeringar_for, riktade_mal_for
from xltools.forms.layout import Prefill
from xltools.forms.period import Period, check_period, kind_of
from xltools.sv import sv_number
from xltools.templates import header_values, template_name
from xltools.uppfoljning.forifyllt import forifyllt
from xltools.uppfoljning.underlag import Valda
from xltools.utfall.uppfoljning import las_utfall
from xltools.validate import validate_paths

SEED = 2062
PERIODS = ("2026-02", "2026-03", "2026-04", "2026-08", "2026-12")
BRIST = ("ks", "sn", "tn", "gyn", "rn")  # whose KS-IK3 (representation) found a brist
PLAN_YEAR_GENERATED = dt.datetime(2025, 12, 10, 8, 0)  # the plan documents for the year, adopted the year before
_UPGRADE = {"ej_uppfyllt": "delvis", "delvis": "uppfyllt", "ej_bedomt": "delvis", "uppfyllt": "uppfyllt"}
_ANALYS = {
    "uppfyllt": "Målvärdet är nått. Resultatet bygger på ett långsiktigt arbete som fortsätter under året.",
    "delvis": "Utvecklingen går åt rätt håll men målvärdet är ännu inte nått. Insatserna i verksamhetsplanen "
              "fortsätter och följs upp månadsvis.",
    "ej_uppfyllt": "Utfallet ligger klart under målvärdet. Orsakerna analyseras och nämnden prioriterar om "
                   "insatserna under hösten.",
    "ej_bedomt": "Mätningen görs under hösten; målet kan inte bedömas ännu.",
}


def generated(period: Period) -> dt.datetime:
    """The fixed 'generated' timestamp of a period's templates (the 20th of the reported month)."""
    return dt.datetime(period.year, period.month, 20, 8, 0)


def _tkr(x: float) -> str:
    return sv_number(round(x))


# ---------------------------------------------------------------- economy
def _economy(config: Config, namnd: str, period: Period, helar: bool,
             years: dict[tuple[str, str], Verksamhetsar]) -> list[dict[str, Any]]:
    """Per verksamhet: the helårsprognos the nämnd types (the utfall is pre-filled from the ekonomisystem).
    `_avvikelse` is budget − prognos (helår: budget − utfall), `_budget` the budget."""
    noisy = random.Random(f"{SEED}-{namnd}-{period}")
    conv = min(1.0, 0.35 + 0.1 * period.month)  # the prognos converges on the true outcome over the year
    rows = []
    for kod, budget in budget_for(config, namnd).items():
        x = years[(namnd, kod)]
        row: dict[str, Any] = {"verksamhet": kod, "_budget": budget}
        if helar:
            avv = budget - x.netto
        else:
            prognos_net = budget + (x.netto - budget) * conv
            row |= {"prognos_intakter": x.intakter, "prognos_kostnader": round(prognos_net + x.intakter)}
            avv = budget - (row["prognos_kostnader"] - row["prognos_intakter"])
        if abs(avv) >= max(50, 0.01 * budget):
            row["kommentar"] = noisy.choice(KOMMENTAR_OVER if avv < 0 else KOMMENTAR_UNDER)
        row["_avvikelse"] = avv
        rows.append(row)
    return rows


def _measures(rows: list[dict[str, Any]], period: Period) -> list[dict[str, Any]]:
    """At a deficit: åtgärder for the verksamheter with a large negative avvikelse and one for the whole nämnd."""
    total = sum(r["_avvikelse"] for r in rows)
    if total >= -0.5:
        return []
    klart = dt.date(period.year, min(12, period.month + 3), 28)
    big = [r for r in rows if r["_avvikelse"] <= -max(100, 0.01 * r["_budget"])]
    out = [{"verksamhet": r["verksamhet"], "atgard": ATGARDER[i % len(ATGARDER)], "effekt": round(-r["_avvikelse"] * 0.5),
            "ansvarig": "Verksamhetschef", "klart": klart} for i, r in enumerate(big)]
    rest = -total - sum(a["effekt"] for a in out)
    out.append({"atgard": "Generell återhållsamhet med inköp, vikarier och resor i hela förvaltningen",
                "effekt": max(1, round(rest * 0.5)), "ansvarig": "Förvaltningschef", "klart": klart})
    return out


def _texts(rows: list[dict[str, Any]], kind: str, period: Period) -> dict[str, str]:
    budget = sum(r["_budget"] for r in rows)
    avv = sum(r["_avvikelse"] for r in rows)
    word = "ett överskott" if avv >= 0 else "ett underskott"
    pct = sv_number(round(100 * abs(avv) / budget, 1)) if budget else "0"
    basis = "Årets utfall" if kind == "verksamhetsberattelse" else "Prognosen för helåret"
    base = f"{basis} visar {word} på {_tkr(abs(avv))} tkr ({pct} procent av budget)."
    if avv < -0.5:
        base += " Åtgärder för budget i balans är beskrivna på bladet Åtgärder."
    worst = min(rows, key=lambda r: r["_avvikelse"])
    if worst["_avvikelse"] < -0.5:
        where = (f"Den största negativa avvikelsen finns inom verksamhet {worst['verksamhet']} (underskott "
                 f"{_tkr(-worst['_avvikelse'])} tkr).")
    else:
        where = "Alla verksamheter håller sin budget."
    analys = (f"{base} {where} Utfallet till och med {period.month_name} kommer ur ekonomisystemet och är "
              "analyserat per verksamhet. Syntetiska exempeldata.")
    if kind == "manadsrapport":
        return {"kommentar": base}
    out = {"ekonomisk_analys": analys}
    if kind in ("delarsrapport", "verksamhetsberattelse"):
        out["verksamhet"] = ("Verksamheten har i huvudsak bedrivits enligt plan. Rekryteringsläget är fortsatt "
                             "ansträngt inom flera yrkesgrupper. Syntetiska exempeldata.")
    if kind == "verksamhetsberattelse":
        out["framtid"] = ("Befolkningen blir äldre och behoven inom äldreomsorgen ökar, samtidigt som "
                          "skatteunderlaget växer långsamt. Syntetiska exempeldata.")
    return out


# ---------------------------------------------------------------- goals, investments, controls
Matt = tuple[str, str, float, float]  # mått, enhet, målvärde, utfall


def _goal_list(config: Config, namnd: str) -> list[tuple[str, str, str | None, list[Matt]]]:
    """(mål-id, typ, own text|strategiskt mål, mått): a riktat mål's mått are those KF decided with it
    (malkedja.yaml; the nämndplan pre-fills them), with the example's figures."""
    goals: list[tuple[str, str, str | None, list[Matt]]] = []
    for r in riktade_mal_for(config, namnd):
        matt, enhet, malvarde, utfall = RIKTADE_MATT[r.id]
        goals.append((r.id, "riktat", None, [(m.matt, m.enhet, malvarde, utfall) for m in r.matt]
                      or [(matt, enhet, malvarde, utfall)]))
    for i, (text, sm, matt, enhet, malvarde, utfall) in enumerate(NAMNDMAL[namnd], start=1):
        goals.append((f"NM{i}", "namndmal", f"{text}|{sm}", [(matt, enhet, malvarde, utfall)]))
    return goals


def _goals(config: Config, namnd: str, period: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    helar = period.month == 12
    rng = random.Random(f"{SEED}-{namnd}-mal-{Period(period.year, 8) if helar else period}")
    mal, matt_rows, reached = [], [], 0
    for mal_id, typ, own, matts in _goal_list(config, namnd):
        nu = rng.choices(("uppfyllt", "delvis", "ej_uppfyllt", "ej_bedomt"), weights=(35, 45, 15, 5))[0]
        slut = _UPGRADE[nu] if rng.random() < 0.4 else ("delvis" if nu == "ej_bedomt" else nu)
        reached += slut == "uppfyllt"
        row: dict[str, Any] = {"mal_id": mal_id, "analys": _ANALYS[slut if helar else nu]}
        row |= {"bedomning": slut} if helar else {"bedomning": nu, "prognos": slut}
        if own:
            text, sm = own.split("|")
            row |= {"typ": typ, "text": text, "strategiskt_mal": sm}
        mal.append(row)
        for matt, enhet, malvarde, utfall in matts:
            shown = (malvarde if slut == "uppfyllt" else round(utfall + (malvarde - utfall) * 0.5, 1)) if helar else utfall
            matt_rows.append({"mal_id": mal_id, "matt": matt, "enhet": enhet, "malvarde": malvarde, "utfall": shown,
                              "analys": f"Utfallet är {sv_number(shown)} {enhet} mot målvärdet {sv_number(malvarde)}. "
                                        + _ANALYS[slut if helar else nu]})
    return mal, matt_rows, reached


def _investments(config: Config, namnd: str, helar: bool, spend: dict[tuple[str, str], tuple[int, ...]]) -> list[dict[str, Any]]:
    out = []
    for p in investeringar_for(config, namnd):
        year = round(sum(spend[(namnd, p.id)]) / 1000)
        row: dict[str, Any] = {"projekt_id": p.id}
        if not helar:
            row["prognos"] = year
        if year < 0.9 * p.budget:
            row["kommentar"] = "Delar av projektet förskjuts till nästa år."
        out.append(row)
    return out


def _controls(namnd: str, helar: bool) -> list[dict[str, Any]]:
    done = {"status": "utford", "resultat": "Stickproven visade inga avvikelser.", "brist": "nej"}
    brist = {"status": "utford", "resultat": "Två verifikationer saknade deltagarlista.", "brist": "ja",
             "atgard": "Rutinen för representation har förtydligats och chefer har informerats."}
    if namnd not in BRIST:
        brist = done
    if helar:
        rows: list[dict[str, Any]] = [{"kontroll_id": k, **(brist if k == "KS-IK3" else done)}
                                      for k in ("KS-IK1", "KS-IK2", "KS-IK3", "KS-IK4", "KS-IK5")]
    else:
        rows = [
            {"kontroll_id": "KS-IK1", **done},
            {"kontroll_id": "KS-IK2", "status": "pagar", "resultat": "Analysen av leverantörsreskontran pågår."},
            {"kontroll_id": "KS-IK3", **brist},
            {"kontroll_id": "KS-IK4", "status": "pagar", "resultat": "Månatliga avstämningar utan anmärkning hittills."},
            {"kontroll_id": "KS-IK5", "status": "ej_utford", "resultat": "Genomgången är planerad till oktober."},
        ]
    for i, (omrade, moment) in enumerate(EGNA_KONTROLLER, start=1):
        rows.append({"kontroll_id": f"{namnd.upper()}-EGEN{i}", "omrade": omrade, "kontrollmoment": moment,
                     **(done if helar else {"status": "pagar"})})
    return rows


def _insatser(config: Config, namnd: str) -> list[dict[str, Any]]:
    mine = set(insatsomraden_for(config, namnd))
    name = config.namnd(namnd).namn
    return [{"insatsomrade": t, "berors": "ja", "beskrivning": INSATS_TEXT.format(insats=t.lower(), namnd=name)}
            if t in mine else {"insatsomrade": t, "berors": "nej"} for t in config.malkedja.insatsomraden]


# ---------------------------------------------------------------- one workbook
def example_values(config: Config, kind: str, namnd: str, period: Period,
                   years: dict[tuple[str, str], Verksamhetsar] | None = None,
                   spend: dict[tuple[str, str], tuple[int, ...]] | None = None) -> dict[str, Any]:
    """The `values` argument of write_template for one nämnd's follow-up for a period (what the nämnd types)."""
    years = years if years is not None else arets_utfall(config)
    spend = spend if spend is not None else projektens_utfall(config)
    eco = _economy(config, namnd, period, kind_of(kind).helar, years)
    fields = header_values(config, kind, period) | _texts(eco, kind, period)
    rows: dict[str, list[dict[str, Any]]] = {
        "atgarder": _measures(eco, period),
        "ekonomi": [{k: v for k, v in r.items() if not k.startswith("_")} for r in eco],
    }
    if kind_of(kind).goals:
        helar = kind_of(kind).helar
        mal, matt, reached = _goals(config, namnd, period)
        rows |= {"mal": mal, "matt": matt, "investeringar": _investments(config, namnd, helar, spend),
                 "kontroller": _controls(namnd, helar)}
        fields["mal_analys"] = (f"{reached} av {len(mal)} mål {'är uppfyllda' if helar else 'bedöms vara uppfyllda vid årets slut'}. "
                                "Syntetiska exempeldata.")
        if helar:
            rows["insatser"] = _insatser(config, namnd)
    return {"fields": fields, "rows": rows}


# ---------------------------------------------------------------- the year's plans (underlag)
def _plan_values(config: Config, namnd: str, years: dict[tuple[str, str], Verksamhetsar]) -> dict[str, dict[str, Any]]:
    """The nämnd's adopted nämndplan and internbudget (driftbudget) for the follow-up year."""
    rng = random.Random(f"{SEED}-{namnd}-plan")
    drift = []
    budgets = budget_for(config, namnd)
    ramar = config.ekonomi.ramar.get(namnd, {})
    # The plan years follow the adopted ramar where the configuration has them (each verksamhet its share,
    # rounded down so the budget stays within the ram), as an adopted internbudget does.
    share = {i: ramar[config.planering.uppfoljningsar + i - 1] / math.fsum(budgets.values())
             for i in (2, 3) if config.planering.uppfoljningsar + i - 1 in ramar and math.fsum(budgets.values())}
    for kod, budget in budgets.items():
        x = years[(namnd, kod)]
        intakter = round(x.intakter * rng.uniform(0.95, 1.05))
        drift += [{"verksamhet": kod, "konto": "31", "intakter_1": intakter, **{f"intakter_{i}": intakter for i in share}},
                  {"verksamhet": kod, "konto": "50", "kostnader_1": round(budget + intakter),
                   **{f"kostnader_{i}": math.floor(budget * f) + intakter for i, f in share.items()}}]
    mal, matt = [], []
    for mal_id, typ, own, matts in _goal_list(config, namnd):
        if own:
            text, sm = own.split("|")
        else:
            r = next(r for r in config.malkedja.riktade_mal if r.id == mal_id)
            text, sm = r.text, r.strategiskt_mal
        mal.append({"mal_id": mal_id, "typ": typ, "text": text, "strategiskt_mal": sm})
        for matt_text, enhet, malvarde, utfall in matts:
            start = round(utfall * (0.97 if malvarde >= utfall else 1.03), 1)
            step = (malvarde - start) / 2
            matt.append({"mal_id": mal_id, "matt": matt_text, "enhet": enhet, "utgangsvarde": start,
                         "malvarde_1": malvarde, "malvarde_2": round(malvarde + step, 1),
                         "malvarde_3": round(malvarde + 2 * step, 1), "riktning": "hogre" if malvarde >= start else "lagre",
                         **({"kolada_id": RIKTADE_KOLADA[mal_id], "kalla": "Kolada"} if mal_id in RIKTADE_KOLADA else {})})
    return {"driftbudget": {"rows": {"drift": drift}}, "namndplan": {"rows": {"mal": mal, "matt": matt}}}


def underlag_dir(out_dir: Path) -> Path:
    """Where the ekonomisystem's export and the year's plans go, beside the follow-ups."""
    return out_dir.parent / f"{out_dir.name}-underlag"


def build_examples(config: Config, out_dir: str | Path, periods: tuple[str, ...] = PERIODS,
                   underlag: str | Path | None = None) -> list[Path]:
    """Write every nämnd's follow-ups for `periods` into `out_dir`, and the ekonomisystem's export and the
    year's plans into `underlag` (default: `<out_dir>-underlag`), atomically."""
    out_dir = Path(out_dir)
    under = Path(underlag) if underlag is not None else underlag_dir(out_dir)
    years, spend = arets_utfall(config), projektens_utfall(config)
    year = config.planering.uppfoljningsar
    written: list[Path] = []
    with atomic_dir(under) as utmp, atomic_dir(out_dir) as tmp:
        for namnd in config.submitting_ids:
            for doc_type, values in _plan_values(config, namnd, years).items():
                name = template_name(FORMS[doc_type], namnd, year)
                write_template(FORMS[doc_type], config, namnd, year, utmp / name, values=values,
                               generated=PLAN_YEAR_GENERATED)
                written.append(under / name)
        sie = write_export(config, utmp)
        written.append(under / sie.name)
        plans = Valda.of(validate_paths([utmp], config)[1])
        for text in periods:
            period, kind = check_period(text, config)
            # with the earlier follow-ups of the year where mått are followed up (their outcomes so far)
            source = Valda.of(validate_paths([utmp, tmp], config)[1]) if kind_of(kind).goals else plans
            ledger = las_utfall(sie, config, str(period))
            assert not ledger.fel, ledger.fel
            form = FORMS[kind]
            for namnd in config.submitting_ids:
                name = template_name(form, namnd, period.year, str(period))
                pre: Prefill = forifyllt(config, namnd, period, kind_of(kind).helar, ledger=ledger, underlag=source)
                write_template(form, config, namnd, period.year, tmp / name, period=str(period),
                               values=example_values(config, kind, namnd, period, years, spend),
                               generated=generated(period), prefill=pre)
                written.append(out_dir / name)
    return written
