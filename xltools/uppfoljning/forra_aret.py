"""Last year's prognos in this year's planning templates (issue 16 part 6): the latest follow-up of the year
before the budget year, per nämnd, as pre-fills of the driftbudget's and the investeringsplan's "Förra året"
sheets (prognos per verksamhet and per project, with the report, file, sheet and row it comes from)."""

from __future__ import annotations

from xltools.forms.layout import Prefill
from xltools.forms.period import parse_period, report_title
from xltools.uppfoljning.consolidate import FollowUp

LOCKED = ("prognos_fg", "prognos_kalla")


def _kalla(title: str, file: str, sheet: str, cell: str) -> str:
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f"{title}: {file}, {sheet} rad {row}"


def prognos_prefills(fu: FollowUp) -> dict[str, dict[str, Prefill]]:
    """document type -> nämnd -> the pre-fill of its "Förra året" table (joined with the budget rows on
    verksamhet or projekt-id; a verksamhet or project without budget gets a row of its own)."""
    title = report_title(fu.kind, parse_period(fu.period))
    drift: dict[str, list[dict[str, object]]] = {}
    for r in fu.rader:
        drift.setdefault(r.namnd, []).append({
            "verksamhet": r.verksamhet, "prognos_fg": r.prognos,
            "prognos_kalla": _kalla(title, r.source.file, r.source.sheet, r.source.cell)})
    inv: dict[str, list[dict[str, object]]] = {}
    for i in fu.investeringar:
        inv.setdefault(i.namnd, []).append({
            "projekt": i.projekt_id, "namn": i.namn, "prognos_fg": i.prognos,
            "prognos_kalla": _kalla(title, i.source.file, i.source.sheet, i.source.cell)})
    return {
        "driftbudget": {n: Prefill(rows={"forra_aret": rows}, locked={"forra_aret": LOCKED}) for n, rows in drift.items()},
        "investeringsplan": {n: Prefill(rows={"forra_aret": rows}, locked={"forra_aret": LOCKED})
                             for n, rows in inv.items()},
    }
