"""Long records: one amount read from one cell of one submission, with its dimensions.

Every consolidated amount is a sum of facts, so each figure can be traced back to file,
sha256, sheet and cells. Amounts are converted to whole kronor once, here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from xltools.cells import col_index, col_letter
from xltools.document import Document, Row
from xltools.forms.layout import Table


def kr(tkr: float | int | None) -> int:
    """An amount in tkr as whole kronor."""
    return round(float(tkr or 0) * 1000)


def tkr(kronor: int | float) -> float:
    """Whole kronor as tkr (the unit every report shows)."""
    return kronor / 1000


def tkr_or_none(kronor: int | float | None) -> float | None:
    """tkr, keeping a missing amount missing (None), never zero."""
    return None if kronor is None else kronor / 1000


@dataclass(frozen=True, slots=True)
class Source:
    """One submission that the kommunplan uses."""

    file: str  # path relative to the submissions folder (posix), stable across machines
    sha256: str
    document: str
    namnd: str
    generated: str
    inlamning: int | None = None  # from an inkorg: the ledger entry (version) used
    mottagen: str | None = None  # from an inkorg: when that version was received (UTC, ISO 8601)
    beslut: str = ""  # the decision behind it, from the status block ("fastställd av … 2026-09-16 § 12", "utkast")
    org_enhet: str = ""  # a unit's own document (its verksamhetsplan): the unit of the nämnd's organisation


@dataclass(frozen=True, slots=True)
class Fact:
    """One amount: `measure` in `year` (None = after the plan period), in whole kronor."""

    source: Source
    sheet: str
    cell: str
    measure: str  # the column's declared fact: intakter | kostnader | utgift | hyra | tjanst
    year: int | None
    kronor: int
    verksamhet: str = ""
    konto: str = ""
    motpart: str = ""
    projekt: str = ""


def _amount(row: Row, key: str) -> tuple[int, str] | None:
    cv = row.values.get(key)
    if cv is None or not isinstance(cv.value, int | float) or isinstance(cv.value, bool):
        return None
    return kr(cv.value), cv.cell


def fact_columns(table: Table) -> tuple[list[tuple[str, str, int | None]], list[tuple[str, str]]]:
    """A table's declared facts (column key, measure, year index) and dimensions (column key, dimension)."""
    return ([(c.key, c.fact, c.fact_year) for c in table.columns if c.fact],
            [(c.key, c.dim) for c in table.columns if c.dim])


def facts_of(doc: Document, source: Source) -> list[Fact]:
    """The amounts of one submission as facts: its columns declared with `fact` (none: no facts)."""
    t = doc.year
    out: list[Fact] = []
    for _, table in doc.form.tables():
        amounts, dims = fact_columns(table)
        if not amounts:
            continue
        for r in doc.rows(table.key):
            about = {dim: str(r.get(key) or "") for key, dim in dims}
            for key, measure, i in amounts:
                got = _amount(r, key)
                if got:
                    out.append(Fact(source, r.sheet, got[1], measure, None if i is None else t + i - 1, got[0], **about))
    return out


def total(facts: Iterable[Fact]) -> int:
    return sum(f.kronor for f in facts)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs of consecutive ones: [5, 6, 7, 9] -> [(5, 7), (9, 9)]."""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def cell_ranges(cells: Iterable[str]) -> str:
    """Cells as rectangles: 'E6','E7','E8','H9','I9','J9' -> 'E6:E8, H9:J9'.

    Runs of consecutive rows within a column first; side-by-side columns with the same run are
    then joined into one rectangle. Sorted by column, then row.
    """
    by_col: dict[int, list[int]] = defaultdict(list)
    for c in set(cells):  # addresses made by the reader: upper-case letters, then digits
        col = c.rstrip("0123456789")
        by_col[col_index(col)].append(int(c[len(col):]))
    by_run: dict[tuple[int, int], list[int]] = defaultdict(list)  # (first row, last row) -> columns
    for col, rows in by_col.items():
        for run in _runs(sorted(rows)):
            by_run[run].append(col)
    parts: list[tuple[tuple[int, int], str]] = []
    for (first, last), cols in by_run.items():
        for left, right in _runs(sorted(cols)):
            a, b = f"{col_letter(left)}{first}", f"{col_letter(right)}{last}"
            parts.append(((left, first), a if a == b else f"{a}:{b}"))
    return ", ".join(t for _, t in sorted(parts))


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a consolidated figure comes from: a file (or config file) and cells (or keys)."""

    file: str
    sha256: str
    sheet: str
    cells: str


def refs_of(facts: Iterable[Fact]) -> list[SourceRef]:
    """Facts grouped per file and sheet, cells compressed to ranges; sorted."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for f in facts:
        groups[(f.source.file, f.source.sha256, f.sheet)].append(f.cell)
    return [SourceRef(file, sha, sheet, cell_ranges(cells)) for (file, sha, sheet), cells in sorted(groups.items())]


def located(refs: Iterable[SourceRef]) -> str:
    """Sources as one line for a "Källa" column: 'fil.xlsx Blad!E5:E7, H5; config/ekonomi.yaml nyckel'."""
    return "; ".join(f"{r.file} {r.sheet}!{r.cells}" if r.sheet else f"{r.file} {r.cells}" for r in refs)
