"""The kommun's own prognos (uppfoljning/kommunen.py) for a small kommun of three nämnder, by hand.

ks and sn hand in real follow-up workbooks (written by the template writer, read back by the real
reader); tn hands in nothing, so it counts with its budget. The resultaträkning, balanskravs-
utredning, financial goals, balansräkning, kassaflöde and the bedömning of god ekonomisk
hushållning are worked out in the comments below and must match to the krona; every identity is
a registered kontroll that holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from support.uppfoljning import follow_up

from xltools.cli import cli
from xltools.config import Config, load_config
from xltools.consolidate.model import Kontroll, identitet
from xltools.findings import Loc, Severity
from xltools.forms.period import Period
from xltools.rules import RULES
from xltools.uppfoljning.kommunen import BR_LINES, RR_LINES, SHEET, poster_for, skatteprognos_for

ROOT = Path(__file__).resolve().parents[2]
KEEP = ("ks", "tn", "sn")
DRIFT = {"ks": {"100": 10000, "920": 40000}, "tn": {"250": 20000, "800": 10000},
         "sn": {"500": 500000, "505": 100000}}  # 680 000
UB_2025 = {"ar": 2025, "typ": "bokslut", "immateriella_anlaggningstillgangar": 0,
           "mark_byggnader_och_tekniska_anlaggningar": 400000, "maskiner_och_inventarier": 50000,
           "finansiella_anlaggningstillgangar": 20000, "forrad_och_exploatering": 5000, "fordringar": 40000,
           "kortfristiga_placeringar": 0, "kassa_och_bank": 35000, "eget_kapital": 250000,
           "avsattningar_for_pensioner": 30000, "andra_avsattningar": 5000, "langfristiga_skulder": 200000,
           "kortfristiga_skulder": 65000}  # 550 000 = 250 000 + 35 000 + 265 000
KOMMUNEN: dict[str, Any] = {
    "budget": {"skatteintakter": 600000, "generella_statsbidrag_och_utjamning": 150000, "pensionskostnader": 20000,
               "po_avvikelse": 0, "internranta_netto": 5000, "ovrigt_netto": -3000, "avskrivningar": 25000,
               "finansiella_intakter": 1000, "finansiella_kostnader": 6000, "nyupplaning": 10000, "amortering": 5000,
               "pensionsavsattning_forandring": 1000},
    "prognoser": {"2026-04": {"pensionskostnader": 21000},
                  "2026-08": {"pensionskostnader": 22000, "po_avvikelse": 1500, "avskrivningar": 24000,
                              "finansiella_kostnader": 5500, "realisationsvinster": 2000, "nyupplaning": 0}},
    "skatteprognoser": [
        {"datum": "2026-02-10", "kalla": "SKR cirkulär 26:1", "skatteintakter": 598000,
         "generella_statsbidrag_och_utjamning": 150500},
        {"datum": "2026-08-25", "kalla": "SKR cirkulär 26:2", "skatteintakter": 603000,
         "generella_statsbidrag_och_utjamning": 151000},
        {"datum": "2026-09-15", "kalla": "SKR cirkulär 26:3 (efter perioden)", "skatteintakter": 610000,
         "generella_statsbidrag_och_utjamning": 152000},
    ],
    "foregaende_ar": {"ar": 2025, "namndernas_nettokostnad": 660000, "balansrakning": UB_2025, "poster": {
        "skatteintakter": 580000, "generella_statsbidrag_och_utjamning": 145000, "pensionskostnader": 19000,
        "po_avvikelse": 500, "internranta_netto": 4800, "ovrigt_netto": -1000, "avskrivningar": 23000,
        "finansiella_intakter": 1200, "finansiella_kostnader": 5800, "investeringar": 30000}},
    "god_ekonomisk_hushallning": {"andel_verksamhetsmal": 80},
}
INVESTERINGAR = {"ks": [{"id": "K1", "namn": "Datorer", "budget": 4000, "totalutgift": 6000, "upparbetat": 1000}],
                 "tn": [{"id": "T1", "namn": "Gata", "budget": 20000}]}  # 24 000


def make_config(folder: Path, change: Any = None) -> tuple[Path, Config]:
    cfg = Path(shutil.copytree(ROOT / "config", folder))

    def edit(name: str, fn: Any) -> None:
        path = cfg / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fn(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    edit("organisation", lambda d: d.update(namnder=[n for n in d["namnder"] if n["id"] in KEEP]))
    edit("malkedja", lambda d: d.update(riktade_mal=[r for r in d["riktade_mal"] if r["namnd"] in KEEP]))
    edit("ekonomi", lambda d: d.update(ramar={n: v for n, v in d["ramar"].items() if n in KEEP},
                                       ramberedning={}))
    kommunen = json.loads(json.dumps(KOMMUNEN))
    if change:
        change(kommunen)
    (cfg / "uppfoljning.yaml").write_text(yaml.safe_dump(
        {"ar": 2026, "driftbudget": DRIFT, "riktade_mal": [], "investeringar": INVESTERINGAR, "kommunen": kommunen},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    config, errors = load_config(cfg)
    assert not errors, errors
    assert config is not None
    return cfg, config


def run(cfg: Path, folder: Path, period: str, out: Path) -> tuple[Any, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["uppfoljning", str(folder), "--period", period, "--config", str(cfg),
                                      "--out", str(out)])
    assert "Traceback" not in result.output, result.output
    return result, json.loads((out / f"uppfoljning-{period}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("prognos")
    cfg, config = make_config(base / "config")
    subs = base / "inkorg"
    subs.mkdir()
    # ks: prognos 1 % under budget; sn: 2 % over (with an åtgärd). Mål: ks NM1, NM2 and sn NM2 uppfyllt vid
    # årets slut, sn NM1 delvis: 3 of 4.
    follow_up(config, "delarsrapport", "ks", subs / "d-ks.xlsx", delta=-0.01)
    follow_up(config, "delarsrapport", "sn", subs / "d-sn.xlsx", delta=0.02, statuses={"NM1": ("delvis", "delvis")})
    follow_up(config, "uppfoljning_jan_apr", "ks", subs / "a-ks.xlsx", delta=-0.01)
    follow_up(config, "uppfoljning_jan_apr", "sn", subs / "a-sn.xlsx", delta=0.02)
    result, data = run(cfg, subs, "2026-08", base / "ut")
    return {"base": base, "cfg": cfg, "config": config, "subs": subs, "result": result, "json": data}


# ---------------------------------------------------------------- hand computation, 2026-08 (tkr)
# Nämnderna: ks 50 000 × 0,99 = 49 500, sn 600 000 × 1,02 = 612 000, tn utan rapport: budgeten 30 000 = 691 500.
# Finansförvaltningen: −22 000 pension + 1 500 PO + 5 000 internränta − 3 000 övrigt = −18 500; avskrivningar
# −24 000 -> verksamhetens nettokostnader −734 000. SKR 2026-08-25 (2026-09-15 ligger efter perioden):
# 603 000 + 151 000 -> verksamhetens resultat 20 000; + 1 000 − 5 500 -> årets resultat 15 500.
# Budget: −680 000 − 18 000 − 25 000 = −723 000; + 750 000 = 27 000; −5 000 -> 22 000.
# 2025: −660 000 − 14 700 − 23 000 = −697 700; + 725 000 = 27 300; −4 600 -> 22 700.
RR = {
    "foregaende": {"namndernas_nettokostnad": -660000, "finansforvaltningen": -14700, "avskrivningar": -23000,
                   "verksamhetens_nettokostnader": -697700, "verksamhetens_resultat": 27300, "arets_resultat": 22700},
    "budget": {"namndernas_nettokostnad": -680000, "finansforvaltningen": -18000, "avskrivningar": -25000,
               "verksamhetens_nettokostnader": -723000, "skatteintakter": 600000, "verksamhetens_resultat": 27000,
               "resultat_efter_finansiella_poster": 22000, "arets_resultat": 22000},
    "prognos": {"namndernas_nettokostnad": -691500, "pensionskostnader": -22000, "po_avvikelse": 1500,
                "internranta_netto": 5000, "ovrigt_netto": -3000, "finansforvaltningen": -18500,
                "avskrivningar": -24000, "verksamhetens_nettokostnader": -734000, "skatteintakter": 603000,
                "generella_statsbidrag_och_utjamning": 151000, "verksamhetens_resultat": 20000,
                "finansiella_intakter": 1000, "finansiella_kostnader": -5500,
                "resultat_efter_finansiella_poster": 15500, "arets_resultat": 15500},
}
# Investeringar: ks rapporterar K1 4 000, tn utan rapport: T1 budget 20 000 = 24 000 (budget 24 000).
# Kassaflöde prognos: 15 500 + 24 000 + 1 000 = 40 500; −24 000; 0 − 5 000 -> 11 500; kassan 35 000 -> 46 500.
# Balansräkning prognos: materiella 450 000 + 24 000 − 24 000 = 450 000; summa 450 000 + 20 000 + 5 000 + 40 000
# + 46 500 = 561 500 = eget kapital 265 500 + avsättningar 36 000 + skulder 195 000 + 65 000.
# Budget: materiella 449 000; kassaflöde 22 000 + 25 000 + 1 000 − 24 000 + 5 000 = 29 000 -> kassan 64 000;
# summa 578 000 = 272 000 + 36 000 + 270 000.
BR = {"prognos": {"materiella_anlaggningstillgangar": 450000, "kassa_och_bank": 46500, "summa_tillgangar": 561500,
                  "eget_kapital": 265500, "avsattningar": 36000, "langfristiga_skulder": 195000},
      "budget": {"materiella_anlaggningstillgangar": 449000, "kassa_och_bank": 64000, "summa_tillgangar": 578000,
                 "eget_kapital": 272000, "avsattningar": 36000, "langfristiga_skulder": 205000},
      "ib": {"summa_tillgangar": 550000, "eget_kapital": 250000}}
KF = {"prognos": {"lopande_verksamhet": 40500, "investeringsverksamhet": -24000, "finansieringsverksamhet": -5000,
                  "arets_kassaflode": 11500, "likvida_medel_vid_arets_slut": 46500},
      "budget": {"lopande_verksamhet": 48000, "arets_kassaflode": 29000, "likvida_medel_vid_arets_slut": 64000}}
# Finansiella mål: resultatandel 15 500 / 754 000 = 2,0557 %; självfinansiering (15 500 + 24 000) / 24 000
# = 164,58 %; soliditet 265 500 / 561 500 = 47,28 %. Budget 22 000 / 750 000 = 2,9333 %; 2025: 22 700 / 725 000
# = 3,1310 % and 250 000 / 550 000 = 45,45 %.
MAL = {"FM1": {"prognos": 100 * 15500 / 754000, "budget": 100 * 22000 / 750000, "foregaende": 100 * 22700 / 725000},
       "FM2": {"prognos": 100 * 39500 / 24000, "budget": 100 * 47000 / 24000, "foregaende": 100 * 45700 / 30000},
       "FM3": {"prognos": 100 * 265500 / 561500, "budget": 100 * 272000 / 578000, "foregaende": 100 * 250000 / 550000}}


def test_resultatrakning_matches_hand_computation(small: dict[str, Any]) -> None:
    k = small["json"]["kommunen"]
    assert k["kolumner"] == {"foregaende": "Utfall 2025", "budget": "Budget 2026", "prognos": "Prognos 2026"}
    assert k["skatteprognos"] == {"datum": "2026-08-25", "kalla": "SKR cirkulär 26:2"}
    assert k["prognosperiod"] == "2026-08"
    for column, lines in RR.items():
        for line, value in lines.items():
            assert k["resultatrakning"][column][line] == value, (column, line)


def test_balanskrav_goals_and_hushallning(small: dict[str, Any]) -> None:
    k = small["json"]["kommunen"]
    bk = k["balanskravsutredning"]["prognos"]
    assert (bk["arets_resultat"], bk["realisationsvinster"], bk["balanskravsresultat"]) == (15500, -2000, 13500)
    assert k["balanskravsutredning"]["budget"]["balanskravsresultat"] == 22000
    got = {m["id"]: m for m in k["finansiella_mal"]}
    for mal, values in MAL.items():
        for column, value in values.items():
            assert got[mal]["varden"][column] == pytest.approx(value, abs=0.005), (mal, column)
        assert got[mal]["uppfyllt"]
    geh = k["god_ekonomisk_hushallning"]
    assert (geh["finansiella_mal_uppfyllda"], geh["verksamhetsmal_uppfyllda"], geh["verksamhetsmal"]) == (3, 3, 4)
    assert geh["andel_verksamhetsmal"] == 75.0 and geh["bedomning"] == "delvis"  # 75 % < 80 %
    assert k["investeringar"] == {"foregaende": 30000, "budget": 24000, "prognos": 24000}


def test_balansrakning_and_kassaflode(small: dict[str, Any]) -> None:
    k = small["json"]["kommunen"]
    for column, lines in BR.items():
        for line, value in lines.items():
            assert k["balansrakning"][column][line] == value, (column, line)
    for column, lines in KF.items():
        for line, value in lines.items():
            assert k["kassaflode"][column][line] == value, (column, line)


def test_every_identity_is_a_registered_kontroll_that_holds(small: dict[str, Any]) -> None:
    k = small["json"]["kommunen"]
    codes = [x["kod"] for x in k["kontroller"]]
    assert all(RULES[c].stage == "uppfoljning" for c in codes)
    per_column = {"UPP-RR1": 3, "UPP-RR2": 3, "UPP-RR3": 3, "UPP-RR4": 3, "UPP-BK1": 2, "UPP-BR1": 2, "UPP-BR2": 2,
                  "UPP-BR3": 2, "UPP-BR4": 2, "UPP-BR5": 2, "UPP-KF1": 2, "UPP-KF2": 2, "UPP-BK": 1, "UPP-FM": 3}
    assert {c: codes.count(c) for c in per_column} == per_column and len(codes) == sum(per_column.values())
    assert [x["id"] for x in k["kontroller"] if not x["ok"]] == []
    assert small["result"].exit_code == 0, small["result"].output
    assert "Kommunens årets resultat, prognos: 15,5\u00a0mnkr (budget 22,0\u00a0mnkr)" in small["result"].output


def test_a_failed_identity_is_a_fel_of_its_code() -> None:
    bad = identitet("UPP-BR1", None, 1000, 2000, plats=Loc("uppfoljning-2026-08.xlsx", "Kommunens prognos"))
    f = bad.finding()
    assert f is not None and (f.rule, f.severity, f.loc.sheet) == ("UPP-BR1", Severity.FEL, "Kommunens prognos")
    assert "differens −1 tkr" in f.message
    ok = Kontroll("UPP-BK", "UPP-BK", 2026, "balanskrav", True, "ok", kod="UPP-BK")
    assert ok.finding() is None and RULES["UPP-BK"].severity == Severity.VARNING


def test_a_negative_balanskravsresultat_is_a_varning_not_a_fel(small: dict[str, Any], tmp_path: Path) -> None:
    # Realisationsvinster 20 000: 15 500 − 20 000 = −4 500.
    cfg, _ = make_config(tmp_path / "config", lambda k: k["prognoser"]["2026-08"].update(realisationsvinster=20000))
    result, data = run(cfg, small["subs"], "2026-08", tmp_path / "ut")
    assert data["kommunen"]["balanskravsutredning"]["prognos"]["balanskravsresultat"] == -4500
    assert result.exit_code == 0, result.output
    assert "varning: Balanskravet (kommunallagen 11 kap.): enligt prognosen för 2026 blir balanskravsresultatet " \
           "−4 500 tkr" in result.output


def test_jan_apr_uses_the_april_prognos_and_the_skr_prognos_of_february(small: dict[str, Any], tmp_path: Path) -> None:
    # Nämnderna 691 500; finansförvaltningen −21 000 + 5 000 − 3 000 = −19 000; avskrivningar −25 000 -> −735 500;
    # SKR 2026-02-10: 598 000 + 150 500 -> 13 000; + 1 000 − 6 000 -> 8 000. Investeringar enligt budget 24 000.
    # Resultatandel 8 000 / 748 500 = 1,07 % < 1,5 %: a varning; verksamhetsmål are not assessed in April, so the
    # bedömning rests on the financial goals alone (2 of 3 of 3 required): uppnås inte.
    result, data = run(small["cfg"], small["subs"], "2026-04", tmp_path / "ut")
    k = data["kommunen"]
    assert (k["prognosperiod"], k["skatteprognos"]["datum"]) == ("2026-04", "2026-02-10")
    assert k["resultatrakning"]["prognos"]["verksamhetens_nettokostnader"] == -735500
    assert k["resultatrakning"]["prognos"]["arets_resultat"] == 8000
    assert k["investeringar"]["prognos"] == 24000
    geh = k["god_ekonomisk_hushallning"]
    assert (geh["verksamhetsmal"], geh["finansiella_mal_uppfyllda"], geh["bedomning"]) == (None, 2, "uppnas_inte")
    assert result.exit_code == 0 and "varning: Årets resultat ska vara minst 1,5 procent" in result.output
    assert "1,07 %" in result.output


def test_the_sheet_recalculated_by_libreoffice_equals_the_cached_values(small: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from support.libreoffice import recalc

    book = small["base"] / "ut" / "uppfoljning-2026-08.xlsx"
    (again_path,) = recalc([book], tmp_path / "lo")
    formulas = load_workbook(book)["Kommunens prognos"]
    cached = load_workbook(book, data_only=True)["Kommunens prognos"]
    again = load_workbook(again_path, data_only=True)["Kommunens prognos"]
    count = 0
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                count += 1
                assert again[cell.coordinate].value == pytest.approx(cached[cell.coordinate].value, abs=1e-6)
    assert count > 60
    first = next(r for r in again.iter_rows() if r[0].value == "Årets resultat")  # the resultaträkning's
    assert [c.value for c in first[1:5]] == pytest.approx([22700, 22000, 15500, -6500])


def test_config_refuses_a_prognos_outside_the_year_and_skatter_in_a_prognos(tmp_path: Path) -> None:
    def bad(k: dict[str, Any]) -> None:
        k["prognoser"]["2025-12"] = {"pensionskostnader": 1}
        k["prognoser"]["2026-08"]["skatteintakter"] = 1
        k["skatteprognoser"].reverse()

    with pytest.raises(AssertionError):
        make_config(tmp_path / "config", bad)
    _, errors = load_config(tmp_path / "config")
    text = "\n".join(str(e) for e in errors)
    assert "kommunen.prognoser.2025-12: perioden ligger inte i uppföljningsåret 2026" in text
    assert "kommunen.prognoser.2026-08.skatteintakter" in text and "prognoserna ska stå i datumordning" in text


def test_latest_prognos_and_skr_prognos_up_to_the_period(small: dict[str, Any]) -> None:
    k = small["config"].uppfoljning.kommunen
    p, used = poster_for(k, Period(2026, 3))
    assert used is None and p["pensionskostnader"] == 20000  # no prognos yet: the budget
    p, used = poster_for(k, Period(2026, 7))
    assert used == "2026-04" and p["pensionskostnader"] == 21000 and p["avskrivningar"] == 25000
    assert skatteprognos_for(k, Period(2026, 1)) is None
    assert skatteprognos_for(k, Period(2026, 8)).datum == "2026-08-25"  # type: ignore[union-attr]
    assert skatteprognos_for(k, Period(2026, 12)).datum == "2026-09-15"  # type: ignore[union-attr]


def test_the_sheet_shows_every_declared_line(small: dict[str, Any], tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from xltools.reports.book import Book
    from xltools.reports.prognos_xlsx import STYLES, write_kommunen
    from xltools.uppfoljning.consolidate import consolidate
    from xltools.validate import validate_paths

    checked = validate_paths([small["subs"]], small["config"])[1]
    fu = consolidate(checked, small["config"], Period(2026, 8), "delarsrapport")
    assert fu.kommunen is not None
    book = Book(tmp_path / "k.xlsx", properties={}, styles={**STYLES, "title": {}, "note": {}, "head": {},
                                                            "bold": {}})
    write_kommunen(book, fu.kommunen, ["Rubrik", "Kommun"])
    book.close()
    rows = CalamineWorkbook.from_path(str(tmp_path / "k.xlsx")).get_sheet_by_name(SHEET).to_python()
    labels = [r[0] for r in rows]
    assert all(ln.label in labels for ln in (*RR_LINES, *BR_LINES))
    assert [r[3] for r in rows if r[0] == "Nämndernas nettokostnad"] == [-691500]
