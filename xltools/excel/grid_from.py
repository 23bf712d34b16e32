"""WorkbookPort -> CellGrid: the live workbook as the same plain grid the file reader produces.

Values are normalised to what python-calamine gives for the saved file: numbers as float,
a date without time as `date`, with time as `datetime`, a time of day as `time`, empty as "".
xlwings gives datetimes (and Excel a time of day as a datetime on 1899-12-30); xlwings'
remote engine may give ISO strings ("2027-03-31T00:00:00.000Z"). Trailing empty rows and
columns are dropped; rows are padded to one width, as calamine does.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from xltools.excel.grid import CellGrid
from xltools.excel.port import KONTROLL_SHEET, MARKS_SHEET, WorkbookPort
from xltools.excel.read import NO_INPUT

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Not read (listed empty, as the file reader lists NO_INPUT sheets): the tool's own output sheets
# and the template sheets that hold no input.
SKIPPED = frozenset({KONTROLL_SHEET, MARKS_SHEET}) | NO_INPUT


def normalize(value: Any) -> Any:
    """One cell value as calamine would give it for the saved file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _ISO.match(value):
        value = dt.datetime.fromisoformat(value[:19])
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        if value.date() in (_EXCEL_EPOCH, _EXCEL_EPOCH + dt.timedelta(days=1)) and value.time() != dt.time():
            return value.time()
        return value.date() if value.time() == dt.time() else value
    return value


def normalize_rows(rows: list[list[Any]] | None) -> list[list[Any]]:
    """Normalise every value; drop trailing empty rows and columns; pad rows to one width."""
    out = [[normalize(v) for v in row] for row in rows or []]
    while out and all(v == "" for v in out[-1]):
        out.pop()
    width = max((len(r) - next((i for i, v in enumerate(reversed(r)) if v != ""), len(r)) for r in out), default=0)
    return [(r + [""] * (width - len(r)))[:width] for r in out]


def grid_from_port(port: WorkbookPort, skip: frozenset[str] = SKIPPED) -> CellGrid:
    """Read every sheet (the hidden metadata sheet too) once for values, once for formulas."""
    grid = CellGrid()
    for name in port.sheet_names():
        if name in skip:
            grid.sheets[name] = []
            continue
        grid.sheets[name] = normalize_rows(port.read_values(name))
        formulas = port.read_formulas(name)
        if formulas:
            grid.formulas[name] = formulas
    return grid
