"""Issue 16 part 6: last year's figures in this year's driftbudget template.

The template's sheet "Förra året" shows, read-only, the adopted driftbudget of the year before per
verksamhet (config/uppfoljning.yaml: the budget the follow-ups of 2026 measure against), so the economist
budgets against it. Hand check: Socialnämnden 2026 = 228 820 + 108 960 + 98 060 + 54 480 + 38 140 + 16 340
= 544 800 tkr (the comment in uppfoljning.yaml).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

from xltools.config import load_config
from xltools.excel.read import read_file
from xltools.forms import FORMS
from xltools.forms.driftbudget import last_year
from xltools.reading import read_document

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks" / "planering"


def test_the_example_driftbudget_shows_last_years_budget_locked_and_reads_it_back() -> None:
    path = WB / "driftbudget-sn-2027.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Förra året"]
    assert ws["B5"].value == "Fastställd budget 2026 (nettokostnad) (tkr)"
    rows = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(6, 12)]
    u = yaml.safe_load((ROOT / "config" / "uppfoljning.yaml").read_text(encoding="utf-8"))["driftbudget"]["sn"]
    assert [b for _, b in rows] == list(u.values()) and sum(u.values()) == 544800
    assert rows[0][0].startswith("500 ")
    assert ws.protection.sheet and ws["B6"].protection.locked and not ws["C6"].protection.locked  # comment: open
    config, _ = load_config(ROOT / "config")
    raw = read_file(path)
    doc, findings = read_document(raw.grid, str(path), config, raw.sha256)
    assert doc is not None and not [f for f in findings if f.severity == "fel"]
    assert [(r.get("verksamhet"), r.get("budget_fg")) for r in doc.rows("forra_aret")] == list(u.items())


def test_without_last_years_budget_the_sheet_is_empty(tmp_path: Path) -> None:
    config, _ = load_config(ROOT / "config")
    assert config is not None
    assert last_year(config, "sn", 2027) and last_year(config, "sn", 2028) == []  # only the year after the follow-up
    assert FORMS["driftbudget"].sheet("Förra året").table.key == "forra_aret"
