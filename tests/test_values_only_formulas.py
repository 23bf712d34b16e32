"""A reader that sees values only (xlwings Lite, the add-in's remote reader) still finds a value typed over a
computed cell (FRM-1): it compares each computed cell's value with what the template's formula gives.

The examples of every document type, recalculated by LibreOffice (an independent engine's values),
read as values only give no FRM-1 at all; a value typed over a formula, a total row or a formula
in an unused row is found at its cell with the CLI's message.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from support.libreoffice import recalc
from support.workbooks import edit

from xltools.excel.read import read_file
from xltools.forms import FORMS
from xltools.validate import check_grid

PLANERING = ROOT / "workbooks" / "planering"
UPPFOLJNING = ROOT / "workbooks" / "uppfoljning"


def _values_only(path: Path, config: Any) -> tuple[list[Any], list[Any]]:
    """(FRM findings read as values only, FRM findings read with the formulas)."""
    raw = read_file(path)
    assert raw.grid is not None
    full = check_grid(raw.grid, str(path), config)
    values = dataclasses.replace(raw.grid, formulas={})
    bare = check_grid(values, str(path), config)
    frm = [f for f in bare.report.findings if f.rule.startswith("FRM")]
    return frm, [f for f in full.report.findings if f.rule.startswith("FRM")]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    books = [next(PLANERING.glob(f"{d}-tn-2027.xlsx")) for d in ("driftbudget", "investeringsplan", "internhyror",
                                                                   "taxor", "lokalbehovsplan", "internkontrollplan")]
    books += sorted({p.name.split("-")[0]: p for p in sorted(UPPFOLJNING.glob("*-sn-*.xlsx"))}.values())
    return recalc(books, tmp_path_factory.mktemp("lo"))


def test_libreoffices_values_of_every_example_agree_with_the_templates_formulas(config: Any,
                                                                                recalculated: list[Path]) -> None:
    assert len(recalculated) >= 10
    for book in recalculated:
        bare, full = _values_only(book, config)
        assert bare == [] and full == [], (book.name, [str(f) for f in bare][:3])


def _ref(doc: str, table: str, column: str, row: int | None) -> tuple[str, str]:
    """(sheet, A1) of a computed cell: a row of the table (0 = first), or its total row (None)."""
    sheet, t = FORMS[doc].table(table)
    return sheet.name, t.ref(column, t.first_row + row if row is not None else t.total_row)


@pytest.mark.parametrize(("doc", "table", "column", "row"), [
    ("driftbudget", "drift", "netto_1", 0), ("driftbudget", "drift", "netto_2", None),
    ("investeringsplan", "projekt", "total", 1)])
def test_a_value_typed_over_a_formula_is_found_without_the_formulas(config: Any, recalculated: list[Path], doc: str,
                                                                    table: str, column: str, row: int | None,
                                                                    tmp_path: Path) -> None:
    (book,) = [b for b in recalculated if b.name.startswith(doc)]
    sheet, cell = _ref(doc, table, column, row)
    typed = edit(shutil.copy(book, tmp_path / book.name), {(sheet, cell): 12345.0})
    (again,) = recalc([typed], tmp_path / "lo")  # LibreOffice recomputes every other formula
    bare, full = _values_only(again, config)
    assert [(f.rule, f.loc.sheet, f.loc.cell) for f in bare] == [("FRM-1", sheet, cell)]
    assert [f.message for f in bare] == [f.message for f in full]  # the CLI's own message
