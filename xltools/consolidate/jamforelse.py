"""Comparison columns beside the statements (issue 16 part 2): Bokslut t−2, Budget t−1 and Prognos t−1.

Published kommunplaner show them before the budget year. They come from ekonomi.yaml `jamforelse` (each
column names its source document); without a Budget t−1 there, the kommunplan of t−1 that KF adopted (recorded
in the inkorg's ledger) gives it, and the Budget t−1 per nämnd falls back to the adopted driftbudget of the
follow-up year in uppfoljning.yaml when that year is t−1. A column or line not given is missing, never
zero: its value is None and the column says where it should come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xltools.config import Config, ConfigError
from xltools.config.models import Jamforelsekolumn
from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.facts import kr
from xltools.consolidate.lines import Line

KINDS = (("bokslut", "Bokslut", 2), ("budget", "Budget", 1), ("prognos", "Prognos", 1))
STATEMENTS: dict[str, tuple[Line, ...]] = {"resultatbudget": resultat.LINES, "kassaflodesbudget": kassaflode.LINES,
                                           "balansbudget": balans.LINES}


@dataclass(frozen=True)
class Kolumn:
    """One comparison column: kronor per statement line and per nämnd (nettokostnad); None = not given."""

    typ: str  # bokslut | budget | prognos
    rubrik: str  # "Bokslut 2025"
    ar: int
    kalla: str | None  # the document it comes from; None when the column is missing
    rader: dict[str, dict[str, int | None]]  # statement -> line -> kronor
    driftbudget: dict[str, int | None]  # nämnd -> nettokostnad (kronor, positive)
    driftbudget_kalla: str | None = None

    @property
    def saknas(self) -> bool:
        return self.kalla is None


def _with_sums(given: dict[str, float], lines: tuple[Line, ...]) -> dict[str, int | None]:
    """The given lines in kronor; a subtotal not given is the sum of its parts when every part is known."""
    out: dict[str, int | None] = {ln.key: (kr(given[ln.key]) if ln.key in given else None) for ln in lines if not ln.heading}
    for ln in lines:
        if ln.is_sum and out.get(ln.key) is None:
            parts = [out.get(k) for k in ln.sum_of]
            out[ln.key] = sum(p for p in parts if p is not None) if parts and all(p is not None for p in parts) else None
    return out


def antagen_budget(plan: dict[str, Any], kalla: str) -> Jamforelsekolumn | None:
    """Budget t−1 from the kommunplan of t−1 that KF adopted (its JSON, recorded in the inkorg's ledger with
    `kommunplan --faststall`): the budget year's statement lines and each nämnd's ram, in tkr as the JSON has them."""
    year = str(plan.get("budgetar", ""))
    if not year:
        return None
    rader = {s: {k: v for k, v in (plan.get(s) or {}).get(year, {}).items() if isinstance(v, int | float)}
             for s in STATEMENTS}
    drift = {n: per[year]["ram"] for n, per in (plan.get("driftbudget") or {}).items()
             if isinstance(per.get(year, {}).get("ram"), int | float)}
    if not any(rader.values()) and not drift:
        return None
    return Jamforelsekolumn(ar=int(year), kalla=kalla, driftbudget=drift, **rader)


def jamforelse(config: Config, antagen: Jamforelsekolumn | None = None) -> tuple[Kolumn, ...]:
    """The three comparison columns of the kommunplan (missing ones included, marked as missing). `antagen`:
    Budget t−1 from the adopted kommunplan of t−1 (antagen_budget), used when ekonomi.yaml gives none."""
    b = config.planering.budgetar
    out = []
    for typ, rubrik, back in KINDS:
        ar = b - back
        col = getattr(config.ekonomi.jamforelse, typ)
        if typ == "budget" and col is None and antagen is not None and antagen.ar == ar:
            col = antagen
        rader = {s: _with_sums(getattr(col, s) if col else {}, lines) for s, lines in STATEMENTS.items()}
        drift: dict[str, int | None] = {n: (kr(col.driftbudget[n]) if col and n in col.driftbudget else None)
                                        for n in config.namnd_ids}
        # nämnder of that year that no longer exist (reorganised): kept, and named by the reports
        drift |= {n: kr(v) for n, v in (col.driftbudget.items() if col else ()) if n not in drift}
        drift_kalla = col.kalla if col and col.driftbudget else None
        u = config.uppfoljning
        if typ == "budget" and drift_kalla is None and u is not None and config.planering.uppfoljningsar == ar \
                and u.driftbudget:
            drift = {n: (kr(sum(u.driftbudget[n].values())) if n in u.driftbudget else None) for n in config.namnd_ids}
            drift_kalla = f"fastställd driftbudget {ar} (uppfoljning.yaml)"
        out.append(Kolumn(typ, f"{rubrik} {ar}", ar, col.kalla if col else None, rader, drift,
                          drift_kalla if any(v is not None for v in drift.values()) else None))
    return tuple(out)


def unknown_lines(config: Config, folder: str) -> list[ConfigError]:
    """ekonomi.yaml jamforelse lines that are no line of their statement (a misspelt key would show as missing)."""
    out = []
    for typ, _, _ in KINDS:
        col = getattr(config.ekonomi.jamforelse, typ)
        if col is None:
            continue
        for s, lines in STATEMENTS.items():
            known = {ln.key for ln in lines if not ln.heading}
            out += [ConfigError(f"{folder}/ekonomi.yaml", f"jamforelse.{typ}.{s}.{k}",
                                f"okänd rad '{k}' i {s}; se docs/kommunplan.md för radernas namn")
                    for k in getattr(col, s) if k not in known]
    return out
