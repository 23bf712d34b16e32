"""Fill a written template the way a user in Excel would, for tests.

Only unlocked input cells are written; a dropdown cell only takes a shown text of its list
(read from the workbook's own list sheet); new rows go inside the pre-sized table, after
the rows already used (pre-filled). Writing anywhere else is a test error, not a fill.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xltools.forms.layout import ColType, Form, Table

RowValues = dict[str, Any]


def dropdown_items(wb: Workbook, source: str) -> list[str]:
    """The shown texts a dropdown offers for a named list (via its defined name on the list sheet)."""
    dn = wb.defined_names[f"lst_{source}"]
    (sheet, ref), = dn.destinations
    first, last = ref.replace("$", "").split(":")
    ws = wb[sheet]
    return [c.value for row in ws[first:last] for c in row if c.value not in (None, "")]


def _write(ws: Worksheet, ref: str, value: Any) -> None:
    cell = ws[ref]
    if cell.protection.locked:
        raise AssertionError(f"{ws.title}!{ref} är låst; en användare kan inte skriva där")
    if isinstance(cell.value, str) and cell.value.startswith("="):
        raise AssertionError(f"{ws.title}!{ref} innehåller en formel")
    cell.value = value


def _check_choice(wb: Workbook, source: str | None, ctype: ColType, value: Any, where: str) -> None:
    if ctype != ColType.LIST or source is None or source.startswith("table:") or value is None:
        return
    items = dropdown_items(wb, source)
    if value not in items:
        raise AssertionError(f"{where}: {value!r} finns inte i listan {source}")


def _used(ws: Worksheet, t: Table) -> int:
    """Number of table rows already used (pre-filled), counted from the top."""
    inputs = [t.col(c.key) for c in t.columns if c.input and not c.formula]
    used = 0
    for i in range(t.rows):
        if any(ws.cell(row=t.first_row + i, column=j).value not in (None, "") for j in inputs):
            used = i + 1
    return used


def fill_template(
    src: Path,
    dst: Path,
    form: Form,
    *,
    fields: dict[str, Any] | None = None,
    rows: dict[str, list[RowValues]] | None = None,
    update: dict[str, dict[int, RowValues]] | None = None,
) -> dict[str, list[int]]:
    """Open `src`, type values into its input cells, save as `dst`; return the sheet rows used per table.

    fields: field key -> value; rows: table key -> new rows (column key -> value), written
    below the used rows; update: table key -> {index of a used row (0-based): values} for
    pre-filled rows whose remaining input cells the user completes. List values are shown
    texts, dates datetime.date, numbers int/float: what a user types or picks.
    """
    wb = load_workbook(src)
    for sheet, f in form.field_specs():
        if fields and f.key in fields:
            ws = wb[sheet.name]
            _check_choice(wb, f.source, f.type, fields[f.key], f"{sheet.name}!{f.cell}")
            _write(ws, f.cell, fields[f.key])
    written: dict[str, list[int]] = {}
    for sheet, t in form.tables():
        ws = wb[sheet.name]
        for i, values in (update or {}).get(t.key, {}).items():
            _row(wb, ws, t, t.first_row + i, values)
        new = (rows or {}).get(t.key, [])
        start = _used(ws, t)
        if start + len(new) > t.rows:
            raise AssertionError(f"{t.key}: {len(new)} nya rader får inte plats efter rad {start}")
        written[t.key] = []
        for k, values in enumerate(new):
            r = t.first_row + start + k
            _row(wb, ws, t, r, values)
            written[t.key].append(r)
    wb.save(dst)
    return written


def _row(wb: Workbook, ws: Worksheet, t: Table, r: int, values: RowValues) -> None:
    for key, value in values.items():
        c = t.column(key)
        ref = t.ref(key, r)
        _check_choice(wb, c.source, c.type, value, f"{ws.title}!{ref}")
        _write(ws, ref, value)
