"""Declaration primitives: a document's layout is declared once and drives writer and reader.

A Form has sheets; a sheet has fixed cells (Field) and at most one Table. A table has a
header row, a fixed number of pre-sized input rows (a protected sheet cannot grow a table)
and an optional total row. Columns say header, type, unit, dropdown source, and whether
they are input or computed (with the Excel formula and its Python twin).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from xltools.cells import a1, col_letter


class ColType(StrEnum):
    TEXT = "text"
    INT = "heltal"
    DECIMAL = "tal"
    TKR = "tkr"
    KR = "kr"
    PERCENT = "procent"
    DATE = "datum"
    LIST = "lista"


NUMERIC = {ColType.INT, ColType.DECIMAL, ColType.TKR, ColType.KR, ColType.PERCENT}

NUMBER_FORMATS = {
    ColType.INT: "0",
    ColType.DECIMAL: "#,##0.0#",
    ColType.TKR: "#,##0",
    ColType.KR: "#,##0.00",
    ColType.PERCENT: "0.0%",
    ColType.DATE: "yyyy-mm-dd",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    `header` may hold {ar1} {ar2} {ar3} (budget year and plan years). A computed column has
    `formula` (Excel, with {key} for the same row's cell of column `key`, {field:key} for a
    fixed cell, {param:name} for a form parameter cell) and `compute`, its Python twin over
    the row's values (dict key -> value, None when empty) and the parameters.
    """

    key: str
    header: str
    type: ColType = ColType.TEXT
    width: float = 16
    input: bool = True
    formula: str | None = None
    compute: Callable[[dict[str, Any], dict[str, Any]], Any] | None = None
    source: str | None = None  # a list name (see forms.lists) or "table:<table>.<column>"
    required: bool = False
    positive: bool = False
    total: bool = False
    unit: str | None = None
    help: str = ""
    period: str | None = None  # "year": date within the document year; "plan": within the plan period
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: int = 30
    header_row: int = 5
    id_column: str | None = None
    total_label: str | None = None  # a total row below the input rows when set
    locked_when_prefilled: tuple[str, ...] = ()

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows

    @property
    def total_row(self) -> int | None:
        return self.last_row + 1 if self.total_label else None

    def col(self, key: str) -> int:
        """1-based column number of a column key."""
        for i, c in enumerate(self.columns, start=1):
            if c.key == key:
                return i
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return self.columns[self.col(key) - 1]

    def ref(self, key: str, row: int) -> str:
        return a1(row, self.col(key))

    def data_range(self, key: str) -> str:
        c = col_letter(self.col(key))
        return f"${c}${self.first_row}:${c}${self.last_row}"


@dataclass(frozen=True)
class Field:
    """A fixed cell with its label to the left (label in column A, value in `cell`)."""

    key: str
    label: str
    cell: str
    type: ColType = ColType.TEXT
    input: bool = True
    required: bool = False
    source: str | None = None
    formula: str | None = None
    compute: Callable[[dict[str, Any], dict[str, Any]], Any] | None = None
    help: str = ""
    label_cell: str | None = None  # default: column A of the same row
    height: float | None = None  # row height for long texts


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    intro: str = ""
    table: Table | None = None
    fields: tuple[Field, ...] = ()
    static: tuple[tuple[str, str], ...] = ()  # (cell, text) labels and headers; {ar1..3} allowed


@dataclass(frozen=True)
class Form:
    """A document type: its sheets, metadata and how it is pre-filled from the config."""

    doc_type: str
    title: str
    version: str
    sheets: tuple[SheetSpec, ...]
    instructions: tuple[str, ...] = ()
    prefill: Callable[..., Prefill] | None = None
    params: tuple[Field, ...] = ()  # parameter cells (e.g. internränta), on the first data sheet
    period_kind: str = "ar"  # "ar" for planning documents, "manad" for follow-ups

    def sheet(self, name: str) -> SheetSpec:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def table(self, key: str) -> tuple[SheetSpec, Table]:
        for s in self.sheets:
            if s.table and s.table.key == key:
                return s, s.table
        raise KeyError(key)

    def tables(self) -> list[tuple[SheetSpec, Table]]:
        return [(s, s.table) for s in self.sheets if s.table]

    def field_specs(self) -> list[tuple[SheetSpec, Field]]:
        return [(s, f) for s in self.sheets for f in s.fields]


@dataclass
class Prefill:
    """What the config already knows: fixed cell values and pre-filled table rows."""

    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lists: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # extra per-workbook lists


def per_year(key: str, header: str, **kw: Any) -> tuple[Column, ...]:
    """Three columns `<key>_1..3` for the budget year and the two plan years."""
    return tuple(Column(key=f"{key}_{i}", header=header.replace("{ar}", f"{{ar{i}}}"), **kw) for i in (1, 2, 3))


def year_headers(header: str, years: list[int]) -> str:
    return header.format(ar1=years[0], ar2=years[1], ar3=years[2])


def num(v: Any) -> float:
    """A value as a number for Python twins of formulas (empty -> 0)."""
    t = type(v)  # exact types: bool is not a number here; checked first for the common float
    if t is float:
        return v
    if t is int or (t is not bool and isinstance(v, int | float)):
        return float(v)
    return 0.0
