"""The HTML appendix of the delårsrapport and the årsredovisning (jinja2; accessible, Swedish)."""

from __future__ import annotations

from pathlib import Path

from xltools.forms.period import kind_of
from xltools.reports.html import environment
from xltools.uppfoljning.consolidate import KONTROLLSTATUS, STATUS_TEXT, STATUSES, FollowUp

TEMPLATE = "uppfoljning_bilaga.html.j2"


def render_appendix(fu: FollowUp) -> str:
    goals_by_namnd: dict[str, list] = {}
    for m in fu.mal:
        goals_by_namnd.setdefault(m.namnd, []).append(m)
    controls: dict[str, dict[str, int]] = {}
    for k in fu.kontroller:
        controls.setdefault(k.namnd, {s: 0 for s, _ in KONTROLLSTATUS})[k.status] += 1
    return environment().get_template(TEMPLATE).render(
        fu=fu, totals=fu.totals(), goals=fu.goal_counts(), prognos=kind_of(fu.kind).prognos,
        statuses=STATUSES, status_text=STATUS_TEXT, kontrollstatus=KONTROLLSTATUS,
        names={n.namnd: n.namn for n in fu.namnder}, goals_by_namnd=goals_by_namnd, controls=controls,
    )


def write_appendix(fu: FollowUp, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_appendix(fu), encoding="utf-8")
    return path
