"""What a readable workbook's cells hold, read defensively (issue 12, parts 1 and 5).

Non-finite numbers are a fel at their cell; every metadata value is parsed defensively and its
finding names the metadata cell; Swedish date texts are read with a varning; tables are read by
their real range in the workbook (rows inserted inside, a moved total row). Real workbooks written
by the project, edited as a user or a hand-made file would, validated by the real reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.hostile.edits import cell, insert_row, move_row
from support.hostile.zipparts import number_xml, set_cell
from support.workbooks import build, copy, edit, meta_cell

from xltools.config import Config
from xltools.excel.read import read_file
from xltools.forms import FORMS
from xltools.forms.lists import list_items
from xltools.metadata import META_SHEET, Meta, parse_year
from xltools.reading import read_document, sv_date
from xltools.validate import validate_paths

COST = cell("driftbudget", "drift", "kostnader_1", 1)  # a cost in the second row
MALVARDE = cell("namndplan", "matt", "malvarde_1", 0)  # a column that also takes negative numbers
KLART = cell("verksamhetsplan", "aktiviteter", "klart", 0)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("books")
    docs = ("driftbudget", "namndplan", "verksamhetsplan", "taxor", "manadsrapport")
    return {d: build(d, config, "fgn", root / f"{d}-fgn.xlsx") for d in docs}


def _findings(path: Path, config: Config) -> list[tuple[str, str, str | None, str | None]]:
    report, _ = validate_paths([path], config, jobs=1)
    (fr,) = report.files
    return [(f.rule, str(f.severity), f.loc.sheet, f.loc.cell) for f in fr.findings]


def _messages(path: Path, config: Config) -> list[str]:
    report, _ = validate_paths([path], config, jobs=1)
    return [f.message for f in report.files[0].findings]


# ---------------------------------------------------------------- non-finite numbers
@pytest.mark.parametrize("raw", ["NaN", "inf", "-inf", "1e400", "Infinity"])
@pytest.mark.parametrize(("doc", "where"), [("driftbudget", COST), ("namndplan", MALVARDE)])
def test_a_non_finite_number_is_a_fel_at_its_cell(books: dict[str, Path], config: Config, tmp_path: Path,
                                                   raw: str, doc: str, where: tuple[str, str]) -> None:
    f = set_cell(copy(books[doc], tmp_path / f"{doc}.xlsx"), *where, *number_xml(raw))
    found = _findings(f, config)
    assert ("STR-22", "fel", *where) in found or (raw == "-inf" and ("STR-15", "fel", *where) in found), found
    assert not any(r in ("STR-22", "STR-15") for r, *_ in _findings(books[doc], config))


def test_a_finite_number_in_the_same_cell_is_read(books: dict[str, Path], config: Config, tmp_path: Path) -> None:
    f = set_cell(copy(books["driftbudget"], tmp_path / "d.xlsx"), *COST, *number_xml("1234.5"))
    assert not [x for x in _findings(f, config) if x[0].startswith("STR") and x[3] == COST[1]]
    raw = read_file(f)
    doc, _ = read_document(raw.grid, str(f), config)  # type: ignore[arg-type]
    assert doc is not None and doc.tables["drift"][1].get("kostnader_1") == 1234.5


# ---------------------------------------------------------------- metadata
@pytest.mark.parametrize(("value", "as_number"), [("inf", False), ("1e400", False), ("nan", False), ("tjugotjugosju", False),
                                                 ("20270", False), ("inf", True), ("1e400", True), ("NaN", True)])
def test_a_year_that_is_no_year_is_a_fel_at_the_metadata_cell(books: dict[str, Path], config: Config, tmp_path: Path,
                                                                value: str, as_number: bool) -> None:
    f = copy(books["taxor"], tmp_path / "t.xlsx")
    if as_number:  # stored as a number in the sheet XML, as a hand-made file can hold it
        set_cell(f, *meta_cell("year"), *number_xml(value))
    else:
        edit(f, {meta_cell("year"): value})
    assert _findings(f, config) == [("STR-21", "fel", META_SHEET, "B8")]
    assert "inget årtal" in _messages(f, config)[0]


@pytest.mark.parametrize(("key", "value", "rule"), [
    ("document", None, "STR-1"), ("document", "budget", "STR-2"), ("schema_version", "9.9", "STR-3"),
    ("kommunkod", "2021", "STR-4"), ("year", "2025", "STR-5"), ("namnd", "xyz", "STR-17"),
])
def test_metadata_findings_name_the_metadata_cell(books: dict[str, Path], config: Config, tmp_path: Path,
                                                  key: str, value: object, rule: str) -> None:
    f = edit(copy(books["taxor"], tmp_path / "t.xlsx"), {meta_cell(key): value})
    assert (rule, "fel", META_SHEET, meta_cell(key)[1]) in _findings(f, config)


def test_a_follow_up_period_that_is_no_month_is_named_at_the_metadata_cell(books: dict[str, Path], config: Config,
                                                                          tmp_path: Path) -> None:
    f = edit(copy(books["manadsrapport"], tmp_path / "m.xlsx"), {meta_cell("period"): "2026-13"})
    assert ("STR-21", "fel", META_SHEET, "B9") in _findings(f, config)  # parsed defensively: no period at all
    assert not [x for x in _findings(books["manadsrapport"], config) if x[2] == META_SHEET]


def test_metadata_is_parsed_defensively() -> None:
    pairs = {"document": "taxor", "schema_version": "1", "kommunkod": 2062.0, "kommun": "Mora kommun", "namnd": "fgn",
             "namnd_namn": "Kultur- och fritidsnämnden", "year": "2027", "period": "2027", "generated": "igår",
             "generator_version": "0"}
    meta, problems = Meta.parse(pairs)
    assert problems == {} and meta is not None and (meta.year, meta.kommunkod, meta.generated) == (2027, "2062", "igår")
    assert Meta.parse({**pairs, "year": float("inf")})[1] == {"year": "'inf' är inget årtal"}
    assert Meta.parse({**pairs, "kommun": " "})[1] == {"kommun": ""}
    assert [parse_year(v) for v in (2027, 2027.0, " 2027 ", "2027.5", 1e400, True, None, "1800")] == [
        2027, 2027, 2027, None, None, None, None, None]


# ---------------------------------------------------------------- Swedish dates
@pytest.mark.parametrize(("text", "date"), [("1 mars 2027", dt.date(2027, 3, 1)), ("den 1:a mars 2027", dt.date(2027, 3, 1)),
                                            ("30 nov. 2027", dt.date(2027, 11, 30)), ("31/3 2027", dt.date(2027, 3, 31)),
                                            ("31.3.2027", dt.date(2027, 3, 31)), ("2027-03-31", dt.date(2027, 3, 31))])
def test_a_swedish_date_text_is_read_with_a_varning(books: dict[str, Path], config: Config, tmp_path: Path,
                                                    text: str, date: dt.date) -> None:
    f = edit(copy(books["verksamhetsplan"], tmp_path / "v.xlsx"), {KLART: text})
    assert _findings(f, config) == [("STR-16", "varning", *KLART)]
    raw = read_file(f)
    doc, _ = read_document(raw.grid, str(f), config)  # type: ignore[arg-type]
    assert doc is not None and doc.tables["aktiviteter"][0].get("klart") == date


def test_a_date_that_does_not_exist_is_a_fel_and_a_real_date_cell_is_silent(books: dict[str, Path], config: Config,
                                                                           tmp_path: Path) -> None:
    f = edit(copy(books["verksamhetsplan"], tmp_path / "v.xlsx"), {KLART: "30 februari 2027"})
    assert _findings(f, config) == [("STR-8", "fel", *KLART)]
    assert _findings(books["verksamhetsplan"], config) == []
    assert sv_date("1 foo 2027") is None and sv_date("31 april 2027") is None


# ---------------------------------------------------------------- tables by their real range
def _drift(config: Config, path: Path, *, without_table_parts: bool = False) -> tuple[list[int], list[tuple]]:
    raw = read_file(path)
    assert raw.grid is not None
    if without_table_parts:  # as the add-in sees a workbook: values only
        raw.grid.tables = {}
    doc, findings = read_document(raw.grid, str(path), config)
    assert doc is not None
    return [r.row for r in doc.tables["drift"]], [(f.rule, f.loc.cell) for f in findings]


@pytest.mark.parametrize("without_table_parts", [False, True])
def test_a_row_inserted_inside_the_table_is_read_and_the_total_row_is_not_outside(
        books: dict[str, Path], config: Config, tmp_path: Path, without_table_parts: bool) -> None:
    sheet, t = FORMS["driftbudget"].table("drift")
    before, _ = _drift(config, books["driftbudget"])
    f = insert_row(copy(books["driftbudget"], tmp_path / "d.xlsx"), sheet.name, t.first_row + 2)
    edit(f, {(sheet.name, f"A{t.first_row + 2}"): list_items("verksamheter", config, "fgn")[0][1],
             (sheet.name, f"B{t.first_row + 2}"): "30 Försäljningsintäkter", (sheet.name, f"E{t.first_row + 2}"): 10})
    rows, findings = _drift(config, f, without_table_parts=without_table_parts)
    assert findings == []
    assert rows == [r + (r >= t.first_row + 2) for r in before[:2]] + [t.first_row + 2] + [r + 1 for r in before[2:]]


def test_a_moved_total_row_is_found_and_what_lies_between_is_outside(books: dict[str, Path], config: Config,
                                                                    tmp_path: Path) -> None:
    sheet, t = FORMS["driftbudget"].table("drift")
    assert t.total_row is not None
    f = move_row(copy(books["driftbudget"], tmp_path / "d.xlsx"), sheet.name, t.total_row, t.total_row + 2)
    assert _drift(config, f)[1] == []
    edit(f, {(sheet.name, f"D{t.total_row + 1}"): "skrivet mellan tabellen och summaraden"})
    assert _drift(config, f)[1] == [("STR-12", f"A{t.total_row + 1}:M{t.total_row + 1}")]
    assert _drift(config, books["driftbudget"])[1] == []
