"""Write the kommunplan's outputs atomically: workbook, JSON and bilagor (all or nothing)."""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_dir
from xltools.consolidate.kommunplan import Kommunplan
from xltools.errors import unwritable
from xltools.gcpause import gc_paused


@gc_paused
def write_outputs(plan: Kommunplan, out_dir: str | Path, namnder: list[str] | None = None) -> list[Path]:
    """kommunplan-<år>.xlsx, kommunplan-<år>.json and bilagor/*.html into `out_dir`; nothing lands on error."""
    from xltools.reports.bilagor import render_bilagor
    from xltools.reports.kommunplan_json import to_json
    from xltools.reports.kommunplan_xlsx import write_workbook

    out = Path(out_dir)
    year = plan.budgetar
    names: list[Path] = []
    try:
        with atomic_dir(out) as tmp:
            write_workbook(plan, tmp / f"kommunplan-{year}.xlsx")
            (tmp / f"kommunplan-{year}.json").write_text(to_json(plan), encoding="utf-8")
            bilagor = render_bilagor(plan, tmp / "bilagor", namnder)
            names = [out / f"kommunplan-{year}.xlsx", out / f"kommunplan-{year}.json",
                     *(out / "bilagor" / p.name for p in bilagor)]
    except OSError as exc:
        raise unwritable(out, exc, "inget skrevs") from exc
    return names
