"""The HTML appendix of the delårsrapport and the årsredovisning (jinja2; accessible, Swedish)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xltools.forms.period import kind_of
from xltools.reports.html import environment
from xltools.uppfoljning.consolidate import KONTROLLSTATUS, STATUS_TEXT, STATUSES, FollowUp
from xltools.uppfoljning.kommunen import (
    BALANSKRAV_LINES,
    BR_LINES,
    BUDGET,
    GEH_TEXT,
    KF_LINES,
    PROGNOS,
    RR_LINES,
)

TEMPLATE = "uppfoljning_bilaga.html.j2"


def render_appendix(fu: FollowUp) -> str:
    goals_by_namnd: dict[str, list] = {}
    for m in fu.mal:
        goals_by_namnd.setdefault(m.namnd, []).append(m)
    controls: dict[str, dict[str, int]] = {}
    for k in fu.kontroller:
        controls.setdefault(k.namnd, {s: 0 for s, _ in KONTROLLSTATUS})[k.status] += 1
    k = fu.kommunen
    statements = {} if k is None else {
        "rr_lines": RR_LINES, "rr_columns": [(k.rubriker[c], k.rr[c]) for c in k.columns],
        "bk_lines": BALANSKRAV_LINES, "bk_columns": [(k.rubriker[c], k.balanskrav[c]) for c in (BUDGET, PROGNOS)],
        "br_lines": BR_LINES, "kf_lines": KF_LINES,
        "br_columns": [(f"UB {k.ar - 1}", k.br["ib"]), *((k.rubriker[c], k.br[c]) for c in (BUDGET, PROGNOS))]
        if k.br else [],
        "kf_columns": [(k.rubriker[c], k.kf[c]) for c in (BUDGET, PROGNOS)] if k.kf else [],
    }
    inv = fu.investeringar
    inv_total = {k: sum(getattr(x, k) or 0 for x in inv) for k in ("budget", "utfall", "prognos", "avvikelse",
                                                                    "totalutgift", "upparbetat")}
    inv_total["grad"] = inv_total["prognos"] / inv_total["budget"] if inv_total["budget"] else None
    return environment().get_template(TEMPLATE).render(
        **statements, bedomning=GEH_TEXT, inv_total=inv_total, avvikelse_diagram=_avvikelse(fu),
        sm_names={k: f"{k} {v}" for k, v in fu.goal_counts()["strategiska_mal"].items()},
        fu=fu, totals=fu.totals(), goals=fu.goal_counts(), prognos=kind_of(fu.kind).prognos,
        statuses=STATUSES, status_text=STATUS_TEXT, kontrollstatus=KONTROLLSTATUS,
        names={n.namnd: n.namn for n in fu.namnder}, goals_by_namnd=goals_by_namnd, controls=controls,
    )


def _avvikelse(fu: FollowUp) -> Any:
    """Avvikelse per nämnd as SVG bars (issue 19 part 3): names in their own column, values at the bars'
    ends, deficits to the left in red; the table above holds the same figures."""
    from markupsafe import Markup

    from xltools.reports.charts import Bar, bars
    from xltools.sv import sv_amount

    counted = [n for n in fu.counted if n.avvikelse is not None]
    if not counted:
        return None
    worst = min(counted, key=lambda n: n.avvikelse or 0)
    under = [n for n in counted if (n.avvikelse or 0) < 0]
    desc = (f"Avvikelse mot budget per nämnd i miljoner kronor. {len(under)} av {len(counted)} nämnder har underskott"
            + (f"; störst {worst.namn} {sv_amount((worst.avvikelse or 0) / 1000, 1)} mnkr." if under else "."))
    return Markup(bars("diagram-avvikelse", "Avvikelse mot budget per nämnd", desc,
                       [Bar(n.namn, (n.avvikelse or 0) / 1000, sv_amount((n.avvikelse or 0) / 1000, 1) + " mnkr")
                        for n in counted]))


def write_appendix(fu: FollowUp, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_appendix(fu), encoding="utf-8")
    return path
