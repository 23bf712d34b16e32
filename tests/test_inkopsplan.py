"""The compiled upphandlings- och inköpsplan (issue 19, part 10): upphandlingsplan-<år>.xlsx.

Every row of every accepted investeringsplan's Inköpsplan sheet is in one Excel table (filter,
sort, total row), with the file and cell it came from; the rows and the total are counted from
the submitted workbooks themselves with python-calamine; the summary's formulas are recalculated
by LibreOffice; a text typed as a formula stays text.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from support.hostile.edits import cell, type_cells
from support.libreoffice import assert_formulas_recalculate, recalc

from xltools.consolidate.inkop import inkopsplan
from xltools.jobs.kommunplan import consolidate
from xltools.reports.inkopsplan_xlsx import FIRST, HEADS, SUMMARY, TABLE, VALUE, write_inkopsplan

PLANERING = ROOT / "workbooks" / "planering"
HYPERLINK = '=HYPERLINK("http://example.invalid/","Klicka")'


def _source_rows() -> list[tuple[str, float]]:
    """(file, value) of every filled Inköpsplan row in the submitted investeringsplaner, read independently."""
    out = []
    for path in sorted(PLANERING.glob("investeringsplan-*.xlsx")):
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Inköpsplan").to_python()
        header = next(i for i, r in enumerate(rows) if r and r[0] == "Upphandling/inköp")
        value_col = next(j for j, h in enumerate(rows[header]) if str(h).startswith("Uppskattat värde"))
        out += [(path.name, float(r[value_col])) for r in rows[header + 1:] if r and r[0] not in ("", None)]
    return out


@pytest.fixture(scope="module")
def book(plan: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inkopsplan(plan, tmp_path_factory.mktemp("inkop") / "upphandlingsplan-2027.xlsx")


def test_every_planned_purchase_is_in_the_table_with_its_source(plan: Any, book: Path) -> None:
    source = _source_rows()
    assert len(source) > 20
    wb = load_workbook(book)
    ws = wb[TABLE]
    (table,) = ws.tables.values()
    assert table.name == "Inkopsplan" and table.autoFilter is not None and table.totalsRowCount == 1
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name(TABLE).to_python()
    data = rows[FIRST + 1: FIRST + 1 + len(source)]
    assert rows[FIRST][: len(HEADS)] == list(HEADS)
    assert sorted((r[10], float(r[VALUE])) for r in data) == sorted(source)
    assert rows[FIRST + 1 + len(source)][0] == "Summa"
    assert float(rows[FIRST + 1 + len(source)][VALUE]) == pytest.approx(sum(v for _, v in source))
    assert all(r[11].startswith("Inköpsplan!A") for r in data)
    kinds = {x.form for x in inkopsplan(plan)}
    assert kinds <= {"Direktupphandling", "Förenklat förfarande", "Öppet förfarande", "Avrop från ramavtal", "Övrigt"}


def test_the_summary_formulas_recalculate_in_libreoffice(book: Path, tmp_path: Path) -> None:
    (again,) = recalc([book], tmp_path / "lo")
    assert assert_formulas_recalculate(book, again) >= 2 * 5
    summary = CalamineWorkbook.from_path(str(again)).get_sheet_by_name(SUMMARY).to_python()
    sums = [r for r in summary if r and r[0] == "Summa"]
    assert len(sums) == 2 and sums[0][1:3] == sums[1][1:3]  # per form and per nämnd add up to the same
    assert float(sums[0][2]) == pytest.approx(sum(v for _, v in _source_rows()))


def test_a_text_typed_as_a_formula_stays_text(config: Any, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(PLANERING, tmp_path / "underlag"))
    type_cells(folder / "investeringsplan-tn-2027.xlsx", {cell("investeringsplan", "inkop", "upphandling", 0): HYPERLINK})
    plan = consolidate(folder, config)
    out = write_inkopsplan(plan, tmp_path / "upphandlingsplan.xlsx")
    ws = load_workbook(out)[TABLE]
    hit = [c for row in ws.iter_rows() for c in row if c.value == HYPERLINK]
    assert len(hit) == 1 and hit[0].data_type == "s"
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f" and "HYPERLINK" in str(c.value)]


def test_the_kommunplan_job_writes_it_beside_the_workbook(tmp_path: Path) -> None:
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "xltools", "kommunplan", str(PLANERING), "--config",
                          str(ROOT / "config"), "--out", str(tmp_path / "ut")], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "ut" / "upphandlingsplan-2027.xlsx").is_file() and "upphandlingsplan-2027.xlsx" in res.stdout
