"""Reading within limits (issue 12, part 1): every defence fires on a hostile file and stays silent on a real one.

The files are real workbooks written by the project (support.workbooks.build), changed at zip or XML
level the way a broken tool or an attacker would (support.hostile.zipparts), and read back by the real
reader (xltools.excel.read, python-calamine). A refused file gives one FIL finding naming the sheet,
and nothing is allocated from it: the dangerous ones would end the process otherwise.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from support.hostile.zipparts import (
    deflated,
    raw_entries,
    read_parts,
    repeated,
    rewrite,
    sheet_part,
    write_parts,
    write_zip,
)
from support.workbooks import build

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.excel.files import Found, Refused, find, read_regular
from xltools.excel.limits import DEFAULT, ENV, Limits, describe, from_env
from xltools.excel.package import check_package
from xltools.excel.read import read_file
from xltools.findings import Severity

SHEET = "Driftbudget"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    """A valid, filled driftbudget written by the project."""
    return build("driftbudget", config, "fgn", tmp_path_factory.mktemp("good") / "driftbudget-fgn.xlsx")


def _copy(good: Path, tmp_path: Path, name: str = "driftbudget-fgn.xlsx") -> Path:
    dest = tmp_path / name
    dest.write_bytes(good.read_bytes())
    return dest


def _sheet(path: Path, change) -> Path:  # noqa: ANN001
    return rewrite(path, {sheet_part(path, SHEET): change})


def _only(path: Path, limits: Limits = DEFAULT) -> tuple[str, str, str | None, str | None, str]:
    raw = read_file(path, limits=limits)
    assert raw.grid is None, "the file was read"
    (f,) = raw.findings
    assert f.severity == Severity.FEL
    return f.rule, f.message, f.loc.sheet, f.loc.cell, f.loc.file


def _read(path: Path, limits: Limits = DEFAULT) -> list[tuple[str, str | None]]:
    raw = read_file(path, limits=limits)
    assert raw.grid is not None, raw.findings
    return [(f.rule, f.loc.sheet) for f in raw.findings]


def _cells_before_end(xml: bytes, cells: bytes) -> bytes:
    return xml.replace(b"</sheetData>", cells + b"</sheetData>")


# ---------------------------------------------------------------- the limits themselves
def test_the_limits_are_far_above_the_largest_example_and_set_from_the_environment() -> None:
    root = Path(__file__).resolve().parents[1] / "workbooks"
    files = sorted(root.rglob("*.xlsx"))
    largest_file = max(f.stat().st_size for f in files)
    largest_part = max(i.file_size for f in files for i in zipfile.ZipFile(f).infolist())
    assert DEFAULT.file_bytes > 100 * largest_file and DEFAULT.part_bytes > 100 * largest_part
    assert from_env({}) == DEFAULT
    assert from_env({"XLTOOLS_MAX_CELLER": "1000", "XLTOOLS_MAX_FIL_MB": "2"}) == Limits(cells=1000, file_bytes=2 << 20)
    assert set(describe()) == set(ENV)
    with pytest.raises(XltoolsError, match="XLTOOLS_MAX_KVOT ska vara ett positivt heltal"):
        from_env({"XLTOOLS_MAX_KVOT": "många"})


def test_a_real_workbook_passes_every_check_and_keeps_its_table_range(good: Path) -> None:
    raw = read_file(good)
    assert raw.findings == [] and raw.grid is not None
    assert raw.grid.tables == {SHEET: {"tbl_drift": (5, 65)}, "Förra året": {"tbl_forra_aret": (5, 20)},
                               "Konsekvensanalys": {"tbl_konsekvenser": (5, 25)}}


# ---------------------------------------------------------------- dimension, reach, number of cells
def test_a_declared_dimension_over_the_limit_is_refused_naming_the_sheet(good: Path, tmp_path: Path) -> None:
    f = _sheet(_copy(good, tmp_path), lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x))
    rule, message, sheet, _, _ = _only(f)
    assert (rule, sheet) == ("FIL-9", SHEET) and "A1:XFD1048576" in message and "XLTOOLS_MAX_CELLER" in message
    assert _read(good, Limits(cells=66 * 13)) == []  # the example's own dimension, A1:M66, at the limit


def test_one_cell_far_out_is_refused_at_that_cell_before_anything_is_allocated(good: Path, tmp_path: Path) -> None:
    """The dimension still says A1:M66: only the cells tell. calamine would allocate 17 billion cells."""
    f = _sheet(_copy(good, tmp_path), lambda x: _cells_before_end(x, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    rule, message, sheet, cell, _ = _only(f)
    assert (rule, sheet, cell) == ("FIL-9", SHEET, "XFD1048576") and "17 179 869 184 celler" in message


def test_cells_without_addresses_and_with_a_prefix_are_placed_as_calamine_places_them(good: Path, tmp_path: Path) -> None:
    wide = _sheet(_copy(good, tmp_path, "a.xlsx"), lambda x: _cells_before_end(x, b'<row r="70">' + b"<c><v>1</v></c>" * 300 + b"</row>"))
    assert _only(wide, Limits(cells=20_000))[2:4] == (SHEET, "KN70")  # 300 columns on row 70
    assert _read(wide, Limits(cells=21_000)) == []  # 70 x 300 = 21 000: read, and the cells are there
    assert read_file(wide, limits=Limits(cells=21_000)).grid.value(SHEET, 70, 300) == 1.0  # type: ignore[union-attr]
    prefixed = _sheet(_copy(good, tmp_path, "b.xlsx"), lambda x: _cells_before_end(
        x, b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="900">'
           b'<x:c r="ZZ900"><x:v>1</x:v></x:c></x:row>'))
    assert _only(prefixed, Limits(cells=100_000))[2:4] == (SHEET, "ZZ900")
    lower = _sheet(_copy(good, tmp_path, "c.xlsx"), lambda x: _cells_before_end(x, b'<row r="5000"><c r="zz5000"><v>1</v></c></row>'))
    assert _only(lower)[2:4] == (SHEET, "ZZ5000")


def test_an_empty_styled_cell_far_out_allocates_nothing_and_is_read(good: Path, tmp_path: Path) -> None:
    f = _sheet(_copy(good, tmp_path), lambda x: _cells_before_end(x, b'<row r="900000"><c r="XFD900000" s="1"/></row>'))
    assert _read(f) == []


def test_too_many_cells_are_refused_by_count(good: Path, tmp_path: Path) -> None:
    f = _sheet(_copy(good, tmp_path), lambda x: _cells_before_end(x, b'<row r="67">' + b'<c r="A67"><v>1</v></c>' * 3000 + b"</row>"))
    rule, message, sheet, _, _ = _only(f, Limits(cells=2000))
    assert (rule, sheet) == ("FIL-9", SHEET) and re.search(r"har 3 \d{3} celler", message)
    assert _read(f, Limits(cells=4000)) == []


# ---------------------------------------------------------------- sizes, ratios, headers
def test_a_part_over_the_size_limit_or_a_bomb_is_refused_naming_the_sheet(good: Path, tmp_path: Path) -> None:
    f = _copy(good, tmp_path)
    part = sheet_part(f, SHEET)
    xml = dict(read_parts(f))[part]
    head, tail = xml.split(b"</sheetData>")
    bomb = repeated(head + b'<row r="70"><c r="A70" t="inlineStr"><is><t>', b"A" * (1 << 20), 40,
                    b"</t></is></c></row></sheetData>" + tail)  # 40 MiB from about 40 kB
    write_zip(f, raw_entries(f, {part: bomb}))
    rule, message, sheet, _, _ = _only(f)
    assert (rule, sheet) == ("FIL-9", SHEET) and "XLTOOLS_MAX_DEL_MB" in message
    rule, message, sheet, _, _ = _only(f, Limits(part_bytes=64 << 20, total_bytes=128 << 20))
    assert (rule, sheet) == ("FIL-9", SHEET) and "XLTOOLS_MAX_KVOT" in message  # 1 000 times: a bomb
    size = zipfile.ZipFile(good).getinfo(sheet_part(good, SHEET)).file_size  # the largest part of a real one
    assert _only(good, Limits(part_bytes=size - 1))[2] == SHEET
    assert _read(good, Limits(part_bytes=size)) == []


def test_the_whole_package_has_a_limit_too(good: Path) -> None:
    rule, message, sheet, _, _ = _only(good, Limits(total_bytes=50_000))
    assert (rule, sheet) == ("FIL-9", None) and "XLTOOLS_MAX_UPPACKAT_MB" in message
    assert _read(good, Limits(total_bytes=200_000)) == []


def test_headers_that_understate_a_part_are_caught_both_ways(good: Path, tmp_path: Path) -> None:
    f = _copy(good, tmp_path, "a.xlsx")
    part = sheet_part(f, SHEET)
    xml = dict(read_parts(f))[part]
    big = xml.replace(b"</sheetData>", b"<!--" + os.urandom(200_000).hex().encode() + b"--></sheetData>")
    # the header says 41 kB; the data is over 200 kB of compressed bytes: impossible for deflate
    write_zip(f, raw_entries(f, {part: dataclasses.replace(deflated(big), declared=len(xml))}))
    rule, message, sheet, _, _ = _only(f)
    assert (rule, sheet) == ("FIL-9", SHEET) and "kan inte stämma" in message
    # the header says less than it inflates to, but more than the compressed size: inflating stops there
    g = _copy(good, tmp_path, "b.xlsx")
    padded = xml.replace(b"</sheetData>", b"<!--" + b"x" * 400_000 + b"--></sheetData>")
    raw = deflated(padded)
    write_zip(g, raw_entries(g, {part: dataclasses.replace(raw, declared=len(raw.data) + 100)}))
    rule, message, sheet, _, _ = _only(g)
    assert (rule, sheet) == ("FIL-6", SHEET) and "stämmer inte" in message


# ---------------------------------------------------------------- ambiguous and unsafe packages
def test_a_part_twice_in_the_zip_is_refused_in_any_case(good: Path, tmp_path: Path) -> None:
    f = _copy(good, tmp_path, "a.xlsx")
    part = sheet_part(f, SHEET)
    write_parts(f, read_parts(f) + [(part, b"<worksheet/>")])
    assert _only(f)[0] == "FIL-8"
    g = _copy(good, tmp_path, "b.xlsx")
    write_parts(g, read_parts(g) + [(part.upper(), b"<worksheet/>")])  # calamine matches names ignoring case
    assert _only(g)[0] == "FIL-8"


@pytest.mark.parametrize("name", ["../../utanfor.txt", "/tmp/absolut.txt", "C:\\\\temp\\\\x.txt", "xl/../../x.xml"])
def test_entries_that_leave_the_package_are_refused(good: Path, tmp_path: Path, name: str) -> None:
    f = _copy(good, tmp_path)
    write_parts(f, read_parts(f) + [(name, b"x")])
    rule, message, *_ = _only(f)
    assert rule == "FIL-8" and "sökväg" in message


def test_an_encrypted_entry_is_refused_as_password_protected(good: Path, tmp_path: Path) -> None:
    f = _copy(good, tmp_path)
    data = bytearray(f.read_bytes())
    cd = data.rfind(b"PK\x01\x02")  # the last central directory entry: set its 'encrypted' flag
    data[cd + 8] |= 0x01
    f.write_bytes(bytes(data))
    assert _only(f)[0] == "FIL-4"


def test_a_sheet_listed_but_missing_from_the_zip_is_named(good: Path, tmp_path: Path) -> None:
    f = _copy(good, tmp_path)
    part = sheet_part(f, SHEET)
    write_parts(f, [(n, d) for n, d in read_parts(f) if n != part])
    rule, message, sheet, _, _ = _only(f)
    assert (rule, sheet) == ("FIL-6", SHEET) and "saknas i arkivet" in message


def test_deep_xml_around_the_cells_is_refused(good: Path, tmp_path: Path) -> None:
    def nest(n: int):  # noqa: ANN202
        return lambda x: x.replace(b"</worksheet>", b'<extLst><ext uri="{0}">' + b"<x>" * n + b"</x>" * n
                                   + b"</ext></extLst></worksheet>")
    deep = _sheet(_copy(good, tmp_path, "a.xlsx"), nest(150))
    rule, message, sheet, _, _ = _only(deep)
    assert (rule, sheet) == ("FIL-9", SHEET) and "XLTOOLS_MAX_DJUP" in message
    assert _read(deep, Limits(depth=200)) == []
    assert _read(_sheet(_copy(good, tmp_path, "b.xlsx"), nest(40))) == []


# ---------------------------------------------------------------- other formats and macros
def test_a_macro_project_is_a_varning_and_the_workbook_is_still_read(good: Path, tmp_path: Path) -> None:
    f = rewrite(_copy(good, tmp_path), {}, add=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(508))],
                dest=tmp_path / "driftbudget-kfn.xlsm")
    raw = read_file(f)
    assert raw.grid is not None and [(x.rule, x.severity) for x in raw.findings] == [("FIL-11", Severity.VARNING)]
    assert read_file(good).findings == []


def test_an_xlsb_is_reported_as_binary(tmp_path: Path) -> None:
    f = write_parts(tmp_path / "driftbudget.xlsb", [("[Content_Types].xml", b"<Types/>"),
                                                    ("xl/workbook.bin", b"\x83\x01\x00")])
    rule, message, *_ = _only(f)
    assert rule == "FIL-7" and ".xlsb" in message


# ---------------------------------------------------------------- files that are not files
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "driftbudget.xlsx"
    os.mkfifo(fifo)
    rule, message, *_ = _only(fifo)  # returns at once: a FIFO is never opened for reading
    assert rule == "FIL-10" and "FIFO" in message
    rule, message, *_ = _only(Path("/dev/zero"))
    assert rule == "FIL-10" and "enhetsfil" in message
    link = tmp_path / "noll.xlsx"
    link.symlink_to("/dev/zero")
    assert _only(link)[0] == "FIL-10"


def test_a_file_over_the_size_limit_is_not_read(good: Path) -> None:
    rule, message, *_ = _only(good, Limits(file_bytes=10_000))
    assert rule == "FIL-9" and "XLTOOLS_MAX_FIL_MB" in message
    assert _read(good, Limits(file_bytes=good.stat().st_size)) == []


def test_a_link_out_of_the_folder_is_not_followed_but_one_inside_is(good: Path, tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inkorg", tmp_path / "utanfor"
    inbox.mkdir()
    outside.mkdir()
    _copy(good, outside)
    _copy(good, inbox, "original.xlsx")
    (inbox / "ut.xlsx").symlink_to(outside / "driftbudget-fgn.xlsx")
    (inbox / "in.xlsx").symlink_to(inbox / "original.xlsx")
    raw = read_file(inbox / "ut.xlsx", root=inbox)
    assert raw.grid is None and raw.findings[0].rule == "FIL-10" and "utanför mappen" in raw.findings[0].message
    assert read_file(inbox / "in.xlsx", root=inbox).grid is not None
    assert read_file(inbox / "ut.xlsx").grid is not None  # named directly, not found in a folder: followed


def test_find_walks_folders_without_following_links(good: Path, tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inkorg", tmp_path / "utanfor"
    (inbox / "nämnd").mkdir(parents=True)
    outside.mkdir()
    for name in ("a.xlsx", "nämnd/b.XLSM", "c.xlsb", "~$a.xlsx", "anteckning.txt"):
        (inbox / name).write_bytes(b"")
    (inbox / "ut").symlink_to(outside, target_is_directory=True)  # a folder out: found, to be refused
    (inbox / "in").symlink_to(inbox / "nämnd", target_is_directory=True)  # a folder inside: its files are found once
    found = find([inbox, good])
    assert [(f.path.relative_to(inbox).as_posix() if f.root else f.path, f.root) for f in found] == [
        ("a.xlsx", inbox), ("c.xlsb", inbox), ("nämnd/b.XLSM", inbox), ("ut", inbox), (good, None)]
    with pytest.raises(Refused) as refused:
        read_regular(Found(inbox / "ut", inbox), DEFAULT.file_bytes)
    assert refused.value.rule == "FIL-10" and refused.value.message.startswith("Mappen är en symbolisk länk")


def test_check_package_hands_on_the_sheets_it_inflated(good: Path) -> None:
    data = good.read_bytes()
    pkg = check_package(zipfile.ZipFile(io.BytesIO(data)), data, DEFAULT, frozenset({"Anvisningar", "Listor"}))
    assert set(pkg.sheets) == {"Anvisningar", "Listor", "Sammanfattning", SHEET, "Förra året", "Konsekvensanalys",
                               "_xltools"}
    assert set(pkg.xml) == {"Sammanfattning", SHEET, "Förra året", "Konsekvensanalys", "_xltools"} \
        and pkg.xml[SHEET].startswith(b"<")
    assert pkg.tables == {SHEET: {"tbl_drift": (5, 65)}, "Förra året": {"tbl_forra_aret": (5, 20)},
                          "Konsekvensanalys": {"tbl_konsekvenser": (5, 25)}}
    assert pkg.macros is False
