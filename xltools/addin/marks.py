"""apply_findings: write a validation result into a workbook through a WorkbookPort.

One function for the add-in and for annotated copies, so both mark a workbook the same way:
old marks undone, offending cells filled (fel light red, varning light orange; one call per
sheet and colour), a note per cell with rule and message (one call each, capped), the marks
listed in a hidden sheet for the next run, and the Kontroll sheet with every finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xltools.excel.port import (
    FILL,
    NOTE,
    NOTE_PREFIX,
    RGB,
    FindingRow,
    Mark,
    WorkbookPort,
    cells_of,
    valid_address,
)
from xltools.findings import Finding, Severity, sort_findings

FEL_RGB: RGB = (255, 199, 206)  # light red
VARNING_RGB: RGB = (248, 203, 173)  # light orange
MARK_LIMIT = 500  # highlighted places and notes per run
INFO = "obs"


@dataclass
class Applied:
    rows: int  # findings listed on the Kontroll sheet
    filled: int  # places (cells or ranges) highlighted
    notes: int  # notes written
    not_marked: int  # places over the limit, listed only
    kept_notes: int  # cells whose own (not xltools) note was kept, so no note was added


def rows_for(findings: Sequence[Finding]) -> list[FindingRow]:
    return [FindingRow(str(f.severity), f.rule, f.loc.sheet, f.loc.cell, f.message) for f in sort_findings(list(findings))]


def note_text(findings: Sequence[Finding]) -> str:
    lines = [f"{f.rule} ({f.severity}): {f.message}" for f in findings]
    return f"{NOTE_PREFIX} " + "\n".join(lines)


def apply_findings(
    port: WorkbookPort, findings: Sequence[Finding], *, limit: int = MARK_LIMIT, notices: Sequence[str] = ()
) -> Applied:
    """Undo the previous run's marks, then mark and list `findings`; `notices` go first on Kontroll."""
    ordered = sort_findings(list(findings))
    present = set(port.sheet_names())
    touched = {m.sheet for m in port.previous_marks()} | {f.loc.sheet for f in ordered if f.loc.cell}
    with port.writing(sorted(s for s in touched if s in present)):
        port.clear_marks()
        present = set(port.sheet_names())
        places: dict[tuple[str, str], Severity] = {}
        notes: dict[tuple[str, str], list[Finding]] = {}
        for f in ordered:
            sheet, cell = f.loc.sheet, f.loc.cell
            if sheet not in present or not valid_address(cell):
                continue
            address = str(cell).replace("$", "")
            if places.get((sheet, address)) != Severity.FEL:
                places[(sheet, address)] = f.severity
            notes.setdefault((sheet, cells_of(address)[0]), []).append(f)
        kept = list(places.items())[:limit]
        kept_notes = list(notes.items())[:limit]
        marks = _fill(port, kept)
        written = own = 0
        for (sheet, cell), group in kept_notes:
            if port.note(sheet, cell, note_text(group)):
                marks.append(Mark(sheet, cell, NOTE))
                written += 1
            else:
                own += 1
        port.record_marks(marks)
        rows = [FindingRow(INFO, "", None, None, text) for text in notices]
        rows += rows_for(ordered)
        over = max(len(places) - len(kept), len(notes) - len(kept_notes))
        if over:
            rows.append(FindingRow(INFO, "", None, None, f"Bara de första {limit} cellerna markerades och fick en "
                                   f"anteckning; {over} till finns bara i listan ovan."))
        if not ordered:
            rows.append(FindingRow(INFO, "", None, None, "Inga fel eller varningar hittades."))
        port.write_findings(rows)
    return Applied(len(ordered), len(kept), written, len(places) - len(kept), own)


def _fill(port: WorkbookPort, kept: list[tuple[tuple[str, str], Severity]]) -> list[Mark]:
    """Read the fills before marking (where the engine can), fill per sheet and colour, return the marks."""
    by_sheet: dict[str, list[tuple[str, Severity]]] = {}
    for (sheet, address), severity in kept:
        by_sheet.setdefault(sheet, []).append((address, severity))
    marks: list[Mark] = []
    for sheet, places in by_sheet.items():
        before = port.read_fills(sheet, [a for a, _ in places])
        groups: dict[RGB, list[str]] = {}
        for address, severity in places:
            groups.setdefault(FEL_RGB if severity == Severity.FEL else VARNING_RGB, []).append(address)
            cells = cells_of(address)
            colours = {before.get(c) for c in cells} if before is not None else {None}
            if len(colours) == 1:
                marks.append(Mark(sheet, address, FILL, colours.pop()))
            else:
                marks += [Mark(sheet, c, FILL, before.get(c) if before else None) for c in cells]
        for rgb in (VARNING_RGB, FEL_RGB):  # fel last: where places overlap, fel shows
            if rgb in groups:
                port.fill(sheet, groups[rgb], rgb)
    return marks
