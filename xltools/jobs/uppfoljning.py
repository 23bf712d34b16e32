"""`xltools uppfoljning`: a folder of submissions + a period -> validate -> choose -> consolidate -> write.

One report counts per nämnd and period (xltools.submissions, the same policy as the kommunplan's);
the outputs (workbook, JSON and, for the delårsrapport and årsredovisning, an HTML appendix) are
written atomically.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from xltools import integrity
from xltools.atomic import atomic_dir, refuse_inside
from xltools.cache import ReadCache
from xltools.config import Config
from xltools.errors import XltoolsError, unwritable
from xltools.escaping import json_text
from xltools.excel.files import find
from xltools.excel.read import read_file
from xltools.excel.write import TemplateCheck
from xltools.findings import Finding, ValidationReport
from xltools.forms.layout import Prefill
from xltools.forms.period import FOLLOWUP_DOCS, Period, check_period, kind_of, parse_period
from xltools.gcpause import gc_paused
from xltools.inkorg.place import is_inkorg
from xltools.pool import Progress
from xltools.reading import read_meta
from xltools.reports.uppfoljning_html import write_appendix
from xltools.reports.uppfoljning_json import to_dict, to_json
from xltools.reports.uppfoljning_xlsx import write_workbook
from xltools.submissions import one_each, relative
from xltools.templates import generate_followup
from xltools.uppfoljning.consolidate import FollowUp, consolidate
from xltools.validate import Checked, validate_paths


@dataclass
class RunResult:
    followup: FollowUp
    validation: ValidationReport
    written: list[Path]


def output_names(period: Period, kind: str) -> list[str]:
    names = [f"uppfoljning-{period}.xlsx", f"uppfoljning-{period}.json"]
    if kind_of(kind).appendix:
        names.append(f"uppfoljning-{period}-bilaga.html")
    return names


def _counts(c: Checked, config: Config, period: Period) -> bool:
    """Whether a checked file is a follow-up of the year up to `period` (the files the duplicate policy covers)."""
    d = c.document
    p = parse_period(d.meta.period) if d is not None else None
    return (d is not None and p is not None and d.doc_type in FOLLOWUP_DOCS
            and d.year == config.planering.uppfoljningsar and p <= period)


@dataclass
class Gathered:
    """A follow-up consolidated from the chosen reports, before anything is written."""

    followup: FollowUp
    validation: ValidationReport
    period: Period
    kind: str
    versions: list[dict[str, object]] | None  # from an inkorg: the ledger versions used


def gather(folder: str | Path, config: Config, period_text: str, cache: ReadCache | None = None,
           progress: Progress | None = None, latest: bool = False, db: str | None = None,
           utfall: str | Path | None = None) -> Gathered:
    """Validate every workbook in `folder` (or the inkorg's latest accepted versions), choose one report
    per nämnd and period and consolidate; with the ekonomisystem's export (`utfall`, SIE or CSV), every
    nämnd's utfall is reconciled with it."""
    period, kind = check_period(period_text, config)
    ledger = None
    if utfall is not None:
        from xltools.utfall.uppfoljning import las_utfall

        ledger = las_utfall(utfall, config, str(period))
    folder = Path(folder)
    if not folder.is_dir():
        raise XltoolsError(f"Mappen {folder} finns inte.")
    versions: list[dict[str, object]] | None = None
    if db is not None or is_inkorg(folder):
        checked, versions = _from_ledger(folder, db, config, period, cache, progress)
        validation = ValidationReport([c.report for c in checked])
    else:
        validation, checked = validate_paths([folder], config, cache=cache, progress=progress)
    keep, replaced = one_each([c for c in checked if _counts(c, config, period)], folder, latest,
                              integrity.kommun_key(config) is not None)
    if versions is None:  # sources as the kommun's folder names them, never a server's absolute path
        for c in checked:
            c.report.file = relative(c.report.file, folder)
            if c.document is not None:
                c.document.file = c.report.file
    chosen = {id(c) for c in keep}
    fu = consolidate([c for c in checked if id(c) in chosen or not _counts(c, config, period)], config, period, kind,
                     replaced, ledger)
    return Gathered(fu, validation, period, kind, versions)


@gc_paused
def run_followup(folder: str | Path, config: Config, period_text: str, out_dir: str | Path,
                 cache: ReadCache | None = None, progress: Progress | None = None, latest: bool = False,
                 dokument: tuple[str, ...] = (), mall: str | Path | None = None, db: str | None = None,
                 utfall: str | Path | None = None) -> RunResult:
    """Validate every workbook in `folder`, choose one report per nämnd and period, consolidate, write
    (with the report as a PDF and/or Word draft when `dokument` asks for them).

    When `folder` is an inkorg (or `db` names its ledger), the latest accepted version of each nämnd's
    reports up to the period is used, and the JSON lists those versions under "inlamningar". With the
    ekonomisystem's export (`utfall`, SIE or CSV), every nämnd's utfall is reconciled with it."""
    refuse_inside(out_dir, folder)
    g = gather(folder, config, period_text, cache, progress, latest, db, utfall)
    fu, validation, period, kind, versions = g.followup, g.validation, g.period, g.kind, g.versions
    out_dir = Path(out_dir)
    names = output_names(period, kind)
    try:
        with atomic_dir(out_dir) as tmp:
            write_workbook(fu, tmp / names[0])
            text = to_json(fu) if versions is None else \
                json_text(json.dumps({**to_dict(fu), "inlamningar": versions}, ensure_ascii=False, indent=2))
            (tmp / names[1]).write_text(text, encoding="utf-8")
            if kind_of(kind).appendix:
                write_appendix(fu, tmp / names[2])
            if dokument:
                from xltools.reports.dokument.uppfoljning import uppfoljning_dokument
                from xltools.reports.dokument.write import write_documents

                names += [p.name for p in write_documents(uppfoljning_dokument(to_dict(fu)), tmp, dokument, mall)]
    except OSError as exc:
        raise unwritable(out_dir, exc, "inget skrevs") from exc
    return RunResult(fu, validation, [out_dir / n for n in names])


def _from_ledger(folder: Path, db: str | None, config: Config, period: Period, cache: ReadCache | None,
                 progress: Progress | None) -> tuple[list[Checked], list[dict[str, object]]]:
    """The latest accepted follow-up reports of the year up to `period`, validated again, named as handed in."""
    from xltools.inkorg.place import ledger_db
    from xltools.inkorg.receive import Inkorg

    with Inkorg(folder, ledger_db(db)) as ik:
        chosen = sorted((e for e in ik.ledger.latest_accepted(ar=config.planering.uppfoljningsar).values()
                         if e.dokument in FOLLOWUP_DOCS and (p := parse_period(e.period or "")) is not None
                         and p <= period), key=lambda e: e.id)
        paths = [ik.archive.path(e.archive_path) for e in chosen]
    if not chosen:
        raise XltoolsError(f"Inkorgen {folder} har inga godkända uppföljningsrapporter för {period.year} till och med {period}.")
    names = [e.filename for e in chosen]
    shown = {str(p): e.filename if names.count(e.filename) == 1 else f"{e.filename} (inlämning {e.id})"
             for p, e in zip(paths, chosen, strict=True)}
    _, checked = validate_paths(paths, config, cache=cache, progress=progress)
    for c in checked:
        name = shown[c.report.file]
        c.report.file = name
        if c.document is not None:
            c.document.file = name
    versions = [{"file": shown[str(p)], "sha256": e.sha256, "inlamning": e.id, "namnd": e.namnd, "dokument": e.dokument,
                 "period": e.period, "mottagen": e.received_at.isoformat(timespec="seconds") + "Z"}
                for p, e in zip(paths, chosen, strict=True)]
    return checked, versions


def latest_period(folder: str | Path, config: Config) -> str | None:
    """The latest follow-up period among the workbooks in `folder` (read from metadata, not file names)."""
    best: Period | None = None
    for found in find([folder]):
        raw = read_file(found.path, root=found.root)
        if raw.grid is None:
            continue
        meta, _ = read_meta(raw.grid)
        p = parse_period(meta.period) if meta is not None else None
        if meta is None or p is None or meta.document not in FOLLOWUP_DOCS:
            continue
        if p.year == config.planering.uppfoljningsar and (best is None or p > best):
            best = p
    return str(best) if best else None


@dataclass
class TemplatesResult:
    written: list[Path]
    findings: list[Finding]  # from the ledger export (UTF-1, UTF-2, INV-4)
    notes: list[str]
    summary: list[str]  # the export's control totals, in Swedish


def followup_templates(config: Config, period_text: str, out_dir: str | Path, *, namnder: tuple[str, ...] = (),
                       utfall: str | Path | None = None, underlag: str | Path | None = None, db: str | None = None,
                       generated: dt.datetime | None = None, progress: Progress | None = None,
                       check: TemplateCheck | None = None, kolada: str | Path | None = None) -> TemplatesResult:
    """The period's templates, with the utfall from the ekonomisystem's export `utfall` (SIE or CSV; read
    at the period, mapped by utfall.yaml, locked) and the internbudget from `underlag` (an inkorg or a
    folder of workbooks); `check` adds Validera for xlwings Lite (xltools.lite.template). A fel in
    the export writes nothing: the findings say why."""
    from xltools.uppfoljning.underlag import fran
    from xltools.utfall.uppfoljning import las_utfall

    period, _ = check_period(period_text, config)
    ledger = las_utfall(utfall, config, str(period)) if utfall is not None else None
    if ledger is not None and ledger.fel:
        return TemplatesResult([], ledger.findings, [], [])
    source = fran(underlag, config, db) if underlag is not None else None
    notes = list(source.notes) if source else []
    if source is not None:
        missing = [n for n in namnder or config.namnd_ids if source.antagen(n, "driftbudget", period.year) is None]
        if missing:
            notes.append(f"Ingen godkänd internbudget (driftbudget {period.year}) i underlaget för: {', '.join(missing)}; "
                         "deras periodiserade budget lämnas tom.")
    snapshot = None
    if kolada is not None:
        from xltools.kolada.snapshot import for_reports

        snapshot, problems = for_reports(kolada)
        notes += problems
    written = generate_followup(config, period_text, out_dir, namnder=namnder, generated=generated, progress=progress,
                                ledger=ledger, underlag=source, check=check, kolada=snapshot)
    summary = ledger.resultat.summary() if ledger and ledger.resultat else []
    last = next((i for i, line in enumerate(summary) if line.startswith("Kontrollsummorna")), len(summary) - 1)
    return TemplatesResult(written, ledger.findings if ledger else [], notes, summary[:last + 1])


def prognos_forra_aret(folder: str | Path, config: Config, cache: ReadCache | None = None,
                       progress: Progress | None = None) -> tuple[dict[str, dict[str, Prefill]], str]:
    """The latest follow-up of the uppföljningsår in `folder` (or an inkorg) as pre-fills of the planning
    templates' "Förra året" sheets, and a sentence saying which report it is (or that there is none)."""
    from xltools.uppfoljning.forra_aret import prognos_prefills

    if not Path(folder).is_dir():
        raise XltoolsError(f"Mappen med uppföljningar finns inte: {folder}")
    period = latest_period(folder, config)
    if period is None:
        return {}, (f"Ingen uppföljning för {config.planering.uppfoljningsar} finns i {folder}: mallarna får "
                    "ingen prognos för året före budgetåret.")
    g = gather(folder, config, period, cache=cache, progress=progress)
    found = prognos_prefills(g.followup)
    n = len(set(found["driftbudget"]) | set(found["investeringsplan"]))
    return found, f"Prognosen för {config.planering.uppfoljningsar} förifylls ur {period} för {n} nämnder."
