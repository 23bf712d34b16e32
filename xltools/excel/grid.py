"""CellGrid: the plain values of a workbook, sheet by sheet, as both readers produce them.

The file reader (python-calamine) and the add-in (xlwings, live Excel) each turn a workbook
into a CellGrid; everything after that (reading forms, rules) sees only the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xltools.cells import parse_a1


@dataclass
class CellGrid:
    """Values per sheet as 2-D lists from A1 ('' or None = empty), the cells holding formulas, and
    the range of each Excel table as it stands in this workbook (sheet -> table name -> (header row,
    last row)); a reader that cannot see the tables leaves `tables` empty."""

    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)
    formulas: dict[str, set[str]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    tables: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def value(self, sheet: str, row: int, col: int) -> Any:
        """The value at 1-based (row, col), None when empty or outside the used range."""
        rows = self.sheets.get(sheet)
        if rows is None or row > len(rows):
            return None
        r = rows[row - 1]
        if col > len(r):
            return None
        v = r[col - 1]
        return None if v == "" else v

    def at(self, sheet: str, ref: str) -> Any:
        row, col = parse_a1(ref)
        return self.value(sheet, row, col)

    def n_rows(self, sheet: str) -> int:
        return len(self.sheets.get(sheet, ()))

    def is_formula(self, sheet: str, ref: str) -> bool:
        has = getattr(self.formulas, "has", None)  # the file reader's FormulaCells: looks at that cell only
        return has(sheet, ref) if has is not None else ref in self.formulas.get(sheet, ())
