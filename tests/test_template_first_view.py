"""A template's first view (issue 19, part 8), read back from the saved file with openpyxl.

It opens on Anvisningar, which states the nämnd's ram and what to do without the Validera button;
data sheets freeze their header rows and the columns that identify a row; "syntetiska exempeldata"
appears only when the config says so. One template is rendered by LibreOffice to check the first
page shows Anvisningar.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string
from support.libreoffice import recalc

from xltools.config import Config, load_config
from xltools.excel.write import FROZEN_WIDTH, write_template
from xltools.forms import FORMS, PLANNING
from xltools.sv import sv_whole

CONFIG_DIR = Path(__file__).resolve().parents[1] / "config"
YEAR = 2027
NAMND = "bn"


def _anvisningar(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(r[0]) for r in wb["Anvisningar"].iter_rows(values_only=True) if r[0])


@pytest.mark.parametrize("doc", sorted(f.doc_type for f in PLANNING))
def test_opens_on_anvisningar_with_ram_and_frozen_identifying_columns(doc: str, config: Config, tmp_path: Path) -> None:
    form = FORMS[doc]
    path = write_template(form, config, NAMND, YEAR, tmp_path / f"{doc}.xlsx")
    wb = load_workbook(path)
    assert wb.active.title == "Anvisningar"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Anvisningar"]
    text = _anvisningar(path)
    ram = config.ekonomi.ramar[NAMND][YEAR]
    assert f"Nämndens ram (nettokostnad) {YEAR}: {sv_whole(ram)} tkr" in text
    assert "Har du inte knappen Validera?" in text and "skicka filen till ekonomienheten" in text
    for sheet in form.sheets:
        t = sheet.table
        if not t:
            continue
        ws = wb[sheet.name]
        assert ws.freeze_panes, sheet.name
        letter, row = coordinate_from_string(ws.freeze_panes)
        assert row == t.first_row, (sheet.name, ws.freeze_panes)  # header rows stay in view
        frozen = column_index_from_string(letter) - 1
        assert frozen >= 1 and sum(c.width for c in t.columns[:frozen]) <= FROZEN_WIDTH, (sheet.name, frozen)
        assert frozen < len(t.columns)


def test_identifying_columns(config: Config, tmp_path: Path) -> None:
    """Driftbudget keeps verksamhet and konto in view, investeringsplan projekt-id and projekt."""
    cases = {("driftbudget", "Driftbudget"): "C6", ("investeringsplan", "Projekt"): "C6",
             ("namndplan", "Mått"): "C6", ("driftbudget", "Konsekvensanalys"): "B6"}
    for (doc, sheet), want in cases.items():
        path = write_template(FORMS[doc], config, NAMND, YEAR, tmp_path / f"{doc}.xlsx")
        assert load_workbook(path)[sheet].freeze_panes == want, (doc, sheet)


def test_synthetic_notice_only_when_config_says_so(config: Config, tmp_path: Path) -> None:
    assert config.kommun.exempeldata  # the example config marks its data synthetic
    form = FORMS["driftbudget"]
    marked = write_template(form, config, NAMND, YEAR, tmp_path / "marked.xlsx")
    assert "syntetiska exempeldata" in _anvisningar(marked).casefold()
    conf = shutil.copytree(CONFIG_DIR, tmp_path / "config")  # a kommun whose config does not mark its data
    kommun = conf / "kommun.yaml"
    kommun.write_text("".join(line for line in kommun.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("exempeldata:")), encoding="utf-8")
    real, errors = load_config(conf)
    assert not errors and real is not None and not real.kommun.exempeldata
    plain = write_template(form, real, NAMND, YEAR, tmp_path / "plain.xlsx")
    text = _anvisningar(plain)
    assert "syntetisk" not in text.casefold()
    assert "Nämndens ram" in text  # the rest of the first view is unchanged


def test_followup_template_has_no_ram_line_but_the_fallback(config: Config, tmp_path: Path) -> None:
    form = FORMS["manadsrapport"]
    path = write_template(form, config, NAMND, YEAR - 1, tmp_path / "m.xlsx", period=f"{YEAR - 1}-03")
    text = _anvisningar(path)
    assert load_workbook(path).active.title == "Anvisningar"
    assert "Nämndens ram" not in text
    assert "Har du inte knappen Validera?" in text


def test_libreoffice_renders_anvisningar_first(config: Config, tmp_path: Path) -> None:
    path = write_template(FORMS["driftbudget"], config, NAMND, YEAR, tmp_path / "driftbudget.xlsx")
    (pdf,) = recalc([path], tmp_path / "pdf", fmt="pdf")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Så fyller du i" in first and "Nämndens ram" in first
    assert "Har du inte knappen Validera?" in subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
