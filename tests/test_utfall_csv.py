"""The CSV contract (docs/uppfoljning.md): what Swedish exports and Excel write is read; everything else
is refused with the line and a Swedish message."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xltools.utfall.csv_export import (
    format_utfall_csv,
    parse_utfall_csv,
    read_utfall_csv,
    write_utfall_csv,
)
from xltools.utfall.errors import LedgerFileError
from xltools.utfall.rows import LedgerRow

D = Decimal
ROWS = [
    LedgerRow("2026-01", "5011", D("1250000.00"), "5100", "", "505", "", "utfall.csv", 2),
    LedgerRow("2026-01", "3510", D("-85400.50"), "5100", "", "505", "", "utfall.csv", 3),
    LedgerRow("2026-02", "1110", D("500000"), "7100", "", "800", "TN26-01", "utfall.csv", 4),
    LedgerRow("2026-08", "4610", D("0.05"), "ÖF1", "", "", "", "utfall.csv", 5),
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_the_contract_round_trips(encoding: str) -> None:
    data = format_utfall_csv(ROWS, encoding=encoding, projekt=True)
    assert data.decode(encoding).split("\r\n")[:3] == [
        "period;ansvar;verksamhet;konto;belopp;projekt", "2026-01;5100;505;5011;1250000,00;", "2026-01;5100;505;3510;-85400,50;"]
    got = parse_utfall_csv(data, "utfall.csv", expected_year=2026)
    assert list(got.rows) == ROWS
    assert (got.encoding, got.separator, got.ignored_columns) == ({"utf-8-sig": "utf-8-sig"}.get(encoding, encoding), ";", ())


def test_a_namnd_column_instead_of_ansvar() -> None:
    rows = [LedgerRow("2026-03", "4610", D("12.00"), "", "sn", "540", "", "n.csv", 2)]
    data = format_utfall_csv(rows, namnd=True)
    assert data.decode("utf-8-sig").startswith("period;nämnd;verksamhet;konto;belopp\r\n")
    assert list(parse_utfall_csv(data, "n.csv").rows) == rows


def test_what_excel_and_ledgers_write_is_read() -> None:
    text = ("Belopp;Konto;PERIOD;Nämnd;Verksamhet;Text;Ansvar\r\n"
            '"1\u00a0234\u00a0567,89";4610;2026-08;sn;505;"Köp; hemtjänst";5100\r\n'
            ";;;;;;\r\n"
            "−12,5;3510;202608;;505;Avgifter;5100\r\n"
            "+7;4610;2026-08-31;sn;;;\r\n")
    got = parse_utfall_csv(text.encode("utf-8"), "excel.csv")
    assert [(r.period, r.konto, r.belopp, r.namnd, r.ansvar, r.verksamhet, r.line) for r in got.rows] == [
        ("2026-08", "4610", D("1234567.89"), "sn", "5100", "505", 2),
        ("2026-08", "3510", D("-12.5"), "", "5100", "505", 4),
        ("2026-08", "4610", D("7"), "sn", "", "", 5)]
    assert got.ignored_columns == ("Text",) and got.blank_rows == 1


def test_excel_unicode_text_utf16_with_tabs() -> None:
    text = "period\tansvar\tverksamhet\tkonto\tbelopp\r\n2026-04\t5100\t505\t5011\t100,00\r\n"
    got = parse_utfall_csv(text.encode("utf-16"), "unicode.txt")
    assert (got.encoding, got.separator) == ("utf-16", "\t")
    assert [(r.konto, r.belopp) for r in got.rows] == [("5011", D("100.00"))]


def test_windows_1252_is_read_and_pc8_refused() -> None:
    text = "period;ansvar;verksamhet;konto;belopp;Benämning\r\n2026-01;5100;505;5011;1,00;Lön äldreomsorg\r\n"
    got = parse_utfall_csv(text.encode("cp1252"), "ansi.csv")
    assert got.encoding == "cp1252" and got.ignored_columns == ("Benämning",)
    with pytest.raises(LedgerFileError) as caught:
        parse_utfall_csv(text.encode("cp437"), "dos.csv")
    assert str(caught.value).startswith("dos.csv, rad 1: filen verkar vara kodad som PC8/CP437 (DOS)")


HEADER = "period;ansvar;verksamhet;konto;belopp\r\n"
ROW = "2026-01;5100;505;5011;100,00\r\n"

BROKEN = [
    ("empty", b"", [(0, "filen är tom")]),
    ("binary", b"PK\x03\x04\x00\x00\x00", [(0, "ingen textfil")]),
    ("comma", b"period,ansvar,verksamhet,konto,belopp\r\n2026-01,5100,505,5011,100\r\n",
     [(1, "kolumnerna ska skiljas med semikolon (;), inte komma")]),
    ("no-header", b"2026-01 5100 505 5011 100\r\n", [(1, "den första raden ska vara rubrikerna")]),
    ("missing-column", b"period;ansvar;konto;belopp\r\n" + ROW.encode(), [(1, "kolumnen verksamhet saknas (rubrikerna är period, ansvar, konto, belopp)")]),
    ("no-ansvar", b"period;verksamhet;konto;belopp\r\n", [(1, "kolumnen ansvar (eller nämnd) saknas")]),
    ("twice", b"period;ansvar;verksamhet;konto;belopp;Belopp\r\n", [(1, "kolumnen 'Belopp' finns två gånger")]),
    ("header-only", HEADER.encode(), [(0, "filen har inga rader med utfall")]),
    ("field-count", (HEADER + ROW + "2026-01;5100;505;5011\r\n").encode(), [(3, "raden har 4 fält men rubrikraden har 5")]),
    ("period", (HEADER + ROW.replace("2026-01", "aug-26")).encode(), [(2, "perioden 'aug-26' ska skrivas ÅÅÅÅ-MM")]),
    ("month-13", (HEADER + ROW.replace("2026-01", "2026-13")).encode(), [(2, "perioden '2026-13' ska skrivas ÅÅÅÅ-MM")]),
    ("year", (HEADER + ROW + ROW.replace("2026", "2025")).encode(), [(3, "perioden 2025-01 ligger inte i år 2026")]),
    ("konto", (HEADER + ROW.replace("5011", "50A1")).encode(), [(2, "kontot '50A1' ska vara ett kontonummer")]),
    ("decimal-point", (HEADER + ROW.replace("100,00", "100.50")).encode(), [(2, "beloppet '100.50' har decimalpunkt")]),
    ("three-decimals", (HEADER + ROW.replace("100,00", "100,005")).encode(), [(2, "har fler än två decimaler")]),
    ("not-a-number", (HEADER + ROW.replace("100,00", "#VÄRDEFEL!")).encode(), [(2, "beloppet '#VÄRDEFEL!' är inget tal")]),
    ("no-amount", (HEADER + ROW.replace("100,00", "")).encode(), [(2, "beloppet saknas")]),
    ("quote", (HEADER + '2026-01;"5100;505;5011;100,00\r\n').encode(),
     [(2, "raden har 2 fält men rubrikraden har 5 – kontrollera citattecknen")]),
    ("bad-byte", HEADER.encode() + b"2026-01;5100;505;5011;100,00;\xe5\x8d\r\n",
     [(2, "filen har en byte (0x8d) som varken är UTF-8 eller Windows-1252")]),
]


@pytest.mark.parametrize(("name", "data", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_csv_is_refused_with_line_and_message(name: str, data: bytes, expected: list[tuple[int, str]]) -> None:
    with pytest.raises(LedgerFileError) as caught:
        parse_utfall_csv(data, f"{name}.csv", expected_year=2026)
    problems = caught.value.problems
    assert [(p.line, m in p.message) for p, (_, m) in zip(problems, expected, strict=True)] == \
        [(line, True) for line, _ in expected], problems
    assert all(str(caught.value).startswith(f"{name}.csv") for _ in problems)


def test_all_row_problems_at_once() -> None:
    data = (HEADER + ROW.replace("100,00", "1.5") + ROW + ROW.replace("5011", "x") + ROW.replace("2026-01", "")).encode()
    with pytest.raises(LedgerFileError) as caught:
        parse_utfall_csv(data, "fel.csv")
    assert [p.line for p in caught.value.problems] == [2, 4, 5]


def test_files_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "ut" / "utfall.csv"
    write_utfall_csv(path, ROWS, encoding="cp1252", projekt=True)
    got = read_utfall_csv(path, expected_year=2026)
    assert [(r.period, r.konto, r.belopp, r.file) for r in got.rows] == [(r.period, r.konto, r.belopp, str(path)) for r in ROWS]
    with pytest.raises(LedgerFileError, match="filen kunde inte läsas"):
        read_utfall_csv(tmp_path / "saknas.csv")


_codes = st.text("0123456789ABCabcåäö-", min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.builds(
    LedgerRow, period=st.sampled_from([f"2026-{m:02d}" for m in range(1, 13)]), konto=st.from_regex(r"[1-8][0-9]{3}", fullmatch=True),
    belopp=st.decimals(-10**12, 10**12, places=2, allow_nan=False, allow_infinity=False),
    ansvar=_codes, verksamhet=_codes | st.just(""), projekt=_codes | st.just("")), min_size=1, max_size=20),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]))
def test_hypothesis_round_trip(rows: list[LedgerRow], encoding: str) -> None:
    got = parse_utfall_csv(format_utfall_csv(rows, encoding=encoding, projekt=True), "h.csv")
    assert [(r.period, r.konto, r.belopp, r.ansvar, r.verksamhet, r.projekt) for r in got.rows] == \
        [(r.period, r.konto, r.belopp, r.ansvar, r.verksamhet, r.projekt) for r in rows]
    assert [r.line for r in got.rows] == list(range(2, len(rows) + 2))
