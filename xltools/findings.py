"""Findings (what a rule reports) and the per-file and whole-run reports built from them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from xltools.cells import a1_sort_key


class Severity(StrEnum):
    FEL = "fel"  # blocks acceptance
    VARNING = "varning"  # does not block


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a finding points: file, sheet and an A1 cell or range ("D7", "B5:H5")."""

    file: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    loc: Loc
    related: tuple[Loc, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "sheet": self.loc.sheet,
            "cell": self.loc.cell,
            "message": self.message,
        }


_SEVERITY_ORDER = {Severity.FEL: 0, Severity.VARNING: 1}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by sheet and cell in reading order."""
    return sorted(
        findings,
        key=lambda f: (_SEVERITY_ORDER[f.severity], f.loc.sheet or "", a1_sort_key(f.loc.cell), f.rule),
    )


@dataclass
class FileReport:
    """The validation result of one file."""

    file: str
    sha256: str | None = None
    document: str | None = None
    namnd: str | None = None
    year: int | None = None
    period: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False  # the file could not be read at all (exit code 2)
    details: dict[str, Any] = field(default_factory=dict)  # kommunkod and decision fields, for the inkorg (not in to_dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.FEL)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.VARNING)

    @property
    def valid(self) -> bool:
        return self.errors == 0 and not self.unreadable

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "document": self.document,
            "namnd": self.namnd,
            "year": self.year,
            "period": self.period,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_dict() for f in sort_findings(self.findings)],
        }


@dataclass
class ValidationReport:
    files: list[FileReport] = field(default_factory=list)

    def exit_code(self) -> int:
        """0 when no fel, 1 when any fel, 2 when a file could not be read at all."""
        if any(f.unreadable for f in self.files):
            return 2
        return 1 if any(f.errors for f in self.files) else 0

    def to_json(self) -> str:
        return json.dumps({"files": [f.to_dict() for f in self.files]}, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """A Swedish report grouped by file and sheet, errors first."""
        out: list[str] = []
        for fr in self.files:
            period = fr.period if fr.period != str(fr.year) else None  # a planning document's period is its year
            unit = fr.details.get("org_enhet") if fr.details else None  # a unit's own document: nämnd/enhet
            what = " · ".join(str(x) for x in (fr.document, f"{fr.namnd}/{unit}" if unit else fr.namnd, fr.year,
                                               period) if x)
            verdict = "godkänd" if fr.valid else ("kunde inte läsas" if fr.unreadable else "ej godkänd")
            out.append(f"{fr.file}" + (f" ({what})" if what else "") + f": {verdict} – {fr.errors} fel, {fr.warnings} varningar")
            by_sheet: dict[str | None, list[Finding]] = {}  # sheets with fel first; in a sheet fel first
            for f in sort_findings(fr.findings):
                by_sheet.setdefault(f.loc.sheet, []).append(f)
            for sheet, items in by_sheet.items():
                out.append(f"  Blad {sheet}:" if sheet else "  Arbetsboken:")
                for f in items:
                    where = f"{f.loc.cell}: " if f.loc.cell else ""
                    out.append(f"    [{f.severity}] {f.rule} {where}{f.message}")
        total = Counter()
        for fr in self.files:
            total["fel"] += fr.errors
            total["varning"] += fr.warnings
        ok = sum(1 for fr in self.files if fr.valid)
        out.append(f"Summa: {len(self.files)} filer, {ok} godkända, {total['fel']} fel, {total['varning']} varningar.")
        return "\n".join(out)
