"""The decision block on a template's first sheet (forms/status.py) and its rules (rules/beslut.py).

Templates are written by the real writer, typed into with openpyxl as a user would, read back with
python-calamine through validate_paths; the block's place on the printed page is checked with
LibreOffice. The rules' single cases are in tests/test_rules.py (BES-*); here: the block itself, its
values in the report and the ledger's identity, and the day limits.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.libreoffice import recalc
from support.workbooks import build, edit

from xltools.config import Config
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.forms.status import (
    FASTSTALLD,
    INSTRUCTIONS_SHEET,
    PRELIMINAR,
    STATUS_FIELDS,
    STATUS_RANK,
    STATUSES,
    UTKAST,
    beslut_text,
)
from xltools.inkorg.identity import identity_of
from xltools.rules.beslut import earliest
from xltools.validate import validate_paths

ANV = INSTRUCTIONS_SHEET
CELL = {f.key: f.cell for f in STATUS_FIELDS}


def test_block_cells_are_the_documented_ones() -> None:
    assert CELL == {"dokumentstatus": "B5", "beslutsorgan": "B6", "beslutsdatum": "B7", "paragraf": "B8"}
    assert [s for s, _ in STATUSES] == [UTKAST, PRELIMINAR, FASTSTALLD]
    assert STATUS_RANK[FASTSTALLD] > STATUS_RANK[PRELIMINAR] > STATUS_RANK[UTKAST] > STATUS_RANK[""]


def test_beslut_in_words() -> None:
    assert beslut_text({}) == "utkast"
    assert beslut_text({"dokumentstatus": UTKAST, "paragraf": "§ 3"}) == "utkast"
    assert beslut_text({"dokumentstatus": FASTSTALLD, "beslutsorgan": "Socialnämnden",
                        "beslutsdatum": dt.date(2026, 9, 16), "paragraf": "§ 45"}) == \
        "fastställd av Socialnämnden 2026-09-16 § 45"
    assert beslut_text({"dokumentstatus": PRELIMINAR, "beslutsdatum": dt.date(2026, 4, 22)}) == "preliminär 2026-04-22"


@pytest.mark.parametrize("doc", sorted(FORMS))
def test_every_template_carries_the_block_unlocked_with_its_lists(doc: str, config: Config, tmp_path: Path) -> None:
    form = FORMS[doc]
    year = config.planering.budgetar if form.period_kind == "ar" else config.planering.budgetar - 1
    period = None if form.period_kind == "ar" else f"{year}-{form.followup.months[0]:02d}"  # type: ignore[union-attr]
    path = write_template(form, config, "sn", year, tmp_path / f"{doc}.xlsx", period=period)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == ANV and ws.protection.sheet
    labels = [ws[f"A{int(c[1:])}"].value for c in CELL.values()]
    assert labels == ["Dokumentets status", "Beslutsorgan", "Beslutsdatum", "Paragraf"]
    assert ws["B5"].value == "Utkast" and all(ws[c].value is None for c in ("B6", "B7", "B8"))
    assert all(not ws[c].protection.locked for c in CELL.values())
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert lists["B5"].type == "list" and lists["B5"].formula1 == "lst_dokumentstatus"
    assert lists["B7"].type == "date"
    shown = [c.value for c in wb["Listor"][wb.defined_names["lst_dokumentstatus"].attr_text.split("!")[1]
                                           .replace("$", "").split(":")[0][0]] if c.value][1:]
    assert shown == [s for _, s in STATUSES]


def test_filled_block_is_read_reported_and_gives_the_ledger_identity(config: Config, tmp_path: Path) -> None:
    path = build("namndplan", config, "fgn", tmp_path / "np.xlsx")
    edit(path, {(ANV, "B5"): "Fastställd", (ANV, "B6"): "Fritids- och kulturnämnden",
                (ANV, "B7"): dt.date(2026, 9, 16), (ANV, "B8"): "§ 45"})
    report, checked = validate_paths([path], config)
    assert report.files[0].findings == []
    details = report.files[0].details
    assert {k: details[k] for k in CELL} == {"dokumentstatus": FASTSTALLD, "beslutsorgan": "Fritids- och kulturnämnden",
                                             "beslutsdatum": dt.date(2026, 9, 16), "paragraf": "§ 45"}
    ident = identity_of(report.files[0])
    assert ident is not None and ident.key == ("fgn", "namndplan", 2027, "2027", FASTSTALLD, "")  # "": the nämnd's own
    assert (ident.beslutsorgan, ident.beslutsdatum, ident.paragraf) == ("Fritids- och kulturnämnden",
                                                                       dt.date(2026, 9, 16), "§ 45")
    assert checked[0].document is not None and checked[0].document.fields["beslutsdatum"][1:] == (ANV, "B7")


def test_hostile_values_in_the_block(config: Config, tmp_path: Path) -> None:
    """A status outside the list, a text date, a formula: each named at its cell; nothing carried along."""
    path = build("taxor", config, "fgn", tmp_path / "t.xlsx")
    edit(path, {(ANV, "B5"): "Klar", (ANV, "B7"): "igår", (ANV, "B8"): '=HYPERLINK("http://x","§ 1")'})
    report, _ = validate_paths([path], config)
    got = sorted((f.rule, f.loc.sheet, f.loc.cell) for f in report.files[0].findings)
    assert ("STR-10", ANV, "B5") in got and ("STR-8", ANV, "B7") in got and ("STR-13", ANV, "B8") in got
    assert report.files[0].details.get("dokumentstatus") is None  # an unknown status is no status


def test_a_template_without_the_block_still_reads(config: Config, tmp_path: Path) -> None:
    """A template made before the block (or with Anvisningar removed): no status, no BES finding, no crash."""
    path = build("taxor", config, "fgn", tmp_path / "t.xlsx")
    edit(path, {}, delete_sheets=(ANV,))
    report, _ = validate_paths([path], config)
    assert [f for f in report.files[0].findings if f.rule.startswith("BES")] == []
    assert identity_of(report.files[0]).dokstatus == ""  # type: ignore[union-attr]


def test_earliest_day_of_a_decision(config: Config, tmp_path: Path) -> None:
    plan = build("taxor", config, "fgn", tmp_path / "t.xlsx")
    report = build("delarsrapport", config, "fgn", tmp_path / "d.xlsx")
    _, checked = validate_paths([plan, report], config)
    docs = {c.document.doc_type: c.document for c in checked if c.document is not None}
    assert earliest(docs["taxor"]) == dt.date(2026, 1, 1)  # a plan for 2027 from 1 January the year before
    assert earliest(docs["delarsrapport"]) == dt.date(2026, 9, 1)  # t.o.m. augusti: decided in September at the earliest


def test_the_block_prints_on_the_first_page_within_a4_portrait(config: Config, tmp_path: Path) -> None:
    path = write_template(FORMS["namndplan"], config, "sn", 2027, tmp_path / "np.xlsx",
                          values={"fields": {"dokumentstatus": FASTSTALLD, "beslutsorgan": "Socialnämnden",
                                             "beslutsdatum": dt.date(2026, 9, 16), "paragraf": "§ 45"}})
    ws = load_workbook(path)[ANV]
    assert ws.page_setup.orientation == "portrait"
    assert ws.column_dimensions["A"].width + ws.column_dimensions["B"].width <= 90
    (pdf,) = recalc([path], tmp_path / "pdf", fmt="pdf")
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    for text in ("Beslut om dokumentet", "Dokumentets status", "Fastställd", "Socialnämnden", "2026-09-16", "§ 45",
                 "Så fyller du i"):
        assert text in first, text
    size = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "595.3" in size or "595.2" in size or "595 x 842" in size  # A4 portrait (points)
