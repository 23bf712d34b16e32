"""The report modules one by one, on the kommunplan and the delårsrapport made from the committed examples:
each output read back by a real reader (python-calamine, the standard HTML and JSON parsers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from xltools.config import Config
from xltools.consolidate.model import Kommunplan
from xltools.errors import XltoolsError
from xltools.forms.period import Period
from xltools.reports import (
    bilagor,
    book,
    html,
    kommunplan_json,
    kommunplan_xlsx,
    summary,
    uppfoljning_html,
    uppfoljning_json,
    uppfoljning_xlsx,
)
from xltools.sv import NBSP
from xltools.uppfoljning.consolidate import FollowUp, consolidate
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def delar(config: Config) -> FollowUp:
    _, checked = validate_paths([ROOT / "workbooks" / "uppfoljning"], config)
    return consolidate(checked, config, Period(2026, 8), "delarsrapport")


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}


def test_book_stores_formulas_with_their_values_and_text_as_text(tmp_path: Path) -> None:
    b = book.Book(tmp_path / "b.xlsx", properties={"title": "Prov"})
    sh = b.sheet("Blad")
    sh.number(0, 0, 1.5)
    sh.number(1, 0, 2)
    sh.formula(2, 0, [(1, sh.rng(0, 0, 1, 0)), (-1, sh.cell(0, 0))])  # A1+A2−A1
    sh.formula_text(3, 0, "=IF(A2>1,\"ja\",\"nej\")", "text", "ja")
    sh.text(4, 0, "=HYPERLINK(\"http://exempel\")")  # a submission's text: never a formula
    b.close()
    rows = _sheets(tmp_path / "b.xlsx")["Blad"]
    assert [r[0] for r in rows] == [1.5, 2.0, 2.0, "ja", "=HYPERLINK(\"http://exempel\")"]


def test_kommunplan_workbook_json_and_summary(plan: Kommunplan, tmp_path: Path) -> None:
    kommunplan_xlsx.write_workbook(plan, tmp_path / "k.xlsx")
    sheets = _sheets(tmp_path / "k.xlsx")
    assert list(sheets) == list(kommunplan_xlsx.SHEETS)
    ids = [r[0] for r in sheets["Kontroller"] if isinstance(r[0], str) and r[0][:2] in ("RR", "KS")]
    assert ids[0] == "RR1-2027" and ids[-1] == "KS-VK-2029"
    data = json.loads(kommunplan_json.to_json(plan))
    assert [k["id"] for k in data["kontroller"]] == [k.id for k in plan.kontroller]
    assert all(k["ok"] for k in data["kontroller"])
    text = summary.summary_text(plan)
    assert text.splitlines()[0].startswith(f"Kommunplan 2027 med plan 2028–2029 – {plan.config.kommun.namn}")
    assert f"Kontroller: {len(plan.kontroller)} av {len(plan.kontroller)} uppfyllda." in text


def test_bilagor_one_registry_and_one_environment(plan: Kommunplan, tmp_path: Path) -> None:
    assert len({b.key for b in bilagor.BILAGOR}) == len(bilagor.BILAGOR)
    assert all((html.TEMPLATES / b.template).is_file() for b in bilagor.BILAGOR)
    written = bilagor.render_bilagor(plan, tmp_path / "b", ["sn"])
    # every bilaga that applies (the Förändringar only to a November revision with an adopted plan)
    assert sorted(p.name for p in written) == sorted([f"{b.key}-sn.html" for b in bilagor.BILAGOR if b.when(plan)]
                                                     + ["index-sn.html"])
    assert plan.andringar is None and "forandringar-sn.html" not in {p.name for p in written}
    assert 'lang="sv"' in (tmp_path / "b" / "index-sn.html").read_text(encoding="utf-8")
    with pytest.raises(XltoolsError, match="okänd nämnd: xx"):
        bilagor.render_bilagor(plan, tmp_path / "c", ["xx"])
    assert html.environment() is html.environment()
    assert html.f_tkr(-1_234_567) == f"\u22121{NBSP}235" and html.f_tkr_avrundat(None) == "–"
    assert html.f_pct(0.1234) == f"12,3{NBSP}%" and html.f_kr(1.5) == "1,50" and html.f_dec(2.0) == "2"


def test_followup_workbook_json_and_appendix(delar: FollowUp, tmp_path: Path) -> None:
    uppfoljning_xlsx.write_workbook(delar, tmp_path / "u.xlsx")
    sheets = _sheets(tmp_path / "u.xlsx")
    assert list(sheets)[0] == "Sammanfattning" and "Måluppfyllelse" in sheets
    sums = [r for r in sheets["Kontrollsummor"][4:] if r and r[0]]
    assert len(sums) == len(delar.kontrollsummor) and all(r[6] == "ja" for r in sums)
    data = uppfoljning_json.to_dict(delar)
    assert data["summa"]["budget"] == round(delar.totals()["budget"], 2)
    assert [k["kontroll"] for k in data["kontrollsummor"]] == [k.what for k in delar.kontrollsummor]
    page = uppfoljning_html.render_appendix(delar)
    assert page.startswith("<!DOCTYPE html>") and 'lang="sv"' in page and delar.title in page
