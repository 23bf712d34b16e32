"""Writing the open-data tables: CSV (with a Frictionless datapackage.json), xlsx or Parquet.

CSV is UTF-8 without a byte order mark, comma-separated, with a header row, a point as decimal
sign and an empty field for a missing value: the form the open-data community (Frictionless
Data, the Open Budget tools) reads. A text that a spreadsheet program would take for a formula
(beginning with = + - @ or a tab) is written with a leading apostrophe, and control characters
are shown as visible escapes: a submitted text never becomes a live formula anywhere.
Parquet needs pyarrow, the optional extra `xltools[analys]`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from xltools.errors import XltoolsError
from xltools.escaping import json_text, terminal
from xltools.opendata.tables import Table

FORMATS = ("csv", "xlsx", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROFILE = "tabular-data-package"


def safe_text(text: str) -> str:
    """A text cell for CSV: control characters visible, never read as a formula by a spreadsheet."""
    text = terminal(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 3))
    return safe_text(str(value))


def write_csv(table: Table, path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([f.name for f in table.fields])
        w.writerows([_csv_value(v) for v in row] for row in table.rows)
    return path


def write_parquet(table: Table, path: Path) -> Path:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise XltoolsError("Parquet kräver paketet pyarrow: installera tillägget med "
                           "pip install 'xltools[analys]' eller välj --format csv.") from exc
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    columns = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in table.fields]
    arrays = [pa.array([terminal(v) if isinstance(v, str) else v for v in col], type=types[f.type])
              for f, col in zip(table.fields, columns, strict=True)]
    schema = pa.schema([pa.field(f.name, types[f.type], metadata={"title": f.title}) for f in table.fields])
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)
    return path


def write_xlsx(tables: list[Table], path: Path, title: str, note: str) -> Path:
    """One sheet per table (filter and frozen header) and a sheet "Om data" describing every column."""
    from xltools.reports.book import Book

    fmt = {"number": "dec3", "integer": "int", "boolean": None, "string": None}
    styles = {"text": {}, "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True},
              "title": {"bold": True, "font_size": 14}, "note": {"italic": True},
              "dec3": {"num_format": "#,##0.###"}, "int": {"num_format": "0"}, "bold": {"bold": True}}
    book = Book(path, properties={"title": title, "comments": note}, styles=styles, fit=frozenset())
    about = book.sheet("Om data")
    about.text(0, 0, title, "title")
    about.text(1, 0, note, "note")
    r = 3
    for t in tables:
        about.text(r, 0, f"{t.name}: {t.title}", "bold")
        about.text(r + 1, 0, t.description, "note")
        r += 2
        for f in t.fields:
            about.text(r, 0, f.name)
            about.text(r, 1, f.type)
            about.text(r, 2, f.title)
            about.text(r, 3, f.description)
            r += 1
        r += 1
    for c, w in enumerate((24, 10, 28, 90)):
        about.width(c, w)
    about.page(title)
    for t in tables:
        s = book.sheet(t.name[:31])
        for c, f in enumerate(t.fields):
            s.text(0, c, f.title, "header")
            longest = max((len(_shown(v)) for v in t.column(f.name)[:500]), default=0)
            s.width(c, max(8, min(50, max(len(f.title), longest) + 2)))
        for i, row in enumerate(t.rows, start=1):
            for c, (f, v) in enumerate(zip(t.fields, row, strict=True)):
                if v is None:
                    continue
                if f.type == "string":
                    s.text(i, c, str(v))
                elif f.type == "boolean":
                    s.text(i, c, "Ja" if v else "Nej")
                else:
                    s.number(i, c, v, fmt[f.type])
        s.ws.autofilter(0, 0, max(len(t.rows), 1), len(t.fields) - 1)
        s.ws.freeze_panes(1, 0)
        s.page(f"{title}: {t.title}", repeat=0)
    book.close()
    return path


def _shown(value: Any) -> str:
    return f"{value:,.0f}" if isinstance(value, float) else str(value or "")


def datapackage(tables: list[Table], fmt: str, name: str, title: str, description: str) -> dict[str, Any]:
    """datapackage.json (Frictionless Data Package, tabular profile) describing the written files."""
    resources = []
    for t in tables:
        res: dict[str, Any] = {"name": t.name, "path": f"{t.name}.{fmt}", "title": t.title,
                               "description": t.description, "format": fmt, "schema": t.schema.table_schema()}
        if fmt == "csv":
            res.update({"mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource"})
        else:
            res.update({"mediatype": "application/vnd.apache.parquet", "profile": "tabular-data-resource"})
        resources.append(res)
    return {"profile": PROFILE, "name": name, "title": title, "description": description, "resources": resources}


def write_tables(tables: list[Table], folder: Path, fmt: str, *, name: str, title: str, description: str) -> list[Path]:
    """The tables in `fmt` into `folder` (which exists and is empty), with datapackage.json for csv and parquet."""
    if fmt not in FORMATS:
        raise XltoolsError(f"Okänt format {fmt!r}: välj {', '.join(FORMATS)}.")
    if fmt == "xlsx":
        return [write_xlsx(tables, folder / f"{name}.xlsx", title, description)]
    writer = write_csv if fmt == "csv" else write_parquet
    paths = [writer(t, folder / f"{t.name}.{fmt}") for t in tables]
    package = folder / "datapackage.json"
    text = json.dumps(datapackage(tables, fmt, name, title, description), ensure_ascii=False, indent=2)
    package.write_text(json_text(text) + "\n", encoding="utf-8")
    return [*paths, package]
