"""A1 cell addressing: column letters, A1 addresses and their sort order (a leaf: imports nothing of xltools).

Two bases meet here: workbook readers and form declarations count rows and columns from 1;
XlsxWriter counts from 0 (a1_zero). One copy of each, hand-written so that reading a submission
never imports a workbook library.
"""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def col_letter(col: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 address."""
    return f"{col_letter(col)}{row}"


def a1_zero(row: int, col: int) -> str:
    """0-based row and column (XlsxWriter's coordinates) to an A1 address: (0, 0) -> 'A1'."""
    return f"{col_letter(col + 1)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """'D7' -> (7, 4) (row, column; 1-based)."""
    m = _A1.match(ref.upper())
    if not m:
        raise ValueError(f"ogiltig celladress: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def a1_sort_key(ref: str | None) -> tuple[int, int]:
    """Reading order of an address or range (its first cell); (0, 0) for none or an unreadable one."""
    if not ref:
        return (0, 0)
    first = ref.split(":")[0]
    try:
        return parse_a1(first)
    except ValueError:
        return (0, 0)
