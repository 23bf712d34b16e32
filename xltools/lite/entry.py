"""Validera in xlwings Lite: the open workbook through the object model -> the CLI's rules -> marks and Kontroll.

The template's main.py (xltools.lite.script) calls ``validera(book, KONFIGURATION)`` with the
Book xlwings Lite hands to a script and the configuration bundled in the template
(xltools.lite.bundle). The workbook is read and marked through the same WorkbookPort as the
desktop add-in (XlwingsPort on xlwings' remote engine) and with the same apply_findings, so the
findings, fills, notes and the Kontroll sheet are those of the CLI and the .xlam. A browser add-in
cannot save a copy into a network folder, so there is no hand-in: the Kontroll sheet starts with
the verdict and says how to hand the workbook in. Every problem ends as Swedish text on the
Kontroll sheet (and in Lite's output), never as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xltools.addin.marks import INFO, Applied, apply_findings
from xltools.errors import XltoolsError
from xltools.excel.grid_from import grid_from_port
from xltools.excel.port import FindingRow, WorkbookPort, XlwingsPort
from xltools.findings import Finding
from xltools.lite.bundle import config_from_bundle
from xltools.validate import check_grid

TITLE = "xltools – Validera"


@dataclass
class LiteResult:
    status: str  # "godkand", "fel", "ingen_mall", "annan_mall" or "avbruten"
    errors: int = 0
    warnings: int = 0
    message: str = ""  # the verdict, first on the Kontroll sheet
    findings: list[Finding] = field(default_factory=list)
    applied: Applied | None = None


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def hand_in_text(bundle: Mapping[str, Any]) -> str:
    """How to hand the workbook in (Lite cannot do it): save, then as ekonomienheten says, by the deadline."""
    due = bundle.get("lamnas_senast")
    when = f", senast {due}" if due else ""
    return (f"Så lämnar du in: spara arbetsboken och lämna filen till ekonomienheten som anvisningarna säger{when}. "
            "Validera lämnar inte in den åt dig.")


def verdict_text(errors: int, warnings: int) -> str:
    if errors:
        return (f"Resultat: {_count(errors, 'fel', 'fel')} och {_count(warnings, 'varning', 'varningar')}. "
                "Rätta felen och klicka på Validera igen.")
    extra = f" {_count(warnings, 'varning', 'varningar')} – läs dem nedan." if warnings else ""
    return f"Resultat: inga fel.{extra} Arbetsboken kan lämnas in."


def _other_document(checked_doc: Any, bundle: Mapping[str, Any]) -> str | None:
    """Why the bundled rules do not fit this workbook (another document, nämnd, year or period), or None."""
    if checked_doc is None:
        return None
    meta = checked_doc.meta
    ours = (bundle.get("document"), bundle.get("namnd"), bundle.get("year"), bundle.get("period"))
    theirs = (checked_doc.doc_type, checked_doc.namnd, checked_doc.year, meta.period)
    if ours == theirs:
        return None
    return (f"Kontrollen i den här arbetsboken gäller {ours[0]} för {ours[1]} {ours[3]}, men arbetsbokens uppgifter "
            f"säger {theirs[0]} för {theirs[1]} {theirs[3]}. Använd mallen som hör till dokumentet (hämta en ny från "
            "ekonomienheten); ingenting har kontrollerats.")


def check_and_mark(port: WorkbookPort, bundle: Mapping[str, Any] | str) -> LiteResult:
    """Validate the workbook behind `port` with the bundled configuration and mark it; raises XltoolsError."""
    data = json.loads(bundle) if isinstance(bundle, str) else dict(bundle)
    config = config_from_bundle(data)
    checked = check_grid(grid_from_port(port), port.name, config)
    report, doc = checked.report, checked.document
    other = _other_document(doc, data)
    if other is not None:
        _write_notice(port, other)
        return LiteResult("annan_mall", message=other)
    findings = list(report.findings)
    errors, warnings = report.errors, report.warnings
    verdict = verdict_text(errors, warnings)
    applied = apply_findings(port, findings, notices=[verdict, hand_in_text(data)])
    status = "ingen_mall" if doc is None else ("fel" if errors else "godkand")
    return LiteResult(status, errors, warnings, verdict, findings, applied)


def _write_notice(port: WorkbookPort, text: str) -> None:
    """Only the Kontroll sheet, with one line of text (old marks stay until the next complete check)."""
    with port.writing():
        port.write_findings([FindingRow(INFO, "", None, None, text)])


def validera(book: Any, bundle: Mapping[str, Any] | str) -> LiteResult:
    """The Validera script of a Lite template: check and mark `book`; every problem ends on the Kontroll sheet."""
    port = XlwingsPort(book)
    try:
        result = check_and_mark(port, bundle)
    except XltoolsError as exc:
        result = _stopped(port, str(exc))
    except Exception as exc:  # a bug must still reach the user as text, never as a traceback
        result = _stopped(port, f"Kontrollen kunde inte slutföras ({exc.__class__.__name__}: {exc}). Kontakta "
                                "ekonomienheten och berätta vad som hände.")
    print(f"{TITLE}: {result.message}")  # Lite's output pane
    return result


def _stopped(port: WorkbookPort, text: str) -> LiteResult:
    try:
        _write_notice(port, text)
    except Exception as exc:  # e.g. the workbook's own sheet called Kontroll: the text goes to the output only
        text = f"{text}\n({exc})"
    return LiteResult("avbruten", message=text)
