"""Paths -> read -> rules -> ValidationReport: the one orchestrator of validation."""

from __future__ import annotations

import os
import stat
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.cache import ReadCache
from xltools.config import Config
from xltools.document import Document, table_row
from xltools.excel.files import SUFFIXES, Found, find
from xltools.excel.grid import CellGrid
from xltools.excel.limits import Limits, from_env
from xltools.excel.read import read_file
from xltools.findings import FileReport, Finding, Loc, ValidationReport
from xltools.gcpause import gc_paused
from xltools.metadata import DOCUMENT_STATUS_FIELDS
from xltools.pool import Progress, chunked, cores, run_chunks
from xltools.reading import read_document
from xltools.rules import RULES, Context, run_rules

CAP = 50  # findings per rule and sheet before "… och N till"
PARALLEL_MIN = 20  # more files than this are read by worker processes (see default_jobs)


@dataclass
class Checked:
    report: FileReport
    document: Document | None


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for spreadsheet files (links not followed, see find)."""
    return [f.path for f in find(paths)]


def cap(findings: list[Finding], limit: int = CAP) -> list[Finding]:
    """Keep at most `limit` findings per rule and sheet, then one closing finding with the rest counted."""
    seen: Counter[tuple[str, str | None]] = Counter()
    out: list[Finding] = []
    for f in findings:
        key = (f.rule, f.loc.sheet)
        seen[key] += 1
        if seen[key] <= limit:
            out.append(f)
    for (rule, sheet), n in seen.items():
        if n > limit:
            first = next(f for f in findings if f.rule == rule and f.loc.sheet == sheet)
            out.append(Finding(rule, first.severity, f"… och {n - limit} till av samma slag på bladet.",
                               Loc(first.loc.file, sheet)))
    return out


def check_grid(grid: CellGrid, file: str, config: Config, sha256: str | None = None,
               others: dict[str, Document] | None = None) -> Checked:
    """Validate one workbook already turned into a grid (used by the add-in and by files)."""
    doc, findings = read_document(grid, file, config, sha256)
    report = FileReport(file=file, sha256=sha256)
    if doc is not None:
        findings += run_rules(doc, Context(config, others or {}))
        report.document, report.namnd, report.year, report.period = doc.doc_type, doc.namnd, doc.year, doc.meta.period
        report.details = details(doc)
    report.findings = cap(findings)
    return Checked(report, doc)


def _plain(path: Path) -> bool:
    """A regular file that is no link: only such a file is looked up in the cache (which reads it)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def details(doc: Document) -> dict[str, Any]:
    """What the report keeps of a document beyond its type, nämnd, year and period: its kommunkod and the
    decision fields its form declares (the inkorg records them without the document travelling)."""
    out: dict[str, Any] = {"kommunkod": doc.meta.kommunkod}
    if doc.meta.org_enhet:  # a unit's verksamhetsplan: its own submission beside the nämnd's
        out["org_enhet"] = doc.meta.org_enhet
    for key in DOCUMENT_STATUS_FIELDS:
        if key in doc.fields:
            out[key] = doc.fields[key].value
    return out


def default_jobs(n_files: int) -> int:
    """Processes for n files: one per core for many files; below PARALLEL_MIN starting workers costs more."""
    return cores() if n_files > PARALLEL_MIN else 1


Entry = tuple[FileReport, Any, "list[Finding] | None"]  # (report, document or packed, findings pending)


def _read_one(found: Found, config: Config, limits: Limits | None = None) -> tuple[FileReport, Document | None,
                                                                                  list[Finding]]:
    """One file read and structurally checked (the reader's own findings, such as a macro varning, first)."""
    raw = read_file(found.path, root=found.root, limits=limits)
    if raw.grid is None:
        return FileReport(file=raw.path, sha256=raw.sha256, unreadable=True), None, raw.findings
    doc, findings = read_document(raw.grid, raw.path, config, raw.sha256)
    findings = raw.findings + findings if raw.findings else findings
    fr = FileReport(file=raw.path, sha256=raw.sha256)
    if doc is not None:
        fr.document, fr.namnd, fr.year, fr.period = doc.doc_type, doc.namnd, doc.year, doc.meta.period
        fr.details = details(doc)
    return fr, doc, findings


def _check_one(found: Found, config: Config, needy: set[str], limits: Limits | None = None) -> Entry:
    """The per-file part of validation: read, check the structure and run the document's own rules.

    A document whose rules read other documents (types in `needy`) keeps its findings pending:
    those rules run where all documents of the nämnd meet. Otherwise the findings are final
    (capped, in the report) and pending is None. Between processes the document travels packed.
    """
    fr, doc, findings = _read_one(found, config, limits)
    if doc is not None and doc.doc_type in needy:
        return fr, doc, findings
    if doc is not None:
        findings = findings + run_rules(doc, Context(config, {}))
    fr.findings = cap(findings)
    return fr, doc, None


def _packed(entry: Entry) -> Entry:
    fr, doc, pending = entry
    return fr, _pack(doc) if isinstance(doc, Document) else doc, pending


@gc_paused
def validate_paths(paths: list[str | Path], config: Config, *, jobs: int | None = None,
                   progress: Progress | None = None, keep_documents: bool = True,
                   cache: ReadCache | None = None,
                   meanwhile: Callable[[], None] | None = None) -> tuple[ValidationReport, list[Checked]]:
    """Validate files and folders; cross-document rules see the other documents of the same nämnd and year.

    `jobs` worker processes read the files (default: default_jobs; 1 = in this process); the
    result is the same, in the same order. `progress(done, total)` is called as files finish.
    With keep_documents=False, Checked.document is None (saves moving documents between processes).
    With a `cache`, files unchanged since an earlier run (same bytes, path, config and code) are
    not read again. `meanwhile()` is other work for this process, done once while worker processes
    read (or first, when the files are read here).
    """
    pending = [meanwhile] if meanwhile is not None else []

    def once() -> None:
        while pending:
            pending.pop()()

    files = find(paths)
    limits = from_env()  # a bad limit in the environment is a usage error here, not a finding per file
    needy, needed = _cross_types()
    entries: list[Entry | None] = [cache.get(f.path) if cache is not None and _plain(f.path) else None for f in files]
    todo = [i for i, e in enumerate(entries) if e is None]
    done = len(files) - len(todo)
    if progress and done:
        progress(done, len(files))
    n = max(1, min(jobs if jobs is not None else default_jobs(len(todo)), len(todo)))
    fresh = _read_parallel([files[i] for i in todo], config, n, progress, keep_documents, cache, done, len(files),
                           limits, once) if n > 1 else None
    once()
    if fresh is None:  # one process (or the pool broke): read here
        fresh = []
        for i in todo:
            entry = _check_one(files[i], config, needy, limits)
            if cache is not None:
                cache.put(entry[0].file, entry[0].sha256, _packed(entry))
            fresh.append(entry)
            done += 1
            if progress:
                progress(done, len(files))
    for i, entry in zip(todo, fresh, strict=True):
        entries[i] = entry
    read: list[tuple[FileReport, Document | None, list[Finding] | None]] = []
    for fr, packed, pending in entries:  # type: ignore[misc]
        ship = packed is not None and (keep_documents or pending is not None or fr.document in needed)
        doc = (packed if isinstance(packed, Document) else _unpack(packed)) if ship else None
        read.append((fr, doc, pending))
    groups: dict[tuple[str, int], dict[str, Document]] = defaultdict(dict)
    for _, doc, _ in read:
        if doc is not None and not doc.org_enhet:  # a unit's plan is read beside the nämnd's, never as it
            groups[(doc.namnd, doc.year)].setdefault(doc.doc_type, doc)
    checked: list[Checked] = []
    for fr, doc, findings in read:
        if findings is not None:  # None: the document's rules have run (see _check_one)
            if doc is not None:
                others = {k: v for k, v in groups[(doc.namnd, doc.year)].items() if v is not doc}
                findings = findings + run_rules(doc, Context(config, others))
            fr.findings = cap(findings)
        checked.append(Checked(fr, doc if keep_documents else None))
    return ValidationReport([c.report for c in checked]), checked


# ---------------------------------------------------------------- worker processes
# Workers read files, check their structure and run the rules of every document whose rules
# read no other document; rules with `needs` (e.g. NP-2, VP-2) run in the main process, where
# all documents of a nämnd meet, exactly as in one process. Documents travel as plain tuples
# (pickled in C, not model by model) and only when they are needed there.
_WORKER: dict[str, Any] = {}


def _cross_types() -> tuple[set[str], set[str]]:
    """Document types with a rule that reads other documents, and the types such rules read."""
    needy = {d for r in RULES.values() if r.needs for d in r.documents}
    return needy, {t for r in RULES.values() for t in r.needs}


def _pack(doc: Document) -> tuple[Any, ...]:
    tables = {t: (rows[0].columns if rows else frozenset(), [(r.sheet, r.row, r.prefilled, r.values) for r in rows])
              for t, rows in doc.tables.items()}  # the columns as read: the template's plan period
    return doc.file, doc.sha256, doc.meta, doc.fields, tables, doc.refs  # CellValues are plain named tuples


def _unpack(packed: tuple[Any, ...]) -> Document:
    file, sha256, meta, fields, tables, refs = packed
    return Document(
        file=file, sha256=sha256, meta=meta, fields=fields,
        tables={t: [table_row(sheet, row, values, pre, cols) for sheet, row, pre, values in rows]
                for t, (cols, rows) in tables.items()},
        refs=refs)


def _init_worker(config: Config, keep_documents: bool, cache: ReadCache | None, limits: Limits | None = None) -> None:
    _WORKER.update(config=config, keep=keep_documents, cross=_cross_types(), cache=cache, limits=limits)


@gc_paused
def _check_files(files: list[Found]) -> list[Entry]:
    config, keep, (needy, needed), cache = _WORKER["config"], _WORKER["keep"], _WORKER["cross"], _WORKER["cache"]
    out: list[Entry] = []
    for found in files:
        fr, packed, pending = entry = _packed(_check_one(found, config, needy, _WORKER.get("limits")))
        if cache is not None:
            cache.put(fr.file, fr.sha256, entry)
        ship = packed is not None and (keep or pending is not None or fr.document in needed)
        out.append((fr, packed if ship else None, pending))
    return out


def _read_parallel(files: list[Found] | list[Path], config: Config, jobs: int, progress: Progress | None,
                   keep_documents: bool, cache: ReadCache | None = None, done: int = 0,
                   total: int | None = None, limits: Limits | None = None,
                   meanwhile: Callable[[], None] | None = None) -> list[Entry] | None:
    """The files read by `jobs` processes, in order; None if the pool broke (the caller reads them itself)."""
    files = [f if isinstance(f, Found) else Found(Path(f)) for f in files]
    total = len(files) if total is None else total
    count = [done]

    def finished(n: int) -> None:
        count[0] += n
        if progress:
            progress(count[0], total)

    return run_chunks(_check_files, chunked(files, jobs), jobs, initializer=_init_worker,
                      initargs=(config, keep_documents, cache, limits), done=finished, meanwhile=meanwhile)


__all__ = ["validate_paths", "check_grid", "expand", "default_jobs", "Checked", "SUFFIXES"]
