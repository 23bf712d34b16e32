"""What a nämnd's follow-up template gets beyond the config: the internbudget periodised to the period,
the utfall from the ekonomisystem (locked) and the export it came from, and the adopted nämndplan's
mål and mått with the year's earlier outcomes.

The internbudget is the nämnd's adopted driftbudget for the year (its first year's intäkter and
kostnader per verksamhet, brutto), from the Underlag; it is spread over the months by the config's
weights (uppfoljning.yaml periodisering) or evenly. The utfall is the ledger export read at the
period (xltools.utfall.uppfoljning): intäkter and kostnader per verksamhet and utfall per investment
project, written into the template and locked, with the export's name and totals on the
Sammanfattning sheet for rule UTF-3. The nämndplan (the fastställda, from the Underlag) gives the
nämndmål and every mått with its enhet, utgångsvärde and the year's målvärde, locked; the nämnd's
earlier follow-ups of the year give each mått's earlier outcomes ("apr 85,2 · aug 86"), so a trend
per mått builds up over the year.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from xltools.config import Config
from xltools.forms.followup import riktade_mal_for
from xltools.forms.layout import Prefill
from xltools.forms.period import Period, parse_period
from xltools.kolada.lookup import senaste_matning
from xltools.sv import sv_number

if TYPE_CHECKING:
    from xltools.kolada.model import Snapshot
    from xltools.uppfoljning.underlag import Underlag
    from xltools.utfall.uppfoljning import LedgerUtfall

UTFALL_COLUMNS = ("utfall_intakter", "utfall_kostnader")
MATT_COLUMNS = ("mal_id", "matt", "enhet", "utgangsvarde", "malvarde", "tidigare")
MANAD = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
INTERNBUDGET_COLUMNS = ("budget_period_intakter", "budget_period_kostnader")


def andel(weights: list[float] | None, month: int) -> float:
    """The share of the year up to and including `month` (weights per month; none: twelfths)."""
    if not weights:
        return month / 12
    return math.fsum(weights[:month]) / math.fsum(weights)


def internbudget(underlag: Underlag | None, namnd: str, year: int) -> dict[str, tuple[float, float]] | None:
    """Verksamhet -> (intäkter, kostnader) of the year in the nämnd's adopted driftbudget (None: none)."""
    doc = underlag.antagen(namnd, "driftbudget", year) if underlag else None
    if doc is None:
        return None
    out: dict[str, tuple[float, float]] = {}
    for r in doc.rows("drift"):
        v = str(r.get("verksamhet") or "")
        i, k = out.get(v, (0.0, 0.0))
        out[v] = (i + float(r.get("intakter_1") or 0), k + float(r.get("kostnader_1") or 0))
    return out


def plan_goals(underlag: Underlag | None, namnd: str, period: Period, kolada: Snapshot | None = None,
               config: Config | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The adopted nämndplan's mål and mått for the period's year, each mått with its earlier outcomes and,
    for a mått with a Kolada id, Kolada's latest value up to the year as its senaste mätning (with year and source
    after the earlier outcomes; the nämnd may enter a later measurement of its own). A riktat mål of a later plan
    year (the plan holds every riktat mål of its plan period) is not followed up this year."""
    plan = underlag.antagen(namnd, "namndplan", period.year) if underlag else None
    if plan is None or underlag is None:
        return [], []
    earlier: dict[str, list[str]] = {}
    for doc in underlag.tidigare(namnd, period.year, period):
        p = parse_period(str(doc.meta.period))
        for r in doc.rows("matt") if p is not None and "matt" in doc.tables else ():
            if isinstance(r.get("utfall"), int | float) and r.get("matt"):
                earlier.setdefault(str(r.get("matt")), []).append(f"{MANAD[p.month - 1]} {sv_number(r.get('utfall'))}")
    later = ({r.id.casefold() for r in config.riktade_mal_for(namnd)}
             - {r.id.casefold() for r in riktade_mal_for(config, namnd)}) if config else set()  # not in force this year
    mal = [{k: r.get(k) for k in ("mal_id", "typ", "text", "strategiskt_mal")} for r in plan.rows("mal")
           if not (r.get("typ") == "riktat" and str(r.get("mal_id", "")).casefold() in later)]
    kept = {str(m["mal_id"]).casefold() for m in mal}
    matt = []
    for r in plan.rows("matt"):
        if str(r.get("mal_id", "")).casefold() in later - kept:
            continue
        text = str(r.get("matt") or "")
        row: dict[str, Any] = {"mal_id": r.get("mal_id"), "matt": text, "enhet": r.get("enhet"),
                               "utgangsvarde": r.get("utgangsvarde"), "malvarde": r.get("malvarde_1")}
        said = list(earlier.get(text, []))
        m = senaste_matning(kolada, str(r.get("kolada_id") or ""), till_och_med=period.year) \
            if kolada is not None and r.get("kolada_id") else None
        if m is not None:
            row["utfall"] = m.varde
            said.append(f"senaste mätning Kolada {m.ar}: {sv_number(m.varde)} ({m.kalla})")
        if said:
            row["tidigare"] = " · ".join(said)
        matt.append(row)
    return mal, matt


def forifyllt(config: Config, namnd: str, period: Period, helar: bool, *, ledger: LedgerUtfall | None = None,
              underlag: Underlag | None = None, kolada: Snapshot | None = None) -> Prefill:
    """The nämnd's pre-fill for a follow-up at `period` (added to the form's own, see Prefill.merge)."""
    rows: dict[str, dict[str, dict[str, Any]]] = {"ekonomi": {}, "investeringar": {}, "mal": {}, "matt": {}}
    ekonomi = rows["ekonomi"]
    plan = internbudget(underlag, namnd, period.year)
    if plan is not None:
        w = config.uppfoljning.periodisering if config.uppfoljning else None
        share_i = 1.0 if helar else andel(w.intakter if w else None, period.month)
        share_k = 1.0 if helar else andel(w.kostnader if w else None, period.month)
        for v, (i, k) in plan.items():
            ekonomi[v] = {"verksamhet": v, "budget_period_intakter": round(i * share_i, 3),
                          "budget_period_kostnader": round(k * share_k, 3)}
    fields: dict[str, float | str] = {}
    locked: dict[str, tuple[str, ...]] = {"ekonomi": INTERNBUDGET_COLUMNS}  # never typed: empty without a plan
    mal, matt = plan_goals(underlag, namnd, period, kolada, config)
    rows["mal"] = {str(r["mal_id"]): r for r in mal}
    rows["matt"] = {str(r["matt"]): r for r in matt}
    if matt:
        locked["matt"] = MATT_COLUMNS
    if ledger is not None:
        per_v = ledger.namnd(namnd)
        for v, (i, k) in per_v.items():
            ekonomi.setdefault(v, {"verksamhet": v}).update(utfall_intakter=round(i, 3), utfall_kostnader=round(k, 3))
        for v in list(ekonomi):  # a verksamhet without utfall in the ledger has none: 0, locked like the rest
            ekonomi[v].setdefault("utfall_intakter", 0.0)
            ekonomi[v].setdefault("utfall_kostnader", 0.0)
        for (n, projekt), tkr in sorted(ledger.per_projekt.items()):
            if n == namnd:
                rows["investeringar"][projekt] = {"projekt_id": projekt, "utfall": round(tkr, 3)}
        fields = {"utfall_kalla": ledger.kalla,
                  "utfall_intakter_ekonomisystemet": round(math.fsum(i for i, _ in per_v.values()), 3),
                  "utfall_kostnader_ekonomisystemet": round(math.fsum(k for _, k in per_v.values()), 3)}
        locked |= {"ekonomi": INTERNBUDGET_COLUMNS + UTFALL_COLUMNS, "investeringar": ("utfall",)}
    return Prefill(fields=fields, rows={k: list(v.values()) for k, v in rows.items() if v}, locked=locked)
