"""Values in every formula cell (issue 19, part 4): templates and examples store what their formulas give.

A reader that does not recalculate (Outlook and Teams previews, Excel's Protected View, pandas,
Power Query, python-calamine) must see the sums, not empty cells. Every formula of a template of
each document type (empty and as the examples fill them) is recalculated by LibreOffice and by
Gnumeric and compared with the value stored in the file: 0 mismatches, 0 error values.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from openpyxl import load_workbook
from support import gnumeric, libreoffice

from xltools.forms import FORMS
from xltools.templates import generate_all, generate_followup

PLANERING = ROOT / "workbooks" / "planering"
UPPFOLJNING = ROOT / "workbooks" / "uppfoljning"


def _formulas(book: Path) -> dict[tuple[str, str], Any]:
    """(sheet, cell) -> the value stored with each formula."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Gnumeric's files have no default style
        formulas, values = load_workbook(book), load_workbook(book, data_only=True)
    return {(ws.title, c.coordinate): values[ws.title][c.coordinate].value
            for ws in formulas.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")}


def _same(a: Any, b: Any) -> bool:
    a, b = (None if a == "" else a), (None if b == "" else b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a))
    return a == b


@pytest.fixture(scope="module")
def books(config: Any, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """An empty template of every document type and an example filled in of every type (planning and follow-up)."""
    base = tmp_path_factory.mktemp("formelvarden")
    planning = [f.doc_type for f in FORMS.values() if f.period_kind == "ar"]
    out = generate_all(config, base / "mallar", namnder=("tn",))
    for period in ("2026-03", "2026-04", "2026-08", "2026-12"):
        out += generate_followup(config, period, base / f"mallar-{period}", namnder=("sn",))
    out += [next(PLANERING.glob(f"{doc}-*-2027.xlsx")) for doc in planning]
    out += sorted({p.name.split("-")[0]: p for p in sorted(UPPFOLJNING.glob("*.xlsx"))}.values())
    return out


def test_every_formula_cell_stores_its_value(books: list[Path]) -> None:
    empty = {b.name: [k for k, v in _formulas(b).items() if v is None] for b in books}
    # A formula whose result is "" (a change of a taxa without a current price, the soliditet of an empty
    # row of the bolagsplan's balans) is stored as an empty text.
    assert {n: cells for n, cells in empty.items() if cells and not n.startswith(("taxor", "bolagsplan"))} == {}
    assert {c[0] for c in empty.get("bolagsplan-ks-2027.xlsx", [])} <= {"Balans"}
    assert sum(len(_formulas(b)) for b in books) > 2000


@pytest.mark.parametrize("engine", ["libreoffice", "gnumeric"])
def test_libreoffice_and_gnumeric_give_the_stored_values_and_no_error(engine: str, books: list[Path],
                                                                     tmp_path: Path) -> None:
    again = (libreoffice.recalc(books, tmp_path / "lo") if engine == "libreoffice"
             else gnumeric.recalc(books, tmp_path / "gn"))
    compared, wrong, errors = 0, [], []
    for book, other in zip(books, again, strict=True):
        mine, theirs = _formulas(book), _formulas(other) if engine == "libreoffice" else None
        if theirs is None:  # Gnumeric's xlsx keeps formulas too, but read its values by the same cells
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = load_workbook(other, data_only=True)
            theirs = {(s, c): values[s][c].value for (s, c) in mine}
        for key, value in mine.items():
            got = theirs.get(key)
            compared += 1
            if isinstance(got, str) and got.startswith("#"):
                errors.append((book.name, key, got))
            elif not _same(value, got):
                wrong.append((book.name, key, value, got))
    assert errors == [] and wrong == [], (errors[:5], wrong[:5])
    assert compared > 2000
