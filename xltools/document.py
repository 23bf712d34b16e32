"""A read document: plain classes in which every value keeps its sheet and cell address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from xltools.forms import DECLARED
from xltools.forms.layout import Form
from xltools.metadata import Meta


class CellValue(NamedTuple):
    """A value read from one cell (already converted to its declared type); immutable.

    A named tuple: a workbook has hundreds of them and a kommun hundreds of thousands, made and
    pickled in the reader's hot loop.
    """

    value: Any
    sheet: str
    cell: str


@dataclass(slots=True)
class Row:
    """One used row of a table: column key -> CellValue (empty cells are absent).

    `columns` are the keys its table declares: get() of any other key is a KeyError, so a
    misspelt key in a rule fails its tests instead of silently never firing.
    """

    sheet: str
    row: int
    values: dict[str, CellValue]
    prefilled: bool
    columns: frozenset[str]

    def get(self, key: str, default: Any = None) -> Any:
        cv = self.values.get(key)
        if cv is None:
            if key not in self.columns:
                raise KeyError(f"kolumnen '{key}' finns inte i tabellen")
            return default
        return cv.value

    def ref(self, key: str) -> str:
        """Cell address of a column in this row (also when the cell is empty)."""
        cv = self.values.get(key)
        if cv is not None:
            return cv.cell
        raise KeyError(key)

    def span(self) -> str:
        cells = sorted((c.cell for c in self.values.values()), key=len)
        return f"A{self.row}:{cells[-1].rstrip('0123456789')}{self.row}" if cells else f"A{self.row}"


@dataclass(slots=True)
class Document:
    """A submission read through its Form: metadata, fixed fields and table rows.

    It knows its Form (by its metadata): rows() and field() of a key the form does not declare
    are a KeyError; a declared table on a missing sheet has no rows.
    """

    file: str
    sha256: str | None
    meta: Meta
    fields: dict[str, CellValue]
    tables: dict[str, list[Row]]
    refs: dict[str, tuple[str, str]]  # table/column key -> (sheet, column letter) for addressing empty cells

    @property
    def doc_type(self) -> str:
        return self.meta.document

    @property
    def namnd(self) -> str:
        return self.meta.namnd

    @property
    def year(self) -> int:
        return self.meta.year

    @property
    def org_enhet(self) -> str:
        """The unit of the nämnd's organisation whose document this is ("" = the nämnd's own)."""
        return self.meta.org_enhet

    @property
    def form(self) -> Form:
        """The document type as declared: every year slot's keys (a template has those of its plan period)."""
        return DECLARED[self.meta.document]

    def rows(self, table: str) -> list[Row]:
        got = self.tables.get(table)
        if got is None:
            if table not in self.form.table_keys:
                raise KeyError(f"{self.meta.document} har ingen tabell '{table}'")
            return []
        return got

    def field(self, key: str) -> Any:
        cv = self.fields.get(key)
        if cv is None:
            if key not in self.form.field_keys:
                raise KeyError(f"{self.meta.document} har inget fält '{key}'")
            return None
        return cv.value

    def cell_of(self, table: str, column: str, row: Row) -> tuple[str, str]:
        """(sheet, A1) of a column in a row, whether or not the cell has a value."""
        sheet, letter = self.refs[f"{table}.{column}"]
        return sheet, f"{letter}{row.row}"


# Constructors for the reader's hot loop (hundreds of cells per workbook).
_new_tuple = tuple.__new__


def cell_value(value: Any, sheet: str, cell: str) -> CellValue:
    """CellValue(value, sheet, cell), without the call through the named tuple's __new__."""
    return _new_tuple(CellValue, (value, sheet, cell))


table_row = Row  # (sheet, row, values, prefilled, columns)
