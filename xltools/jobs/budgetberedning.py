"""`xltools budgetberedning`: the submissions read once, every scenario computed on them, the outputs written.

Outputs (atomically: all or nothing): budgetberedning-<år>.xlsx (side by side, alternativbudgetar, känslighet,
ramförändringar and the live model "Räkna själv"), budgetberedning-<år>.json and bilagor/budgetberedning.html.
"""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_dir, refuse_inside
from xltools.cache import ReadCache
from xltools.config import Config
from xltools.config.scenario import Scenario, load_scenario, scenario_id
from xltools.consolidate.budgetberedning import Beredning, bered
from xltools.consolidate.scenario import Grund
from xltools.errors import XltoolsError, unwritable
from xltools.pool import Progress


def load_scenarios(files: list[Path], config: Config) -> list[tuple[str, Scenario, str]]:
    """Every scenario file read and checked; all their errors in one XltoolsError (Swedish, file: key: text)."""
    out, errors = [], []
    for f in files:
        s, errs = load_scenario(f, config)
        errors += errs
        if s is not None and not errs:
            out.append((scenario_id(f), s, str(f)))
    if errors:
        raise XltoolsError(f"{len(errors)} fel i scenariofilerna:\n" + "\n".join(f"  {e}" for e in errors))
    return out


def beredning(submissions: str | Path, config: Config, scenario_files: list[Path], *,
              cache: ReadCache | None = None, progress: Progress | None = None) -> Beredning:
    """Read and check the scenarios, consolidate the submissions once (June basis), compute every scenario."""
    from xltools.jobs.kommunplan import consolidate

    scenarios = load_scenarios(scenario_files, config)
    plan = consolidate(submissions, config, cache=cache, progress=progress, fas="juni")
    return bered(Grund.of(plan), scenarios)


def write_outputs(b: Beredning, out_dir: str | Path) -> list[Path]:
    from xltools.reports.budgetberedning_html import render
    from xltools.reports.budgetberedning_json import to_json
    from xltools.reports.budgetberedning_xlsx import write_budgetberedning

    out = Path(out_dir)
    year = b.grund.config.planering.budgetar
    try:
        with atomic_dir(out) as tmp:
            write_budgetberedning(b, tmp / f"budgetberedning-{year}.xlsx")
            (tmp / f"budgetberedning-{year}.json").write_text(to_json(b), encoding="utf-8")
            render(b, tmp / "bilagor")
    except OSError as exc:
        raise unwritable(out, exc, "inget skrevs") from exc
    return [out / f"budgetberedning-{year}.xlsx", out / f"budgetberedning-{year}.json", out / "bilagor" / "budgetberedning.html"]


def run(submissions: str | Path, config: Config, scenario_files: list[Path], out_dir: str | Path, *,
        cache: ReadCache | None = None, progress: Progress | None = None) -> tuple[Beredning, list[Path]]:
    refuse_inside(out_dir, submissions)
    b = beredning(submissions, config, scenario_files, cache=cache, progress=progress)
    return b, write_outputs(b, out_dir)
