"""The HTML appendix of the delårsrapport and the årsredovisning (jinja2; accessible, Swedish)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, StrictUndefined, select_autoescape

from xltools.reports.html import TEMPLATES, sv_number
from xltools.uppfoljning.consolidate import KONTROLLSTATUS, STATUS_TEXT, STATUSES, FollowUp

TEMPLATE = "uppfoljning_bilaga.html.j2"


def tkr(value: float | None) -> str:
    """12345.6 -> '12 346', -500 -> '−500' (no-break space, real minus sign); None -> '–'."""
    return "–" if value is None else sv_number(round(value))


def render_appendix(fu: FollowUp) -> str:
    env = Environment(autoescape=select_autoescape(default=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["tkr"] = tkr
    source = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    goals_by_namnd: dict[str, list] = {}
    for m in fu.mal:
        goals_by_namnd.setdefault(m.namnd, []).append(m)
    controls: dict[str, dict[str, int]] = {}
    for k in fu.kontroller:
        controls.setdefault(k.namnd, {s: 0 for s, _ in KONTROLLSTATUS})[k.status] += 1
    return env.from_string(source).render(
        fu=fu, totals=fu.totals(), goals=fu.goal_counts(), prognos=fu.kind != "verksamhetsberattelse",
        statuses=STATUSES, status_text=STATUS_TEXT, kontrollstatus=KONTROLLSTATUS,
        names={n.namnd: n.namn for n in fu.namnder}, goals_by_namnd=goals_by_namnd, controls=controls,
    )


def write_appendix(fu: FollowUp, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_appendix(fu), encoding="utf-8")
    return path
