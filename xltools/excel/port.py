"""WorkbookPort: the few operations validation needs from a workbook, on openpyxl or xlwings.

The rules never see a workbook; they see a CellGrid (see grid_from.py). Writing results back
(the Kontroll sheet, highlighted cells, notes) goes through this port, so the add-in (xlwings,
live Excel or xlwings' remote engine) and ``xltools validate --annotate`` (openpyxl) mark a
workbook the same way (see findings_out.apply_findings).

Marks of a run are listed in the hidden sheet ``_xltools_marks`` (sheet, address, kind, fill
before marking), so the next run finds and undoes them without scanning every cell.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from xltools.atomic import atomic_file
from xltools.cells import a1, parse_a1
from xltools.errors import XltoolsError

RGB = tuple[int, int, int]

KONTROLL_SHEET = "Kontroll"
MARKS_SHEET = "_xltools_marks"
HEADER = ("Allvarlighet", "Regel", "Blad", "Cell", "Meddelande")
LINK_HEADER = "Gå till"
LINK_TEXT = "Gå till"
NOTE_PREFIX = "xltools:"  # first word of every note this tool writes
MARKS_HEADER = ("blad", "adress", "typ", "fyllning före")
FILL, NOTE = "fyllning", "anteckning"
FOREIGN_KONTROLL = ("Arbetsboken har redan ett eget blad som heter Kontroll. Byt namn på det bladet och "
                    "klicka på Validera igen; xltools skriver sin lista på bladet Kontroll.")
_ADDRESS_LIMIT = 255  # Excel's limit for a Range("A1,B2,...") address string
_COLORS_LIMIT = 10_000  # xlwings' Range.set_colors limit


@dataclass(frozen=True)
class FindingRow:
    """One line of the Kontroll sheet; `sheet`/`cell` give the link target when present."""

    severity: str
    rule: str
    sheet: str | None
    cell: str | None
    message: str

    def values(self) -> list[Any]:
        return [self.severity, self.rule, self.sheet or "", self.cell or "", self.message]


@dataclass(frozen=True)
class Mark:
    """A change made by a run: a fill (with the fill before it) or a note at `address`."""

    sheet: str
    address: str
    kind: str  # FILL or NOTE
    before: RGB | None = None


@runtime_checkable
class WorkbookPort(Protocol):
    """What validation reads from and writes to a workbook."""

    @property
    def name(self) -> str: ...

    def sheet_names(self) -> list[str]: ...

    def read_values(self, sheet: str) -> list[list[Any]]: ...

    def read_formulas(self, sheet: str) -> set[str]: ...

    def write_findings(self, rows: Sequence[FindingRow]) -> None: ...

    def clear_marks(self) -> None: ...

    def read_fills(self, sheet: str, addresses: Sequence[str]) -> dict[str, RGB | None] | None: ...

    def fill(self, sheet: str, addresses: Sequence[str], rgb: RGB | None) -> None: ...

    def note(self, sheet: str, cell: str, text: str) -> bool: ...

    def record_marks(self, marks: Sequence[Mark]) -> None: ...

    def previous_marks(self) -> list[Mark]: ...

    def writing(self, sheets: Sequence[str] = ()) -> contextlib.AbstractContextManager[None]: ...

    def alert(self, title: str, text: str, buttons: str = "ok", mode: str = "info") -> str | None: ...

    def save_copy(self, path: Path) -> None: ...


# ---------------------------------------------------------------- helpers
def cells_of(address: str) -> list[str]:
    """'B2:C3' -> ['B2', 'C2', 'B3', 'C3']; 'D7' -> ['D7']."""
    first, _, last = address.replace("$", "").partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return [a1(r, c) for r in range(min(r1, r2), max(r1, r2) + 1) for c in range(min(c1, c2), max(c1, c2) + 1)]


def bounds(address: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of an A1 cell or range."""
    first, _, last = address.replace("$", "").partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def valid_address(address: str | None) -> bool:
    if not address:
        return False
    try:
        bounds(address)
    except ValueError:
        return False
    return True


def rgb_hex(rgb: RGB | None) -> str:
    return "" if rgb is None else "#{:02X}{:02X}{:02X}".format(*rgb)


def hex_rgb(text: Any) -> RGB | None:
    text = str(text or "").strip().lstrip("#")
    if len(text) == 8:  # ARGB as openpyxl writes it
        text = text[2:]
    if len(text) != 6:
        return None
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return None


def literal(value: Any) -> Any:
    """Text as Excel stores it when written through Range.Value / Office.js: a leading ' = + - @
    would be eaten as the text prefix or start a formula, so such text gets a ' in front."""
    if isinstance(value, str) and value[:1] in ("'", "=", "+", "-", "@"):
        return "'" + value
    return value


def link_location(sheet: str, cell: str | None) -> str:
    """'Drift', 'D7' -> "'Drift'!D7" (a link target inside the workbook)."""
    return "'" + sheet.replace("'", "''") + "'!" + (cell or "A1").replace("$", "")


def link_formula(sheet: str, cell: str | None) -> str:
    """A HYPERLINK formula to a cell, in English syntax (as Range.Value and Office.js take it)."""
    target = ("#" + link_location(sheet, cell)).replace('"', '""')
    return f'=HYPERLINK("{target}","{LINK_TEXT}")'


def union_chunks(addresses: Sequence[str], limit: int = _ADDRESS_LIMIT) -> list[str]:
    """Join addresses into 'A1,B2:C3,...' strings no longer than Excel accepts."""
    out: list[str] = []
    current = ""
    for address in dict.fromkeys(addresses):
        joined = f"{current},{address}" if current else address
        if current and len(joined) > limit:
            out.append(current)
            current = address
        else:
            current = joined
    if current:
        out.append(current)
    return out


def parse_marks(rows: list[list[Any]]) -> list[Mark]:
    """The rows of the marks sheet (header first) -> marks; rows that do not parse are skipped."""
    out: list[Mark] = []
    for row in rows[1:]:
        cells = [("" if v is None else str(v)).strip() for v in (list(row) + ["", "", "", ""])[:4]]
        sheet, address, kind, before = cells
        if sheet and valid_address(address) and kind in (FILL, NOTE):
            out.append(Mark(sheet, address, kind, hex_rgb(before)))
    return out


def marks_table(marks: Sequence[Mark]) -> list[list[Any]]:
    return [list(MARKS_HEADER)] + [[m.sheet, m.address, m.kind, rgb_hex(m.before)] for m in marks]


class _Base:
    """Shared clear_marks: restore fills (one call per sheet and colour), delete notes, drop the list."""

    _kontroll_checked = False

    def check_kontroll(self) -> None:
        """Refuse (before anything is changed) a workbook whose own sheet is called Kontroll."""
        if self._kontroll_checked or KONTROLL_SHEET not in self.sheet_names():  # type: ignore[attr-defined]
            return
        if self._kontroll_a1() != HEADER[0]:
            raise XltoolsError(FOREIGN_KONTROLL)
        self._kontroll_checked = True

    def _kontroll_a1(self) -> Any:
        raise NotImplementedError

    _previous: list[Mark] | None = None

    def previous_marks(self) -> list[Mark]:
        """The marks the last run listed in the hidden marks sheet (read once)."""
        if self._previous is None:
            names = self.sheet_names()  # type: ignore[attr-defined]
            rows = self.read_values(MARKS_SHEET) if MARKS_SHEET in names else []  # type: ignore[attr-defined]
            self._previous = parse_marks(rows)
        return list(self._previous)

    def clear_marks(self) -> None:
        self.check_kontroll()
        names = self.sheet_names()  # type: ignore[attr-defined]
        if MARKS_SHEET not in names:
            return
        marks = self.previous_marks()
        present = set(names)
        fills: dict[tuple[str, RGB | None], list[str]] = {}
        notes: dict[str, list[str]] = {}
        for m in marks:
            if m.sheet not in present:
                continue
            if m.kind == FILL:
                fills.setdefault((m.sheet, m.before), []).append(m.address)
            else:
                notes.setdefault(m.sheet, []).append(m.address)
        for (sheet, before), addresses in fills.items():
            self.fill(sheet, addresses, before)  # type: ignore[attr-defined]
        for sheet, cells in notes.items():
            self._delete_notes(sheet, cells)
        self._delete_sheet(MARKS_SHEET)
        self._previous = []

    def _delete_notes(self, sheet: str, cells: list[str]) -> None:
        raise NotImplementedError

    def _delete_sheet(self, name: str) -> None:
        raise NotImplementedError


# ---------------------------------------------------------------- openpyxl
class OpenpyxlPort(_Base):
    """A workbook in openpyxl: for annotated copies made from files (no Excel involved).

    `answer` is what `alert` returns for a question (there is nobody to ask); every alert is
    kept in `alerts`. Values are read from a second, data-only load of `path` when given
    (cached formula results), otherwise formula cells read as empty.
    """

    def __init__(self, workbook: Any, *, path: str | os.PathLike[str] | None = None, answer: str | None = None):
        self.wb = workbook
        self.path = Path(path) if path else None
        self.answer = answer
        self.alerts: list[tuple[str, str, str]] = []
        self._values_wb: Any = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, answer: str | None = None) -> OpenpyxlPort:
        from openpyxl import load_workbook

        path = Path(path)
        wb = load_workbook(path, keep_vba=False)  # a copy never carries the macro project (save it as .xlsx)
        return cls(wb, path=path, answer=answer)

    @property
    def name(self) -> str:
        return self.path.name if self.path else "arbetsbok.xlsx"

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def _values_sheet(self, sheet: str) -> Any:
        if self.path is not None and self._values_wb is None:
            from openpyxl import load_workbook

            self._values_wb = load_workbook(self.path, data_only=True, read_only=True)
        if self._values_wb is not None and sheet in self._values_wb.sheetnames:
            return self._values_wb[sheet]
        return None

    def _kontroll_a1(self) -> Any:
        return self.wb[KONTROLL_SHEET]["A1"].value

    def read_values(self, sheet: str) -> list[list[Any]]:
        source = self._values_sheet(sheet)
        if source is not None:
            return [list(r) for r in source.iter_rows(values_only=True)]
        rows = []
        for row in self.wb[sheet].iter_rows():
            rows.append(["" if c.data_type == "f" else c.value for c in row])
        return rows

    def read_formulas(self, sheet: str) -> set[str]:
        return {c.coordinate for row in self.wb[sheet].iter_rows() for c in row if c.data_type == "f"}

    def write_findings(self, rows: Sequence[FindingRow]) -> None:
        from openpyxl.styles import Alignment, Font
        from openpyxl.worksheet.hyperlink import Hyperlink

        self.check_kontroll()
        if KONTROLL_SHEET in self.wb.sheetnames:
            del self.wb[KONTROLL_SHEET]
        ws = self.wb.create_sheet(KONTROLL_SHEET, 0)
        ws.append([*HEADER, LINK_HEADER])
        for row in rows:
            ws.append([*row.values(), LINK_TEXT if row.sheet else None])
            for cell in ws[ws.max_row][: len(HEADER)]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, not a formula
            if row.sheet:
                link = ws.cell(row=ws.max_row, column=len(HEADER) + 1)
                link.hyperlink = Hyperlink(ref=link.coordinate, location=link_location(row.sheet, row.cell))
                link.style = "Hyperlink"
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDEF", (13, 10, 18, 11, 90, 10), strict=True):
            ws.column_dimensions[letter].width = width
        for (cell,) in ws.iter_rows(min_row=2, min_col=5, max_col=5):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for other in self.wb.worksheets:
            other.sheet_view.tabSelected = False
        ws.sheet_view.tabSelected = True
        self.wb.active = 0

    def read_fills(self, sheet: str, addresses: Sequence[str]) -> dict[str, RGB | None]:
        ws = self.wb[sheet]
        out: dict[str, RGB | None] = {}
        for address in addresses:
            for ref in cells_of(address):
                f = ws[ref].fill
                color = getattr(f, "fgColor", None)
                solid = f is not None and f.fill_type == "solid" and getattr(color, "type", None) == "rgb"
                out[ref] = hex_rgb(color.rgb) if solid else None
        return out

    def fill(self, sheet: str, addresses: Sequence[str], rgb: RGB | None) -> None:
        from openpyxl.styles import PatternFill

        pattern = PatternFill(fill_type=None) if rgb is None else PatternFill("solid", fgColor="FF" + rgb_hex(rgb)[1:])
        ws = self.wb[sheet]
        for address in addresses:
            for ref in cells_of(address):
                ws[ref].fill = pattern

    def note(self, sheet: str, cell: str, text: str) -> bool:
        from openpyxl.comments import Comment

        target = self.wb[sheet][cell]
        if target.comment is not None and not str(target.comment.text).startswith(NOTE_PREFIX):
            return False  # somebody's own note stays
        comment = Comment(text, "xltools")
        comment.width, comment.height = 320, 40 + 20 * text.count("\n") + len(text) // 3
        target.comment = comment
        return True

    def _delete_notes(self, sheet: str, cells: list[str]) -> None:
        ws = self.wb[sheet]
        for cell in cells:
            ref = cells_of(cell)[0]
            if ws[ref].comment is not None and str(ws[ref].comment.text).startswith(NOTE_PREFIX):
                ws[ref].comment = None

    def _delete_sheet(self, name: str) -> None:
        if name in self.wb.sheetnames:
            del self.wb[name]

    def record_marks(self, marks: Sequence[Mark]) -> None:
        self._delete_sheet(MARKS_SHEET)
        if not marks:
            return
        ws = self.wb.create_sheet(MARKS_SHEET)
        for row in marks_table(marks):
            ws.append(row)
        ws.sheet_state = "hidden"

    @contextlib.contextmanager
    def writing(self, sheets: Sequence[str] = ()) -> Iterator[None]:
        yield

    def alert(self, title: str, text: str, buttons: str = "ok", mode: str = "info") -> str | None:
        self.alerts.append((title, text, buttons))
        return "ok" if buttons == "ok" else self.answer

    def save_copy(self, path: Path) -> None:
        """Save atomically. When the disk is full, openpyxl's half-run writer generators fail again as they are
        closed; those echoes of the one error are kept off stderr and the error itself is raised (OSError)."""
        failed: OSError | None = None
        hook = sys.unraisablehook
        sys.unraisablehook = lambda _: None
        try:
            try:
                with atomic_file(path) as tmp:
                    self.wb.save(tmp)
            except OSError as exc:
                failed = OSError(exc.errno, exc.strerror, exc.filename)  # not its traceback, which holds the generators
            if failed is not None:
                gc.collect()
        finally:
            sys.unraisablehook = hook
        if failed is not None:
            raise failed


# ---------------------------------------------------------------- xlwings
class XlwingsPort(_Base):
    """An xlwings Book: live Excel (the add-in) or xlwings' remote engine (``Book(json=...)``).

    Every operation that touches the workbook adds one to `calls`. On Excel a write-back runs
    with screen updating off; protected sheets (the templates protect every sheet) are
    unprotected for the marks and protected again with the same options (Windows only).
    The remote engine cannot read formulas, fills or note texts synchronously: formulas read
    as none, the fill before a mark is unknown (a cleared mark leaves no fill), and a note that
    is not in the marks list is kept.
    """

    def __init__(self, book: Any):
        self.book = book
        self.engine = book.app.engine.name
        self.remote = self.engine == "remote"
        self.windows = self.engine == "excel" and sys.platform.startswith("win")
        self.calls = 0
        self.notes_unsupported = False  # set when the Excel cannot take notes (the marks are fills only)
        self._names: list[str] | None = None
        self._extent: dict[str, tuple[int, int]] = {}
        self._protected: dict[str, dict[str, Any]] = {}

    @property
    def name(self) -> str:
        return str(self.book.name)

    def _call(self, n: int = 1) -> None:
        self.calls += n

    def sheet_names(self) -> list[str]:
        if self._names is None:
            self._call()
            self._names = [s.name for s in self.book.sheets]
        return list(self._names)

    def _sheet(self, name: str) -> Any:
        return self.book.sheets[name]

    def _full_range(self, sheet: str) -> Any:
        """A1 to the last cell of the used range (the used range may start below or right of A1)."""
        sh = self._sheet(sheet)
        if sheet not in self._extent:
            last = sh.used_range.last_cell
            self._extent[sheet] = (last.row, last.column)
        rows, cols = self._extent[sheet]
        return sh.range((1, 1), (rows, cols))

    def _kontroll_a1(self) -> Any:
        self._call()
        return self._sheet(KONTROLL_SHEET)["A1"].value

    def read_values(self, sheet: str) -> list[list[Any]]:
        self._call()
        rng = self._full_range(sheet)
        if self.remote:
            # raw: xlwings 0.37.8 converts text such as "2026-11-27T14:33:19" (no Z) with
            # datetime.fromisoformat(text[:-1]) and fails; grid_from parses the ISO dates itself
            values = rng.raw_value
            return [list(r) for r in values] if isinstance(values, list | tuple) else [[values]]
        values = rng.options(ndim=2).value
        return [list(r) for r in values or []]

    def read_formulas(self, sheet: str) -> set[str]:
        if self.remote:
            return set()  # formulas are not in the remote payload
        self._call()
        formulas = self._full_range(sheet).formula
        if isinstance(formulas, str):
            formulas = ((formulas,),)
        return {
            a1(r, c)
            for r, row in enumerate(formulas or (), start=1)
            for c, f in enumerate(row, start=1)
            if isinstance(f, str) and f.startswith("=")
        }

    # -- write-back
    @contextlib.contextmanager
    def writing(self, sheets: Sequence[str] = ()) -> Iterator[None]:
        """Screen updating off; on Windows lift the protection of `sheets` first, so that a
        password stops the run before anything is changed."""
        app = self.book.app
        if self.remote:
            yield
            return
        self._call()
        updating = app.screen_updating
        app.screen_updating = False
        try:
            for sheet in sheets:
                self._unprotect(sheet)
            yield
        finally:
            for sheet, options in self._protected.items():
                self._call()
                self._sheet(sheet).api.Protect(**options)
            self._protected.clear()
            app.screen_updating = updating

    def _unprotect(self, sheet: str) -> None:
        """Windows Excel: lift a sheet's protection once, remembering its options."""
        if not self.windows or sheet in self._protected:
            return
        api = self._sheet(sheet).api
        self._call()
        if not api.ProtectContents:
            return
        p = api.Protection
        options = {
            "DrawingObjects": api.ProtectDrawingObjects, "Contents": True, "Scenarios": api.ProtectScenarios,
            "AllowFormattingCells": p.AllowFormattingCells, "AllowFormattingColumns": p.AllowFormattingColumns,
            "AllowFormattingRows": p.AllowFormattingRows, "AllowInsertingColumns": p.AllowInsertingColumns,
            "AllowInsertingRows": p.AllowInsertingRows, "AllowInsertingHyperlinks": p.AllowInsertingHyperlinks,
            "AllowDeletingColumns": p.AllowDeletingColumns, "AllowDeletingRows": p.AllowDeletingRows,
            "AllowSorting": p.AllowSorting, "AllowFiltering": p.AllowFiltering,
            "AllowUsingPivotTables": p.AllowUsingPivotTables,
        }
        try:
            api.Unprotect()
        except Exception as exc:  # a password the add-in does not know
            raise XltoolsError(
                f"Bladet '{sheet}' är skyddat med lösenord, så fel kan inte markeras där. "
                "Ta bort lösenordet (Granska → Ta bort skydd) och klicka Validera igen."
            ) from exc
        self._protected[sheet] = options

    def write_findings(self, rows: Sequence[FindingRow]) -> None:
        table = [[*HEADER, LINK_HEADER]]
        table += [[*map(literal, row.values()), link_formula(row.sheet, row.cell) if row.sheet else ""] for row in rows]
        self.check_kontroll()
        if KONTROLL_SHEET in self.sheet_names():
            self._delete_sheet(KONTROLL_SHEET)
        self._call()
        sh = self.book.sheets.add(KONTROLL_SHEET, before=self.book.sheets[0])
        self._kontroll_checked = True  # ours now (the remote engine's snapshot would not show it)
        self._names = [KONTROLL_SHEET, *(self._names or [])]
        self._call(6)
        sh["A1"].value = table
        sh.range((1, 1), (1, len(table[0]))).font.bold = True
        sh.range((1, 1), (1, 4)).column_width = 13
        sh.range((1, 5), (1, 5)).column_width = 90
        sh.range((1, 6), (1, 6)).column_width = 10
        sh.activate()

    def read_fills(self, sheet: str, addresses: Sequence[str]) -> dict[str, RGB | None] | None:
        if self.remote:
            return None  # not readable synchronously on this engine
        sh = self._sheet(sheet)
        out: dict[str, RGB | None] = {}
        pending = list(dict.fromkeys(addresses))
        if self.windows:  # one call per chunk when the chunk has one fill (the usual case: input cells)
            for chunk in union_chunks(pending):
                self._call()
                try:
                    color = sh.range(chunk).color  # raises when the fills differ
                except Exception:
                    continue
                for address in chunk.split(","):
                    out.update(dict.fromkeys(cells_of(address), color))
            pending = [a for a in pending if cells_of(a)[0] not in out]
        for address in pending:
            self._call()
            try:
                color = sh.range(address).color  # one colour for the whole range, or None
                out.update(dict.fromkeys(cells_of(address), color))
            except Exception:  # mixed fills in a range
                for ref in cells_of(address):
                    self._call()
                    out[ref] = sh.range(ref).color
        return out

    def fill(self, sheet: str, addresses: Sequence[str], rgb: RGB | None) -> None:
        if not addresses:
            return
        self._unprotect(sheet)
        sh = self._sheet(sheet)
        if self.remote:
            boxes = [bounds(a) for a in addresses]
            r1, c1 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            r2, c2 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            if (r2 - r1 + 1) * (c2 - c1 + 1) <= _COLORS_LIMIT:
                matrix: list[list[Any]] = [[...] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
                for br1, bc1, br2, bc2 in boxes:
                    for r in range(br1, br2 + 1):
                        for c in range(bc1, bc2 + 1):
                            matrix[r - r1][c - c1] = rgb
                self._call()
                sh.range((r1, c1), (r2, c2)).set_colors(matrix)
                return
            for address in dict.fromkeys(addresses):
                self._call()
                sh.range(address).color = rgb
            return
        chunks = union_chunks(addresses) if self.windows else list(dict.fromkeys(addresses))
        for chunk in chunks:
            self._call()
            sh.range(chunk).color = rgb

    def note(self, sheet: str, cell: str, text: str) -> bool:
        self._unprotect(sheet)
        rng = self._sheet(sheet).range(cell)
        self._call()
        existing = rng.note
        if existing is not None:
            if self.remote:
                return False
            self._call()
            if not str(existing.text).startswith(NOTE_PREFIX):
                return False
            self._call()
            existing.delete()
        self._call()
        try:
            rng.add_note(text)
        except NotImplementedError:  # remote engine on an Excel without notes (ExcelApi < 1.18): fills only
            self.notes_unsupported = True
            return False
        return True

    def _delete_notes(self, sheet: str, cells: list[str]) -> None:
        self._unprotect(sheet)
        sh = self._sheet(sheet)
        if self.windows:
            for chunk in union_chunks(cells):
                self._call()
                sh.range(chunk).api.ClearComments()
            return
        for cell in cells:
            self._call()
            existing = sh.range(cell).note
            if existing is not None:
                self._call()
                existing.delete()

    def _delete_sheet(self, name: str) -> None:
        if name not in self.sheet_names():
            return
        self._call()
        self._sheet(name).delete()
        self._names = [n for n in self.sheet_names() if n != name]

    def record_marks(self, marks: Sequence[Mark]) -> None:
        self._delete_sheet(MARKS_SHEET)
        if not marks:
            return
        self._call(3)
        sh = self.book.sheets.add(MARKS_SHEET, after=self.book.sheets[len(self.sheet_names()) - 1])
        self._names = [*self.sheet_names(), MARKS_SHEET]
        sh["A1"].value = [[literal(v) for v in row] for row in marks_table(marks)]
        sh.visible = False

    def alert(self, title: str, text: str, buttons: str = "ok", mode: str = "info") -> str | None:
        self._call()
        return self.book.app.alert(text, title=title, buttons=buttons, mode=mode)

    def save_copy(self, path: Path) -> None:
        """Save a copy of the open workbook as `path`; the open workbook keeps its own name."""
        if self.remote:
            raise XltoolsError("Inlämning går inte att göra i den här Excelmiljön (fjärrmotorn sparar bara på plats).")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # Excel writes the file itself
        try:
            self._call()
            if self.windows:
                self.book.api.SaveCopyAs(str(tmp))
            else:  # Excel for Mac has no SaveCopyAs: save in place, then copy the file
                import shutil

                self.book.save()
                shutil.copyfile(self.book.fullname, tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
