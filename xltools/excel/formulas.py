"""Turn a declared formula template into an Excel formula for a given row."""

from __future__ import annotations

import re

from xltools.cells import col_letter, parse_a1
from xltools.forms.layout import Form, Table

_PLACEHOLDER = re.compile(r"\{([a-z]+:)?([a-z0-9_.]+\*?)\}")


def _abs(ref: str) -> str:
    row, col = parse_a1(ref)
    return f"${col_letter(col)}${row}"


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def field_ref(form: Form, key: str, from_sheet: str) -> str:
    for sheet, f in form.field_specs():
        if f.key == key:
            ref = _abs(f.cell)
            return ref if sheet.name == from_sheet else f"{quote_sheet(sheet.name)}!{ref}"
    raise KeyError(f"okänt fält i formel: {key}")


def render(template: str, form: Form, sheet: str, table: Table | None = None, row: int | None = None) -> str:
    """Replace {col}, {field:key}, {sum:table.col} and {range:table.col} in a formula template; {col_*} is
    the same row's cells of every column `col_<n>` the table has (the years of the plan period)."""

    def sub(m: re.Match[str]) -> str:
        kind, name = (m.group(1) or "")[:-1], m.group(2)
        if kind == "":
            assert table is not None and row is not None, name
            if name.endswith("*"):
                stem = name[:-1]
                return ",".join(table.ref(c.key, row) for c in table.columns
                                if c.key.startswith(stem) and c.key[len(stem):].isdigit())
            return table.ref(name, row)
        if kind == "field":
            return field_ref(form, name, sheet)
        if kind in ("sum", "range"):
            tkey, col = name.split(".")
            tsheet, t = form.table(tkey)
            rng = t.data_range(col)
            if tsheet.name != sheet:
                rng = f"{quote_sheet(tsheet.name)}!{rng}"
            return f"SUM({rng})" if kind == "sum" else rng
        raise KeyError(m.group(0))

    return _PLACEHOLDER.sub(sub, template)
