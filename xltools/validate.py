"""Paths -> read -> rules -> ValidationReport: the one orchestrator of validation."""

from __future__ import annotations

import functools
import gc
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from xltools.config import Config
from xltools.document import Document, cell_value, table_row
from xltools.excel.grid import CellGrid
from xltools.excel.read import read_file
from xltools.findings import FileReport, Finding, Loc, ValidationReport
from xltools.reading import read_document
from xltools.rules import RULES, Context, run_rules

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}  # .xls/.ods in a folder are reported (FIL-3/FIL-5), not skipped
CAP = 50  # findings per rule and sheet before "… och N till"
PARALLEL_MIN = 20  # more files than this are read by worker processes (see default_jobs)
Progress = Callable[[int, int], None]  # (files done, files in all)
_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass
class Checked:
    report: FileReport
    document: Document | None


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for spreadsheet files (Excel lock files skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and not f.name.startswith("~$"))
        else:
            out.append(p)
    return out


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
    report.findings = cap(findings)
    return Checked(report, doc)


def default_jobs(n_files: int) -> int:
    """Processes for n files: one per core for many files; below PARALLEL_MIN starting workers costs more."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores if n_files > PARALLEL_MIN else 1


def _read_one(path: Path, config: Config) -> tuple[FileReport, Document | None, list[Finding]]:
    """One file read and structurally checked (the per-file part of validation)."""
    raw = read_file(path)
    if raw.grid is None:
        return FileReport(file=raw.path, sha256=raw.sha256, unreadable=True), None, raw.findings
    doc, findings = read_document(raw.grid, raw.path, config, raw.sha256)
    fr = FileReport(file=raw.path, sha256=raw.sha256)
    if doc is not None:
        fr.document, fr.namnd, fr.year, fr.period = doc.doc_type, doc.namnd, doc.year, doc.meta.period
    return fr, doc, findings


def _gc_paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run func with Python's cyclic garbage collector paused.

    Validation builds hundreds of thousands of small objects (grids, documents, findings) that
    never form reference cycles; reference counting frees them, but the cyclic collector would
    scan them again and again as they accumulate (a fifth of the time of a 1 000-file run).
    """

    @functools.wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return run


@_gc_paused
def validate_paths(paths: list[str | Path], config: Config, *, jobs: int | None = None,
                   progress: Progress | None = None,
                   keep_documents: bool = True) -> tuple[ValidationReport, list[Checked]]:
    """Validate files and folders; cross-document rules see the other documents of the same nämnd and year.

    `jobs` worker processes read the files (default: default_jobs; 1 = in this process); the
    result is the same, in the same order. `progress(done, total)` is called as files finish.
    With keep_documents=False, Checked.document is None (saves moving documents between processes).
    """
    files = expand(paths)
    n = max(1, min(jobs if jobs is not None else default_jobs(len(files)), len(files)))
    read: list[tuple[FileReport, Document | None, list[Finding] | None]] | None = None
    if n > 1:
        read = _read_parallel(files, config, n, progress, keep_documents)
    if read is None:
        read = []
        for i, path in enumerate(files, start=1):
            read.append(_read_one(path, config))
            if progress:
                progress(i, len(files))
    groups: dict[tuple[str, int], dict[str, Document]] = defaultdict(dict)
    for _, doc, _ in read:
        if doc is not None:
            groups[(doc.namnd, doc.year)].setdefault(doc.doc_type, doc)
    checked: list[Checked] = []
    for fr, doc, findings in read:
        if findings is not None:  # None: a worker has already run the rules (see _check_files)
            if doc is not None:
                others = {k: v for k, v in groups[(doc.namnd, doc.year)].items() if v is not doc}
                findings = findings + run_rules(doc, Context(config, others))
            fr.findings = cap(findings)
        checked.append(Checked(fr, doc if keep_documents else None))
    return ValidationReport([c.report for c in checked]), checked


# ---------------------------------------------------------------- worker processes
# Workers read files, check their structure and run the rules of every document whose rules
# read no other document; rules with `needs` (e.g. NP-2, VP-2) run here, where all documents of
# a nämnd meet, exactly as in one process. Documents travel as plain tuples (pickled in C, not
# model by model) and only when they are needed here.
_WORKER: dict[str, Any] = {}


def _cross_types() -> tuple[set[str], set[str]]:
    """Document types with a rule that reads other documents, and the types such rules read."""
    needy = {d for r in RULES.values() if r.needs for d in r.documents}
    return needy, {t for r in RULES.values() for t in r.needs}


def _pack(doc: Document) -> tuple[Any, ...]:
    fields = {k: (cv.value, cv.sheet, cv.cell) for k, cv in doc.fields.items()}
    tables = {t: [(r.sheet, r.row, r.prefilled, [(k, cv.value, cv.sheet, cv.cell) for k, cv in r.values.items()])
                  for r in rows] for t, rows in doc.tables.items()}
    return doc.file, doc.sha256, doc.meta, fields, tables, doc.refs


def _unpack(packed: tuple[Any, ...]) -> Document:
    file, sha256, meta, fields, tables, refs = packed
    return Document.model_construct(
        file=file, sha256=sha256, meta=meta, fields={k: cell_value(*v) for k, v in fields.items()},
        tables={t: [table_row(sheet, row, {k: cell_value(v, s, c) for k, v, s, c in values}, pre)
                    for sheet, row, pre, values in rows] for t, rows in tables.items()},
        refs=refs)


def _init_worker(config: Config, keep_documents: bool) -> None:
    _WORKER.update(config=config, keep=keep_documents, cross=_cross_types())


@_gc_paused
def _check_files(paths: list[Path]) -> list[tuple[FileReport, tuple[Any, ...] | None, list[Finding] | None]]:
    config, keep, (needy, needed) = _WORKER["config"], _WORKER["keep"], _WORKER["cross"]
    out: list[tuple[FileReport, tuple[Any, ...] | None, list[Finding] | None]] = []
    for path in paths:
        fr, doc, findings = _read_one(path, config)
        pending: list[Finding] | None = findings
        if doc is None or doc.doc_type not in needy:
            if doc is not None:
                findings = findings + run_rules(doc, Context(config, {}))
            fr.findings, pending = cap(findings), None
        ship = doc is not None and (keep or doc.doc_type in needy or doc.doc_type in needed)
        out.append((fr, _pack(doc) if ship and doc is not None else None, pending))
    return out


def _read_parallel(files: list[Path], config: Config, jobs: int, progress: Progress | None,
                   keep_documents: bool) -> list[tuple[FileReport, Document | None, list[Finding] | None]] | None:
    """The files read by `jobs` processes, in order; None if the pool broke (the caller reads them itself)."""
    import multiprocessing  # here, not at the top: off the start-up path of `xltools validate one.xlsx`
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, min(16, len(files) // (jobs * 8)))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    results: list[list[Any]] = [[] for _ in chunks]
    done = 0
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker, initargs=(config, keep_documents)) as pool:
            futures = {pool.submit(_check_files, chunk): i for i, chunk in enumerate(chunks)}
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                done += len(chunks[i])
                if progress:
                    progress(done, len(files))
    except BrokenProcessPool:
        return None
    return [(fr, _unpack(packed) if packed is not None else None, pending)
            for chunk in results for fr, packed, pending in chunk]


__all__ = ["validate_paths", "check_grid", "expand", "default_jobs", "Checked"]
