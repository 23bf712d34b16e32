"""Paths -> read -> rules -> ValidationReport: the one orchestrator of validation."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from xltools.config import Config
from xltools.document import Document
from xltools.excel.grid import CellGrid
from xltools.excel.read import read_file
from xltools.findings import FileReport, Finding, Loc, Severity, ValidationReport
from xltools.reading import read_document
from xltools.rules import Context, run_rules

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}  # .xls/.ods in a folder are reported (FIL-3/FIL-5), not skipped
CAP = 50  # findings per rule and sheet before "… och N till"


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


def validate_paths(paths: list[str | Path], config: Config) -> tuple[ValidationReport, list[Checked]]:
    """Validate files and folders; cross-document rules see the other documents of the same nämnd and year."""
    read: list[tuple[FileReport, Document | None, list[Finding]]] = []
    for path in expand(paths):
        raw = read_file(path)
        if raw.grid is None:
            read.append((FileReport(file=raw.path, sha256=raw.sha256, unreadable=True), None, raw.findings))
            continue
        doc, findings = read_document(raw.grid, raw.path, config, raw.sha256)
        fr = FileReport(file=raw.path, sha256=raw.sha256)
        if doc is not None:
            fr.document, fr.namnd, fr.year, fr.period = doc.doc_type, doc.namnd, doc.year, doc.meta.period
        read.append((fr, doc, findings))
    groups: dict[tuple[str, int], dict[str, Document]] = defaultdict(dict)
    for _, doc, _ in read:
        if doc is not None:
            groups[(doc.namnd, doc.year)].setdefault(doc.doc_type, doc)
    checked: list[Checked] = []
    for fr, doc, findings in read:
        if doc is not None:
            others = {k: v for k, v in groups[(doc.namnd, doc.year)].items() if v is not doc}
            findings = findings + run_rules(doc, Context(config, others))
        fr.findings = cap(findings)
        checked.append(Checked(fr, doc))
    return ValidationReport([c.report for c in checked]), checked


__all__ = ["validate_paths", "check_grid", "expand", "Checked", "Severity"]
