"""`xltools export`: a folder of submissions -> consolidate -> the open-data tables, all or nothing."""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_dir, refuse_inside
from xltools.cache import ReadCache
from xltools.config import Config
from xltools.consolidate.model import Kommunplan
from xltools.errors import unwritable
from xltools.jobs.kommunplan import consolidate
from xltools.opendata.tables import kommunplan_tables
from xltools.opendata.write import write_tables
from xltools.pool import Progress


def package_name(plan: Kommunplan) -> tuple[str, str, str]:
    """The data package's name, title and description."""
    c = plan.config
    name = f"kommunplan-{plan.budgetar}-{c.kommun.kommunkod}".lower() if c.kommun.kommunkod else f"kommunplan-{plan.budgetar}"
    title = f"{c.kommun.namn}: kommunplan {plan.budgetar}–{plan.years[-1]}, öppna data"
    description = ("Resultat-, kassaflödes- och balansbudget, driftbudget per nämnd, investeringsprojekt, mål och mått "
                   "och varje belopp i nämndernas underlag med fil, blad och cell. Belopp i tkr."
                   + (f" {c.kommun.exempeldata.capitalize()}." if c.kommun.exempeldata else ""))
    return name, title, description


def write_export(plan: Kommunplan, out_dir: str | Path, fmt: str) -> list[Path]:
    """The kommunplan's open data in `fmt` into `out_dir`; nothing lands on error."""
    out = Path(out_dir)
    name, title, description = package_name(plan)
    tables = kommunplan_tables(plan)
    try:
        with atomic_dir(out) as tmp:
            written = write_tables(tables, tmp, fmt, name=name, title=title, description=description)
            names = [out / p.name for p in written]
    except OSError as exc:
        raise unwritable(out, exc, "inget skrevs") from exc
    return names


def run(submissions: str | Path, config: Config, out_dir: str | Path, fmt: str, *, latest: bool = False,
        cache: ReadCache | None = None, progress: Progress | None = None) -> tuple[Kommunplan, list[Path]]:
    """Consolidate, then write the open data; XltoolsError (Swedish) when nothing could be written."""
    refuse_inside(out_dir, submissions)
    plan = consolidate(submissions, config, latest, cache, progress)
    return plan, write_export(plan, out_dir, fmt)
