"""Issue 15 part 1 on the small kommun of test_kommunplan: finansiella kostnader from their sources
(each loan with its own rate per year, a loan without interest, ränta på pensionsavsättningen,
övriga), jämförelsestörande poster in the verksamhet and among the finansiella poster, and
finansförvaltningens internal items (PO-pålägg) eliminated against the nämnders' costs.

Same submissions as test_kommunplan; only ekonomi.yaml differs. The expected lines are worked out
by hand below and must match to the krona, in the JSON, in the workbook after LibreOffice has
recalculated it, and in the kommunplan document's noter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_kommunplan import KRONA, YEARS, config_errors, run_plan

from xltools.config import Config
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument

# The small kommun's 400 000 of långfristiga skulder split in three loans (same totals per year as
# test_kommunplan: UB 480 000, 510 000, 490 000).
LAN = [
    {"id": "l1", "namn": "Lån 1, rörlig ränta", "ib": 300000, "rantesats": {2027: 2.0, 2028: 2.5, 2029: 3.0},
     "amortering": {2027: 20000, 2028: 20000, 2029: 20000}},
    {"id": "l2", "namn": "Räntefritt lån", "ib": 100000, "rantesats": {2027: 0, 2028: 0, 2029: 0}},
    {"id": "l3", "namn": "Nya lån", "ib": 0, "rantesats": {2027: 4.0, 2028: 4.0, 2029: 4.0},
     "nyupplaning": {2027: 100000, 2028: 50000, 2029: 0}},
]
FF = {
    "intakter": {2027: 5000, 2028: 5000, 2029: 5000},  # external only
    "kostnader": {2027: 60000, 2028: 62000, 2029: 64000},
    "interna_intakter": {"po_palagg": {2027: 35000, 2028: 36000, 2029: 37000}},
    "finansiella_intakter": {2027: 2000, 2028: 2000, 2029: 2000},
    "ranta_pensionsavsattning": {2027: 1000, 2028: 1000, 2029: 1000},
    "ovriga_finansiella_kostnader": {2027: 0, 2028: 200, 2029: 200},
    "jamforelsestorande_poster": {2027: 3000, 2029: -2000},
    "finansiella_jamforelsestorande_poster": {2028: 500},
    "avsattningar_forandring": {2027: 2000, 2028: 2000, 2029: 3000},
}


def _eko(d: dict[str, Any]) -> None:
    d["lan"] = {"lan": LAN}
    d["finansforvaltning"] = FF


# Verksamhetens intäkter: the nämnders' external 60 000 + finansförvaltningen's external 5 000 = 65 000
# every year (PO-pålägg is no intäkt). Verksamhetens kostnader: the nämnders' external costs 1 110 000,
# 1 143 000, 1 175 000 (test_kommunplan) − PO-pålägg 35 000, 36 000, 37 000 + finansförvaltningen 60 000,
# 62 000, 64 000 = 1 135 000, 1 169 000, 1 202 000.
# Räntor: l1 2 % × (300 000 + 280 000)/2 = 5 800; 2,5 % × (280 000 + 260 000)/2 = 6 750; 3 % × (260 000 +
# 240 000)/2 = 7 500. l2 0. l3 4 % × (0 + 100 000)/2 = 2 000; × (100 000 + 150 000)/2 = 5 000; × 150 000 = 6 000.
# Finansiella kostnader = räntor + pension 1 000 + övriga: 7 800 + 1 000 = 8 800; 11 750 + 1 200 = 12 950;
# 13 500 + 1 200 = 14 700.
RESULTAT = {
    2027: {"verksamhetens_intakter": 65000, "verksamhetens_kostnader": -1135000, "avskrivningar": -30000,
           "jamforelsestorande_poster": 3000, "verksamhetens_nettokostnader": -1097000,
           "verksamhetens_resultat": 103000, "finansiella_intakter": 2000, "finansiella_kostnader": -8800,
           "finansiella_jamforelsestorande_poster": 0, "resultat_efter_finansiella_poster": 96200,
           "arets_resultat": 96200},
    2028: {"verksamhetens_intakter": 65000, "verksamhetens_kostnader": -1169000, "avskrivningar": -31000,
           "jamforelsestorande_poster": 0, "verksamhetens_nettokostnader": -1135000,
           "verksamhetens_resultat": 105000, "finansiella_intakter": 2000, "finansiella_kostnader": -12950,
           "finansiella_jamforelsestorande_poster": 500, "resultat_efter_finansiella_poster": 94550,
           "arets_resultat": 94550},
    2029: {"verksamhetens_intakter": 65000, "verksamhetens_kostnader": -1202000, "avskrivningar": -35000,
           "jamforelsestorande_poster": -2000, "verksamhetens_nettokostnader": -1174000,
           "verksamhetens_resultat": 106000, "finansiella_intakter": 2000, "finansiella_kostnader": -14700,
           "finansiella_jamforelsestorande_poster": 0, "resultat_efter_finansiella_poster": 93300,
           "arets_resultat": 93300},
}
NOTER = {
    2027: {"finansforvaltning_intakter": 5000, "eliminerat_po_palagg": 35000, "eliminerat_internranta": 0,
           "rantekostnad": 7800, "ranta_pensionsavsattning": 1000, "ovriga_finansiella_kostnader": 0},
    2028: {"eliminerat_po_palagg": 36000, "rantekostnad": 11750, "ovriga_finansiella_kostnader": 200},
    2029: {"eliminerat_po_palagg": 37000, "rantekostnad": 13500, "langfristiga_skulder_ub": 490000},
}
RANTOR = {2027: [5800, 0, 2000], 2028: [6750, 0, 5000], 2029: [7500, 0, 6000]}


@pytest.fixture(scope="module")
def finans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_plan(tmp_path_factory.mktemp("finansnetto"), _eko)


@pytest.mark.parametrize("year", YEARS)
def test_resultatbudget_with_finansnetto_from_its_sources(finans: dict[str, Any], year: int) -> None:
    assert finans["result"].exit_code == 0, finans["result"].output
    rr, noter = finans["json"]["resultatbudget"][str(year)], finans["json"]["resultatbudget_noter"][str(year)]
    for line, expected in RESULTAT[year].items():
        assert abs(rr[line] - expected) <= KRONA, (year, line, rr[line], expected)
    for line, expected in NOTER[year].items():
        assert abs(noter[line] - expected) <= KRONA, (year, line, noter[line], expected)
    loans = finans["json"]["lan"][str(year)]
    assert [ln["id"] for ln in loans] == ["l1", "l2", "l3"]
    assert [ln["ranta"] for ln in loans] == RANTOR[year]
    assert sum(ln["ub"] for ln in loans) == finans["json"]["balansbudget"][str(year)]["langfristiga_skulder"]


def test_every_kontroll_holds_with_the_new_lines(finans: dict[str, Any]) -> None:
    kontroller = finans["json"]["kontroller"]
    failed = {k["id"] for k in kontroller if not k["ok"]}
    assert all(k.startswith(("DOK-", "DOKV-", "RM-")) for k in failed), failed
    ids = {k["id"] for k in kontroller}
    for y in YEARS:  # the identities that carry the new lines, and the control totals from the documents
        assert {f"RR1-{y}", f"RR3-{y}", f"DR1-{y}", f"BR7-{y}", f"KS-VI-{y}", f"KS-VK-{y}"} <= ids


def test_workbook_recalculated_shows_the_new_lines(finans: dict[str, Any], tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook
    from support.libreoffice import assert_formulas_recalculate, recalc

    book = finans["out"] / "kommunplan-2027.xlsx"
    (again,) = recalc([book], tmp_path / "lo")
    assert assert_formulas_recalculate(book, again) > 150
    rows = CalamineWorkbook.from_path(str(again)).get_sheet_by_name("Resultatbudget").to_python()
    shown = {r[0]: r[2:5] for r in rows if r and isinstance(r[0], str)}
    assert shown["Jämförelsestörande poster"] == pytest.approx([3000, 0, -2000])
    assert shown["Jämförelsestörande finansiella poster"] == pytest.approx([0, 500, 0])
    assert shown["Finansiella kostnader"] == pytest.approx([-8800, -12950, -14700])
    assert shown["Verksamhetens intäkter"] == pytest.approx([65000, 65000, 65000])
    assert shown["Avgår: PO-pålägg till finansförvaltningen (elimineras)"] == pytest.approx([35000, 36000, 37000])
    assert shown["Räntekostnader på långfristiga lån (räntesats × genomsnittlig skuld)"] == pytest.approx(
        [7800, 11750, 13500])
    assert shown["Lån 1, rörlig ränta (2 / 2,5 / 3 %)"] == pytest.approx([5800, 6750, 7500])
    assert shown["Årets resultat"] == pytest.approx([96200, 94550, 93300])


def test_document_noter_show_each_loan_and_the_eliminations(finans: dict[str, Any]) -> None:
    config: Config = finans["config"]
    doc = kommunplan_dokument(finans["json"], Names.of(config))
    noter = next(t for t in doc.tables() if t.key == "noter")
    texts = {r.cells[0].text: [c.text.replace("\xa0", " ") for c in r.cells[1:]] for r in noter.rows}
    assert texts["därav Nya lån (räntesats 4, 4, 4 %)"] == ["−2 000", "−5 000", "−6 000"]
    assert texts["därav Räntefritt lån (räntesats 0, 0, 0 %)"] == ["0", "0", "0"]
    assert texts["Ränta på pensionsavsättningen"] == ["−1 000", "−1 000", "−1 000"]
    assert texts["Avgår: PO-pålägg till finansförvaltningen (elimineras)"] == ["35 000", "36 000", "37 000"]
    assert texts["Finansiella kostnader enligt resultatbudgeten"] == ["−8 800", "−12 950", "−14 700"]
    rr = next(t for t in doc.tables() if t.key == "resultatbudget")
    labels = [r.cells[0].text for r in rr.rows]
    assert labels.index("Jämförelsestörande poster") < labels.index("Verksamhetens nettokostnader")
    assert (labels.index("Finansiella kostnader") < labels.index("Jämförelsestörande finansiella poster")
            < labels.index("Resultat efter finansiella poster"))


@pytest.mark.parametrize(("change", "key", "words"), [
    (lambda d: d["lan"]["lan"][0].update(ib=250000), "lan.lan", "ska vara lika med"),
    (lambda d: d["lan"]["lan"][1]["rantesats"].pop(2028), "lan.lan.1.rantesats", "räntesats saknas för år 2028"),
    (lambda d: d["lan"]["lan"][2]["rantesats"].update({2029: 25}), "lan.lan.2.rantesats.2029", "0–20 %"),
    (lambda d: d["lan"].update(amortering={2027: 1000}), "lan", "inte både per lån"),
    (lambda d: d["finansforvaltning"]["interna_intakter"].update(hyra={2027: 1}),
     "finansforvaltning.interna_intakter.hyra", "okänt slag 'hyra'"),
    (lambda d: d["finansforvaltning"]["ranta_pensionsavsattning"].update({2031: 1}),
     "finansforvaltning.ranta_pensionsavsattning.2031", "utanför planperioden"),
])
def test_config_errors_name_the_key(finans: dict[str, Any], tmp_path: Path, change: Any, key: str,
                                    words: str) -> None:
    errors = config_errors(finans["config_dir"], tmp_path / "config", change)
    hits = [e for e in errors if e.key == key]
    assert hits and words in str(hits[0]), [str(e) for e in errors]
