"""Office.js payloads and what the remote engine's actions do to a workbook (no Excel needed).

`payload(path)` is the request an Office.js client (the xlwings Lite or Server task pane) sends
for a real workbook file: python-calamine reads the values, dates become ISO strings, sheets
carry their visibility and which cells have notes. `replay(book, payload)` applies the actions
xlwings' remote engine queued (``book.json()``) to that payload: what Excel would show afterwards.
The remote engine needs XLWINGS_LICENSE_KEY (``noncommercial``, set by .ci/run).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from xltools.excel.port import KONTROLL_SHEET

HAS_KEY = bool(os.environ.get("XLWINGS_LICENSE_KEY"))
NO_KEY = ("xlwings remote-motor kräver licensnyckeln XLWINGS_LICENSE_KEY (t.ex. noncommercial, som .ci/run "
          "sätter); fallen mot remote-motorn hoppas över")
FEL_HEX, VARNING_HEX = "#FFC7CE", "#F8CBAD"


def _js(value: Any) -> Any:
    """A cell value as the Office.js client sends it (dates as ISO strings with Z)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, dt.time):
        return f"1899-12-30T{value.strftime('%H:%M:%S')}.000Z"
    return value


def payload(path: Path) -> dict[str, Any]:
    """The request an Office.js client would send for the workbook `path` (values, visibility, notes)."""
    import xlwings as xw

    notes_wb = load_workbook(path)
    wb = CalamineWorkbook.from_path(str(path))
    sheets = []
    for meta in wb.sheets_metadata:
        rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        notes = [{"address": f"${c.column_letter}${c.row}"} for row in notes_wb[meta.name].iter_rows()
                 for c in row if c.comment is not None]
        sheets.append({
            "name": meta.name, "values": [[_js(v) for v in r] for r in rows] or [[]],
            "visibility": "Visible" if meta.visible == SheetVisibleEnum.Visible else "Hidden",
            "pictures": [], "tables": [], "notes": notes,
        })
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"}, "names": [], "sheets": sheets}


def remote_book(path: Path) -> Any:
    import xlwings as xw

    return xw.Book(json=payload(path))


# ---------------------------------------------------------------- what a workbook ends up as
@dataclass
class Observed:
    """The parts of a workbook validation writes: sheet order, tables, fills, notes, links, alerts."""

    names: list[str]
    tables: dict[str, list[list[Any]]] = field(default_factory=dict)
    fills: dict[tuple[str, str], str | None] = field(default_factory=dict)  # "#RRGGBB" or None (no fill)
    notes: dict[tuple[str, str], str | None] = field(default_factory=dict)  # None: a note whose text is unknown
    links: dict[int, str] = field(default_factory=dict)  # Kontroll row -> link target
    hidden: set[str] = field(default_factory=set)
    alerts: list[list[Any]] = field(default_factory=list)

    def marked(self) -> dict[tuple[str, str], str]:
        return {k: v for k, v in self.fills.items() if v in (FEL_HEX, VARNING_HEX)}


def _block(start_row: int, start_col: int, rows: int, cols: int) -> list[tuple[int, int]]:
    return [(start_row + i + 1, start_col + j + 1) for i in range(rows) for j in range(cols)]


def replay(book: Any, original: dict[str, Any]) -> Observed:
    """Apply the remote engine's actions to the payload's sheet list: what Excel would show afterwards."""
    names = [s["name"] for s in original["sheets"]]
    obs = Observed(names)
    obs.hidden = {s["name"] for s in original["sheets"] if s.get("visibility") == "Hidden"}
    for s in original["sheets"]:
        for n in s.get("notes", []):
            obs.notes[(s["name"], n["address"].replace("$", ""))] = None
    for a in book.json()["actions"]:
        func, args, pos = a["func"], a["args"], a["sheet_position"]
        sheet = names[pos] if pos is not None and pos < len(names) else None
        if func == "addSheet":
            names.insert(args[0], args[1])
            obs.tables[args[1]] = []
        elif func == "sheetDelete":
            gone = names.pop(pos)
            obs.tables.pop(gone, None)
            obs.hidden.discard(gone)
        elif func == "setValues":
            table = obs.tables.setdefault(sheet, [])
            for (r, c), v in zip(_block(a["start_row"], a["start_column"], a["row_count"], a["column_count"]),
                                 (v for row in a["values"] for v in row), strict=True):
                while len(table) < r:
                    table.append([])
                table[r - 1] += [None] * (c - len(table[r - 1]))
                # Excel takes a leading ' as the text prefix and does not show it
                table[r - 1][c - 1] = v[1:] if isinstance(v, str) and v.startswith("'") else v
        elif func == "setRangeColor":
            for r, c in _block(a["start_row"], a["start_column"], a["row_count"], a["column_count"]):
                obs.fills[(sheet, f"{get_column_letter(c)}{r}")] = args[0].upper() if args[0] else None
        elif func == "setRangeColors":
            cells = _block(a["start_row"], a["start_column"], a["row_count"], a["column_count"])
            for (r, c), colour in zip(cells, (v for row in args[0] for v in row), strict=True):
                if colour != "keep":
                    obs.fills[(sheet, f"{get_column_letter(c)}{r}")] = colour.upper() if colour else None
        elif func == "addNote":
            obs.notes[(sheet, args[0].replace("$", ""))] = args[1]
        elif func == "deleteNote":
            obs.notes.pop((sheet, args[0].replace("$", "")), None)
        elif func == "setSheetVisibility":
            (obs.hidden.add if args[0] != "Visible" else obs.hidden.discard)(sheet)
        elif func == "alert":
            obs.alerts.append(args)
    obs.names = names
    kontroll = obs.tables.get(KONTROLL_SHEET, [])
    for i, row in enumerate(kontroll[1:], start=2):
        link = row[5] if len(row) > 5 else ""
        if isinstance(link, str) and link.startswith('=HYPERLINK("#'):
            obs.links[i] = link[len('=HYPERLINK("#'):].split('","')[0].replace('""', '"')
    return obs


def cells(address: str) -> list[str]:
    c1, r1, c2, r2 = range_boundaries(address)
    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
