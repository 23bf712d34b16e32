"""Mapping ledger codes to nämnd, verksamhet and Kommun-Bas konto: control totals to the öre, nothing
dropped, unmapped rows reported with their reason and line, INV-4 flags on utfall."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from xltools.errors import XltoolsError
from xltools.utfall.csv_export import format_utfall_csv, parse_utfall_csv
from xltools.utfall.mapping import (
    Flagga,
    Kalla,
    Omappad,
    Referens,
    Utanfor,
    UtfallPost,
    aggregate,
    load_mapping,
    referens_from_config,
)
from xltools.utfall.rows import LedgerRow, rows_from_sie
from xltools.utfall.sie import FiscalYear, PeriodBalance, SieFile, parse_sie
from xltools.utfall.sie_write import format_sie, verification

D = Decimal
ROOT = Path(__file__).resolve().parents[1]


def _yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / "config" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ref() -> Referens:
    """The example kommun's nämnder, verksamheter, Kommun-Bas konton and investment projects."""
    org, plan, upp = _yaml("organisation.yaml"), _yaml("kontoplan.yaml"), _yaml("uppfoljning.yaml")
    projects = {p["id"]: namnd for namnd, items in upp["investeringar"].items() for p in items}
    return referens_from_config({n["id"]: n["verksamheter"] for n in org["namnder"]},
                                [k["kod"] for k in plan["konton"]], [v["kod"] for v in plan["verksamheter"]], projects)


MAPPING = {
    "ansvar_dimension": 1, "verksamhet_dimension": 20, "projekt_dimension": 6,
    "namnd": {"koder": {"1100": "ks"}, "intervall": [{"fran": "5000", "till": "5999", "varde": "sn"},
                                                     {"fran": "7", "till": "7", "varde": "tn"}]},
    "verksamhet": {"koder": {"HT": "505"}, "per_ansvar": {"1100": "920"},
                   "kontointervall": [{"fran": "3411", "till": "3411", "varde": "800"}]},
    "konto": {"koder": {"4699": "74"}},
    "investeringsprojekt": ["TN26-01", "TN26-02"],
}


def _row(period: str, konto: str, belopp: str, ansvar: str = "", verksamhet: str = "", projekt: str = "",
         line: int = 0, namnd: str = "") -> LedgerRow:
    return LedgerRow(period, konto, D(belopp), ansvar, namnd, verksamhet, projekt, "huvudbok.se", line)


LEDGER = [
    _row("2026-01", "5011", "1000.00", "5100", "505", line=10),        # sn 505 50
    _row("2026-01", "5611", "313.00", "5100", "HT", line=11),          # sn 505 56 (HT renamed)
    _row("2026-01", "3510", "-200.50", "5200", "505", line=12),        # sn 505 35
    _row("2026-02", "4610", "50.00", "1100", "", line=13),             # ks 920 46 (ansvar's verksamhet)
    _row("2026-02", "3411", "-900.00", "7100", "", line=14),           # tn 800 3411 (konto range)
    _row("2026-02", "6011", "900.00", "1100", "920", line=15),         # ks 920 6011
    _row("2026-02", "4699", "5.00", "1100", "920", line=16),           # ks 920 74 (konto.koder)
    _row("2026-03", "6110", "70.00", "9999", "920", line=17),          # ansvar without nämnd
    _row("2026-03", "6110", "30.00", "9999", "920", line=18),          # the same, grouped
    _row("2026-03", "6110", "8.00", "", "920", line=19),               # no ansvar
    _row("2026-03", "5011", "11.00", "5100", "", line=20),             # no verksamhet
    _row("2026-03", "5011", "12.00", "5100", "410", line=21),          # grundskola is not sn's
    _row("2026-03", "3999", "-13.00", "5100", "505", line=22),         # no Kommun-Bas 39
    _row("2026-03", "6011", "14.00", "", "505", namnd="xx", line=23),  # unknown nämnd (CSV)
    _row("2026-04", "1110", "40000.00", "7100", "", "TN26-01", 24),    # investment: tn TN26-01
    _row("2026-04", "6411", "250.00", "7100", "800", "TN26-02", 25),   # investment money on a driftkonto
    _row("2026-04", "1210", "999.00", "5100", "", "", 26),             # anläggningskonto without investment
    _row("2026-04", "2440", "-41249.00", line=27),                     # leverantörsskulder: outside
    _row("2026-09", "5011", "77.00", "5100", "505", line=28),          # after brytdatum
]


def test_control_totals_and_every_place_by_hand(ref: Referens) -> None:
    mapping = load_mapping(MAPPING, "utfall.yaml", ref)
    res = aggregate(LEDGER, mapping, ref, till_period="2026-08")
    assert res.utfall == (
        UtfallPost("ks", "920", "46", "2026-02", D("50.00"), 1),
        UtfallPost("ks", "920", "6011", "2026-02", D("900.00"), 1),
        UtfallPost("ks", "920", "74", "2026-02", D("5.00"), 1),
        UtfallPost("sn", "505", "35", "2026-01", D("-200.50"), 1),
        UtfallPost("sn", "505", "50", "2026-01", D("1000.00"), 1),
        UtfallPost("sn", "505", "56", "2026-01", D("313.00"), 1),
        UtfallPost("tn", "800", "3411", "2026-02", D("-900.00"), 1),
        UtfallPost("tn", "800", "64", "2026-04", D("250.00"), 1),
    )
    assert res.omappat == (
        Omappad("ansvar saknas", "", "920", "6110", D("8.00"), Kalla("huvudbok.se", 19, 1)),
        Omappad("ansvaret hör inte till någon nämnd", "9999", "920", "6110", D("100.00"), Kalla("huvudbok.se", 17, 2)),
        Omappad("kontot finns inte i kontoplanen (Kommun-Bas)", "5100", "505", "3999", D("-13.00"), Kalla("huvudbok.se", 22, 1)),
        Omappad("nämnden xx finns inte", "xx", "505", "6011", D("14.00"), Kalla("huvudbok.se", 23, 1)),
        Omappad("verksamhet saknas", "5100", "", "5011", D("11.00"), Kalla("huvudbok.se", 20, 1)),
        Omappad("verksamheten 410 hör inte till nämnden sn", "5100", "410", "5011", D("12.00"), Kalla("huvudbok.se", 21, 1)),
    )
    assert res.utanfor == (Utanfor("1110", D("40000.00"), Kalla("huvudbok.se", 24, 1)),
                           Utanfor("1210", D("999.00"), Kalla("huvudbok.se", 26, 1)),
                           Utanfor("2440", D("-41249.00"), Kalla("huvudbok.se", 27, 1)))
    assert res.flaggor == (
        Flagga("drift_pa_investeringskonto", "sn", "", "1210", D("999.00"), Kalla("huvudbok.se", 26, 1)),
        Flagga("investering_pa_driftkonto", "tn", "TN26-02", "6411", D("250.00"), Kalla("huvudbok.se", 25, 1)),
    )
    assert dict(res.investeringar) == {("tn", "TN26-01", "2026-04"): D("40000.00")}
    k = res.kontroll
    assert (k.summa_in, k.summa_mappat, k.summa_omappat, k.summa_utanfor, k.summa_efter) == (
        D("1376.50"), D("1417.50"), D("132.00"), D("-250.00"), D("77.00"))
    assert (k.rader_in, k.rader_mappat, k.rader_omappat, k.rader_utanfor, k.rader_efter) == (19, 8, 7, 3, 1)
    assert k.stammer
    lines = res.summary()
    assert lines[:6] == [
        "Inläst: 19 rader, 1\u00a0376,50 kr.", "Fördelat på nämnd, verksamhet och konto: 8 rader, 1\u00a0417,50 kr.",
        "Ej fördelat: 7 rader, 132,00 kr.", "Konton utanför uppföljningen (balanskonton): 3 rader, −250,00 kr.",
        "Efter brytdatum: 1 rader, 77,00 kr.", "Kontrollsummorna stämmer."]
    assert ("Ej fördelat (ansvaret hör inte till någon nämnd; ansvar 9999, verksamhet 920, konto 6110): 100,00 kr – "
            "huvudbok.se, rad 17 (och 1 rader till).") in lines
    assert ("tn: investeringsprojektet TN26-02 har bokats på driftkontot 6411 (250,00 kr); medel anslagna för "
            "investeringar får inte användas till driftkostnader (huvudbok.se, rad 25).") in lines
    assert "sn: investeringskontot 1210 har bokats med inget investeringsprojekt (999,00 kr; huvudbok.se, rad 26)." in lines


def test_sie_and_csv_of_one_ledger_give_the_same_utfall(ref: Referens, tmp_path: Path) -> None:
    mapping = load_mapping(MAPPING, "utfall.yaml", ref)
    objs = {"sn": ((1, "5100"), (20, "505")), "inv": ((1, "7100"), (6, "TN26-01"))}
    vers = [verification("A", i + 1, date(2026, 1 + i % 8, 10), "Faktura", [
        ("4610", objs["sn"], D(f"{100 + i}.25")), ("3510", objs["sn"], D("-50.00")), ("1110", objs["inv"], D("1000")),
        ("2440", (), D(f"{-1050 - i}.25"))]) for i in range(40)]
    sie = SieFile(sietyp=4, orgnr="212000-2213", years=(FiscalYear(0, date(2026, 1, 1), date(2026, 12, 31)),),
                  verifications=tuple(vers))
    parsed = parse_sie(format_sie(sie), "huvudbok.se", expected_orgnr="212000-2213", expected_year=2026)
    from_sie = rows_from_sie(parsed, ansvar_dim=1, verksamhet_dim=20, projekt_dim=6)
    csv = parse_utfall_csv(format_utfall_csv(from_sie, projekt=True), "huvudbok.csv", expected_year=2026)
    a = aggregate(from_sie, mapping, ref, till_period="2026-08")
    b = aggregate(csv.rows, mapping, ref, till_period="2026-08")
    assert a.utfall == b.utfall and a.investeringar == b.investeringar
    assert a.kontroll == b.kontroll and a.kontroll.stammer and a.kontroll.summa_in == 0  # balanced verifikationer
    assert sum(p.belopp for p in a.utfall if p.konto == "46") == sum(D(f"{100 + i}.25") for i in range(40))
    assert [r.line for r in from_sie[:5]] == [8, 9, 10, 11, 15]  # each row keeps its line in the SIE file


def test_psaldo_shares_out_the_konto_total_and_reports_the_rest(ref: Referens) -> None:
    mapping = load_mapping({**MAPPING, "kalla": "psaldo"}, "utfall.yaml", ref)
    pb = [PeriodBalance("#PSALDO", 0, "202603", "4610", D("1000.00"), (), None, 10),
          PeriodBalance("#PSALDO", 0, "202603", "4610", D("600.00"), ((1, "5100"), (20, "505")), None, 11),
          PeriodBalance("#PSALDO", 0, "202603", "4610", D("300.00"), ((1, "1100"), (20, "920")), None, 12),
          PeriodBalance("#PSALDO", 0, "202603", "4610", D("1000.00"), ((6, "P1"),), None, 13),  # another breakdown
          PeriodBalance("#PSALDO", 0, "202604", "5011", D("80.00"), ((20, "505"), (1, "5100")), None, 14),  # no total row
          PeriodBalance("#PSALDO", -1, "202503", "4610", D("5.00"), (), None, 15)]  # last year
    sie = SieFile(sietyp=3, years=(FiscalYear(0, date(2026, 1, 1), date(2026, 12, 31)),
                                   FiscalYear(-1, date(2025, 1, 1), date(2025, 12, 31))), period_balances=tuple(pb))
    rows = rows_from_sie(parse_sie(format_sie(sie), "saldon.se"), ansvar_dim=1, verksamhet_dim=20, source="psaldo")
    res = aggregate(rows, mapping, ref)
    assert [(p.namnd, p.verksamhet, p.konto, p.period, p.belopp) for p in res.utfall] == [
        ("ks", "920", "46", "2026-03", D("300.00")), ("sn", "505", "46", "2026-03", D("600.00")),
        ("sn", "505", "50", "2026-04", D("80.00"))]
    assert res.omappat == (Omappad("ansvar saknas", "", "", "4610", D("100.00"), Kalla("saldon.se", 6, 1)),)
    assert res.kontroll.summa_in == D("1080.00") and res.kontroll.stammer  # the totals, not the breakdowns twice


def test_the_mapping_is_checked_against_the_configuration(ref: Referens) -> None:
    bad = {"ansvar_dimension": 1, "verksamhet_dimension": 1, "namnd": {"koder": {"1": "socialen"}},
           "verksamhet": {"koder": {"X": "999"}, "kontointervall": [{"fran": "3", "till": "3", "varde": "0"}]},
           "konto": {"koder": {"4611": "4699"}}, "investeringsprojekt": ["P1"]}
    with pytest.raises(XltoolsError) as caught:
        load_mapping(bad, "utfall.yaml", ref)
    assert str(caught.value).split("\n") == [
        "utfall.yaml: namnd.koder.1: nämnden 'socialen' finns inte i organisationen",
        "utfall.yaml: verksamhet.koder.X: verksamheten '999' finns inte i kontoplanen",
        "utfall.yaml: verksamhet.kontointervall[0]: verksamheten '0' finns inte i kontoplanen",
        "utfall.yaml: konto.koder.4611: kontot '4699' finns inte i kontoplanen",
        "utfall.yaml: ansvar_dimension, verksamhet_dimension och projekt_dimension ska vara olika dimensioner",
        "utfall.yaml: investeringsprojekt kräver projekt_dimension (den dimension som håller projekten)"]
    with pytest.raises(XltoolsError) as caught:
        load_mapping({"ansvar_dimension": "ett", "kalla": "sie", "okand": 1,
                      "namnd": {"intervall": [{"fran": "9", "till": "1", "varde": "ks"}]}}, "utfall.yaml", ref)
    assert str(caught.value).split("\n") == [
        "utfall.yaml: kalla: otillåtet värde", "utfall.yaml: ansvar_dimension: ska vara ett heltal",
        "utfall.yaml: namnd.intervall.0: intervallet börjar (9) efter att det slutar (1)",
        "utfall.yaml: okand: okänd nyckel"]


_row_strategy = st.builds(
    LedgerRow, period=st.sampled_from(["2026-01", "2026-06", "2026-08", "2026-11"]),
    konto=st.sampled_from(["1110", "1930", "2440", "3010", "3411", "4610", "5011", "6011", "3999", "9000"]),
    belopp=st.decimals(-10**9, 10**9, places=2, allow_nan=False, allow_infinity=False),
    ansvar=st.sampled_from(["", "1100", "5100", "7100", "9999"]), namnd=st.sampled_from(["", "", "sn", "zz"]),
    verksamhet=st.sampled_from(["", "505", "920", "800", "410", "HT"]), projekt=st.sampled_from(["", "TN26-01", "P9"]))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(_row_strategy, max_size=40), till=st.sampled_from([None, "2026-06", "2026-08"]))
def test_hypothesis_nothing_is_lost(ref: Referens, rows: list[LedgerRow], till: str | None) -> None:
    res = aggregate(rows, load_mapping(MAPPING, "utfall.yaml", ref), ref, till_period=till)
    k = res.kontroll
    assert k.stammer and k.rader_in == len(rows) and k.summa_in == sum((r.belopp for r in rows), D(0))
    assert sum((p.belopp for p in res.utfall), D(0)) == k.summa_mappat
    assert sum(o.kalla.rader for o in res.omappat) == k.rader_omappat
    assert sum(u.kalla.rader for u in res.utanfor) == k.rader_utanfor
    assert all(p.konto in ref.kommunbas and p.namnd in ref.namnder and p.verksamhet in ref.namnd_verksamheter[p.namnd]
               for p in res.utfall)


def test_reading_sie_or_csv_does_not_import_pydantic_and_validate_does_not_import_utfall() -> None:
    code = ("import sys, xltools.utfall.sie, xltools.utfall.sie_write, xltools.utfall.csv_export, xltools.utfall.rows; "
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys, xltools.validate, xltools.cli; print(sorted(m for m in sys.modules if m.startswith('xltools.utfall')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
