"""The one layer over XlsxWriter that every report workbook is written through (kommunplan, follow-up).

A Book has named styles (a report's own table of formats), writes text as text (never turned
into a formula or a link, whatever a submission's text starts with), and stores every formula
WITH its value, so a reader that does not recalculate (python-calamine, openpyxl data_only) sees
the same numbers as Excel or LibreOffice. A formula is either a signed list of terms (a cell, a
range summed, or a SUMIF), evaluated from the book's own grid when it closes (in dependency
order), or a formula text with the value the caller computed (formula_text). Every figure can
carry its sources (file, sha256, sheet, cells) for a Källor sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltools.cells import a1_zero
from xltools.consolidate.facts import SourceRef
from xltools.escaping import xlsx_text
from xltools.printing import DEFAULT_WIDTH, PAGE_PT, PAGE_PT_PORTRAIT, print_width_pt, scale_for
from xltools.sv import XLSX_DEC, XLSX_KR, XLSX_MNKR, XLSX_PCT, XLSX_TKR

FORMATS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14, "font_color": "#1F4E78"},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "heading": {"bold": True, "font_size": 11, "font_color": "#1F4E78"},
    "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
               "valign": "vcenter", "border": 1, "border_color": "#BFBFBF"},
    "header_num": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
                   "valign": "vcenter", "align": "right", "border": 1, "border_color": "#BFBFBF"},
    "header_center": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
                      "valign": "vcenter", "align": "center", "border": 1, "border_color": "#BFBFBF"},
    "text": {"valign": "top"},
    "wrap": {"text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "indent": {"indent": 1},
    "tkr": {"num_format": XLSX_TKR},
    "tkr_sum": {"num_format": XLSX_TKR, "bold": True, "top": 1},
    "mnkr": {"num_format": XLSX_MNKR},  # summaries: mnkr with one decimal
    "mnkr_sum": {"num_format": XLSX_MNKR, "bold": True, "top": 1},
    "kr": {"num_format": XLSX_KR},
    "dec": {"num_format": XLSX_DEC},
    "int": {"num_format": "0"},
    "pct": {"num_format": XLSX_PCT},
    "ok": {"font_color": "#006100", "bg_color": "#C6EFCE"},
    "fail": {"font_color": "#9C0006", "bg_color": "#FFC7CE", "bold": True},
    "center": {"align": "center"},  # a status word (Ja, Nej, Uppfyllt) in a column of figures: "ok+center"
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
}


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int  # 0-based
    col: int  # 0-based


@dataclass(frozen=True)
class Rng:
    sheet: str
    r1: int
    c1: int
    r2: int
    c2: int


@dataclass(frozen=True)
class SumIf:
    crit: Rng
    criterion: int | str
    values: Rng


Term = tuple[int, Cell | Rng | SumIf]  # (+1 or −1, what)


@dataclass
class _Formula:
    terms: list[Term]
    fmt: str
    per: int = 1  # the sum divided by this (1000: tkr shown as mnkr)


@dataclass
class KallRad:
    """One line of the Källor sheet: a figure and one of its sources."""

    sheet: str
    cell: str
    what: str
    source: SourceRef


def _prepare_formula(formula: str, expand_future_functions: bool = False) -> str:
    """XlsxWriter's Worksheet._prepare_formula for formulas made by Book._text (no newer functions)."""
    return formula[1:] if formula.startswith("=") else formula


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass
class Sheet:
    book: Book
    name: str
    ws: Any
    widths: dict[int, float] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)  # row -> text lines needed by wrapped cells
    page_pt: float = 0  # fit_to_width(): the printable width it is fitted to (0: not fitted)
    charts: list[tuple[int, float]] = field(default_factory=list)  # (first column, width in pt) of each chart

    # ------------------------------------------------------------------ addresses
    def cell(self, row: int, col: int) -> Cell:
        return Cell(self.name, row, col)

    def rng(self, r1: int, c1: int, r2: int, c2: int) -> Rng:
        return Rng(self.name, r1, c1, r2, c2)

    # ------------------------------------------------------------------ writing
    def text(self, row: int, col: int, value: str | None, fmt: str | None = "text") -> None:
        if value in (None, ""):
            if fmt:
                self.ws.write_blank(row, col, None, self.book.fmt(fmt))
            return
        self.book.grid[(self.name, row, col)] = value
        self.ws.write_string(row, col, xlsx_text(str(value)), self.book.fmt(fmt))  # never a formula, never cut silently
        if fmt and any(part in self.book.fit for part in fmt.split("+")):
            per_line = max(1.0, self.widths.get(col, 8.43) * 1.2)  # average text is narrower than "0"
            need = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
            self.lines[row] = max(self.lines.get(row, 1), need)

    def note(self, row: int, text: str, last_col: int) -> None:
        """A note line under a table (its sign convention, say), wrapped within columns 0..last_col, so that it
        prints on the table's first page however wide the table is."""
        self.book.grid[(self.name, row, 0)] = text
        self.ws.merge_range(row, 0, row, last_col, xlsx_text(text), self.book.fmt("note"))
        width = sum(self.widths.get(c, DEFAULT_WIDTH) for c in range(last_col + 1))
        self.lines[row] = max(self.lines.get(row, 1), math.ceil(len(text) / (width * 1.2)))  # as Sheet.text

    def number(self, row: int, col: int, value: float | int | None, fmt: str = "tkr", *, what: str = "",
               sources: list[SourceRef] | tuple[SourceRef, ...] = ()) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.book.fmt(fmt))
            return
        self.book.grid[(self.name, row, col)] = float(value)
        self.ws.write_number(row, col, float(value), self.book.fmt(fmt))
        for s in sources:
            self.book.kallor.append(KallRad(self.name, a1_zero(row, col), what, s))

    def kronor(self, row: int, col: int, kronor: int | None, fmt: str = "tkr", *, what: str = "",
               sources: list[SourceRef] | tuple[SourceRef, ...] = ()) -> None:
        """An amount held in whole kronor, shown in tkr."""
        self.number(row, col, None if kronor is None else kronor / 1000, fmt, what=what, sources=sources)

    def formula(self, row: int, col: int, terms: list[Term], fmt: str = "tkr", per: int = 1) -> Cell:
        """A formula cell (the terms' sum, divided by `per`: 1000 shows tkr in mnkr); its value is computed
        when the book closes."""
        self.book.formulas[(self.name, row, col)] = _Formula(terms, fmt, per)
        return self.cell(row, col)

    def status(self, row: int, col: int, ok: bool, yes: str = "Ja", no: str = "Nej") -> None:
        """A status word in a column of figures: centred, green when ok, red and bold when not."""
        self.text(row, col, yes if ok else no, "ok+center" if ok else "fail+center")

    def formula_text(self, row: int, col: int, formula: str, fmt: str | None, value: float | str) -> None:
        """A formula written as text, with the value the caller computed (IF, ABS ... beyond the terms)."""
        self.ws.write_formula(row, col, formula, self.book.fmt(fmt), value)

    def width(self, col: int, width: float) -> None:
        self.widths[col] = width
        self.ws.set_column(col, col, width)

    def chart(self, row: int, col: int, chart: Any) -> None:
        """Insert an XlsxWriter chart with its top left corner at (row, col); its width counts for printing."""
        self.ws.insert_chart(row, col, chart)
        self.charts.append((col, getattr(chart, "width", 480) * 0.75))

    def fit_to_width(self, portrait: bool = False) -> None:
        """A4 pages as wide as one page and as long as it takes, unless that prints the text below 8 pt: then
        at 73 % over as many pages across as needed (decided when the book closes, from the column widths)."""
        self.ws.fit_to_pages(1, 0)
        self.page_pt = PAGE_PT_PORTRAIT if portrait else PAGE_PT

    def page(self, left: str, center: str = "", right: str = "", footer: str = "", repeat: int | None = None) -> None:
        """Print setup of a report sheet: A4 landscape, fit to the page's width, the header row `repeat` on every
        page, a header in three parts and a footer with "Sida x av y" (texts escaped for Excel's codes)."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)
        self.fit_to_width()
        if repeat is not None:
            ws.repeat_rows(repeat)
        ws.set_header("".join(f"{code}{text.replace('&', '&&')}" for code, text in (("&L", left), ("&C", center),
                                                                                     ("&R", right)) if text))
        ws.set_footer((f"&L{footer.replace('&', '&&')}" if footer else "") + "&RSida &P av &N")


def _readable_scale(sheet: Sheet) -> None:
    """A sheet fitted to the page's width that would print its text below 8 pt is printed at 73 % over as
    many pages across as it needs instead (xltools.printing)."""
    if not sheet.page_pt:
        return
    total = max([print_width_pt(sheet.widths),
                 *(print_width_pt({c: sheet.widths.get(c, DEFAULT_WIDTH) for c in range(col)}) + w
                   for col, w in sheet.charts)])
    scale = scale_for(total, portrait=sheet.page_pt == PAGE_PT_PORTRAIT)
    if scale is not None:
        sheet.ws.fit_page = False
        sheet.ws.set_print_scale(scale)
        sheet.ws.repeat_columns(0)  # every page across starts with the row labels (what each line is)


FIT = frozenset({"wrap", "note"})  # styles whose rows grow to fit their text (the kommunplan's)


class Book:
    def __init__(self, path: str | Path, *, properties: dict[str, Any], styles: dict[str, dict[str, Any]] = FORMATS,
                 base: dict[str, Any] | None = None, fit: frozenset[str] = FIT):
        """`properties`: the document properties (title, subject, author ...); `styles`: name -> XlsxWriter
        format properties, on top of `base` (default: top-aligned); rows with a style in `fit` get the
        height their wrapped text needs."""
        import xlsxwriter

        self.path = Path(path)
        self.wb = xlsxwriter.Workbook(str(self.path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                       "strings_to_urls": False})
        self.wb.set_properties(properties)
        self.styles, self.base, self.fit = styles, {"valign": "top"} if base is None else base, fit
        self.grid: dict[tuple[str, int, int], float | str] = {}
        self.formulas: dict[tuple[str, int, int], _Formula] = {}
        self.kallor: list[KallRad] = []
        self._formats: dict[str, Any] = {}
        self.sheets: dict[str, Sheet] = {}
        self._done: set[tuple[str, int, int]] = set()

    def fmt(self, name: str | None) -> Any:
        if name is None:
            return None
        if name not in self._formats:
            props: dict[str, Any] = dict(self.base)
            for part in name.split("+"):
                props.update(self.styles[part])
            self._formats[name] = self.wb.add_format(props)
        return self._formats[name]

    def chart(self, options: dict[str, Any]) -> Any:
        """An XlsxWriter chart of this book (insert it with Sheet.chart)."""
        return self.wb.add_chart(options)

    def sheet(self, name: str) -> Sheet:
        ws = self.wb.add_worksheet(name)
        # Our formulas use only + − SUM and SUMIF, which need no "_xlfn." prefixes: skip XlsxWriter's
        # ~30 regex passes per formula that look for newer functions (a third of the time of closing).
        ws._prepare_formula = _prepare_formula
        s = Sheet(self, name, ws)
        self.sheets[name] = s
        return s

    # ------------------------------------------------------------------ formulas
    def _ref(self, what: Cell | Rng | SumIf, here: str) -> str:
        def prefix(sheet: str) -> str:
            return "" if sheet == here else _quote(sheet) + "!"

        if isinstance(what, Cell):
            return prefix(what.sheet) + a1_zero(what.row, what.col)
        if isinstance(what, Rng):
            return f"SUM({prefix(what.sheet)}{a1_zero(what.r1, what.c1)}:{a1_zero(what.r2, what.c2)})"
        crit = f"{prefix(what.crit.sheet)}{a1_zero(what.crit.r1, what.crit.c1)}:{a1_zero(what.crit.r2, what.crit.c2)}"
        vals = f"{prefix(what.values.sheet)}{a1_zero(what.values.r1, what.values.c1)}:{a1_zero(what.values.r2, what.values.c2)}"
        criterion = what.criterion if isinstance(what.criterion, int) else '"' + what.criterion.replace('"', '""') + '"'
        return f"SUMIF({crit},{criterion},{vals})"

    def _text(self, terms: list[Term], here: str, per: int = 1) -> str:
        out = ""
        for i, (sign, what) in enumerate(terms):
            assert sign in (1, -1), sign
            ref = self._ref(what, here)
            out += ("-" if sign < 0 else ("+" if i else "")) + ref
        if per != 1:
            out = (out if len(terms) == 1 and terms[0][0] == 1 else f"({out or 0})") + f"/{per}"
        return "=" + (out or "0")

    def _value(self, key: tuple[str, int, int], stack: set[tuple[str, int, int]]) -> float:
        f = self.formulas.get(key)
        if f is not None and key not in self._done:
            if key in stack:
                raise ValueError(f"cirkulär formel i {key}")
            stack.add(key)
            total = 0.0
            for sign, what in f.terms:
                total += sign * self._eval(what, stack)
            stack.discard(key)
            self.grid[key] = total / f.per
            self._done.add(key)
        v = self.grid.get(key)
        return v if isinstance(v, float) else 0.0

    def _eval(self, what: Cell | Rng | SumIf, stack: set[tuple[str, int, int]]) -> float:
        if isinstance(what, Cell):
            return self._value((what.sheet, what.row, what.col), stack)
        if isinstance(what, Rng):
            return sum(self._value((what.sheet, r, c), stack)
                       for r in range(what.r1, what.r2 + 1) for c in range(what.c1, what.c2 + 1))
        total = 0.0
        for i, r in enumerate(range(what.crit.r1, what.crit.r2 + 1)):
            key = self.grid.get((what.crit.sheet, r, what.crit.c1))
            want = what.criterion
            if (isinstance(want, int) and key == float(want)) or (isinstance(want, str) and key == want):
                total += self._value((what.values.sheet, what.values.r1 + i, what.values.c1), stack)
        return total

    def value(self, cell: Cell) -> float:
        """The (computed) numeric value of a cell."""
        return self._value((cell.sheet, cell.row, cell.col), set())

    def close(self) -> None:
        """Evaluate every formula, write it with its value, and save the workbook."""
        for sheet in self.sheets.values():
            _readable_scale(sheet)
        for sheet in self.sheets.values():  # wrapped text gets the row height it needs
            for row, n in sorted(sheet.lines.items()):
                if n > 1:
                    sheet.ws.set_row(row, 15 * n)
        for key in sorted(self.formulas):
            value = self._value(key, set())
            sheet, row, col = key
            f = self.formulas[key]
            self.sheets[sheet].ws.write_formula(row, col, self._text(f.terms, sheet, f.per), self.fmt(f.fmt), value)
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.wb.close()
        except FileCreateError as exc:  # XlsxWriter's wrapper of the OSError (a full disk): callers handle OSError
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, OSError):
                raise OSError(cause.errno, cause.strerror, str(self.path)) from None
            raise OSError(0, str(exc), str(self.path)) from None
