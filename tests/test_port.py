"""WorkbookPort contract: the same tests on OpenpyxlPort (always) and on xlwings' remote engine.

The remote engine runs ``xw.Book(json=payload)`` with the payload an Office.js client would send,
built from real template files (python-calamine reads the values, dates become ISO strings). It
needs XLWINGS_LICENSE_KEY (``noncommercial``, set by .ci/run); without it those cases are skipped.
What the remote engine would do in Excel is read from its actions (``book.json()``); what openpyxl
did is read back from the saved file with openpyxl.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from support.officejs import (
    FEL_HEX,
    HAS_KEY,
    NO_KEY,
    Observed,
    cells,
    payload,
    remote_book,
    replay,
)

from xltools.addin.marks import FEL_RGB, apply_findings
from xltools.config import Config, KontoKlass
from xltools.errors import XltoolsError
from xltools.excel.grid_from import grid_from_port
from xltools.excel.port import KONTROLL_SHEET, MARKS_SHEET, FindingRow, OpenpyxlPort, XlwingsPort
from xltools.excel.read import read_file
from xltools.excel.write import INPUT_FILL, write_template
from xltools.forms import FORMS
from xltools.forms.lists import list_items
from xltools.validate import check_grid, validate_paths

BACKENDS = ["openpyxl", pytest.param("remote", marks=pytest.mark.skipif(not HAS_KEY, reason=NO_KEY))]
NAMND = "fgn"
YELLOW = "#" + INPUT_FILL.fgColor.rgb[-6:]


# ---------------------------------------------------------------- workbooks (real files)
def _konto(config: Config, klass: KontoKlass) -> str:
    allowed = {ident for ident, _ in list_items("konton_drift", config, NAMND)}
    return next(k.kod for k in config.kontoplan.konton if k.klass == klass and not k.intern and k.kod in allowed)


def good_drift(config: Config, path: Path) -> Path:
    """A driftbudget without fel or varning: one intäkt row and one kostnad row per year, the ram fully allocated."""
    verksamhet = list_items("verksamheter", config, NAMND)[0][0]
    years = (1, 2, 3)
    ram = config.ekonomi.ramar[NAMND]
    rows = [
        {"verksamhet": verksamhet, "konto": _konto(config, KontoKlass.INTAKT), **{f"intakter_{i}": 100 for i in years}},
        {"verksamhet": verksamhet, "konto": _konto(config, KontoKlass.KOSTNAD),
         **{f"kostnader_{i}": ram[config.planering.budgetar + i - 1] + 100 for i in years}},
    ]
    # The other verksamheter fall to 0 against last year's budget: the prioritisation is described (EKO-4).
    from xltools.examples.planering import konsekvenser_for

    return write_template(FORMS["driftbudget"], config, NAMND, config.planering.budgetar, path,
                          values={"rows": {"drift": rows, "konsekvenser": konsekvenser_for(config, NAMND, rows)},
                                  "fields": {"kommentar": "Syntetiska exempeldata."}})


def type_into(path: Path, edits: dict[tuple[str, str], Any], notes: dict[tuple[str, str], str] | None = None) -> Path:
    """Change cells (and add a user's own notes) with openpyxl, as a user typing in Excel would."""
    wb = load_workbook(path)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    for (sheet, cell), text in (notes or {}).items():
        wb[sheet][cell].comment = Comment(text, "Eva Ekonom")
    wb.save(path)
    return path


def bad_drift(config: Config, path: Path, rows: int = 1) -> Path:
    """A driftbudget with fel and varningar in `rows` extra rows and one row below the table."""
    good_drift(config, path)
    edits: dict[tuple[str, str], Any] = {}
    for i in range(rows):
        r = 8 + i
        edits |= {("Driftbudget", f"A{r}"): "Okänd verksamhet", ("Driftbudget", f"B{r}"): "Påhittat konto",
                  ("Driftbudget", f"E{r}"): -5, ("Driftbudget", f"H{r}"): "12 000"}
    edits[("Driftbudget", "A70")] = "Rad under tabellen"
    return type_into(path, edits)


def dated_plan(config: Config, path: Path) -> Path:
    """A verksamhetsplan with real dates, a date with a time, a date typed as text and one outside the year."""
    year = config.planering.budgetar
    rows = [
        {"aktivitet_id": "A1", "aktivitet": "Ny rutin", "mal_id": "NM1", "ansvarig": "Eva",
         "start": dt.date(year, 1, 15), "klart": dt.datetime(year, 5, 3, 12, 30)},
        {"aktivitet_id": "A2", "aktivitet": "Uppföljning", "mal_id": "NM2", "ansvarig": "Per",
         "klart": dt.date(year + 1, 2, 1)},
        {"aktivitet_id": "A3", "aktivitet": "Text", "mal_id": "NM1", "ansvarig": "Ola", "klart": f"{year}-06-30"},
    ]
    return write_template(FORMS["verksamhetsplan"], config, NAMND, year, path, values={"rows": {"aktiviteter": rows}})


def observe_file(path: Path) -> Observed:
    """Read a saved workbook back with openpyxl: the same parts as `replay` gives."""
    wb = load_workbook(path)
    obs = Observed(list(wb.sheetnames))
    obs.hidden = {ws.title for ws in wb.worksheets if ws.sheet_state != "visible"}
    for ws in wb.worksheets:
        if ws.title in (KONTROLL_SHEET, MARKS_SHEET):
            obs.tables[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        for row in ws.iter_rows():
            for c in row:
                f = c.fill
                if f is not None and f.fill_type == "solid" and f.fgColor.type == "rgb":
                    obs.fills[(ws.title, c.coordinate)] = "#" + f.fgColor.rgb[-6:].upper()
                if c.comment is not None:
                    obs.notes[(ws.title, c.coordinate)] = c.comment.text
    if KONTROLL_SHEET in wb.sheetnames:
        for row in wb[KONTROLL_SHEET].iter_rows(min_row=2):
            for c in row:
                if c.hyperlink is not None:
                    obs.links[c.row] = c.hyperlink.location
    return obs


class Backend:
    """A port on a file (openpyxl) or on the payload of that file (remote), and how to see the result."""

    def __init__(self, kind: str, path: Path, tmp: Path, answer: str | None = None):
        self.kind, self.path, self.tmp = kind, path, tmp
        if kind == "openpyxl":
            self.port: Any = OpenpyxlPort.open(path, answer=answer)
        else:
            self.original = payload(path)
            import xlwings as xw

            self.book = xw.Book(json=copy.deepcopy(self.original))  # the engine edits its payload
            self.port = XlwingsPort(self.book)

    def observe(self) -> Observed:
        if self.kind == "remote":
            return replay(self.book, self.original)
        saved = self.tmp / f"saved-{self.path.name}"
        self.port.save_copy(saved)
        obs = observe_file(saved)
        obs.alerts = [[text, title, buttons] for title, text, buttons in self.port.alerts]
        return obs


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def files(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("port")
    return {"bad": bad_drift(config, folder / "bad.xlsx"), "plan": dated_plan(config, folder / "plan.xlsx"),
            "good": good_drift(config, folder / "good.xlsx")}


def marked_once(config: Config, source: Path, target: Path) -> Path:
    """`source` after one run of the add-in logic, saved (so it carries Kontroll, marks and notes)."""
    report, _ = validate_paths([source], config)
    port = OpenpyxlPort.open(source)
    apply_findings(port, report.files[0].findings)
    port.save_copy(target)
    return target


# ---------------------------------------------------------------- reading
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("which", ["bad", "plan"])
def test_grid_equals_the_file_readers(backend: str, which: str, files: dict[str, Path], config: Config,
                                      tmp_path: Path) -> None:
    path = files[which]
    b = Backend(backend, path, tmp_path)
    grid = grid_from_port(b.port)
    reference = read_file(path).grid
    assert reference is not None
    assert list(grid.sheets) == list(reference.sheets)  # the hidden _xltools sheet included
    for sheet, rows in reference.sheets.items():
        height = max(len(rows), grid.n_rows(sheet))
        width = max([len(r) for r in rows] + [len(r) for r in grid.sheets[sheet]] + [0])
        for r in range(1, height + 1):
            for c in range(1, width + 1):
                assert grid.value(sheet, r, c) == reference.value(sheet, r, c), (sheet, r, c)
    if backend == "openpyxl":
        assert grid.formulas == {k: v for k, v in reference.formulas.items() if v}
    else:
        assert grid.formulas == {}  # the remote payload carries no formulas (documented)
    # same grid, same rules: the add-in's findings are the CLI's
    from_port = check_grid(grid, str(path), config).report.findings
    from_file = validate_paths([path], config)[0].files[0].findings
    assert [f.to_dict() for f in from_port] == [f.to_dict() for f in from_file]
    assert from_file  # the files do hold findings


def test_dates_and_numbers_are_normalised(files: dict[str, Path]) -> None:
    """The live-workbook reader gives what calamine gives: date, datetime with time, float."""
    grid = grid_from_port(OpenpyxlPort.open(files["plan"]))
    row = grid.sheets["Aktiviteter"][5]
    assert isinstance(row[5], dt.date) and not isinstance(row[5], dt.datetime)
    assert isinstance(row[6], dt.datetime) and row[6].hour == 12
    assert isinstance(grid.sheets["_xltools"][7][1], str)


@pytest.mark.skipif(not HAS_KEY, reason=NO_KEY)
def test_remote_iso_text_is_not_a_crash(files: dict[str, Path]) -> None:
    """A text cell like '2026-11-27T14:33:19' (the metadata's timestamp) reads as text, not a crash."""
    grid = grid_from_port(XlwingsPort(remote_book(files["good"])))
    generated = next(r[1] for r in grid.sheets["_xltools"] if r[0] == "generated")
    assert isinstance(generated, str) and "T" in generated


# ---------------------------------------------------------------- writing
@pytest.mark.parametrize("backend", BACKENDS)
def test_write_findings_is_one_first_sheet_with_links(backend: str, files: dict[str, Path], tmp_path: Path) -> None:
    b = Backend(backend, files["good"], tmp_path)
    rows = [FindingRow("fel", "STR-8", "Driftbudget", "E7", "'x' är inte ett belopp i tkr."),
            FindingRow("varning", "EKO-9", "Driftbudget", "A70:M70", "Rad utanför tabellen."),
            FindingRow("fel", "STR-6", None, None, "Bladet 'Investeringar' saknas.")]
    b.port.write_findings(rows)
    b.port.write_findings(rows[:2])  # a second write replaces the sheet
    obs = b.observe()
    assert obs.names[0] == KONTROLL_SHEET and obs.names.count(KONTROLL_SHEET) == 1
    table = obs.tables[KONTROLL_SHEET]
    assert table[0][:5] == ["Allvarlighet", "Regel", "Blad", "Cell", "Meddelande"]
    assert [r[:5] for r in table[1:]] == [["fel", "STR-8", "Driftbudget", "E7", "'x' är inte ett belopp i tkr."],
                                         ["varning", "EKO-9", "Driftbudget", "A70:M70", "Rad utanför tabellen."]]
    assert obs.links == {2: "'Driftbudget'!E7", 3: "'Driftbudget'!A70:M70"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_fill_is_one_call_per_colour(backend: str, files: dict[str, Path], tmp_path: Path) -> None:
    b = Backend(backend, files["good"], tmp_path)
    addresses = [f"E{r}" for r in range(6, 36)] + ["A70:M70"]
    calls = getattr(b.port, "calls", 0)
    b.port.fill("Driftbudget", addresses, FEL_RGB)
    obs = b.observe()
    expected = {("Driftbudget", c) for a in addresses for c in cells(a)}
    assert set(obs.marked()) == expected and set(obs.marked().values()) == {FEL_HEX}
    if backend == "remote":
        assert b.port.calls - calls == 1
        assert [a["func"] for a in b.book.json()["actions"]] == ["setRangeColors"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_marks_of_the_last_run_are_undone(backend: str, config: Config, files: dict[str, Path],
                                          tmp_path: Path) -> None:
    """Run once, fix one cell, run again: its fill and note go, the others are marked once, nothing doubles."""
    first = marked_once(config, files["bad"], tmp_path / "first.xlsx")
    type_into(first, {("Driftbudget", "E8"): 5})  # the user fixes the negative amount
    findings = validate_paths([first], config)[0].files[0].findings
    assert not any(f.loc.cell == "E8" for f in findings)
    b = Backend(backend, first, tmp_path)
    apply_findings(b.port, findings)
    obs = b.observe()
    assert ("Driftbudget", "E8") not in obs.marked()
    assert ("Driftbudget", "E8") not in obs.notes
    assert obs.fills[("Driftbudget", "E8")] == YELLOW  # the template's input colour is back
    reported = {(f.loc.sheet, c) for f in findings if f.loc.sheet and f.loc.cell for c in cells(f.loc.cell)}
    assert set(obs.marked()) == reported
    assert obs.names.count(MARKS_SHEET) == 1 and MARKS_SHEET in obs.hidden
    ours = {k for k, v in obs.notes.items() if v is not None}
    assert ours == {(f.loc.sheet, cells(f.loc.cell)[0]) for f in findings if f.loc.sheet and f.loc.cell}
    if backend == "remote":
        funcs = [a["func"] for a in b.book.json()["actions"]]
        assert funcs.count("deleteNote") == len([k for k in observe_file(first).notes])


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_users_own_note_is_kept(backend: str, config: Config, files: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "noted.xlsx"
    path.write_bytes(files["bad"].read_bytes())
    type_into(path, {}, notes={("Driftbudget", "E8"): "Min egen anteckning"})
    findings = validate_paths([path], config)[0].files[0].findings
    b = Backend(backend, path, tmp_path)
    applied = apply_findings(b.port, findings)
    obs = b.observe()
    assert applied.kept_notes == 1
    expected_text = "Min egen anteckning" if backend == "openpyxl" else None  # remote cannot read note text
    assert obs.notes[("Driftbudget", "E8")] in (expected_text, f"Eva Ekonom:\n{expected_text}")
    assert ("Driftbudget", "E8") in obs.marked()  # still highlighted and listed
    assert any(r[3] == "E8" for r in obs.tables[KONTROLL_SHEET])


def test_read_fills_where_the_engine_can(files: dict[str, Path]) -> None:
    port = OpenpyxlPort.open(files["good"])
    fills = port.read_fills("Driftbudget", ["E6", "K6"])
    assert fills is not None and fills["E6"] == (255, 242, 204)
    assert fills["K6"] is not None and fills["K6"] != fills["E6"]  # computed cells are grey


@pytest.mark.skipif(not HAS_KEY, reason=NO_KEY)
def test_remote_alert_is_an_action_and_fills_are_unknown(files: dict[str, Path]) -> None:
    book = remote_book(files["good"])
    port = XlwingsPort(book)
    assert port.read_fills("Driftbudget", ["E6"]) is None
    assert port.alert("Rubrik", "Text", "yes_no") is None
    assert book.json()["actions"][-1]["func"] == "alert"
    assert book.json()["actions"][-1]["args"][:3] == ["Text", "Rubrik", "yes_no"]


def test_openpyxl_alert_answers_with_the_given_answer(files: dict[str, Path]) -> None:
    port = OpenpyxlPort.open(files["good"], answer="yes")
    assert port.alert("Rubrik", "Fråga?", "yes_no") == "yes"
    assert port.alert("Rubrik", "Klart.") == "ok"
    assert port.alerts == [("Rubrik", "Fråga?", "yes_no"), ("Rubrik", "Klart.", "ok")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_users_own_kontroll_sheet_stops_before_any_change(backend: str, config: Config, files: dict[str, Path],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "egen-kontroll.xlsx"
    path.write_bytes(files["bad"].read_bytes())
    wb = load_workbook(path)
    wb.create_sheet("Kontroll")["A1"] = "Mina egna avstämningar"
    wb.save(path)
    findings = validate_paths([path], config)[0].files[0].findings
    b = Backend(backend, path, tmp_path)
    with pytest.raises(XltoolsError, match="eget blad som heter Kontroll"):
        apply_findings(b.port, findings)
    obs = b.observe()
    assert obs.marked() == {} and MARKS_SHEET not in obs.names
    if backend == "openpyxl":
        assert obs.tables[KONTROLL_SHEET][0][0] == "Mina egna avstämningar"
    else:
        assert b.book.json()["actions"] == []  # not one change sent to Excel
