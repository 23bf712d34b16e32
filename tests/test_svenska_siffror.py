"""Numbers as Swedish reports show them (issue 19 part 2), read back from what the CLI writes.

The example kommun's kommunplan (workbook, JSON, HTML bilagor, document model) and delårsrapport are made
once by the real CLI (conftest `example_reports`) and read back with openpyxl, python-calamine and an HTML
parser; the Sammanfattning sheet is printed by LibreOffice and read with pdftotext. Checked: the summary in
mnkr with one decimal, "2,3 %" with a space everywhere, the resultatbudget's Not column, a stated sign
convention under the nämnder's tables, and status words centred under figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from support.libreoffice import recalc

from xltools.consolidate import resultat
from xltools.reports import tecken
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument
from xltools.reports.dokument.model import Table
from xltools.sv import NBSP, XLSX_MNKR, XLSX_PCT, sv_mnkr, sv_percent

ROOT = Path(__file__).resolve().parents[1]
STATUS = {"Ja", "Nej", "Uppfyllt", "Inte uppfyllt", "Stämmer", "Stämmer inte"}
GLUED = re.compile(r"\d%")  # a per cent sign straight after a digit: "2,3%"
MNKR_1 = re.compile(r"^−?\d{1,3}(\u00a0\d{3})*,\d$")  # one decimal, no-break thousands: "−1\u00a0508,0"


@pytest.fixture(scope="module")
def kp(example_reports: Path) -> Path:
    return example_reports / "kp"


@pytest.fixture(scope="module")
def book(kp: Path) -> Path:
    return kp / "kommunplan-2027.xlsx"


@pytest.fixture(scope="module")
def data(kp: Path) -> dict[str, Any]:
    return json.loads((kp / "kommunplan-2027.json").read_text(encoding="utf-8"))


def _rows(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _row(rows: list[list[Any]], label: str) -> list[Any]:
    return next(r for r in rows if r and r[0] == label)


# ---------------------------------------------------------------- the helpers
def test_the_swedish_helpers() -> None:
    assert sv_percent(2.345) == "2,3\u00a0%" and sv_percent(-12.04) == "−12,0\u00a0%" and sv_percent(None) == "–"
    assert sv_percent(40, None) == "40\u00a0%" and sv_percent(1.5, None) == "1,5\u00a0%"
    assert sv_mnkr(12_345_678) == "12,3\u00a0mnkr" and sv_mnkr(-1_507_979_988) == "−1\u00a0508,0\u00a0mnkr"
    assert sv_mnkr(None) == "–"


# ---------------------------------------------------------------- mnkr in the summary, tkr in the tables
def test_the_summary_sheet_is_in_mnkr_with_one_decimal(book: Path, data: dict[str, Any]) -> None:
    rows = _rows(book, "Sammanfattning")
    assert "mnkr" in rows[2][0] and "Nyckeltal (mnkr)" == rows[4][0]
    years = [str(y) for y in data["ar"]]
    rr = data["resultatbudget"]
    expected = {"Verksamhetens nettokostnader": [rr[y]["verksamhetens_nettokostnader"] / 1000 for y in years],
                "Årets resultat": [rr[y]["arets_resultat"] / 1000 for y in years],
                "Nettoinvesteringar": [-data["investeringar_per_ar"][y] / 1000 for y in years],  # an utgift: −
                "Likvida medel vid årets slut": [data["balansbudget"][y]["kassa_och_bank"] / 1000 for y in years]}
    for label, want in expected.items():
        assert _row(rows, label)[1:4] == pytest.approx(want, abs=1e-6), label
    assert min(expected["Verksamhetens nettokostnader"]) < -1000  # really mnkr: about −1 500, not −1 500 000
    ws = openpyxl.load_workbook(book)["Sammanfattning"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, 40)}
    for label in expected:
        for col in (2, 3, 4):
            cell = ws.cell(row=labels[label], column=col)
            assert cell.number_format == XLSX_MNKR, (label, cell.number_format)  # one decimal
            assert str(cell.value).startswith("=") and cell.value.endswith("/1000"), cell.value  # from the tkr
    # the detail tables stay in whole tkr
    rb = openpyxl.load_workbook(book)["Resultatbudget"]
    assert rb["C7"].number_format == "[$-41D]#,##0" and "Belopp i tkr" in rb["A3"].value


def test_the_summary_charts_have_mnkr_axes(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
    titled = [c for c in charts if "Investeringar per nämnd och kategori" in c]  # amounts: mnkr on the axis
    assert len(titled) == 1
    for c in titled:
        assert "(mnkr)" in c and 'formatCode="[$-41D]#,##0,"' in c and "(tkr)" not in c
    change = [c for c in charts if "Nettokostnadsutveckling per nämnd" in c]  # a change: Swedish per cent
    assert len(change) == 1 and 'formatCode="[$-41D]0.0\\ %"' in change[0]


def test_the_run_summary_says_mnkr_and_spaced_per_cent(example_reports: Path, kp: Path, data: dict[str, Any],
                                                        tmp_path: Path) -> None:
    from click.testing import CliRunner

    from xltools.cli.main import cli

    r = CliRunner().invoke(cli, ["kommunplan", str(ROOT / "workbooks" / "planering"), "--config",
                                 str(ROOT / "config"), "--out", str(tmp_path / "ut")])
    assert r.exit_code == 0, r.output
    year = str(data["budgetar"])
    assert f"{year}: {sv_mnkr(data['resultatbudget'][year]['arets_resultat'] * 1000)} (" in r.output
    assert " tkr" not in r.output.split("Årets resultat:")[1].split("Balanskravet")[0]
    assert not GLUED.search(r.output) and f"{NBSP}%" in r.output
    up = CliRunner().invoke(cli, ["uppfoljning", "rapport", str(ROOT / "workbooks" / "uppfoljning"), "--period", "2026-08",
                                  "--config", str(ROOT / "config"), "--out", str(tmp_path / "up")])
    assert up.exit_code == 0, up.output
    budget = next(ln for ln in up.output.splitlines() if ln.startswith("Budget "))  # the delårsrapport's totals
    assert re.fullmatch(r"Budget [\d\u00a0]+,\d\u00a0mnkr, helårsprognos [\d\u00a0]+,\d\u00a0mnkr, "
                        r"avvikelse −?[\d\u00a0]+,\d\u00a0mnkr\.", budget), budget
    assert "tkr" not in budget and not GLUED.search(up.output.split("varning:")[0])


def test_the_document_and_bilaga_summary_is_in_mnkr(data: dict[str, Any], kp: Path) -> None:
    doc = kommunplan_dokument(data, Names())
    t = next(t for t in doc.tables() if t.key == "sammandrag")
    amounts = [c.text for r in t.rows if "procent" not in r.cells[0].text.lower()
               and r.cells[0].text not in ("Soliditet", "Självfinansieringsgrad av investeringarna") for c in r.cells[1:]]
    assert amounts and all(MNKR_1.match(a) for a in amounts), amounts
    html = (kp / "bilagor" / "finansiella-rapporter.html").read_text(encoding="utf-8")
    table = html[html.index('id="tabell-sammandrag"'):]
    table = table[:table.index("</table>")]
    assert "mnkr" in table and all(f">{a}<" in table for a in amounts)  # the same figures, first in the bilaga
    assert html.index('id="tabell-sammandrag"') < html.index('id="tabell-resultatbudget"')


# ---------------------------------------------------------------- "2,3 %" everywhere
def _formats_with_percent(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist()
                      if n == "xl/styles.xml" or n.startswith("xl/charts/chart"))
    return [f for f in re.findall(r'formatCode="([^"]*)"', xml.replace("&quot;", "\"")) if "%" in f]


def _spaced(fmt: str) -> bool:
    """The character before each % of a number format is a space (escaped, quoted or no-break)."""
    plain = fmt.replace("\\", "").replace('"', "")
    return all(plain[i - 1] in (" ", NBSP) for i, ch in enumerate(plain) if ch == "%" and i)


def test_every_percent_format_in_the_written_workbooks_has_the_space(example_reports: Path) -> None:
    books = sorted(example_reports.rglob("*.xlsx"))
    assert len(books) >= 3  # kommunplan, upphandlingsplan, uppföljning
    seen = 0
    for path in books:
        for fmt in _formats_with_percent(path):
            seen += 1
            assert _spaced(fmt), (path.name, fmt)
    assert seen >= 2
    assert XLSX_PCT in _formats_with_percent(example_reports / "kp" / "kommunplan-2027.xlsx")


def test_the_templates_percent_columns_have_the_space() -> None:
    taxor = sorted((ROOT / "workbooks" / "planering").glob("taxor-*.xlsx"))
    assert taxor
    formats = _formats_with_percent(taxor[0])
    assert formats and all(_spaced(f) for f in formats), formats


def test_no_text_cell_glues_a_per_cent_sign_to_a_number(example_reports: Path) -> None:
    for path in sorted(example_reports.rglob("*.xlsx")):
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                for v in row:
                    assert not (isinstance(v, str) and GLUED.search(v)), (path.name, name, v)


class _Text(HTMLParser):
    """The text a reader sees (not styles or attributes), and each status word's cell classes."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.skip = 0
        self.cells: list[tuple[str, str]] = []  # (class of a data cell, its text); row and column labels are th
        self._td: list[str] = []
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")
        if tag == "td":
            self._td.append(dict(attrs).get("class") or "")
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")
        if tag == "td" and self._td:
            self.cells.append((self._td.pop(), "".join(self._buf).strip()))

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)
            self._buf.append(data)


def _html(path: Path) -> _Text:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_the_html_bilagor_space_every_per_cent_and_centre_status_words(example_reports: Path) -> None:
    pages = sorted((example_reports / "kp" / "bilagor").glob("*.html")) + sorted(
        (example_reports / "up").glob("*.html"))
    assert len(pages) >= 8
    per_cent = status = 0
    for page in pages:
        p = _html(page)
        text = "".join(p.text)
        assert not GLUED.search(text), (page.name, GLUED.search(text))
        per_cent += text.count(NBSP + "%")
        for cls, value in p.cells:
            if value in STATUS:
                status += 1
                assert "status" in cls.split(), (page.name, value, cls)
    assert per_cent >= 10 and status >= 10, (per_cent, status)


def test_the_document_spaces_every_per_cent(data: dict[str, Any]) -> None:
    doc = kommunplan_dokument(data, Names())
    texts = [c.text for t in doc.tables() for r in t.rows for c in r.cells]
    assert any(t.endswith(NBSP + "%") for t in texts)
    assert not [t for t in texts if GLUED.search(t)]


# ---------------------------------------------------------------- Not column
def test_the_resultatbudget_refers_to_its_notes(book: Path) -> None:
    rows = _rows(book, "Resultatbudget")
    head = next(r for r in rows if r and r[1] == "Not")
    assert head[2].startswith("Budget ")  # the years follow the Not column
    refs = {r[0]: r[1] for r in rows if r and isinstance(r[1], str) and r[1].isdigit()}
    assert refs == {"Verksamhetens intäkter": "1", "Verksamhetens kostnader": "2", "Avskrivningar": "3",
                    "Finansiella kostnader": "4"}
    headings = {r[0] for r in rows if r and isinstance(r[0], str) and r[0].startswith("Not ")}
    for label, n in refs.items():  # each reference leads to the note that builds the line
        assert f"Not {n} {label}" in headings
    assert resultat.note_numbers() == {"verksamhetens_intakter": "1", "verksamhetens_kostnader": "2",
                                       "avskrivningar": "3", "finansiella_kostnader": "4"}
    ws = openpyxl.load_workbook(book)["Resultatbudget"]
    assert ws["B7"].alignment.horizontal == "center" and ws.freeze_panes == "C7"


def test_the_document_and_bilaga_have_the_not_column(data: dict[str, Any], kp: Path) -> None:
    t: Table = next(t for t in kommunplan_dokument(data, Names()).tables() if t.key == "resultatbudget")
    assert t.columns[1].header == "Not"
    html = (kp / "bilagor" / "finansiella-rapporter.html").read_text(encoding="utf-8")
    table = html[html.index('id="tabell-resultatbudget"'):]
    table = table[:table.index("</table>")]
    assert '<th scope="col" class="status">Not</th>' in table and '<td class="status">1</td>' in table


# ---------------------------------------------------------------- one stated sign convention per table kind
def test_each_nämnd_table_states_its_sign_convention(book: Path, kp: Path) -> None:
    for sheet, under in (("Driftbudget", "Summa"), ("Driftbudget per verksamhet", "Summa alla nämnder"),
                         ("Ramar", "Summa nämndernas ramar")):
        rows = _rows(book, sheet)
        at = next(i for i, r in enumerate(rows) if r and r[0] == under)
        assert tecken.NETTOKOSTNAD in [r[0] for r in rows[at + 1:at + 3]], sheet  # a line under the table
    inv = _rows(book, "Investeringsbudget")
    at = next(i for i, r in enumerate(inv) if r and r[0] == "Utrymme kvar inom investeringsramen")
    assert inv[at + 1][0] == tecken.UTGIFT
    for sheet, said in (("Resultatbudget", tecken.UPPSTALLNING), ("Kassaflödesbudget", tecken.UPPSTALLNING),
                        ("Balansbudget", tecken.BALANS), ("Sammanfattning", tecken.SAMMANFATTNING)):
        assert any(said in str(r[0]) for r in _rows(book, sheet) if r), sheet
    # the signs are as stated: the statements' kostnader negative, the driftbudget's nettokostnad positive
    assert all(v < 0 for v in _row(_rows(book, "Resultatbudget"), "Verksamhetens kostnader")[2:5])
    assert all(v > 0 for v in _row(_rows(book, "Driftbudget"), "Summa")[4:5])
    for page, said in (("driftbudget.html", tecken.NETTOKOSTNAD), ("investeringsbudget.html", tecken.UTGIFT)):
        assert said in "".join(_html(kp / "bilagor" / page).text), page
    docs = (ROOT / "docs" / "kommunplan.md").read_text(encoding="utf-8")
    assert "Tecken, en konvention per slags tabell" in docs and "tecken.py" in docs


# ---------------------------------------------------------------- status words centred
def test_status_words_under_figures_are_centred_in_the_workbook(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    seen: dict[str, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in STATUS and cell.column > 1:
                    seen[ws.title] = seen.get(ws.title, 0) + 1
                    assert cell.alignment.horizontal == "center", (ws.title, cell.coordinate, cell.value)
    assert {"Sammanfattning", "Resultatbudget", "Kontroller", "Internposter", "Investeringsbudget"} <= set(seen)


# ---------------------------------------------------------------- as printed
def test_libreoffice_prints_the_summary_the_swedish_way(book: Path, data: dict[str, Any], tmp_path: Path) -> None:
    (pdf,) = recalc([book], tmp_path, fmt="pdf")
    page = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.replace(NBSP, " ")
    assert "Nyckeltal (mnkr)" in page
    goals = {m["id"]: m for m in data["finansiella_mal"] if m["ar"] == data["budgetar"]}
    for m in goals.values():  # each goal's value as printed: "2,4 %"
        assert f"{m['varde']:.1f}".replace(".", ",") + " %" in page, (m["id"], page)
    assert re.search(r"\d,\d %", page) and not GLUED.search(page)
    arets = data["resultatbudget"][str(data["budgetar"])]["arets_resultat"] / 1000
    assert f"{arets:.1f}".replace(".", ",") in page  # Årets resultat in mnkr, one decimal, decimal comma
    netto = -data["resultatbudget"][str(data["budgetar"])]["verksamhetens_nettokostnader"] / 1000
    assert f"{netto:,.1f}".replace(",", " ").replace(".", ",") in page  # "1 508,0": thousands spaced


def test_the_follow_up_summary_is_in_mnkr_too(example_reports: Path) -> None:
    """The delårsrapport's Sammanfattning (what KF reads first) in mnkr with one decimal; its formulas divide the
    tkr detail sheet by 1 000 and the stored values say the same."""
    from openpyxl import load_workbook

    book = example_reports / "up" / "uppfoljning-2026-08.xlsx"
    data = json.loads((example_reports / "up" / "uppfoljning-2026-08.json").read_text(encoding="utf-8"))
    ws, cached = load_workbook(book)["Sammanfattning"], load_workbook(book, data_only=True)["Sammanfattning"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    r = rows["Helårsprognos"]
    assert ws.cell(row=r, column=2).value.endswith("/1000")
    assert "0.0" in ws.cell(row=r, column=2).number_format and "[$-41D]" in ws.cell(row=r, column=2).number_format
    total = sum(n["prognos"] for n in data["namnder"] if n.get("prognos") is not None)
    assert cached.cell(row=r, column=2).value == pytest.approx(total / 1000, abs=0.001)
    assert "miljoner kronor (mnkr)" in ws.cell(row=3, column=1).value
