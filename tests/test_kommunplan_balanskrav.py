"""Issue 15 part 2 on the small kommun of test_kommunplan: the balanskravsutredning with all its lines
(kommunallagen 11 kap.), the resultatutjämningsreserv from the config with its riktlinjer checked and
its own line in eget kapital, and negative balanskravsresultat återställda within three years.

Same submissions as test_kommunplan (årets resultat 93 200, 97 100, 100 000 tkr; skatteintäkter +
generella statsbidrag och utjämning 1 200 000, 1 240 000, 1 280 000); only ekonomi.yaml differs. The
expected lines are worked out by hand below, in the JSON, in the workbook recalculated by LibreOffice
and in the document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_kommunplan import KRONA, run_plan

from xltools.consolidate.balanskrav import FRIST, Underskott, balanskrav_per_ar
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument

BALANSKRAV = {"realisationsvinster": {2028: 5000, 2029: 110000}, "undantag": {2028: 2000},
              "orealiserade_vardepapper": {2028: -1000},
              "underskott_att_aterstalla": {2024: 30000, 2026: 5000}}
RUR = {"ingaende_balans": 50000, "reservering": {2027: 20000}, "disposition": {2029: 8000}}


def _eko(change: Any = None) -> Any:
    def edit(d: dict[str, Any]) -> None:
        d["balanskrav"] = json.loads(json.dumps(BALANSKRAV))
        d["resultatutjamningsreserv"] = json.loads(json.dumps(RUR))
        if change:
            change(d)
    return edit


# 2027: 93 200 − medel till RUR 20 000 = 73 200 (reservering högst 93 200 − 1 % × 1 200 000 = 81 200), which
# återställer 2024's 30 000 and 2026's 5 000. 2028: 97 100 − 5 000 + 2 000 − 1 000 = 93 100. 2029: 100 000 −
# 110 000 = −10 000; medel från RUR 8 000 (högst 10 000) -> −2 000, to återställa by 2032.
EXPECTED = {
    2027: {"arets_resultat": 93200, "realisationsvinster": 0, "efter_balanskravsjusteringar": 93200,
           "rur_reservering": -20000, "rur_disposition": 0, "balanskravsresultat": 73200, "rur_ib": 50000,
           "rur_ub": 70000, "aterstallt": 35000, "kvar_att_aterstalla": 0, "uppfyllt": True},
    2028: {"realisationsvinster": -5000, "undantag": 2000, "orealiserade_vardepapper": -1000,
           "aterforing_orealiserade": 0, "efter_balanskravsjusteringar": 93100, "balanskravsresultat": 93100,
           "rur_ib": 70000, "rur_ub": 70000, "aterstallt": 0, "kvar_att_aterstalla": 0},
    2029: {"realisationsvinster": -110000, "efter_balanskravsjusteringar": -10000, "rur_disposition": 8000,
           "resultatutjamningsreserv": 8000, "balanskravsresultat": -2000, "rur_ub": 62000,
           "kvar_att_aterstalla": 2000, "uppfyllt": False},
}
# Eget kapital 600 000 + årets resultat as before; of it the RUR, and övrigt = föregående eget kapital − RUR.
BALANS = {2026: (50000, 550000, 600000), 2027: (70000, 530000, 693200), 2028: (70000, 623200, 790300),
          2029: (62000, 728300, 890300)}


def _run(base: Path, change: Any = None) -> dict[str, Any]:
    out = run_plan(base, _eko(change))
    return {**out, "failed": {k["id"]: k for k in out["json"]["kontroller"] if not k["ok"]}}


@pytest.fixture(scope="module")
def bk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _run(tmp_path_factory.mktemp("balanskrav"))


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_balanskravsutredning_matches_hand_computation(bk: dict[str, Any], year: int) -> None:
    got = bk["json"]["balanskrav"][str(year)]
    for key, expected in EXPECTED[year].items():
        assert got[key] == expected if isinstance(expected, bool) else abs(got[key] - expected) <= KRONA, (key, got[key])


def test_rur_is_its_own_line_in_eget_kapital(bk: dict[str, Any]) -> None:
    data = bk["json"]
    for year, (rur, ovrigt, ek) in BALANS.items():
        br = data["ingaende_balans"]["poster"] if year == 2026 else data["balansbudget"][str(year)]
        assert (br["resultatutjamningsreserv"], br["ovrigt_eget_kapital"], br["eget_kapital"]) == (rur, ovrigt, ek)


def test_only_the_negative_balanskravsresultat_fails(bk: dict[str, Any]) -> None:
    failed = {k for k in bk["failed"] if not k.startswith(("DOK-", "DOKV-", "RM-"))}
    assert failed == {"BK-2029"}
    ok = {k["id"]: k for k in bk["json"]["kontroller"] if k["ok"]}
    assert {"BR4-2027", "BR8-2027", "BR8-2029", "RUR1-2027", "RUR2-2029", "BK2-2027", "BK2-2029"} <= set(ok)
    assert "2 000 tkr från 2029 senast 2032" in ok["BK2-2029"]["beskrivning"]


@pytest.mark.parametrize(("change", "failing", "words"), [
    (lambda d: d["resultatutjamningsreserv"]["reservering"].update({2027: 90000}), "RUR1-2027", "högst 81 200 tkr"),
    (lambda d: d["resultatutjamningsreserv"]["disposition"].update({2029: 12000}), "RUR2-2029", "högst 10 000 tkr"),
    (lambda d: d["resultatutjamningsreserv"].update(riktlinjer={"tak_procent": 5}), "RUR3-2027", "taket 60 000 tkr"),
    (lambda d: d["balanskrav"]["underskott_att_aterstalla"].update({2024: 200000}), "BK2-2027",
     "126 800 tkr från 2024 skulle ha återställts senast 2027"),
])
def test_riktlinjer_and_three_years_are_checked(tmp_path: Path, change: Any, failing: str, words: str) -> None:
    run = _run(tmp_path, change)
    assert failing in run["failed"], sorted(run["failed"])
    assert words in run["failed"][failing]["beskrivning"], run["failed"][failing]["beskrivning"]
    assert run["result"].exit_code != 0


def test_workbook_and_document_show_the_balanskravsutredning(bk: dict[str, Any], tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook
    from support.libreoffice import assert_formulas_recalculate, recalc

    book = bk["out"] / "kommunplan-2027.xlsx"
    (again,) = recalc([book], tmp_path / "lo")
    assert assert_formulas_recalculate(book, again) > 150
    wb = CalamineWorkbook.from_path(str(again))
    rr = {r[0]: r[2:5] for r in wb.get_sheet_by_name("Resultatbudget").to_python() if r and isinstance(r[0], str)}
    assert rr["Årets resultat efter balanskravsjusteringar"] == pytest.approx([93200, 93100, -10000])
    assert rr["Medel från resultatutjämningsreserv"] == pytest.approx([0, 0, 8000])
    assert rr["Balanskravsresultat"] == pytest.approx([73200, 93100, -2000])
    assert rr["Resultatutjämningsreserv vid årets slut"] == pytest.approx([70000, 70000, 62000])
    br = {r[0]: r[1:5] for r in wb.get_sheet_by_name("Balansbudget").to_python() if r and isinstance(r[0], str)}
    assert br["Resultatutjämningsreserv"] == pytest.approx([50000, 70000, 70000, 62000])
    assert br["Övrigt eget kapital"] == pytest.approx([550000, 530000, 623200, 728300])
    doc = kommunplan_dokument(bk["json"], Names.of(bk["config"]))
    t = next(t for t in doc.tables() if t.key == "balanskrav")
    texts = {r.cells[0].text: [c.text.replace("\xa0", " ") for c in r.cells[1:]] for r in t.rows}
    assert texts["Medel till resultatutjämningsreserv"] == ["−20 000", "0", "0"]
    assert texts["Vinster (−) och förluster (+) enligt undantagsmöjlighet"] == ["0", "2 000", "0"]
    assert texts["Negativa balanskravsresultat kvar att återställa (inom tre år)"] == ["0", "0", "2 000"]
    bb = next(t for t in doc.tables() if t.key == "balansbudget")
    assert any(r.cells[0].text == "Resultatutjämningsreserv" for r in bb.rows)


def test_balanskrav_per_ar_covers_the_oldest_underskott_first(bk: dict[str, Any]) -> None:
    """The module on its own: 2024's and 2026's underskott, then a negative year and a positive one."""
    per_ar = balanskrav_per_ar(bk["config"], {2027: 30000 * 1000, 2028: -4000 * 1000, 2029: 3000 * 1000})
    assert per_ar[2027].aterstallt == 30000 * 1000 - 20000 * 1000  # after medel till RUR 20 000
    assert per_ar[2027].kvar == (Underskott(2024, 20000 * 1000), Underskott(2026, 5000 * 1000))
    assert per_ar[2027].for_sent == (Underskott(2024, 20000 * 1000),)  # 2024 + 3 = 2027 has run out
    assert FRIST == 3 and per_ar[2028].kvar[-1].senast == 2031
