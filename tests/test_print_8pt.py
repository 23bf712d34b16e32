"""Report workbooks print readable (issue 19, part 1): no text below 8 pt on any A4 page.

The kommunplan, the upphandlingsplan and the delårsrapport's workbooks of the example kommun are
written by the project and printed to PDF by LibreOffice; pdftotext gives every word's box on every
page. A sheet fitted to the page's width would shrink 11 pt text below 8 pt when its columns (and
charts) are too wide for the page; such a sheet is printed at 73 % over several pages across instead
(reports/book.py). The smallest word box on every page must be that of 8 pt text or larger.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from support.libreoffice import recalc

from xltools.config import Config
from xltools.excel.write import write_template
from xltools.forms import PLANNING
from xltools.printing import MIN_SCALE, PAGE_PT, print_width_pt
from xltools.reports.book import Book

# Height of the box of a word of digits (no descenders) per point of font size, as pdftotext measures
# LibreOffice's Carlito: 11 pt digits give 9.87 (a word with descenders 10.39).
DIGITS_PER_PT = 0.897
SMALLEST_PT = 8
_BOX = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"')


@pytest.fixture(scope="module")
def reports(example_reports: Path) -> list[Path]:
    out = example_reports
    books = sorted(out.glob("*/*.xlsx"))
    assert {p.name for p in books} >= {"kommunplan-2027.xlsx", "upphandlingsplan-2027.xlsx", "uppfoljning-2026-08.xlsx"}
    return books


def _smallest_per_page(pdf: Path) -> list[float]:
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [min(float(b) - float(a) for a, b in _BOX.findall(page)) for page in boxes.split("<page ")[1:]
            if _BOX.search(page)]


def _assert_8pt(books: list[Path], tmp_path: Path) -> None:
    """Every page of every book, printed by LibreOffice, is A4 and has no text below 8 pt."""
    pdfs = recalc(books, tmp_path / "pdf", fmt="pdf")
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, pdf.name
        smallest = _smallest_per_page(pdf)
        assert smallest, pdf.name
        small = [(i, round(h / DIGITS_PER_PT, 1)) for i, h in enumerate(smallest, start=1)
                 if h < SMALLEST_PT * DIGITS_PER_PT - 0.05]
        assert small == [], f"{pdf.name}: sidor med text under {SMALLEST_PT} pt (sida, ungefärlig storlek): {small}"


def test_no_report_page_prints_text_below_8_pt(reports: list[Path], tmp_path: Path) -> None:
    _assert_8pt(reports, tmp_path)


def test_no_template_page_prints_text_below_8_pt(config: Config, tmp_path: Path) -> None:
    """Every planning template of the nämnd with the most verksamheter, as an economist prints it."""
    namnd = max(config.namnd_ids, key=lambda n: len(config.namnd(n).verksamheter))
    books = [write_template(f, config, namnd, 2027, tmp_path / f"{f.doc_type}.xlsx") for f in PLANNING]
    _assert_8pt(books, tmp_path)


def test_a_sheet_too_wide_for_8_pt_prints_at_73_per_cent_over_pages_across(tmp_path: Path) -> None:
    path = tmp_path / "bred.xlsx"
    book = Book(path, properties={"title": "Bred"})
    wide, narrow = book.sheet("Bred"), book.sheet("Smal")
    for col in range(20):
        wide.width(col, 14)  # 20 columns of 14: far wider than one page at 73 %
        wide.text(0, col, f"Kolumn {col + 1}")
    narrow.width(0, 40)
    narrow.text(0, 0, "Smal")
    for sh in (wide, narrow):
        sh.page("Kommun", "Rapport")
    book.close()
    assert PAGE_PT / print_width_pt(wide.widths) * 100 < MIN_SCALE <= PAGE_PT / print_width_pt(narrow.widths) * 100
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
    assert 'scale="73"' in sheets[0] and "fitToPage" not in sheets[0]
    assert 'fitToPage="1"' in sheets[1] and 'fitToHeight="0"' in sheets[1]
    import openpyxl

    wb = openpyxl.load_workbook(path)  # the row labels repeat on every page across; a fitted sheet needs none
    assert wb["Bred"].print_title_cols == "$A:$A" and wb["Smal"].print_title_cols is None


def test_status_and_budgetberedning_print_at_8_pt_or_more(config: Config, tmp_path: Path) -> None:
    """The status workbook (every example submission received) and the budgetberedning workbook (KS förslag
    and an alternativbudget) print on A4 with no text below 8 pt."""
    import datetime as dt

    from xltools.consolidate.budgetberedning import bered
    from xltools.consolidate.scenario import Grund
    from xltools.inkorg.receive import Inkorg
    from xltools.jobs.budgetberedning import load_scenarios
    from xltools.jobs.kommunplan import consolidate
    from xltools.jobs.status import compute
    from xltools.reports.budgetberedning_xlsx import write_budgetberedning
    from xltools.reports.status_xlsx import write_status

    root = Path(__file__).resolve().parents[1]
    with Inkorg(tmp_path / "inkorg") as ik:
        ik.receive([root / "workbooks" / "planering"], config, now=lambda: dt.datetime(2026, 5, 3, 9))
        s = compute(ik, config, dt.date(2026, 10, 1))
    write_status(s, config, tmp_path / "status.xlsx")
    plan = consolidate(root / "workbooks" / "planering", config, fas="juni")
    files = sorted((root / "config" / "scenarier").glob("*.yaml"))
    write_budgetberedning(bered(Grund.of(plan), load_scenarios(files, config)), tmp_path / "budgetberedning.xlsx")
    _assert_8pt([tmp_path / "status.xlsx", tmp_path / "budgetberedning.xlsx"], tmp_path)


def test_each_namnd_starts_a_printed_page_of_the_driftbudget_per_verksamhet(reports: list[Path], tmp_path: Path) -> None:
    """Page breaks at the nämnd boundaries (issue 19 part 1): read back by openpyxl, and in LibreOffice's
    PDF no page of the sheet holds two nämnders' sums."""
    import openpyxl

    book = next(p for p in reports if p.name == "kommunplan-2027.xlsx")
    ws = openpyxl.load_workbook(book)["Driftbudget per verksamhet"]
    names = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    starts = [r for r in range(2, ws.max_row + 1)  # the first detail row of each nämnd (row r is names[r - 1])
              if isinstance(names[r - 1], str) and ws.cell(row=r, column=2).value and names[r - 1] != names[r - 2]
              and not names[r - 1].startswith("Summa") and ws.cell(row=r, column=2).value != "Verksamhet"]
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # openpyxl: the break is after row `id`
    assert breaks and breaks == [s - 1 for s in starts[1:]]
    only = tmp_path / "detalj.xlsx"
    wb = openpyxl.load_workbook(book)
    for name in wb.sheetnames:
        if name != "Driftbudget per verksamhet":
            del wb[name]
    wb.save(only)
    pdf = recalc([only], tmp_path / "pdf", fmt="pdf")[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= len(starts)
    assert all(p.count("Summa ") <= 1 or "Summa alla nämnder" in p for p in pages)


def test_no_page_break_cuts_a_chart(reports: list[Path]) -> None:
    """Every chart of the kommunplan's Sammanfattning and Diagram sheets lies between two page breaks
    (the drawing's anchor rows against the sheet's row breaks, read from the file)."""
    import re as _re

    import openpyxl

    book = next(p for p in reports if p.name == "kommunplan-2027.xlsx")
    wb = openpyxl.load_workbook(book)
    checked = 0
    with zipfile.ZipFile(book) as z:
        for i, name in enumerate(wb.sheetnames[:2], start=1):  # Sammanfattning, Diagram
            rels = z.read(f"xl/worksheets/_rels/sheet{i}.xml.rels").decode()
            drawing = _re.search(r'Target="../drawings/(drawing\d+\.xml)"', rels).group(1)
            xml = z.read(f"xl/drawings/{drawing}").decode()
            spans = [(int(a), int(b)) for a, b in _re.findall(
                r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>.*?<xdr:to>.*?<xdr:row>(\d+)</xdr:row>", xml, _re.S)]
            breaks = [b.id for b in wb[name].row_breaks.brk]  # 0-based row `id` starts a new page
            assert spans and breaks, name
            for top, bottom in spans:
                assert not [b for b in breaks if top < b <= bottom], (name, top, bottom, breaks)
                checked += 1
    assert checked >= 4
