"""A read document: pydantic models in which every value keeps its sheet and cell address."""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from xltools.metadata import Meta


class CellValue(NamedTuple):
    """A value read from one cell (already converted to its declared type); immutable.

    A named tuple, not a model: a workbook has hundreds of them and a kommun hundreds of
    thousands, made and pickled in the reader's hot loop (a model costs about five times more).
    """

    value: Any
    sheet: str
    cell: str


class Row(BaseModel):
    """One used row of a table: column key -> CellValue (empty cells are absent)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    sheet: str
    row: int
    values: dict[str, CellValue]
    prefilled: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        cv = self.values.get(key)
        return default if cv is None else cv.value

    def ref(self, key: str) -> str:
        """Cell address of a column in this row (also when the cell is empty)."""
        cv = self.values.get(key)
        if cv is not None:
            return cv.cell
        raise KeyError(key)

    def span(self) -> str:
        cells = sorted((c.cell for c in self.values.values()), key=len)
        return f"A{self.row}:{cells[-1].rstrip('0123456789')}{self.row}" if cells else f"A{self.row}"


class Document(BaseModel):
    """A submission read through its Form: metadata, fixed fields and table rows."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    file: str
    sha256: str | None = None
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

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def field(self, key: str) -> Any:
        cv = self.fields.get(key)
        return None if cv is None else cv.value

    def cell_of(self, table: str, column: str, row: Row) -> tuple[str, str]:
        """(sheet, A1) of a column in a row, whether or not the cell has a value."""
        sheet, letter = self.refs[f"{table}.{column}"]
        return sheet, f"{letter}{row.row}"


# Constructors for the reader's hot loop (hundreds of cells per workbook).
_new_tuple = tuple.__new__


def cell_value(value: Any, sheet: str, cell: str) -> CellValue:
    """CellValue(value, sheet, cell), without the call through the named tuple's __new__."""
    return _new_tuple(CellValue, (value, sheet, cell))


# Rows: what model_construct builds (values already converted, no validation), without its
# per-call field bookkeeping, about three times faster. Should pydantic's instance layout ever
# change, this falls back to model_construct.
_LAYOUT = {"__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"}
_new = object.__new__


def _fast_ok(cls: type[BaseModel]) -> bool:
    return (set(BaseModel.__slots__) == _LAYOUT and not cls.__pydantic_root_model__
            and not cls.__pydantic_post_init__ and cls.model_config.get("extra") != "allow")


if _fast_ok(Row):
    # The slots' own setters (object.__setattr__ would look each name up first).
    _dict = BaseModel.__dict__["__dict__"].__set__
    _fields_set = BaseModel.__pydantic_fields_set__.__set__  # type: ignore[attr-defined]
    _extra = BaseModel.__pydantic_extra__.__set__  # type: ignore[attr-defined]
    _private = BaseModel.__pydantic_private__.__set__  # type: ignore[attr-defined]

    def table_row(sheet: str, row: int, values: dict[str, CellValue], prefilled: bool) -> Row:
        """Row.model_construct(sheet=sheet, row=row, values=values, prefilled=prefilled), faster."""
        r = _new(Row)
        _dict(r, {"sheet": sheet, "row": row, "values": values, "prefilled": prefilled})
        _fields_set(r, {"sheet", "row", "values", "prefilled"})
        _extra(r, None)
        _private(r, None)
        return r
else:  # pragma: no cover - another pydantic layout
    def table_row(sheet: str, row: int, values: dict[str, CellValue], prefilled: bool) -> Row:
        return Row.model_construct(sheet=sheet, row=row, values=values, prefilled=prefilled)
