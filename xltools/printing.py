"""Printing a sheet readably: fitted to an A4 page's width unless that shrinks its text below 8 pt.

Shared by the templates (openpyxl) and the report books (XlsxWriter): a sheet whose columns (and
charts) are wider than the page at 73 % prints at 73 % over as many pages across as it needs (issue 19,
part 1: no table printed below 8 pt; the text is Calibri 11).
"""

from __future__ import annotations

PAGE_PT = 740  # printable width of an A4 landscape page with Excel's default margins (0.7 in each side)
PAGE_PT_PORTRAIT = 494  # the same, portrait
MIN_SCALE = 73  # per cent: 11 pt text printed at no less than 8 pt
DEFAULT_WIDTH = 8.43  # Excel's column width when none is set


def width_pt(width: float) -> float:
    """A column of `width` characters in points at 100 % (Calibri 11: 7 px a character + 5 px)."""
    return (7 * width + 5) * 0.75


def print_width_pt(widths: dict[int, float]) -> float:
    """Columns 0..the last one given a width, in points at 100 % (unset ones at Excel's default)."""
    return sum(width_pt(widths.get(c, DEFAULT_WIDTH)) for c in range(max(widths, default=-1) + 1))


def scale_for(total_pt: float, portrait: bool = False) -> int | None:
    """None when fitting `total_pt` to the page's width keeps the text at 8 pt or more, else the scale to print at."""
    page = PAGE_PT_PORTRAIT if portrait else PAGE_PT
    return MIN_SCALE if total_pt and page / total_pt * 100 < MIN_SCALE else None
