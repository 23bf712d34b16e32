"""Issue 15 parts 3 and 4 on the small kommun of test_kommunplan: the balansbudget per LKBR and the
kassaflödesbudget per RKR with every new line, worked out by hand below.

Same submissions as test_kommunplan; only ekonomi.yaml differs: existing assets split by slag with
their own befintliga avskrivningar, the halvår convention for new investments, förråd and
exploateringsfastigheter apart, bidrag till statlig infrastruktur, a loan to a bolag, a sale at a
gain and one at a loss, investeringsinkomster (förutbetalda among långfristiga skulder), avsättningar
gjorda and ianspråktagna, rörelsekapital changing, and the ansvarsförbindelser (pensions-
förpliktelser före 1998, borgen per bolag). The figures must match to the krona in the JSON, in the
workbook after LibreOffice has recalculated it, and in the kommunplan document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_kommunplan import KRONA, YEARS, config_errors, run_plan

from xltools.config import Config
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument

# The opening balance: 1 151 000 on both sides, as in test_kommunplan, with förråd m.m. split, 5 000 of
# kassan in bidrag till statlig infrastruktur, and 10 000 of förutbetalda investeringsinkomster among the
# långfristiga skulder (the loans' IB stays 400 000, so the interest is test_kommunplan's).
IB = {"immateriella_anlaggningstillgangar": 1000, "mark_byggnader_och_tekniska_anlaggningar": 800000,
      "maskiner_och_inventarier": 100000, "finansiella_anlaggningstillgangar": 50000,
      "bidrag_till_statlig_infrastruktur": 5000, "forrad": 4000, "exploateringsfastigheter": 6000,
      "fordringar": 90000, "kortfristiga_placeringar": 20000, "kassa_och_bank": 75000, "eget_kapital": 600000,
      "avsattningar_for_pensioner": 40000, "andra_avsattningar": 10000, "langfristiga_skulder": 410000,
      "kortfristiga_skulder": 91000}
EKONOMI = {
    "befintliga_avskrivningar_per_slag": {"immateriella_anlaggningstillgangar": {2027: 200, 2028: 200, 2029: 200},
                                          "maskiner_och_inventarier": {2027: 9000, 2028: 8800, 2029: 8600}},
    "avskrivning": {"start": "halvar"},
    "forsaljningar": [
        {"ar": 2028, "namn": "Tomt vid torget", "slag": "mark_byggnader_och_tekniska_anlaggningar", "inkomst": 3000,
         "bokfort_varde": 1000},
        {"ar": 2029, "namn": "Hjullastare", "slag": "maskiner_och_inventarier", "inkomst": 500, "bokfort_varde": 800}],
    "investeringsinkomster": {"ingaende_balans": 10000, "inbetalningar": {2027: 4000, 2029: 1000},
                              "upplosning": {2027: 400, 2028: 500, 2029: 500}},
    "bidrag_till_statlig_infrastruktur": {"utbetalningar": {2028: 2000}, "upplosning": {2027: 200, 2028: 200, 2029: 300}},
    "avsattningar": {"pensioner": {"gjorda": {2027: 3000, 2028: 3000, 2029: 4000},
                                   "ianspraktagna": {2027: 1000, 2028: 1000, 2029: 1000}},
                     "andra": {"gjorda": {2028: 500}, "ianspraktagna": {2027: 1000, 2029: 500}}},
    "rorelsekapital": {"forrad": {2027: 500}, "exploateringsfastigheter": {2027: 2000, 2028: -3000},
                       "fordringar": {2027: 1000, 2028: 1000, 2029: -2000},
                       "kortfristiga_placeringar": {2029: -5000},
                       "kortfristiga_skulder": {2027: 1500, 2029: 500}},
    "lan_till_bolag": [{"bolag": "morastrand", "ib": 20000, "utlaning": {2028: 10000},
                        "amortering": {2027: 1000, 2028: 1000, 2029: 1500}}],
    "ansvarsforbindelser": {
        "pensionsforpliktelser": {"ingaende_balans": 200000, "okning": {2027: 5000, 2028: 5000, 2029: 5000},
                                  "minskning": {2027: 12000, 2028: 12500, 2029: 13000}},
        "borgen": [{"bolag": "morastrand", "ingaende_balans": 300000, "okning": {2027: 50000},
                    "minskning": {2027: 10000, 2028: 10000, 2029: 10000}},
                   {"namn": "Bostadsrättsföreningar", "ingaende_balans": 1000,
                    "minskning": {2027: 100, 2028: 100, 2029: 100}}]},
}


def _eko(d: dict[str, Any]) -> None:
    d["ingaende_balans"] = {"ar": 2026, "typ": "prognos", **IB}
    d["finansforvaltning"].pop("avsattningar_forandring")  # given as gjorda and ianspråktagna instead
    d.update(json.loads(json.dumps(EKONOMI)))


# Nya avskrivningar, halvår (half the annual amount in the aktiveringsår): P1 (33 000 / 33, aktiverad 2027,
# mark) 500, 1 000, 1 000; P3 (5 000 / 5, 2027, immateriella) 500, 1 000, 1 000; P2 (30 000 / 30, 2028, mark)
# 0, 500, 1 000; K1 (16 000 / 4, 2028, maskiner) 0, 2 000, 4 000 -> 1 000, 4 500, 7 000.
# Avskrivningar = befintliga 30 000, 29 000, 28 000 + nya + upplösning av infrastrukturbidraget 200, 200, 300.
# Verksamhetens intäkter = test_kommunplan's 100 000, 101 000, 102 000 + realisationsvinst (3 000 − 1 000 in
# 2028) + upplösning av investeringsinkomster 400, 500, 500. Kostnader + realisationsförlust 300 (800 − 500, 2029).
RESULTAT = {
    2027: {"verksamhetens_intakter": 100400, "verksamhetens_kostnader": -1170000, "avskrivningar": -31200,
           "verksamhetens_nettokostnader": -1100800, "verksamhetens_resultat": 99200, "finansiella_kostnader": -8800,
           "arets_resultat": 92400},
    2028: {"verksamhetens_intakter": 103500, "verksamhetens_kostnader": -1205000, "avskrivningar": -33700,
           "verksamhetens_nettokostnader": -1135200, "verksamhetens_resultat": 104800, "finansiella_kostnader": -9900,
           "arets_resultat": 96900},
    2029: {"verksamhetens_intakter": 102500, "verksamhetens_kostnader": -1239300, "avskrivningar": -35300,
           "verksamhetens_nettokostnader": -1172100, "verksamhetens_resultat": 107900, "finansiella_kostnader": -10000,
           "arets_resultat": 99900},
}
NOTER = {
    2027: {"realisationsvinster": 0, "realisationsforluster": 0, "upplosning_investeringsinkomster": 400,
           "upplosning_bidrag_statlig_infrastruktur": 200, "avskrivningar_befintliga": 30000, "avskrivningar_nya": 1000,
           "langfristiga_skulder_ib": 400000},
    2028: {"realisationsvinster": 2000, "realisationsforluster": 0, "upplosning_investeringsinkomster": 500,
           "upplosning_bidrag_statlig_infrastruktur": 200, "avskrivningar_nya": 4500},
    2029: {"realisationsvinster": 0, "realisationsforluster": 300, "upplosning_investeringsinkomster": 500,
           "upplosning_bidrag_statlig_infrastruktur": 300, "avskrivningar_nya": 7000, "langfristiga_skulder_ub": 490000},
}
# Löpande: årets resultat + avskrivningar + avsättningar (pensioner 3 000 − 1 000, 3 000 − 1 000, 4 000 − 1 000;
# andra −1 000, +500, −500) − realisationsvinst + -förlust − upplösta investeringsinkomster; rörelsekapitalet:
# −(förråd 500 + exploatering 2 000), −fordringar 1 000, +kortfristiga skulder 1 500 in 2027 ...; 2029 sells
# 5 000 of the kortfristiga placeringar into kassan (+5 000).
# Investering: −53 000, −23 000, −4 000 + investeringsinkomster 4 000, 0, 1 000 + försäljning 0, 3 000, 500.
# Finansiering: lån 100 000, 50 000, 0 − amortering 20 000 − utlåning (10 000 in 2028) + amortering från bolaget
# 1 000, 1 000, 1 500. Infrastrukturbidrag −2 000 in 2028. Likvida medel 75 000 -> 229 200 -> 360 800 -> 484 800.
KASSAFLODE = {
    2027: {"arets_resultat": 92400, "justering_for_avskrivningar": 31200, "justering_for_avsattningar": 1000,
           "justering_for_ovriga_ej_likvida_poster": -400, "medel_fran_verksamheten": 124200,
           "forandring_forrad_och_exploatering": -2500, "forandring_fordringar": -1000,
           "forandring_kortfristiga_skulder": 1500, "forandring_av_rorelsekapital": -2000, "lopande_verksamhet": 122200,
           "investering_immateriella": -5000, "investering_materiella": -48000, "investeringsinkomster": 4000,
           "forsaljning_av_anlaggningstillgangar": 0, "investeringsverksamhet": -49000, "nyupptagna_lan": 100000,
           "amortering_av_skuld": -20000, "utlaning_till_bolag": 0, "amortering_av_lan_till_bolag": 1000,
           "finansieringsverksamhet": 81000, "bidrag_till_statlig_infrastruktur": 0, "arets_kassaflode": 154200,
           "likvida_medel_vid_arets_borjan": 75000, "likvida_medel_vid_arets_slut": 229200},
    2028: {"justering_for_avsattningar": 2500, "justering_for_ovriga_ej_likvida_poster": -2500,
           "medel_fran_verksamheten": 130600, "forandring_forrad_och_exploatering": 3000,
           "forandring_av_rorelsekapital": 2000, "lopande_verksamhet": 132600, "investering_materiella": -23000,
           "forsaljning_av_anlaggningstillgangar": 3000, "investeringsverksamhet": -20000,
           "utlaning_till_bolag": -10000, "finansieringsverksamhet": 21000, "bidrag_till_statlig_infrastruktur": -2000,
           "arets_kassaflode": 131600, "likvida_medel_vid_arets_slut": 360800},
    2029: {"justering_for_avsattningar": 2500, "justering_for_ovriga_ej_likvida_poster": -200,
           "medel_fran_verksamheten": 137500, "forandring_fordringar": 2000,
           "forandring_kortfristiga_placeringar": 5000, "forandring_kortfristiga_skulder": 500,
           "forandring_av_rorelsekapital": 7500, "lopande_verksamhet": 145000, "investeringsinkomster": 1000,
           "forsaljning_av_anlaggningstillgangar": 500, "investeringsverksamhet": -2500,
           "amortering_av_lan_till_bolag": 1500, "finansieringsverksamhet": -18500, "arets_kassaflode": 124000,
           "likvida_medel_vid_arets_slut": 484800},
}
# Each slag: IB + investeringar − befintliga − nya avskrivningar − bokfört värde sålt. Immateriella 1 000 + 5 000
# − 200 − 500 = 5 300 ... Mark 800 000 + 48 000 − 20 800 (30 000 − 200 − 9 000) − 500 = 826 700; + 15 000 − 20 000
# − 1 500 − 1 000 = 819 200; − 19 200 − 2 000 = 798 000. Maskiner 100 000 − 9 000 = 91 000; + 8 000 − 8 800
# − 2 000 = 88 200; + 4 000 − 8 600 − 4 000 − 800 = 78 800. Långfristiga skulder = lånen (test_kommunplan) +
# förutbetalda 10 000 + 4 000 − 400 = 13 600, 13 100, 13 600.
BALANS = {
    2027: {"immateriella_anlaggningstillgangar": 5300, "mark_byggnader_och_tekniska_anlaggningar": 826700,
           "maskiner_och_inventarier": 91000, "materiella_anlaggningstillgangar": 917700,
           "finansiella_anlaggningstillgangar": 49000, "summa_anlaggningstillgangar": 972000,
           "bidrag_till_statlig_infrastruktur": 4800, "forrad": 4500, "exploateringsfastigheter": 8000,
           "forrad_och_exploatering": 12500, "fordringar": 91000, "kassa_och_bank": 229200,
           "summa_omsattningstillgangar": 352700, "summa_tillgangar": 1329500, "eget_kapital": 692400,
           "avsattningar_for_pensioner": 42000, "andra_avsattningar": 9000, "avsattningar": 51000,
           "langfristiga_skulder": 493600, "kortfristiga_skulder": 92500, "skulder": 586100,
           "summa_eget_kapital_avsattningar_och_skulder": 1329500, "pensionsforpliktelser_fore_1998": 193000,
           "borgensforbindelser": 340900},
    2028: {"immateriella_anlaggningstillgangar": 4100, "mark_byggnader_och_tekniska_anlaggningar": 819200,
           "maskiner_och_inventarier": 88200, "finansiella_anlaggningstillgangar": 58000,
           "summa_anlaggningstillgangar": 969500, "bidrag_till_statlig_infrastruktur": 6600,
           "exploateringsfastigheter": 5000, "forrad_och_exploatering": 9500, "fordringar": 92000,
           "kassa_och_bank": 360800, "summa_tillgangar": 1458400, "eget_kapital": 789300, "avsattningar": 53500,
           "andra_avsattningar": 9500, "langfristiga_skulder": 523100, "kortfristiga_skulder": 92500,
           "summa_eget_kapital_avsattningar_och_skulder": 1458400, "pensionsforpliktelser_fore_1998": 185500,
           "borgensforbindelser": 330800},
    2029: {"immateriella_anlaggningstillgangar": 2900, "mark_byggnader_och_tekniska_anlaggningar": 798000,
           "maskiner_och_inventarier": 78800, "finansiella_anlaggningstillgangar": 56500,
           "bidrag_till_statlig_infrastruktur": 6300, "fordringar": 90000, "kortfristiga_placeringar": 15000,
           "kassa_och_bank": 484800, "summa_omsattningstillgangar": 599300, "summa_tillgangar": 1541800,
           "eget_kapital": 889200,
           "avsattningar_for_pensioner": 47000, "andra_avsattningar": 9000, "langfristiga_skulder": 503600,
           "kortfristiga_skulder": 93000, "summa_eget_kapital_avsattningar_och_skulder": 1541800,
           "pensionsforpliktelser_fore_1998": 177500, "borgensforbindelser": 320700},
}
BORGEN = {2027: [340000, 900], 2028: [330000, 800], 2029: [320000, 700]}


@pytest.fixture(scope="module")
def bb(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_plan(tmp_path_factory.mktemp("balansbudget"), _eko)


def _check(got: dict[str, Any], want: dict[str, float], what: Any) -> None:
    for line, expected in want.items():
        assert abs(got[line] - expected) <= KRONA, (what, line, got[line], expected)


@pytest.mark.parametrize("year", YEARS)
def test_statements_match_hand_computation(bb: dict[str, Any], year: int) -> None:
    assert bb["result"].exit_code == 0, bb["result"].output
    data = bb["json"]
    y = str(year)
    _check(data["resultatbudget"][y], RESULTAT[year], ("RR", year))
    _check(data["resultatbudget_noter"][y], NOTER[year], ("noter", year))
    _check(data["kassaflodesbudget"][y], KASSAFLODE[year], ("KF", year))
    _check(data["balansbudget"][y], BALANS[year], ("BR", year))
    assert [b["ub"] for b in data["ansvarsforbindelser"][y]["borgen"]] == BORGEN[year]


def test_rolls_in_the_json(bb: dict[str, Any]) -> None:
    data = bb["json"]
    assert data["avskrivningsprincip"] == {"start": "halvar", "aktiveringsmanad": 12}
    assert data["ingaende_balans"]["poster"]["forrad_och_exploatering"] == 10000
    assert data["ingaende_balans"]["poster"]["borgensforbindelser"] == 301000
    mark = data["anlaggningstillgangar"]["2028"]["mark_byggnader_och_tekniska_anlaggningar"]
    assert mark == {"ib": 826700, "investeringar": 15000, "avskrivningar_befintliga": 20000, "avskrivningar_nya": 1500,
                    "forsaljning": 1000, "ub": 819200}
    assert data["avsattningar"]["2029"]["andra"] == {"ib": 9500, "gjorda": 0, "ianspraktagna": 500, "ub": 9000}
    assert data["ansvarsforbindelser"]["2027"]["pensionsforpliktelser"] == {"ib": 200000, "okning": 5000,
                                                                            "minskning": 12000, "ub": 193000}
    borgen = data["ansvarsforbindelser"]["2027"]["borgen"]
    assert [(b["id"], b["namn"], b["bolag"]) for b in borgen] == [
        ("morastrand", "Morastrand AB", "morastrand"), ("borgen_2", "Bostadsrättsföreningar", None)]
    assert data["lan_till_bolag"]["2028"] == [{"bolag": "morastrand", "namn": "Morastrand AB", "ib": 19000,
                                               "utlaning": 10000, "amortering": 1000, "ub": 28000}]
    # The balanskravsutredning deducts the sale's realisationsvinst.
    assert data["balanskrav"]["2028"]["realisationsvinster"] == -2000
    assert data["balanskrav"]["2028"]["balanskravsresultat"] == 94900


def test_every_identity_holds_and_is_proven(bb: dict[str, Any]) -> None:
    kontroller = bb["json"]["kontroller"]
    failed = {k["id"] for k in kontroller if not k["ok"]}
    assert all(k.startswith(("DOK-", "DOKV-", "RM-")) for k in failed), failed
    ids = {k["id"] for k in kontroller}
    for y in YEARS:
        assert {f"{r}-{y}" for r in ("BR5", "BR6", "BR7", "BR9", "BR10", "BR11", "AF1", "KF1", "KF2", "KF3", "KF4",
                                     "KF5", "INV1", "DR1", "KS-VI", "KS-VK")} <= ids
        assert {f"BR12-{s}-{y}" for s in ("immateriella_anlaggningstillgangar", "maskiner_och_inventarier",
                                          "mark_byggnader_och_tekniska_anlaggningar")} <= ids
    assert {k["regel"] for k in kontroller if k["id"].startswith("BR12-")} == {"BR12"}


def test_a_broken_roll_is_caught(bb: dict[str, Any]) -> None:
    """The identities are recomputed from the config, so a statement that drops a movement fails one."""
    import dataclasses

    from xltools.consolidate import kontroller
    from xltools.jobs.kommunplan import consolidate

    plan = consolidate(bb["subs"], bb["config"])
    assert all(k.ok for k in plan.kontroller if k.regel in ("BR9", "BR11", "KF1", "AF1"))
    br = {y: dict(v) for y, v in plan.br.items()}
    br[2028]["finansiella_anlaggningstillgangar"] = (br[2028]["finansiella_anlaggningstillgangar"] or 0) - 10_000_000
    br[2029]["borgensforbindelser"] = (br[2029]["borgensforbindelser"] or 0) + 1000
    failed = {k.id for k in kontroller.run(dataclasses.replace(plan, br=br)) if not k.ok}
    assert {"BR9-2028", "BR9-2029", "AF1-2029"} <= failed


def test_workbook_recalculated_shows_every_new_line(bb: dict[str, Any], tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook
    from support.libreoffice import assert_formulas_recalculate, recalc

    book = bb["out"] / "kommunplan-2027.xlsx"
    (again,) = recalc([book], tmp_path / "lo")
    assert assert_formulas_recalculate(book, again) > 250
    wb = CalamineWorkbook.from_path(str(again))
    br = wb.get_sheet_by_name("Balansbudget").to_python()
    shown: dict[str, list[Any]] = {}
    for r in br:
        if r and isinstance(r[0], str) and r[0] not in shown:
            shown[r[0]] = r[1:5]
    assert shown["Mark, byggnader och tekniska anläggningar"] == pytest.approx([800000, 826700, 819200, 798000])
    assert shown["Maskiner och inventarier"] == pytest.approx([100000, 91000, 88200, 78800])
    assert shown["Immateriella anläggningstillgångar"] == pytest.approx([1000, 5300, 4100, 2900])
    assert shown["Finansiella anläggningstillgångar"] == pytest.approx([50000, 49000, 58000, 56500])
    assert shown["Bidrag till statlig infrastruktur"] == pytest.approx([5000, 4800, 6600, 6300])
    assert shown["Exploateringsfastigheter"] == pytest.approx([6000, 8000, 5000, 5000])
    assert shown["Fordringar"] == pytest.approx([90000, 91000, 92000, 90000])
    assert shown["Kortfristiga placeringar"] == pytest.approx([20000, 20000, 20000, 15000])
    assert shown["Kortfristiga skulder"] == pytest.approx([91000, 92500, 92500, 93000])
    assert shown["Andra avsättningar"] == pytest.approx([10000, 9000, 9500, 9000])
    assert shown["SUMMA TILLGÅNGAR"] == pytest.approx([1151000, 1329500, 1458400, 1541800])
    assert shown["Borgensförbindelser"] == pytest.approx([301000, 340900, 330800, 320700])
    assert shown["därav Morastrand AB"] == pytest.approx([300000, 340000, 330000, 320000])
    assert shown["Pensionsförpliktelser intjänade före 1998, inkl. löneskatt"] == pytest.approx(
        [200000, 193000, 185500, 177500])
    kf = {r[0]: r[1:4] for r in wb.get_sheet_by_name("Kassaflödesbudget").to_python() if r and isinstance(r[0], str)}
    assert kf["Justering för övriga ej likviditetspåverkande poster"] == pytest.approx([-400, -2500, -200])
    assert kf["Förändring av rörelsekapital"] == pytest.approx([-2000, 2000, 7500])
    assert kf["Ökning (−)/minskning (+) av kortfristiga placeringar"] == pytest.approx([0, 0, 5000])
    assert kf["Försäljning av anläggningstillgångar"] == pytest.approx([0, 3000, 500])
    assert kf["Amortering av lån till bolag"] == pytest.approx([1000, 1000, 1500])
    assert kf["Utbetalda bidrag till statlig infrastruktur"] == pytest.approx([0, -2000, 0])
    assert kf["Likvida medel vid årets slut"] == pytest.approx([229200, 360800, 484800])
    rr = {r[0]: r[2:5] for r in wb.get_sheet_by_name("Resultatbudget").to_python() if r and isinstance(r[0], str)}
    assert rr["Avskrivningar"] == pytest.approx([-31200, -33700, -35300])
    assert rr["Realisationsförluster vid försäljning av anläggningstillgångar"] == pytest.approx([0, 0, 300])


def test_document_shows_the_balansbudget_with_borgen_and_notes(bb: dict[str, Any]) -> None:
    config: Config = bb["config"]
    doc = kommunplan_dokument(bb["json"], Names.of(config))
    tables = {t.key: t for t in doc.tables()}
    # the ingående balans and the plan years: the last four columns (after the comparison columns)
    br = {r.cells[0].text: [c.text.replace("\xa0", " ") for c in r.cells[-4:]] for r in tables["balansbudget"].rows}
    assert br["Exploateringsfastigheter"] == ["6 000", "8 000", "5 000", "5 000"]
    assert br["därav Morastrand AB"] == ["300 000", "340 000", "330 000", "320 000"]
    assert br["Bidrag till statlig infrastruktur"] == ["5 000", "4 800", "6 600", "6 300"]
    kf = {r.cells[0].text: [c.text.replace("\xa0", " ") for c in r.cells[-3:]]
          for r in tables["kassaflodesbudget"].rows}
    assert kf["Utlåning till bolag"] == ["0", "−10 000", "0"]
    assert kf["Ökning (−)/minskning (+) av kortfristiga placeringar"] == ["0", "0", "5 000"]
    assert br["Kortfristiga placeringar"] == ["20 000", "20 000", "20 000", "15 000"]
    noter = [(r.cells[0].text, [c.text.replace("\xa0", " ") for c in r.cells[1:]])
             for r in tables["balansbudget-noter"].rows]
    mark = [label for label, _ in noter].index("Mark, byggnader och tekniska anläggningar")
    assert noter[mark + 1:mark + 7] == [
        ("Ingående värde", ["800 000", "826 700", "819 200"]), ("Investeringar", ["48 000", "15 000", "0"]),
        ("Avgår: avskrivningar på befintliga tillgångar", ["−20 800", "−20 000", "−19 200"]),
        ("Avgår: avskrivningar på nya investeringar", ["−500", "−1 500", "−2 000"]),
        ("Avgår: bokfört värde av sålda tillgångar", ["0", "−1 000", "0"]),
        ("Utgående värde", ["826 700", "819 200", "798 000"])]
    lan = [label for label, _ in noter].index("Lån till Morastrand AB")
    assert noter[lan + 4] == ("Utgående värde", ["19 000", "28 000", "26 500"])
    assert "halvår" in tables["balansbudget-noter"].note


def test_bilaga_shows_the_statements(bb: dict[str, Any]) -> None:
    html = (bb["out"] / "bilagor" / "finansiella-rapporter.html").read_text(encoding="utf-8")
    for text in ("Panter och ansvarsförbindelser", "Morastrand AB", "Exploateringsfastigheter",
                 "Investeringsbidrag och anslutningsavgifter", "826\u00a0700", "−10\u00a0000", "halvår"):
        assert text.lower() in html.lower(), text


@pytest.mark.parametrize(("change", "key", "words"), [
    (lambda d: d["befintliga_avskrivningar_per_slag"].update(fordon={2027: 1}),
     "befintliga_avskrivningar_per_slag.fordon", "okänt tillgångsslag"),
    (lambda d: d["befintliga_avskrivningar_per_slag"]["maskiner_och_inventarier"].update({2027: 40000}),
     "befintliga_avskrivningar_per_slag", "rymmas i befintliga_avskrivningar 2027"),
    (lambda d: d["finansforvaltning"].update(avsattningar_forandring={2027: 1}), "avsattningar.pensioner", "inte båda"),
    (lambda d: d["ingaende_balans"].update(forrad_och_exploatering=1), "ingaende_balans.forrad_och_exploatering",
     "inte båda"),
    (lambda d: d["ansvarsforbindelser"]["borgen"][0].update(bolag="finns_inte"), "ansvarsforbindelser.borgen[0].bolag",
     "okänt bolag"),
    (lambda d: d["ansvarsforbindelser"]["borgen"][1].pop("namn"), "ansvarsforbindelser.borgen[1]",
     "antingen bolag"),
    (lambda d: d["lan_till_bolag"][0].update(ib=60000), "lan_till_bolag", "ryms inte"),
    (lambda d: d["forsaljningar"][0].update(ar=2031), "forsaljningar[0].ar", "utanför planperioden"),
    (lambda d: d["rorelsekapital"]["fordringar"].update({2030: 1}), "rorelsekapital.fordringar.2030",
     "utanför planperioden"),
    (lambda d: d["avsattningar"]["andra"]["gjorda"].update({2028: -5}), "avsattningar.andra.gjorda.2028",
     "0 eller större"),
    (lambda d: d["avskrivning"].update(start="snart"), "avskrivning.start", "otillåtet värde"),
    (lambda d: d["investeringsinkomster"].update(ingaende_balans=20000), "lan.lan", "minus investeringsinkomster"),
])
def test_config_errors_name_the_key(bb: dict[str, Any], tmp_path: Path, change: Any, key: str, words: str) -> None:
    def edit(data: dict[str, Any]) -> None:
        if key == "lan.lan":  # the loans one by one, so their IB is checked against långfristiga skulder
            data["lan"] = {"lan": [{"id": "l1", "namn": "Lån", "ib": 400000, "rantesats": dict.fromkeys(YEARS, 2.0)}]}
        change(data)

    errors = config_errors(bb["config_dir"], tmp_path / "config", edit)
    hits = [e for e in errors if e.key == key]
    assert hits and words in str(hits[0]), [str(e) for e in errors]
