"""Declaration primitives: a document's layout is declared once and drives writer and reader.

A Form has sheets; a sheet has fixed cells (Field) and at most one Table. A table has a
header row, a fixed number of pre-sized input rows (a protected sheet cannot grow a table)
and an optional total row. Columns say header, type, unit, dropdown source, and whether
they are input or computed (with the Excel formula and its Python twin).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from xltools.cells import a1, col_letter
from xltools.sv import XLSX_PCT


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
    ColType.PERCENT: XLSX_PCT,  # "2,3 %"
    ColType.DATE: "yyyy-mm-dd",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    `header` may hold {ar1} … {ar4} (budget year and plan years). A computed column has
    `formula` (Excel, with {key} for the same row's cell of column `key`, {field:key} for a
    fixed cell, {param:name} for a form parameter cell) and `compute`, its Python twin over
    the row's values (dict key -> value, None when empty) and the parameters. A column with
    `fact` holds amounts the kommunplan consolidates (xltools.consolidate.facts reads only these);
    columns with `dim` say what the row's amounts are about.
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
    fact: str | None = None  # an amount the kommunplan consolidates: its measure (intakter, kostnader, utgift ...)
    fact_year: int | None = None  # of a fact: 1..4 = budget year and plan years, None = after the plan period
    year: int | None = None  # a column of one year of the plan period (1 = budget year): left out beyond the config's years
    dim: str | None = None  # a dimension of the row's facts: verksamhet, konto, motpart or projekt
    konto_klass: str | None = None  # amounts only on konton of this klass (intakt/kostnad), per the row's konto column


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: int = 30
    header_row: int = 5
    id_column: str | None = None
    match: tuple[str, ...] = ()  # without an id column: the columns that make a given row fill a pre-filled one
    total_label: str | None = None  # a total row below the input rows when set
    locked_when_prefilled: tuple[str, ...] = ()
    row_noun: str = "raden"  # what a pre-filled row is, in messages ("kontrollmomentet", "budgetraden för verksamhet")

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

    @cached_property
    def keys(self) -> frozenset[str]:
        """The column keys this table declares."""
        return frozenset(c.key for c in self.columns)

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
    prefill_only: bool = False  # filled only by the pre-fill (locked, grey when empty), never typed
    year: int | None = None  # a cell of one year of the plan period (1 = budget year): left out beyond the config's years


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    intro: str = ""
    table: Table | None = None
    fields: tuple[Field, ...] = ()
    static: tuple[tuple[str, str], ...] = ()  # (cell, text) labels and headers; {ar1..4} allowed


@dataclass(frozen=True)
class FollowUpKind:
    """What a follow-up document is in the årshjul: when it is made and what it follows up.

    `months`: the last months of the periods it is made for (the report of a month is the kind
    made for the fewest months that include it: April is uppföljning jan–apr, not a månadsrapport).
    `helar`: it covers the whole year, so its utfall is the year's and there is no prognos.
    `goals`: it follows up mål, mått, investeringar and intern kontroll. `appendix`: the kommun's
    report gets an HTML appendix. `title`: the report's title ({month} and {year} filled in);
    `short`: its name in the prognos trend.
    """

    months: tuple[int, ...]
    title: str
    short: str
    helar: bool = False
    goals: bool = False
    appendix: bool = False

    @property
    def prognos(self) -> bool:
        return not self.helar

    @property
    def monthly(self) -> bool:
        return len(self.months) > 1


@dataclass(frozen=True)
class Form:
    """A document type: its sheets, metadata, how it is pre-filled from the config and what it means."""

    doc_type: str
    title: str
    version: str
    sheets: tuple[SheetSpec, ...]
    instructions: tuple[str, ...] = ()
    prefill: Callable[..., Prefill] | None = None
    params: tuple[Field, ...] = ()  # parameter cells (e.g. internränta), on the first data sheet
    followup: FollowUpKind | None = None  # a follow-up during the year (else a planning document)
    styrelse: bool = False  # handed in only by the kommunstyrelse, and only when the kommun has bolag (bolagsplan)
    per_enhet: bool = False  # also handed in by each unit of the nämnd's organisation (the verksamhetsplan)

    @property
    def period_kind(self) -> str:
        """"ar" for planning documents (the budget year), "manad" for follow-ups (a period of the year)."""
        return "manad" if self.followup else "ar"

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

    @cached_property
    def table_keys(self) -> frozenset[str]:
        """The table keys this form declares."""
        return frozenset(t.key for _, t in self.tables())

    @cached_property
    def field_keys(self) -> frozenset[str]:
        """The fixed-cell keys this form declares."""
        return frozenset(f.key for _, f in self.field_specs())


@dataclass
class Prefill:
    """What the config already knows: fixed cell values and pre-filled table rows."""

    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lists: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # extra per-workbook lists
    locked: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> more columns locked in its rows

    def merge(self, other: Prefill, join: dict[str, str | None]) -> Prefill:
        """This pre-fill with `other` on top: fields and lists added, table rows joined on the column `join`
        names for the table (a row of `other` whose id is new is added; tables not in `join` are left
        out), locked columns added."""
        rows = {k: [dict(r) for r in v] for k, v in self.rows.items()}
        for table, extra in other.rows.items():
            if table not in join:  # a table this form does not have
                continue
            key = join[table]
            have = {str(r.get(key)): r for r in rows.setdefault(table, [])} if key else {}
            for r in extra:
                if key and str(r.get(key)) in have:
                    have[str(r.get(key))].update(r)
                else:
                    rows[table].append(dict(r))
        locked = {k: tuple(dict.fromkeys((*self.locked.get(k, ()), *other.locked.get(k, ()))))
                  for k in {*self.locked, *other.locked}}
        return Prefill({**self.fields, **other.fields}, rows, {**self.lists, **other.lists}, locked)



YEAR_SLOTS = 4  # the budget year and at most three plan years (planering.yaml planar: two or three)
DEFAULT_YEARS = 3  # the budget year and two plan years: the forms in FORMS


def per_year(key: str, header: str, fact: str | None = None, **kw: Any) -> tuple[Column, ...]:
    """Columns `<key>_1..4` for the budget year and the plan years (facts of those years if `fact`); a
    template keeps those of the config's plan period (forms.sizing.for_years)."""
    return tuple(Column(key=f"{key}_{i}", header=header.replace("{ar}", f"{{ar{i}}}"), fact=fact,
                        fact_year=i if fact else None, year=i, **kw) for i in range(1, YEAR_SLOTS + 1))


_YEAR = re.compile(r"\{ar(\d)\}")


def years_in(text: str) -> set[int]:
    """The year slots ({ar1} … {ar4}) a header or label names."""
    return {int(m) for m in _YEAR.findall(text)}


def year_headers(header: str, years: list[int]) -> str:
    """A header with {arN} replaced by the Nth year of `years` ({ar0}: the year before the budget year)."""
    return _YEAR.sub(lambda m: str(years[int(m.group(1)) - 1] if m.group(1) != "0" else years[0] - 1), header)


def for_years(form: Form, n: int) -> Form:
    """`form` with the columns, cells and labels of year slots beyond `n` (budget year + plan years) left out."""
    def keep(year: int | None) -> bool:
        return year is None or year <= n

    def sheet(s: SheetSpec) -> SheetSpec:
        table = s.table and replace(s.table, columns=tuple(c for c in s.table.columns if keep(c.year)))
        return replace(s, table=table, fields=tuple(f for f in s.fields if keep(f.year)),
                       static=tuple((ref, text) for ref, text in s.static if max(years_in(text), default=0) <= n))

    return replace(form, sheets=tuple(sheet(s) for s in form.sheets))


def num(v: Any) -> float:
    """A value as a number for Python twins of formulas (empty -> 0)."""
    t = type(v)  # exact types: bool is not a number here; checked first for the common float
    if t is float:
        return v
    if t is int or (t is not bool and isinstance(v, int | float)):
        return float(v)
    return 0.0
