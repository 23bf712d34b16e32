"""Edits a user makes in Excel, on copies of the project's examples (openpyxl, as support.workbooks.edit).

Text is typed as text: a string that begins with "=" stays a string (as in a cell formatted as text,
or typed after an apostrophe), which openpyxl would otherwise store as a formula. `insert_row`
does what Excel does when a row is inserted inside a table: everything below moves down, and
formulas, the table's range, data validations and conditional formats follow.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.worksheet.cell_range import CellRange

from support.workbooks import META_ROW
from xltools.forms import FORMS
from xltools.metadata import META_SHEET


def copy_example(ctx_file: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ctx_file, dest)
    return dest


def cell(doc_type: str, table: str, key: str, index: int = 0) -> tuple[str, str]:
    """(sheet, cell) of a table column's row `index` (0 = first input row), from the form's declaration."""
    sheet, t = FORMS[doc_type].table(table)
    return sheet.name, t.ref(key, t.first_row + index)


def field(doc_type: str, key: str) -> tuple[str, str]:
    """(sheet, cell) of a fixed field."""
    for sheet, f in FORMS[doc_type].field_specs():
        if f.key == key:
            return sheet.name, f.cell
    raise KeyError(key)


def meta(key: str) -> tuple[str, str]:
    """(sheet, cell) of a metadata value in the hidden _xltools sheet."""
    rows = {**META_ROW, "generated": 10, "generator_version": 11}
    return META_SHEET, f"B{rows[key]}"


def type_cells(path: Path, cells: dict[tuple[str, str], Any]) -> Path:
    """Type values into cells and save; strings are stored as text, None clears the cell."""
    wb = openpyxl.load_workbook(path)
    for (sheet, ref), value in cells.items():
        c = wb[sheet][ref]
        c.value = value
        if isinstance(value, str):
            c.data_type = "s"
    wb.save(path)
    return path


def clear_rows(path: Path, sheet: str, rows: list[int], last_col: str) -> Path:
    """Select whole table rows A..last_col and press Delete."""
    cols = [chr(c) for c in range(ord("A"), ord(last_col) + 1)]
    return type_cells(path, {(sheet, f"{c}{r}"): None for r in rows for c in cols})


def _shift_range(ref: str, at: int) -> str:
    """A range after a row is inserted at `at`: rows at or below move down, a range spanning `at` grows."""
    cr = CellRange(ref.replace("$", ""))
    if cr.min_row >= at:
        cr.shift(row_shift=1)
    elif cr.max_row >= at:
        cr.expand(down=1)
    return cr.coord


def _shift_formula(formula: str, at: int) -> str:
    """References in a formula after inserting row `at` (plain A1 references and ranges)."""
    def ref(m: re.Match[str]) -> str:
        col1, row1, col2, row2 = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if col2:  # a range
            r1 = row1 + 1 if row1 >= at else row1
            r2 = int(row2) + 1 if int(row2) >= at else int(row2)
            return f"{col1}{r1}:{col2}{r2}"
        return f"{col1}{row1 + 1 if row1 >= at else row1}"
    return re.sub(r"(\$?[A-Z]{1,3}\$?)(\d+)(?::(\$?[A-Z]{1,3}\$?)(\d+))?", ref, formula)


def insert_row(path: Path, sheet: str, at: int) -> Path:
    """Insert an empty row at `at` inside a table, as Excel does (references, table, validations follow)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    # formulas anywhere in the book that point into this sheet's moved rows (same sheet only here)
    ws.insert_rows(at)
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.value = _shift_formula(c.value, at)
            elif c.data_type == "f" and hasattr(c.value, "text"):
                c.value.text = _shift_formula(c.value.text, at)
    # the new row takes the formulas and styles of the row above (Excel extends a table's formulas)
    for col in range(1, ws.max_column + 1):
        above = ws.cell(row=at - 1, column=col)
        new = ws.cell(row=at, column=col)
        new._style = above._style
        if isinstance(above.value, str) and above.value.startswith("="):
            new.value = Translator(above.value, origin=above.coordinate).translate_formula(new.coordinate)
    for table in ws.tables.values():
        table.ref = _shift_range(table.ref, at)
        if table.autoFilter is not None and table.autoFilter.ref:
            table.autoFilter.ref = _shift_range(table.autoFilter.ref, at)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = openpyxl.worksheet.cell_range.MultiCellRange(" ".join(_shift_range(r.coord, at) for r in dv.sqref.ranges))
    cf = ws.conditional_formatting
    rules = [(" ".join(_shift_range(r.coord, at) for r in rng.sqref.ranges), rng.rules) for rng in cf]
    ws.conditional_formatting = type(cf)()
    for sqref, rs in rules:
        for rule in rs:
            ws.conditional_formatting.add(sqref, rule)
    merged = [str(m) for m in ws.merged_cells.ranges]
    for m in merged:
        ws.unmerge_cells(m)
    for m in merged:
        ws.merge_cells(_shift_range(m, at))
    for name in list(wb.defined_names):
        dn = wb.defined_names[name]
        if f"'{sheet}'!" in (dn.attr_text or "") or f"{sheet}!" in (dn.attr_text or ""):
            dn.attr_text = re.sub(r"\$?([A-Z]{1,3})\$?(\d+)", lambda m: m.group(0) if int(m.group(2)) < at else
                                  m.group(0).replace(m.group(2), str(int(m.group(2)) + 1)), dn.attr_text)
    wb.save(path)
    return path


def move_row(path: Path, sheet: str, src: int, dst: int) -> Path:
    """Cut row `src` and paste it at row `dst` (an empty row), formulas kept as written."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for col in range(1, ws.max_column + 1):
        a, b = ws.cell(row=src, column=col), ws.cell(row=dst, column=col)
        b.value, b._style = a.value, a._style
        a.value = None
    wb.save(path)
    return path
