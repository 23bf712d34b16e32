"""`xltools publicera`: a follow-up period -> the citizens' results site, with its open data and bilaga.

The site is written all or nothing (atomic_dir): pages, style sheet, data/ (the follow-up's open
data as CSV with datapackage.json) and bilagor/ (the formal HTML appendix, where the report has
one). A Kolada snapshot that cannot be read is a note, never a stop: the site is then written
without the nyckeltal page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xltools.atomic import atomic_dir, refuse_inside
from xltools.cache import ReadCache
from xltools.config import Config
from xltools.errors import unwritable
from xltools.forms.period import kind_of
from xltools.jobs.uppfoljning import gather
from xltools.opendata.tables import uppfoljning_tables
from xltools.opendata.write import write_tables
from xltools.pool import Progress
from xltools.reports.site import write_site
from xltools.uppfoljning.consolidate import FollowUp


@dataclass
class Published:
    followup: FollowUp
    written: list[Path]
    notes: list[str]


def publish(folder: str | Path, config: Config, period: str, out_dir: str | Path, *, kolada: str | Path | None = None,
            cache: ReadCache | None = None, progress: Progress | None = None, latest: bool = False,
            db: str | None = None) -> Published:
    """Consolidate the period's reports and write the site into `out_dir`; nothing lands on error."""
    refuse_inside(out_dir, folder)
    g = gather(folder, config, period, cache, progress, latest, db)
    fu = g.followup
    from xltools.kolada.snapshot import for_reports

    snap, notes = for_reports(kolada)
    out = Path(out_dir)
    tables = uppfoljning_tables(fu)
    try:
        with atomic_dir(out) as tmp:
            (tmp / "data").mkdir()
            name = f"uppfoljning-{fu.period}"
            written_data = write_tables(tables, tmp / "data", "csv", name=name, title=f"{fu.kommun}: {fu.title}",
                                        description=f"{fu.title}: nämndernas ekonomi, mål och investeringar. Belopp i tkr."
                                        + (f" {fu.exempeldata.capitalize()}." if fu.exempeldata else ""))
            files = [{"href": f"data/{t.name}.csv", "title": t.title} for t in tables]
            files.append({"href": "data/datapackage.json", "title": "Datapaketets beskrivning (Frictionless Data)"})
            bilaga = None
            if kind_of(fu.kind).appendix:
                from xltools.reports.uppfoljning_html import write_appendix

                (tmp / "bilagor").mkdir()
                bilaga = f"bilagor/{name}-bilaga.html"
                write_appendix(fu, tmp / bilaga)
            pages = write_site(fu, config, tmp, snap, files, bilaga)
            written = [out / p.relative_to(tmp) for p in [*pages, *written_data]]
            if bilaga:
                written.append(out / bilaga)
    except OSError as exc:
        raise unwritable(out, exc, "inget skrevs") from exc
    return Published(fu, written, notes)
