"""The document model shared by the PDF and the Word draft: sections of headings, text,
placeholders for ekonomienheten's own text, and tables whose cells are already formatted
Swedish numbers (with the figure kept beside the text, so a renderer never formats again).

Numbers as Swedish reports show them: mnkr with one decimal in summaries, whole tkr in detail
tables, "2,3 %" with a no-break space, a real minus sign, and one sign convention everywhere
(SIGN_NOTE).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from xltools.sv import sv_amount, sv_percent

SIGN_NOTE = ("Tecken: intäkter och inbetalningar redovisas med plustecken, kostnader, utgifter och "
             "utbetalningar med minustecken. Balansbudgetens poster är positiva.")

Kind = Literal["text", "num", "status"]
RowStyle = Literal["", "sum", "total", "heading"]


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | None = None  # the figure shown (after unit and sign), None for text
    kind: Kind | None = None  # a cell unlike its column (a status word under figures: "status"); None: the column's


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "num"
    weight: float | None = None  # relative width; by kind when None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    style: RowStyle = ""
    indent: int = 0


@dataclass
class Table:
    key: str  # stable id, also the anchor ("tabell-resultatbudget")
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # unit and sign convention, shown under the caption

    @property
    def widths(self) -> list[float]:
        """Relative column widths in per cent: the label and text columns wide, figures narrow."""
        weight = {"text": 2.2, "num": 1.2, "status": 0.7}
        w = [c.weight or weight[c.kind] for c in self.columns]
        if self.columns[0].kind == "text" and self.columns[0].weight is None:
            n = len(self.columns)
            w[0] = max(w[0], 3.6 if n <= 5 else 3.0 if n <= 6 else 2.4)
        total = sum(w)
        return [round(100 * x / total, 2) for x in w]

    @property
    def wide(self) -> bool:
        """Printed on a landscape page (more columns than fit on a portrait A4)."""
        return len(self.columns) > 7


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Placeholder:
    """Where ekonomienheten writes its own text; shown as a marked instruction, never as content."""

    text: str


Block = Paragraph | Placeholder | Table


@dataclass
class Section:
    key: str
    title: str
    level: int = 1  # 1 = chapter (starts a page), 2 = section in a chapter
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def opens_wide(self) -> bool:
        """The first block is a wide table: the heading goes on its landscape page, not alone before it."""
        return bool(self.blocks) and isinstance(self.blocks[0], Table) and self.blocks[0].wide


@dataclass
class Dokument:
    stem: str  # output file name without extension, e.g. "kommunplan-2027"
    title: str  # "Kommunplan 2027–2029"
    subtitle: str  # "Budget 2027 och plan för 2028–2029"
    kommun: str
    exempeldata: str | None
    status: str  # "Förslag till kommunfullmäktige"
    sections: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables()]


# ---------------------------------------------------------------- cells
def text(value: object) -> Cell:
    return Cell("" if value is None else str(value))


def tkr(value: float | None, sign: int = 1) -> Cell:
    """A detail-table amount in whole tkr: 12345.6 -> '12 346'; None -> '–'."""
    if value is None:
        return Cell("–")
    shown = round(sign * value)
    return Cell(sv_amount(shown), float(shown))


def mnkr(value_tkr: float | None, sign: int = 1) -> Cell:
    """A summary amount in mnkr with one decimal: 35900 tkr -> '35,9'."""
    if value_tkr is None:
        return Cell("–")
    shown = round(sign * value_tkr / 1000, 1)
    return Cell(sv_amount(shown, 1), shown)


def pct(value: float | None) -> Cell:
    """A percentage (already in per cent) with one decimal and a no-break space: '2,3 %'."""
    if value is None:
        return Cell("–")
    shown = round(value, 1)
    return Cell(sv_percent(shown), shown)


def count(value: int | None) -> Cell:
    return Cell("–") if value is None else Cell(sv_amount(value), float(value))


def yes_no(ok: bool | None, yes: str = "Ja", no: str = "Nej") -> Cell:
    """A status word, centred in any column (as in the workbook and the bilagor)."""
    return Cell("–" if ok is None else (yes if ok else no), kind="status")


def statement_rows(lines: Sequence[Any], columns: Sequence[Mapping[str, float | None]],
                   first: Mapping[str, Any] | None = None) -> list[Row]:
    """A statement's rows (tkr): declared lines (consolidate.lines.Line) in order, then lines in the data that
    are not declared, under their key; headings need no data. `first` says which lines there are (default:
    the first column)."""
    first = columns[0] if first is None else first
    rows: list[Row] = []

    def row(key: str, label: str, style: RowStyle = "", indent: int = 0) -> Row:
        return Row((Cell(label), *(tkr(src.get(key)) for src in columns)), style, indent)

    known = set()
    for ln in lines:
        known.add(ln.key)
        if ln.heading:
            rows.append(Row((Cell(ln.label),), "heading"))
        elif ln.key in first:
            total = ln.is_sum and (ln.key == lines[-1].key or ln.label.isupper())
            rows.append(row(ln.key, ln.label, "total" if total else ("sum" if ln.is_sum else ""), ln.indent))
    rows += [row(k, label_of(k)) for k in first if k not in known]
    return rows


def label_of(key: str) -> str:
    """A readable label for a line the declarations do not know: 'nya_poster' -> 'Nya poster'."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
