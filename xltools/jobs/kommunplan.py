"""`xltools kommunplan`: a folder of submissions -> validate -> choose -> consolidate -> write.

Every workbook is validated; a submission with fel is left out and reported, never half-used.
One submission counts per nämnd and document (xltools.submissions). The outputs (workbook,
JSON, bilagor) are written atomically: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from xltools import integrity
from xltools.atomic import atomic_dir, refuse_inside
from xltools.cache import ReadCache
from xltools.config import PARTS, Config
from xltools.consolidate.facts import Source
from xltools.consolidate.kommunplan import build, partition, verksamhetsplaner_of
from xltools.consolidate.model import Kommunplan
from xltools.document import Document
from xltools.errors import XltoolsError, unwritable
from xltools.forms.status import beslut_text
from xltools.gcpause import gc_paused
from xltools.inkorg.place import is_inkorg
from xltools.pool import Progress
from xltools.submissions import Utesluten, one_each, reasons, relative, unreadable
from xltools.validate import Checked, validate_paths


@gc_paused
def consolidate(submissions: str | Path, config: Config, latest: bool = False,
                cache: ReadCache | None = None, progress: Progress | None = None, db: str | None = None,
                fas: str | None = None) -> Kommunplan:
    """Validate every workbook in `submissions` (recursively), choose one per nämnd and document, consolidate.

    When `submissions` is an inkorg (or `db` names its ledger), the latest accepted version of each
    nämnd's documents for the budget year is used instead, and each source records which version.
    """
    root = Path(submissions)
    if not root.is_dir():
        raise XltoolsError(f"Mappen med underlag finns inte: {root}")
    if db is not None or is_inkorg(root):
        keep, uteslutna, shown, root = _from_ledger(root, db, config, cache, progress)
    else:
        _, checked = validate_paths([root], config, cache=cache, progress=progress)
        if not checked:
            raise XltoolsError(f"Mappen {root} innehåller inga Excelarbetsböcker (.xlsx eller .xlsm).")
        uteslutna = unreadable(checked, root)
        keep, replaced = one_each(checked, root, latest, integrity.kommun_key(config) is not None)
        uteslutna += replaced
        shown = {}
    accepted: list[tuple[Document, Source]] = []
    for c in keep:
        d = c.document
        assert d is not None
        rel, entry_id, received = shown.get(c.report.file) or (relative(c.report.file, root), None, None)
        if not c.report.valid:
            uteslutna.append(Utesluten(rel, c.report.sha256, d.doc_type, d.namnd, reasons(c)))
        else:
            accepted.append((d, Source(rel, c.report.sha256 or "", d.doc_type, d.namnd, d.meta.generated,
                                       entry_id, received, beslut_text(c.report.details), d.org_enhet)))
    uteslutna.sort(key=lambda u: u.file)
    used, ej = partition(config, accepted)
    if not used:
        raise XltoolsError(f"Inget godkänt underlag för kommunplanen {config.planering.budgetar} i {root}: "
                           + "; ".join(f"{u.file}: {u.skal[0]}" for u in uteslutna[:5]))
    config_files = {name: sha for name, sha in config.files.items() if Path(name).stem in PARTS}  # not uppfoljning.yaml
    return build(config, used, ej, uteslutna, config_files, fas, vplaner=verksamhetsplaner_of(config, accepted))


def _from_ledger(folder: Path, db: str | None, config: Config, cache: ReadCache | None,
                 progress: Progress | None) -> tuple[list[Checked], list[Utesluten], dict[str, tuple[str, int, str]], Path]:
    """The latest accepted versions in an inkorg, validated again together (the configuration may have changed).

    Returns the checked documents, none left out yet, and archive path -> (shown name, entry id, received at)."""
    from xltools.inkorg.place import ledger_db
    from xltools.inkorg.receive import Inkorg

    with Inkorg(folder, ledger_db(db)) as ik:
        chosen = sorted(ik.ledger.latest_accepted(ar=config.planering.budgetar).values(), key=lambda e: e.id)
        paths = [ik.archive.path(e.archive_path) for e in chosen]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise XltoolsError(f"Arkivfiler saknas i inkorgen {folder}: {', '.join(missing[:5])}")
    if not chosen:
        raise XltoolsError(f"Inkorgen {folder} har inga godkända inlämningar för {config.planering.budgetar}.")
    names = [e.filename for e in chosen]
    shown = {str(p): (e.filename if names.count(e.filename) == 1 else f"{e.filename} (inlämning {e.id})", e.id,
                      e.received_at.isoformat(timespec="seconds") + "Z")
             for p, e in zip(paths, chosen, strict=True)}
    _, checked = validate_paths(paths, config, cache=cache, progress=progress)
    keep = [c for c in checked if c.document is not None]
    left = [Utesluten(shown[c.report.file][0], c.report.sha256, None, None, reasons(c))
            for c in checked if c.document is None]
    return keep, left, shown, folder


def _budget_before(plan: Kommunplan, submissions: Path) -> Kommunplan:
    """Budget t−1 from the kommunplan of t−1 adopted in the inkorg's ledger (its latest phase), when ekonomi.yaml
    gives none: the next year compares against what KF adopted (issue 16 parts 1–2)."""
    from xltools.consolidate.fas import FASER
    from xltools.consolidate.jamforelse import antagen_budget, jamforelse

    if plan.config.ekonomi.jamforelse.budget is not None or not is_inkorg(submissions):
        return plan
    from xltools.inkorg.place import ledger_db
    from xltools.inkorg.receive import Inkorg

    year = plan.budgetar - 1
    with Inkorg(submissions, ledger_db(None)) as ik:
        adopted = next((a for f in reversed(FASER) if (a := ik.ledger.adopted_kommunplan(year, f)) is not None), None)
    if adopted is None:
        return plan
    kalla = (f"Kommunplan {year}, fas {adopted.fas}, fastställd {adopted.fastalld_at:%Y-%m-%d}"
             + (f" ({adopted.beslut})" if adopted.beslut else "") + " i inkorgens liggare")
    column = antagen_budget(adopted.plan, kalla)
    return replace(plan, jamforelse=jamforelse(plan.config, column)) if column else plan


@gc_paused
def _phase(plan: Kommunplan, submissions: Path, faststall: bool, who: str,
           notes: Callable[[str], None] | None) -> tuple[Kommunplan, Callable[[], None] | None]:
    """The November diff against the adopted plan of the phase before (from the inkorg's ledger), and the
    recording of this plan as adopted (`faststall`), run after its outputs are written."""
    from xltools.consolidate.fas import JAMFOR_MED
    from xltools.inkorg.place import ledger_db
    from xltools.inkorg.receive import Inkorg
    from xltools.reports.andringar import andringar
    from xltools.reports.kommunplan_json import to_dict, to_json

    inkorg = is_inkorg(submissions)
    if faststall and not inkorg:
        raise XltoolsError("--faststall kräver att MAPP är en inkorg (xltools inkorg ta-emot): den antagna "
                           "kommunplanen sparas i inkorgens liggare.")
    if not inkorg or plan.fas is None:
        return plan, None
    c = plan.config
    before = JAMFOR_MED.get(plan.fas)
    if before:
        with Inkorg(submissions, ledger_db(None)) as ik:
            adopted = ik.ledger.adopted_kommunplan(plan.budgetar, before)
        if adopted is None:
            if notes:
                notes(f"Ingen antagen kommunplan för fas {before} {plan.budgetar} finns i inkorgen: förändringarna "
                      f"mot den kan inte visas (anta den med --fas {before} --faststall).")
        else:
            plan = replace(plan, andringar=andringar(
                adopted.plan, to_dict(plan), c.planering.kf_beslut.get(plan.fas, ""),
                {"fas": adopted.fas, "fastalld": adopted.fastalld_at.isoformat(timespec="seconds") + "Z",
                 "beslut": adopted.beslut, "id": adopted.id}))
    if not faststall:
        return plan, None
    final = plan

    def record() -> None:
        inputs = [{"file": s.file, "sha256": s.sha256, "document": s.document, "namnd": s.namnd} for s in final.sources]
        inputs += [{"file": name, "sha256": sha, "document": "konfiguration", "namnd": None}
                   for name, sha in final.config_files.items()]
        with Inkorg(submissions, ledger_db(None)) as ik:
            ik.ledger.record_kommunplan(final.budgetar, final.fas or "", to_json(final), inputs, who,
                                        c.planering.kf_beslut.get(final.fas or "", ""))

    return plan, record


def write_outputs(plan: Kommunplan, out_dir: str | Path, namnder: list[str] | None = None,
                  dokument: tuple[str, ...] = (), mall: str | Path | None = None) -> list[Path]:
    """kommunplan-<år>.xlsx, kommunplan-<år>.json, bilagor/*.html and the documents asked for (pdf, docx)
    into `out_dir`; nothing lands on error."""
    from xltools.reports.bilagor import render_bilagor
    from xltools.reports.inkopsplan_xlsx import write_inkopsplan
    from xltools.reports.kommunplan_json import to_dict, to_json
    from xltools.reports.kommunplan_xlsx import write_workbook

    out = Path(out_dir)
    year = plan.budgetar
    names: list[Path] = []
    try:
        with atomic_dir(out) as tmp:
            write_workbook(plan, tmp / f"kommunplan-{year}.xlsx")
            write_inkopsplan(plan, tmp / f"upphandlingsplan-{year}.xlsx")
            (tmp / f"kommunplan-{year}.json").write_text(to_json(plan), encoding="utf-8")
            bilagor = render_bilagor(plan, tmp / "bilagor", namnder)
            docs = _documents(to_dict(plan), plan.config, tmp, dokument, mall) if dokument else []
            names = [out / f"kommunplan-{year}.xlsx", out / f"kommunplan-{year}.json", out / f"upphandlingsplan-{year}.xlsx",
                     *(out / "bilagor" / p.name for p in bilagor), *(out / p.name for p in docs)]
    except OSError as exc:
        raise unwritable(out, exc, "inget skrevs") from exc
    return names


def _documents(data: dict, config: Config, tmp: Path, dokument: tuple[str, ...], mall: str | Path | None) -> list[Path]:
    from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument
    from xltools.reports.dokument.write import write_documents

    return write_documents(kommunplan_dokument(data, Names.of(config)), tmp, dokument, mall)


def run(submissions: str | Path, config: Config, out_dir: str | Path, *, latest: bool = False,
        namnder: list[str] | None = None, cache: ReadCache | None = None, progress: Progress | None = None,
        status: Callable[[str], None] | None = None, dokument: tuple[str, ...] = (), mall: str | Path | None = None,
        kolada: str | Path | None = None, notes: Callable[[str], None] | None = None, fas: str | None = None,
        faststall: bool = False, who: str = "") -> tuple[Kommunplan, list[Path]]:
    """The whole job: consolidate, then write the outputs; XltoolsError (Swedish) when nothing could be written.

    `kolada`: a snapshot file or folder whose values are shown beside the mått with a Kolada id; one that
    cannot be read is a note (to `notes`), never a stop."""
    refuse_inside(out_dir, submissions)
    plan = consolidate(submissions, config, latest, cache, progress, fas=fas)
    plan = _budget_before(plan, Path(submissions))
    plan, record = _phase(plan, Path(submissions), faststall, who, notes)
    if kolada is not None:
        from xltools.kolada.snapshot import for_reports

        snap, problems = for_reports(kolada)
        for p in problems:
            if notes:
                notes(p)
        plan = replace(plan, kolada=snap)
    if status:
        status("Skriver kommunplanens arbetsbok, JSON och bilagor"
               + (f" och dokument ({', '.join(dokument)})" if dokument else "") + " …")
    written = write_outputs(plan, out_dir, namnder, dokument, mall)
    if record is not None:  # after the outputs are written: an adopted plan always has its files
        record()
    return plan, written
