"""Issue 19 acceptance: every report workbook's formulas (kommunplan, upphandlingsplan, follow-up, budgetberedning)
recalculated from scratch by LibreOffice and by Gnumeric give the values xltools stored with them: 0 mismatches,
0 error values. The engines get a copy without cached values (openpyxl keeps formulas, drops values), so what
they show is their own computation, not the file's cache."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import gnumeric, libreoffice
from test_template_values import _formulas, _same

from xltools.consolidate.budgetberedning import bered
from xltools.consolidate.scenario import Grund
from xltools.jobs.budgetberedning import load_scenarios
from xltools.reports.budgetberedning_xlsx import write_budgetberedning

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reports(example_reports: Path, plan, config, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:  # noqa: ANN001
    """(the written report, its copy without cached values) for every report workbook of the example kommun."""
    base = tmp_path_factory.mktemp("rapportvarden")
    files = sorted((ROOT / "config" / "scenarier").glob("*.yaml"))
    bb = write_budgetberedning(bered(Grund.of(plan), load_scenarios(files, config)), base / "budgetberedning.xlsx")
    books = [*sorted(example_reports.glob("*/*.xlsx")), bb]
    assert {b.name for b in books} >= {"kommunplan-2027.xlsx", "upphandlingsplan-2027.xlsx",
                                       "uppfoljning-2026-08.xlsx", "budgetberedning.xlsx"}
    out = []
    for b in books:
        bare = base / f"utan-{b.name}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_workbook(b).save(bare)
        out.append((b, bare))
    return out


@pytest.mark.parametrize("engine", ["libreoffice", "gnumeric"])
def test_every_report_formula_recalculates_to_its_stored_value(engine: str, reports: list[tuple[Path, Path]],
                                                                tmp_path: Path) -> None:
    bare = [b for _, b in reports]
    again = libreoffice.recalc(bare, tmp_path / "lo") if engine == "libreoffice" else gnumeric.recalc(bare, tmp_path / "gn")
    compared, wrong, errors = 0, [], []
    for (book, _), other in zip(reports, again, strict=True):
        mine = _formulas(book)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = load_workbook(other, data_only=True)
        for (sheet, cell), value in mine.items():
            got = values[sheet][cell].value
            compared += 1
            if isinstance(got, str) and got.startswith("#"):
                errors.append((book.name, sheet, cell, got))
            elif not _same(value, got):
                wrong.append((book.name, sheet, cell, value, got))
    assert errors == [] and wrong == [], (errors[:5], wrong[:5])
    assert compared > 2500  # 2 872 for the example kommun
