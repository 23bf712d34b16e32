"""SIE reader and writer: every variant round-trips, real-world syntax is read, broken files are refused
with the line and a Swedish message, and nothing is half-returned."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xltools.errors import XltoolsError
from xltools.findings import Severity
from xltools.utfall.encoding import letter_counts, sniff
from xltools.utfall.errors import MAX_PROBLEMS, LedgerFileError
from xltools.utfall.files import read_bytes, write_bytes
from xltools.utfall.sie import (
    VARIANTS,
    Account,
    Balance,
    Dimension,
    FiscalYear,
    PeriodBalance,
    SieFile,
    SieObject,
    Transaction,
    Verification,
    parse_sie,
    read_sie,
)
from xltools.utfall.sie_write import as_variant, format_sie, verification, with_balances, write_sie

D = Decimal
ORGNR = "212000-2213"


def _model() -> SieFile:
    """A kommun's 4E export with every kind of record (syntetiska exempeldata)."""
    o = {"sn": ((1, "5100"), (20, "505")), "tn": ((1, "7100"), (20, "800"), (6, "TN26-01"))}
    vers = (
        verification("A", 1, date(2026, 1, 15), "Löner januari", [
            Transaction("#TRANS", "5011", D("812345.50"), o["sn"], date(2026, 1, 25), "Lön \"hemtjänst\" C:\\lön\\", D("160.5"), "ekonom"),
            ("1930", (), D("-812345.50")),
        ]),
        verification("L", "2026-17", date(2026, 2, 3), "Ombyggnad Östra skolan", [
            ("1110", o["tn"], D("500000")),
            ("6011", o["tn"], D("1200.00")),
            ("2440", (), D("-501200.00")),
        ]),
        Verification("A", "3", date(2026, 3, 31), "Rättelse", date(2026, 4, 2), "Åsa", rows=(
            Transaction("#TRANS", "4610", D("100.00"), (), None, "", None, ""),
            Transaction("#RTRANS", "4611", D("-100.00"), ((1, "1100"),), date(2026, 4, 2), "tillagd", None, "Åsa"),
        ), removed=(Transaction("#BTRANS", "4610", D("-100.00"), (), date(2026, 4, 2), "struken", None, "Åsa"),)),
    )
    return with_balances(SieFile(
        sietyp=4, flag=0, program=("Ekonomisystemet", "7.1"), generated=date(2026, 9, 2), generated_by="Ekonomienheten",
        prosa="Syntetiska exempeldata", company_type="KOMMUN", company_id="MORA", orgnr=ORGNR, orgnr_extra=("1", "2"),
        sni="84110", address=("Ekonomienheten", "Box 1", "792 21 MORA", "0250-260 00"), company="Mora kommun",
        years=(FiscalYear(0, date(2026, 1, 1), date(2026, 12, 31)), FiscalYear(-1, date(2025, 1, 1), date(2025, 12, 31))),
        tax_year=2027, chart="KOMMUNBAS", currency="SEK",
        accounts=(Account("1110", "Byggnader", "T", sru=("7214",)), Account("1930", "Bank", "T"),
                  Account("2440", "Leverantörsskulder", "S"), Account("4610", "Köp av huvudverksamhet", "K"),
                  Account("4611", "Köp, annan kommun", "K", "st"), Account("5011", "Månadslön", "K"),
                  Account("6011", "Lokalhyror, interna", "K")),
        dimensions=(Dimension(1, "Ansvar"), Dimension(6, "Projekt"), Dimension(20, "Verksamhet"),
                    Dimension(21, "Delverksamhet", 20)),
        objects=(SieObject(1, "1100", "Kommunstyrelsen"), SieObject(1, "5100", "Hemtjänst"),
                 SieObject(1, "7100", "Fastighet"), SieObject(6, "TN26-01", "Ombyggnad Östra skolan etapp 2"),
                 SieObject(20, "505", "Äldreomsorg, hemtjänst"), SieObject(20, "800", "Arbetsområden och lokaler")),
        balances=(Balance("#IB", 0, "1930", D("25000000.00")), Balance("#IB", 0, "1110", D("150000000.00")),
                  Balance("#IB", 0, "2440", D("-3000000.00")), Balance("#UB", -1, "1930", D("25000000.00")),
                  Balance("#RES", -1, "5011", D("9000000.00"), quantity=D("1900")),
                  Balance("#OIB", 0, "1110", D("1000.00"), ((1, "7100"), (6, "TN26-01"), (20, "800")))),
        period_balances=(PeriodBalance("#PBUDGET", 0, "202601", "5011", D("800000.00")),
                         PeriodBalance("#PBUDGET", 0, "202601", "5011", D("800000.00"), ((1, "5100"),)),
                         PeriodBalance("#PSALDO", -1, "202512", "5011", D("750000.00"))),
        verifications=vers,
    ))


@pytest.fixture(scope="module")
def model() -> SieFile:
    return _model()


# ------------------------------------------------------------------------------ round trips
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("line_ending", ["\r\n", "\n"])
@pytest.mark.parametrize("checksum", [False, True])
def test_every_variant_round_trips(model: SieFile, variant: str, line_ending: str, checksum: bool) -> None:
    expected = as_variant(model, variant)
    data = format_sie(expected, line_ending=line_ending, checksum=checksum)
    got = parse_sie(data, "export.se", expected_orgnr=ORGNR, expected_year=2026)
    assert got == expected
    assert got.variant == variant
    assert (got.checksum is not None) == checksum
    assert got.ignored == () and got.notes == ()
    assert data.count(line_ending.encode()) == len(data.decode("cp437").splitlines())


def test_variants_hold_what_their_type_holds(model: SieFile) -> None:
    labels = {v: {line.split()[0] for line in format_sie(as_variant(model, v)).decode("cp437").splitlines()}
              for v in VARIANTS}
    assert "#VER" not in labels["1"] | labels["2"] | labels["3"]
    assert "#PSALDO" not in labels["1"] and "#PSALDO" in labels["2"]
    assert "#OIB" not in labels["2"] and {"#OIB", "#OUB", "#DIM", "#OBJEKT"} <= labels["3"]
    assert {"#VER", "#TRANS", "#RTRANS", "#BTRANS", "#IB", "#PSALDO"} <= labels["4E"]
    assert "#VER" in labels["4I"] and not {"#IB", "#UB", "#RES", "#PSALDO"} & labels["4I"]
    as_two = format_sie(as_variant(model, "2")).decode("cp437")
    assert "#PSALDO 0 202601 5011 {} 812345.50" in as_two and "#PBUDGET 0 202601 5011 {1" not in as_two


def test_the_written_text(model: SieFile) -> None:
    text = format_sie(model).decode("cp437")
    lines = text.split("\r\n")
    assert lines[:6] == ["#FLAGGA 0", '#PROGRAM "Ekonomisystemet" "7.1"', "#FORMAT PC8",
                         '#GEN 20260902 "Ekonomienheten"', "#SIETYP 4", '#PROSA "Syntetiska exempeldata"']
    assert "#ORGNR 212000-2213 1 2" in lines and "#RAR -1 20250101 20251231" in lines
    assert '#UNDERDIM 21 "Delverksamhet" 20' in lines
    assert '#OIB 0 1110 {1 "7100" 6 "TN26-01" 20 "800"} 1000.00' in lines
    assert '#RES -1 5011 9000000.00 1900' in lines
    i = lines.index('#VER A 1 20260115 "Löner januari"')
    assert lines[i + 1:i + 5] == [
        "{",
        '   #TRANS 5011 {1 "5100" 20 "505"} 812345.50 20260125 "Lön \\"hemtjänst\\" C:\\\\lön\\\\" 160.5 "ekonom"',
        "   #TRANS 1930 {} -812345.50",
        "}"]
    i = lines.index('#VER A 3 20260331 "Rättelse" 20260402 "Åsa"')
    assert lines[i + 1:i + 7] == [
        "{",
        '   #BTRANS 4610 {} -100.00 20260402 "struken" "" "Åsa"',
        "   #TRANS 4610 {} 100.00",
        '   #RTRANS 4611 {1 "1100"} -100.00 20260402 "tillagd" "" "Åsa"',
        '   #TRANS 4611 {1 "1100"} -100.00 20260402 "tillagd" "" "Åsa"',  # the copy for older readers
        "}"]
    assert text.encode("cp437") == format_sie(model)  # PC8: å is 0x86 in the bytes
    assert b"\x86" in format_sie(model) and "å".encode() not in format_sie(model)


def test_with_balances_agrees_with_the_verifikationer(model: SieFile) -> None:
    ib = {b.account: b.amount for b in model.balances if b.label == "#IB" and b.year == 0}
    ub = {b.account: b.amount for b in model.balances if b.label == "#UB" and b.year == 0}
    res = {b.account: b.amount for b in model.balances if b.label == "#RES" and b.year == 0}
    psaldo: dict[tuple[str, str], Decimal] = {}
    for pb in model.period_balances:
        if pb.label == "#PSALDO" and pb.year == 0 and not pb.objects:
            psaldo[(pb.period, pb.account)] = pb.amount
    assert ub == {"1110": D("150500000"), "1930": D("24187654.50"), "2440": D("-3501200.00")}
    assert res == {"4610": D("100.00"), "4611": D("-100.00"), "5011": D("812345.50"), "6011": D("1200.00")}
    for account in ub:  # IB + the months' change = UB (as in SIE-gruppen's Övningsbolaget)
        assert ib[account] + sum(v for (p, a), v in psaldo.items() if a == account) == ub[account]
    assert psaldo[("202602", "6011")] == D("1200.00") and psaldo[("202603", "4611")] == D("-100.00")
    oub = [b for b in model.balances if b.label == "#OUB"]
    assert [(b.account, b.amount) for b in oub] == [("1110", D("501000.00"))]


def test_the_model_is_exact_decimal(model: SieFile) -> None:
    amounts = [r.amount for v in model.verifications for r in v.rows]
    assert all(isinstance(a, Decimal) for a in amounts)
    many = dataclasses.replace(model, verifications=tuple(
        verification("B", i, date(2026, 5, 1), "", [("4610", (), D("0.10")), ("4611", (), D("0.20")), ("1930", (), D("-0.30"))])
        for i in range(1, 1001)))
    got = parse_sie(format_sie(as_variant(many, "4I")))
    assert sum(r.amount for v in got.verifications for r in v.rows if r.amount > 0) == D("300.00")  # 0.1 + 0.2 exactly


# ------------------------------------------------------------------------------ hypothesis
# What ledger texts hold: printable ASCII and the Swedish letters (a PC8 file of box-drawing and Greek
# glyphs alone would look like Latin-1; see encoding.py).
_ALPHABET = "".join(chr(c) for c in range(32, 127)) + "åäöÅÄÖéÉüÜ"
_texts = st.text(_ALPHABET, max_size=12)
_codes = st.text(_ALPHABET.replace(" ", ""), min_size=1, max_size=6)
_amounts = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
_dates = st.dates(date(2026, 1, 1), date(2026, 12, 31))
_objects = st.lists(st.tuples(st.integers(1, 40), _codes), max_size=3, unique_by=lambda t: t[0]).map(tuple)
_accounts = st.from_regex(r"[1-8][0-9]{3}", fullmatch=True)


@st.composite
def _verifications(draw: st.DrawFn) -> tuple[Verification, ...]:
    out = []
    for i in range(draw(st.integers(0, 4))):
        rows = [Transaction("#TRANS", draw(_accounts), draw(_amounts), draw(_objects), draw(st.none() | _dates),
                            draw(_texts), draw(st.none() | _amounts), draw(_texts)) for _ in range(draw(st.integers(1, 4)))]
        balance = -sum((r.amount for r in rows), Decimal(0))
        rows.append(Transaction("#TRANS", draw(_accounts), balance, draw(_objects)))
        out.append(Verification(draw(_codes), str(i + 1), draw(_dates), draw(_texts), draw(st.none() | _dates),
                                draw(_texts), tuple(rows)))
    return tuple(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(company=_texts, orgnr=_codes, verifications=_verifications(), variant=st.sampled_from(VARIANTS),
       objects=st.lists(st.builds(SieObject, st.integers(1, 40), _codes, _texts), max_size=3,
                        unique_by=lambda o: (o.dimension, o.code)),
       checksum=st.booleans())
def test_hypothesis_round_trip(company: str, orgnr: str, verifications: tuple[Verification, ...], variant: str,
                               objects: list[SieObject], checksum: bool) -> None:
    sie = with_balances(SieFile(company=company, orgnr=orgnr, objects=tuple(objects),
                                years=(FiscalYear(0, date(2026, 1, 1), date(2026, 12, 31)),),
                                verifications=verifications))
    expected = as_variant(sie, variant)
    assert parse_sie(format_sie(expected, checksum=checksum)) == expected


# ------------------------------------------------------------------------------ real-world syntax
REAL_WORLD = (
    "#FLAGGA\t0\n#KSUMMA\n#PROGRAM\t\"Visma Administration\" 2022.2\n#FORMAT\t\"PC8\"\n#GEN\t20260905 \n#SIETYP\t4\n"
    "#ORGNR\t212000-2213\n#FNR\t\"C:\\ProgramData\\SPCS\\F\x94retag\\Mora\"\n#FNAMN \"Mora kommun\"  \n"
    "#RAR 0 20260101 20261231\n#RAR -1 20250101 20251231\n#KONTO 4610 \"K\x94p av huvudverksamhet\"\n#KTYP 4610 K\n"
    "#SRU 4610\n#KONTO 4610 \"Dubblett\"\n#KONTO 1930 \"Bank\n#DIM 1 Ansvar\n#OBJEKT 1 \"1100\" \"KS\"\n"
    "#OBJEKT 1 \"1100\" \"KS igen\"\n#FOOBAR vad som helst {1 2}\n#IB 0 1930 7600\n#UB 0 1930 6000.00 \"\"\n"
    "#PSALDO\t0 202601 4610 { } 1600 10.000000\n#PSALDO 0 202601 4610 {\"1\" \"1100\"} 1600.00 \"\"\n"
    "#VER A 1 20260112 \"K\x94p\" 20260113 \"Anna\"\n{\n"
    "\t#TRANS  4610 {\"1\" \"1100\"} 1600.00 20260112 \"Faktura \\\"17\\\"\" 10.000000 \"Anna\" extra\n"
    "   #TRANS 1930      { }          -1600  20260112 \"\"\n"
    "\t#BTRANS 1930 {} -1000 20260115 \"\" \"\" \"Per\"\n"
    "\t#RTRANS 4610 {1 1100} 0 20260115 \"\" \"\" \"Per\"\n"
    "\t#TRANS 4610 {1 1100} 0 20260112 \"\"\n"
    "\t#OKANDRAD 1 2 3\n"
    "}\n#KSUMMA 0\n"
)


def test_real_world_syntax_is_read() -> None:
    """What SIE-gruppen's test files (Visma, Norstedts, Avendo, BL, SBM ...) write; see sie.py."""
    data = REAL_WORLD.encode("latin-1")  # \x94 is ö in PC8
    data = _with_checksum(data)
    sie = parse_sie(data, "visma.se", expected_orgnr="2120002213", expected_year=2026)
    assert sie.program == ("Visma Administration", "2022.2") and sie.format == "PC8"
    assert sie.company_id == "C:\\ProgramData\\SPCS\\Företag\\Mora"
    assert [(a.number, a.name, a.type, a.sru) for a in sie.accounts] == [
        ("4610", "Köp av huvudverksamhet", "K", ()), ("1930", "Bank", None, ())]
    assert sie.objects == (SieObject(1, "1100", "KS"),)
    assert [(b.label, b.amount, b.quantity) for b in sie.balances] == [("#IB", D("7600"), None), ("#UB", D("6000.00"), None)]
    assert [(pb.objects, pb.quantity) for pb in sie.period_balances] == [((), D("10.000000")), (((1, "1100"),), None)]
    (v,) = sie.verifications
    assert (v.text, v.regdate, v.sign) == ("Köp", date(2026, 1, 13), "Anna")
    assert [(r.label, r.account, r.amount, r.text) for r in v.rows] == [
        ("#TRANS", "4610", D("1600.00"), 'Faktura "17"'), ("#TRANS", "1930", D("-1600"), ""), ("#RTRANS", "4610", D("0"), "")]
    assert [(r.label, r.amount, r.sign) for r in v.removed] == [("#BTRANS", D("-1000"), "Per")]
    assert dict(sie.ignored) == {"#FOOBAR": 1, "#OKANDRAD": 1, "#SRU utan värde": 1,
                                 "#TRANS (fält utöver specifikationen)": 1}
    assert [(n.line, n.message.split(";")[0]) for n in sie.notes] == [
        (14, "#SRU saknar värde och hoppas över."), (15, "kontot 4610 finns redan på rad 12"),
        (16, "ett citattecken avslutas inte"), (19, "objekt '1100' i dimension 1 finns redan på rad 18")]


def _with_checksum(data: bytes) -> bytes:
    """Put the right #KSUMMA at the end (computed the way the writer does)."""
    from xltools.utfall.sie import ksumma

    lines = data.decode("cp437").split("\n")
    first = lines.index("#KSUMMA")
    last = max(i for i, line in enumerate(lines) if line.startswith("#KSUMMA "))
    lines[last] = f"#KSUMMA {ksumma(lines[first + 1:last])}"
    return "\n".join(lines).encode("cp437")


def test_crlf_cr_and_a_bom_free_ascii_file(model: SieFile) -> None:
    lf = format_sie(as_variant(model, "1"), line_ending="\n")
    assert parse_sie(lf.replace(b"\n", b"\r")) == as_variant(model, "1")  # old Mac line ends
    assert parse_sie(lf.replace(b"\n", b"\r\n")) == as_variant(model, "1")


def test_a_forced_encoding_reads_a_utf8_file(model: SieFile) -> None:
    utf8 = format_sie(model).decode("cp437").encode("utf-8")
    with pytest.raises(LedgerFileError):
        parse_sie(utf8)
    assert parse_sie(utf8, encoding="utf-8") == model


def test_orgnr_in_any_written_form(model: SieFile) -> None:
    data = format_sie(model)
    for form in ("212000-2213", "2120002213", "16212000-2213", "162120002213"):
        assert parse_sie(data, expected_orgnr=form) == model


# ------------------------------------------------------------------------------ broken files
HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#ORGNR 212000-2213\n#RAR 0 20260101 20261231\n"  # lines 1-5
VER = "#VER A 1 20260115 \"Köp\"\n{\n#TRANS 4610 {1 \"1100\"} 100.00\n#TRANS 1930 {} -100.00\n}\n"  # lines 6-10

BROKEN: list[tuple[str, bytes, dict[str, object], list[tuple[int, str]]]] = [
    ("html", b"<!DOCTYPE HTML PUBLIC>\n<html>404</html>\n", {}, [(1, "filen är ingen SIE-fil: den första raden ska vara #FLAGGA")]),
    ("empty", b"\r\n  \n", {}, [(0, "filen är tom")]),
    ("binary", b"PK\x03\x04\x00\x00#FLAGGA", {}, [(0, "ingen textfil")]),
    ("utf16", (HEAD + VER).encode("utf-16"), {}, [(1, "kodad som UTF-16")]),
    ("utf8", (HEAD + VER).encode("utf-8"), {}, [(6, "kodad som UTF-8 men SIE-filer ska vara kodade i PC8")]),
    ("utf8-bom", b"\xef\xbb\xbf" + (HEAD + VER).encode("utf-8"), {}, [(1, "kodad som UTF-8 (med BOM)")]),
    ("latin1", (HEAD + VER + "#VER A 2 20260116 \"Årsavgift för växeln\"\n{\n}\n").encode("latin-1"), {},
     [(6, "kodad som Latin-1/Windows-1252")]),
    ("format", (HEAD.replace("PC8", "UTF8") + VER).encode("cp437"), {}, [(2, "#FORMAT UTF8 stöds inte")]),
    ("orgnr", (HEAD + VER).encode("cp437"), {"expected_orgnr": "556677-8899"},
     [(4, "filen gäller organisationsnummer 212000-2213, inte 556677-8899")]),
    ("no-orgnr", (HEAD.replace("#ORGNR 212000-2213\n", "") + VER).encode("cp437"), {"expected_orgnr": ORGNR},
     [(0, "filen saknar organisationsnummer (#ORGNR)")]),
    ("year", (HEAD.replace("2026", "2025") + VER.replace("2026", "2025")).encode("cp437"), {"expected_year": 2026},
     [(5, "filen gäller räkenskapsåret 2025-01-01–2025-12-31 (#RAR 0), inte 2026")]),
    ("ver-outside-year", (HEAD + VER.replace("20260115", "20251231")).encode("cp437"), {},
     [(6, "har datum 2025-12-31, utanför räkenskapsåret 2026-01-01–2026-12-31")]),
    ("unbalanced", (HEAD + VER.replace("-100.00", "-90.00")).encode("cp437"), {},
     [(6, "verifikationen A 1 är inte i balans: raderna summerar till 10,00 kr")]),
    ("truncated-block", (HEAD + VER[:-2]).encode("cp437"), {},
     [(6, "filen tar slut inne i verifikationen A 1: den avslutande klammern (}) saknas – filen verkar avkortad")]),
    ("truncated-after-ver", (HEAD + "#VER A 1 20260115 \"Köp\"\n").encode("cp437"), {},
     [(6, "filen tar slut efter #VER A 1 utan dess rader")]),
    ("missing-close", (HEAD + VER[:-2] + VER.replace("A 1", "A 2")).encode("cp437"), {},
     [(6, "saknar sin avslutande klammer (}) före nästa #VER på rad 10")]),
    ("missing-open", (HEAD + "#VER A 1 20260115 \"Köp\"\n#KONTO 4610 \"K\"\n").encode("cp437"), {},
     [(6, "saknar sitt block med rader ({ … }) på raden efter #VER")]),
    ("trans-outside", (HEAD + "#TRANS 4610 {} 100.00\n").encode("cp437"), {},
     [(6, "#TRANS står utanför en verifikations block")]),
    ("decimal-comma", (HEAD + VER.replace("100.00", "100,00", 1)).encode("cp437"), {},
     [(8, "beloppet '100,00' har decimalkomma; SIE skriver belopp med decimalpunkt")]),
    ("three-decimals", (HEAD + VER.replace("100.00", "100.005", 1)).encode("cp437"), {},
     [(8, "beloppet '100.005' har fler än två decimaler")]),
    ("not-a-number", (HEAD + "#IB 0 1930 NaN\n").encode("cp437"), {}, [(6, "saldot ska vara ett belopp")]),
    ("bad-date", (HEAD + VER.replace("20260115", "20260230")).encode("cp437"), {},
     [(6, "verifikationsdatumet ska vara ett datum ÅÅÅÅMMDD, inte '20260230'")]),
    ("object-list-open", (HEAD + VER.replace('{1 "1100"}', '{1 "1100"')).encode("cp437"), {},
     [(8, "en objektlista saknar sin avslutande klammer")]),
    ("object-list-odd", (HEAD + VER.replace('{1 "1100"}', '{1 "1100" 6}')).encode("cp437"), {},
     [(8, "ska vara par av dimensionsnummer och objektkod")]),
    ("object-list-missing", (HEAD + VER.replace('{1 "1100"} ', "")).encode("cp437"), {},
     [(8, "#TRANS: här ska en objektlista stå ({} om den är tom), inte '100.00'")]),
    ("too-few-fields", (HEAD + VER.replace("#TRANS 1930 {} -100.00", "#TRANS 1930 {}")).encode("cp437"), {},
     [(9, "#TRANS har för få fält: belopp saknas")]),
    ("ver-in-type-3", (HEAD.replace("#SIETYP 4", "#SIETYP 3") + VER).encode("cp437"), {},
     [(6, "#VER hör inte hemma i en SIE-fil av typ 3")]),
    ("objects-in-type-2", (HEAD.replace("#SIETYP 4", "#SIETYP 2") + "#PSALDO 0 202601 4610 {1 \"1100\"} 5.00\n").encode("cp437"),
     {}, [(6, "#PSALDO med objekt hör inte hemma i en SIE-fil av typ 2")]),
    ("sietyp", (HEAD.replace("#SIETYP 4", "#SIETYP 5") + VER).encode("cp437"), {}, [(3, "#SIETYP 5 finns inte")]),
    ("ksumma-wrong", (HEAD.replace("#FORMAT", "#KSUMMA\n#FORMAT") + VER + "#KSUMMA 12345\n").encode("cp437"), {},
     [(12, "kontrollsumman stämmer inte (#KSUMMA 12345")]),
    ("ksumma-unclosed", (HEAD.replace("#FORMAT", "#KSUMMA\n#FORMAT") + VER).encode("cp437"), {},
     [(2, "filen saknar den avslutande #KSUMMA")]),
    ("control-char", (HEAD + VER.replace("Köp", "K\x07p")).encode("cp437"), {}, [(6, "otillåtet styrtecken (kod 0x07)")]),
    ("no-label", (HEAD + "4610 100.00\n" + VER).encode("cp437"), {}, [(6, "raden börjar inte med en etikett")]),
    ("year-without-rar", (HEAD + "#IB -1 1930 5.00\n").encode("cp437"), {}, [(6, "årsnummer -1 har inget räkenskapsår")]),
    ("two-files-in-one", (HEAD + VER + HEAD).encode("cp437"), {}, [(11, "här börjar en andra SIE-fil (#FLAGGA igen)")]),
    ("bad-period", (HEAD + "#PSALDO 0 202513 4610 {} 5.00\n").encode("cp437"), {}, [(6, "perioden ska skrivas ÅÅÅÅMM")]),
    ("period-outside-year", (HEAD + "#PSALDO 0 202512 4610 {} 5.00\n" * 3).encode("cp437"), {},
     [(6, "perioden 202512 ligger utanför räkenskapsår 0 (2026-01-01–2026-12-31) (och 2 rader till)")]),
]


@pytest.mark.parametrize(("name", "data", "options", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_are_refused_with_line_and_message(name: str, data: bytes, options: dict[str, object],
                                                        expected: list[tuple[int, str]]) -> None:
    with pytest.raises(LedgerFileError) as caught:
        parse_sie(data, f"{name}.se", **options)  # type: ignore[arg-type]
    err = caught.value
    assert [(p.line, m in p.message) for p, (_, m) in zip(err.problems, expected, strict=False)] == \
        [(line, True) for line, _ in expected], err.problems
    assert len(err.problems) == len(expected), err.problems
    for p in err.problems:  # each line of the message names the file (and the line)
        assert p.text(f"{name}.se") in str(err)
        assert str(err).startswith(f"{name}.se")


def test_every_problem_is_reported_at_once() -> None:
    data = (HEAD + VER.replace("100.00", "1,5", 1) + "#IB 0 1930 x\n" + "#VER A 2 2026 \"\"\n{\n}\n").encode("cp437")
    with pytest.raises(LedgerFileError) as caught:
        parse_sie(data, "flera.se")
    # line 8's row is unreadable, so verifikation A 1 (line 6) is not also called unbalanced
    assert [p.line for p in caught.value.problems] == [8, 11, 12]
    findings = caught.value.findings("UTF-1", Severity.VARNING)
    assert [(f.rule, f.severity, f.loc.file) for f in findings] == [("UTF-1", Severity.VARNING, "flera.se")] * 3
    assert findings[0].message.startswith("flera.se, rad 8: beloppet '1,5' har decimalkomma")


def test_a_flood_of_problems_is_capped() -> None:
    data = (HEAD + "#IB 0 1930 x\n" * 500).encode("cp437")
    with pytest.raises(LedgerFileError) as caught:
        parse_sie(data, "skräp.se")
    assert len(caught.value.problems) == MAX_PROBLEMS and caught.value.truncated
    assert str(caught.value).endswith("skräp.se: läsningen avbröts efter 50 fel; det kan finnas fler.")


def test_files_on_disk(tmp_path: Path, model: SieFile) -> None:
    path = tmp_path / "ut" / "export.se"
    write_sie(path, model, line_ending="\r\n")
    assert read_sie(path, expected_orgnr=ORGNR, expected_year=2026) == model
    assert [p.name for p in path.parent.iterdir()] == ["export.se"]  # no temporary file left
    with pytest.raises(LedgerFileError) as caught:
        read_sie(tmp_path / "saknas.se")
    assert str(caught.value) == f"{tmp_path / 'saknas.se'}: filen kunde inte läsas (mappen eller filen finns inte)."


def test_the_writer_refuses_what_pc8_or_sie_cannot_hold(model: SieFile) -> None:
    with pytest.raises(XltoolsError, match="tecknet '€' kan inte skrivas i en SIE-fil"):
        format_sie(dataclasses.replace(model, company="Mora € kommun"))
    with pytest.raises(ValueError, match="verifikationer hör inte hemma i SIE typ 3"):
        format_sie(dataclasses.replace(model, sietyp=3))
    with pytest.raises(ValueError, match="högst två decimaler"):
        format_sie(dataclasses.replace(model, balances=(Balance("#IB", 0, "1930", D("1.005")),)))
    with pytest.raises(ValueError, match="inte i balans"):
        verification("A", 1, date(2026, 1, 1), "", [("4610", (), D("1.00"))])


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0), flip=st.tuples(st.integers(min_value=0), st.integers(0, 255)))
def test_with_ksumma_a_cut_or_damaged_file_never_passes_as_another(cut: int, flip: tuple[int, int]) -> None:
    """With #KSUMMA, a file cut anywhere after it begins is refused, and a changed byte is refused or
    changes nothing."""
    model = as_variant(_model(), "4E")
    data = format_sie(model, checksum=True)
    start = data.index(b"#KSUMMA") + len(b"#KSUMMA")
    short = data[: start + cut % (len(data) - 2 - start)]  # keep at least the last line end out
    with pytest.raises(LedgerFileError):
        parse_sie(short)
    pos, byte = flip[0] % len(data), flip[1]
    damaged = data[:pos] + bytes([byte]) + data[pos + 1:]
    try:
        got = parse_sie(damaged)
    except LedgerFileError:
        return
    assert got == model


def test_typographic_characters_get_pc8_stand_ins(model: SieFile) -> None:
    fancy = dataclasses.replace(model, company="IT-nämnden Mora–Orsa–Älvdalen", prosa="”Syntetiska” exempeldata … 5 €")
    with pytest.raises(XltoolsError, match="tecknet '.' kan inte skrivas i en SIE-fil"):
        format_sie(fancy)
    got = parse_sie(format_sie(fancy, typographic=True))
    assert (got.company, got.prosa) == ("IT-nämnden Mora-Orsa-Älvdalen", "'Syntetiska' exempeldata ... 5 EUR")


def test_a_utf8_export_that_already_lost_its_letters_is_named() -> None:
    """A 2023 Visma export in SIE-gruppen's test files: #FORMAT PC8, UTF-8 bytes, å/ä/ö as U+FFFD."""
    data = (HEAD + '#FNAMN "\ufffdvningsbolaget AB"\n').encode("utf-8")
    with pytest.raises(LedgerFileError) as caught:
        parse_sie(data, "visma.se")
    assert str(caught.value) == (
        "visma.se, rad 6: filen är kodad som UTF-8 men SIE-filer ska vara kodade i PC8 (CP437, #FORMAT PC8); "
        "exportera filen på nytt med teckenkodningen PC8. Filen innehåller ersättningstecken (�): å, ä och ö "
        "har redan gått förlorade i exporten.")


@pytest.mark.parametrize(("data", "kind"), [
    (b"#FLAGGA 0\n", "ascii"), ("Östra skolan".encode(), "utf-8"), (b"\xef\xbb\xbf#FLAGGA", "utf-8-sig"),
    ("Östra skolan".encode("utf-16"), "utf-16"), ("Östra skolan, Åsa".encode("cp437"), "cp437"),
    ("Östra skolan, Åsa".encode("latin-1"), "latin-1"),
    # Visma's #FNR path in Latin-1 inside a PC8 file: the majority decides
    ('#FNR "C:\\SPCS\\Företag"\n#FNAMN "Övningsbolaget AB, Malmö, Växjö"'.encode("cp437").replace(b"F\x94retag", b"F\xf6retag"), "cp437"),
])
def test_sniffing_the_encoding(data: bytes, kind: str) -> None:
    assert sniff(data) == kind
    assert letter_counts("åäö".encode("cp437") + "Ö".encode("latin-1")) == (3, 1)


def test_an_unwritable_folder_is_a_swedish_message(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("x")
    with pytest.raises(XltoolsError, match=r"Utmappen .*fil kunde inte skrivas .*; SIE-filen ut.se skrevs inte"):
        write_bytes(tmp_path / "fil" / "ut.se", b"#FLAGGA 0\r\n", "SIE-filen")
    assert read_bytes(tmp_path / "fil") == b"x"
