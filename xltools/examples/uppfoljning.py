"""Synthetic follow-up submissions (syntetiska exempeldata) for the example kommun's follow-up year.

For every nämnd: månadsrapporter for 2026-02 and 2026-03, uppföljning och prognos januari–april
(2026-04) and the delårsrapport januari–augusti (2026-08), written through the real template
writer into workbooks/uppfoljning/. Each nämnd has a fixed "true" full-year nettokostnad per
verksamhet; utfall grows with the months and the prognos converges on it, so the prognos trend
is meaningful. A deficit comes with åtgärder, so every file validates without fel.
Deterministic: fixed seeds and timestamps. Run: xltools exempel --uppfoljning --out workbooks/uppfoljning.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.examples.uppfoljning_data import (
    ATGARDER,
    DRIFT,
    EGNA_KONTROLLER,
    KOMMENTAR_OVER,
    KOMMENTAR_UNDER,
    NAMNDMAL,
    RIKTADE_MATT,
)
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.forms.followup import budget_for, investeringar_for, riktade_mal_for
from xltools.forms.period import Period, check_period
from xltools.sv import sv_number
from xltools.templates import header_values, template_name

SEED = 2062
PERIODS = ("2026-02", "2026-03", "2026-04", "2026-08")
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
def _economy(config: Config, namnd: str, period: Period) -> list[dict[str, Any]]:
    stable = random.Random(f"{SEED}-{namnd}")
    noisy = random.Random(f"{SEED}-{namnd}-{period}")
    m = period.month
    conv = min(1.0, 0.35 + 0.1 * m)  # the prognos converges on the true outcome over the year
    rows = []
    for kod, budget in budget_for(config, namnd).items():
        actual = budget * (1 + DRIFT[namnd] + stable.uniform(-0.008, 0.008))
        share = stable.uniform(0.04, 0.2)
        intakter = round(actual * share / (1 - share))
        kostnader = actual + intakter
        prognos_net = budget + (actual - budget) * conv
        row = {
            "verksamhet": kod,
            "utfall_intakter": round(intakter * m / 12 * (1 + noisy.uniform(-0.05, 0.05))),
            "utfall_kostnader": round(kostnader * m / 12 * (1 + noisy.uniform(-0.02, 0.02))),
            "prognos_intakter": intakter,
            "prognos_kostnader": round(prognos_net + intakter),
        }
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
    base = f"Prognosen för helåret visar {word} på {_tkr(abs(avv))} tkr ({pct} procent av budget)."
    if avv < -0.5:
        base += " Åtgärder för budget i balans är beskrivna på bladet Åtgärder."
    worst = min(rows, key=lambda r: r["_avvikelse"])
    if worst["_avvikelse"] < -0.5:
        where = (f"Den största negativa avvikelsen finns inom verksamhet {worst['verksamhet']} (underskott "
                 f"{_tkr(-worst['_avvikelse'])} tkr).")
    else:
        where = "Alla verksamheter bedöms hålla sin budget."
    analys = f"{base} {where} Utfallet till och med {period.month_name} är analyserat per verksamhet. Syntetiska exempeldata."
    if kind == "manadsrapport":
        return {"kommentar": base}
    out = {"ekonomisk_analys": analys}
    if kind == "delarsrapport":
        out["verksamhet"] = ("Verksamheten har i huvudsak bedrivits enligt plan. Rekryteringsläget är fortsatt "
                             "ansträngt inom flera yrkesgrupper. Syntetiska exempeldata.")
    return out


# ---------------------------------------------------------------- goals, investments, controls
def _goals(config: Config, namnd: str, period: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    rng = random.Random(f"{SEED}-{namnd}-mal-{period}")
    goals: list[tuple[str, str, str | None, tuple[str, str, float, float]]] = [
        (r.id, "riktat", None, RIKTADE_MATT[r.id]) for r in riktade_mal_for(config, namnd)]
    for i, (text, sm, matt, enhet, malvarde, utfall) in enumerate(NAMNDMAL[namnd], start=1):
        goals.append((f"NM{i}", "namndmal", f"{text}|{sm}", (matt, enhet, malvarde, utfall)))
    mal, matt_rows, reached = [], [], 0
    for mal_id, typ, own, (matt, enhet, malvarde, utfall) in goals:
        nu = rng.choices(("uppfyllt", "delvis", "ej_uppfyllt", "ej_bedomt"), weights=(35, 45, 15, 5))[0]
        slut = _UPGRADE[nu] if rng.random() < 0.4 else ("delvis" if nu == "ej_bedomt" else nu)
        reached += slut == "uppfyllt"
        row: dict[str, Any] = {"mal_id": mal_id, "bedomning": nu, "prognos": slut, "analys": _ANALYS[nu]}
        if own:
            text, sm = own.split("|")
            row |= {"typ": typ, "text": text, "strategiskt_mal": sm}
        mal.append(row)
        matt_rows.append({"mal_id": mal_id, "matt": matt, "enhet": enhet, "malvarde": malvarde, "utfall": utfall,
                          "analys": f"Utfallet är {sv_number(utfall)} {enhet} mot målvärdet {sv_number(malvarde)}. "
                                    + _ANALYS[nu]})
    return mal, matt_rows, reached


def _investments(config: Config, namnd: str, period: Period) -> list[dict[str, Any]]:
    rng = random.Random(f"{SEED}-{namnd}-inv-{period}")
    out = []
    for p in investeringar_for(config, namnd):
        prognos = round(p.budget * rng.uniform(0.8, 1.0))
        row = {"projekt_id": p.id, "utfall": round(p.budget * rng.uniform(0.3, 0.7)), "prognos": prognos}
        if prognos < 0.9 * p.budget:
            row["kommentar"] = "Delar av projektet förskjuts till nästa år."
        out.append(row)
    return out


def _controls(namnd: str) -> list[dict[str, Any]]:
    done = {"status": "utford", "resultat": "Stickproven visade inga avvikelser."}
    rows: list[dict[str, Any]] = [
        {"kontroll_id": "KS-IK1", **done},
        {"kontroll_id": "KS-IK2", "status": "pagar", "resultat": "Analysen av leverantörsreskontran pågår."},
        {"kontroll_id": "KS-IK3", "status": "utford",
         "resultat": "Två verifikationer saknade deltagarlista.", "atgard": "Rutinen för representation har förtydligats."},
        {"kontroll_id": "KS-IK4", "status": "pagar", "resultat": "Månatliga avstämningar utan anmärkning hittills."},
        {"kontroll_id": "KS-IK5", "status": "ej_utford", "resultat": "Genomgången är planerad till oktober."},
    ]
    for i, (omrade, moment) in enumerate(EGNA_KONTROLLER, start=1):
        rows.append({"kontroll_id": f"{namnd.upper()}-IK{i}", "omrade": omrade, "kontrollmoment": moment,
                     "status": "pagar"})
    return rows


# ---------------------------------------------------------------- one workbook
def example_values(config: Config, kind: str, namnd: str, period: Period) -> dict[str, Any]:
    """The `values` argument of write_template for one nämnd's follow-up for a period."""
    budgets = budget_for(config, namnd)
    eco = _economy(config, namnd, period)
    for r in eco:
        r["_budget"] = budgets[r["verksamhet"]]
    fields = header_values(config, kind, period) | _texts(eco, kind, period)
    rows: dict[str, list[dict[str, Any]]] = {
        "atgarder": _measures(eco, period),
        "ekonomi": [{k: v for k, v in r.items() if not k.startswith("_")} for r in eco],
    }
    if kind == "delarsrapport":
        mal, matt, reached = _goals(config, namnd, period)
        rows |= {"mal": mal, "matt": matt, "investeringar": _investments(config, namnd, period),
                 "kontroller": _controls(namnd)}
        fields["mal_analys"] = (f"{reached} av {len(mal)} mål bedöms vara uppfyllda vid årets slut. "
                                "Syntetiska exempeldata.")
    return {"fields": fields, "rows": rows}


def build_examples(config: Config, out_dir: str | Path, periods: tuple[str, ...] = PERIODS) -> list[Path]:
    """Write every nämnd's follow-ups for `periods` into `out_dir` (atomically)."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    with atomic_dir(out_dir) as tmp:
        for text in periods:
            period, kind = check_period(text, config)
            form = FORMS[kind]
            for namnd in config.namnd_ids:
                name = template_name(form, namnd, period.year, str(period))
                write_template(form, config, namnd, period.year, tmp / name, period=str(period),
                               values=example_values(config, kind, namnd, period), generated=generated(period))
                written.append(out_dir / name)
    return written
