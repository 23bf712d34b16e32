"""Issue 15 part 6: the kommun's bolag — bolagsplan template, borgensramar, the Bolagen sheet and bilaga.

Hand computation from config/organisation.yaml and config/ekonomi.yaml (syntetiska exempeldata):
Morastrand AB borgen 420 000 + 15 000 − 8 000 = 427 000 tkr at the end of 2027 (borgensram 450 000, kvar
23 000); lån från kommunen 60 000 − 3 000 = 57 000. Moravatten AB borgen 180 000 − 5 000 = 175 000 (2027),
+ 10 000 − 5 000 = 180 000 (2028). Nodava AB (60 %) 25 000 − 1 000 = 24 000. Resultat 2027 of Morastrand
182 000 − 118 000 − 38 000 − 17 500 = 8 500; the bolagen together at the kommun's andel
8 500 + 9 800 + 0,6 × 2 000 = 19 500 tkr.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from support.configs import edited_config
from support.libreoffice import recalc
from test_kommunplan import run_cli

from xltools.config import load_config
from xltools.consolidate import bolag as consolidate_bolag
from xltools.forms import bolagsplan, planning_for
from xltools.rules import RULES, bol

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks" / "planering"


def _plan(tmp: Path, folder: Path, cfg: Path = ROOT / "config") -> tuple[Any, dict[str, Any]]:
    result = run_cli("kommunplan", str(folder), "--config", str(cfg), "--out", str(tmp / "ut"))
    return result, json.loads((tmp / "ut" / "kommunplan-2027.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("bolag")
    result, data = _plan(tmp, WB)
    return {"result": result, "json": data, "out": tmp / "ut"}


def _kontroll(data: dict[str, Any], kid: str) -> dict[str, Any]:
    return next(k for k in data["kontroller"] if k["id"] == kid)


def test_the_modules_hold_one_job_each() -> None:
    assert bolagsplan.FORM.styrelse and bolagsplan.FORM.followup is None
    assert {t.key for _, t in bolagsplan.FORM.tables()} == {"resultat", "balans", "investeringar", "borgen", "mal",
                                                            "intern_kontroll"}
    assert {r for r in RULES if r.startswith("BOL-")} == {"BOL-1", "BOL-2", "BOL-3", "BOL-4"}
    assert RULES["BOL-2"].kalla == bol.KALLA
    assert consolidate_bolag.RESULTAT[-1] == "resultat"


def test_only_the_kommunstyrelse_hands_in_the_bolagsplan() -> None:
    config, _ = load_config(ROOT / "config")
    assert config is not None and config.styrelse is not None and config.styrelse.id == "ks"
    assert [f.doc_type for f in planning_for(config, "ks")].count("bolagsplan") == 1
    assert all("bolagsplan" not in [f.doc_type for f in planning_for(config, n)] for n in config.namnd_ids if n != "ks")
    assert sorted(p.name for p in WB.glob("bolagsplan-*.xlsx")) == ["bolagsplan-ks-2027.xlsx"]
    # The minority-owned Siljansutbildarna AB (25 %) has no bolagsplan (bolagsplan: false), so no rows.
    wb = openpyxl.load_workbook(WB / "bolagsplan-ks-2027.xlsx")
    bolag = {wb["Resultat"].cell(row=r, column=1).value for r in range(6, 30)} - {None}
    assert bolag == {"Morastrand AB", "Moravatten AB", "Nodava AB"}
    ram = [(wb["Lån och borgen"][f"A{r}"].value, wb["Lån och borgen"][f"B{r}"].value, wb["Lån och borgen"][f"C{r}"].value)
           for r in (6, 9)]
    assert ram == [("Morastrand AB", 2027, 450000), ("Moravatten AB", 2027, 200000)]


def test_the_kommunplan_has_every_bolag_as_computed_by_hand(example: dict[str, Any]) -> None:
    assert example["result"].exit_code == 0, example["result"].output[-2000:]
    bo = example["json"]["bolag"]
    assert bo["bolagsplan"].endswith("bolagsplan-ks-2027.xlsx")
    by = {b["id"]: b for b in bo["bolag"]}
    assert list(by) == ["morastrand", "moravatten", "nodava"]
    ms = by["morastrand"]
    assert ms["borgen"] == {"2027": 427000.0, "2028": 419000.0, "2029": 411000.0}
    assert ms["borgensram"]["2027"] == 450000.0 and ms["lan_fran_kommunen"]["2027"] == 57000.0
    assert ms["resultatbudget"]["2027"]["resultat"] == 8500.0
    assert by["moravatten"]["borgen"]["2028"] == 180000.0 and by["nodava"]["borgen"]["2027"] == 24000.0
    b27 = ms["balansbudget"]["2027"]
    assert b27["tillgangar"] == b27["ek_och_skulder"] and ms["balansbudget"]["2027"]["soliditet"] == round(
        b27["eget_kapital"] / b27["tillgangar"], 4)
    assert [m["id"] for m in ms["agardirektiv"]] == ["MS1", "MS2"] and ms["agardirektiv"][1]["malvarde"]["2028"] == 11.5
    assert ms["kalla"]["resultat.intakter.2027"] == "Resultat!C6"
    s27 = bo["sammantaget"]["2027"]
    assert s27["resultat_agarandel"] == 8500 + 9800 + 0.6 * 2000 == 19500
    assert s27["borgen"] == 427000 + 175000 + 24000 and s27["borgensram"] == 450000 + 200000 + 30000
    ok = {k["id"]: k["ok"] for k in example["json"]["kontroller"] if k["regel"] in ("BO1", "BO2")}
    assert len(ok) == 18 and all(ok.values())  # per bolag and year
    assert "DOK-ks-bolagsplan" not in {k["id"] for k in example["json"]["kontroller"]}


def test_the_bolagen_sheet_recalculates_in_libreoffice(example: dict[str, Any], tmp_path: Path) -> None:
    src = example["out"] / "kommunplan-2027.xlsx"
    cached = openpyxl.load_workbook(src, data_only=True)["Bolagen"]
    formulas = openpyxl.load_workbook(src)["Bolagen"]
    again = openpyxl.load_workbook(recalc([src], tmp_path)[0], data_only=True)["Bolagen"]
    cells = [c.coordinate for row in formulas.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(cells) >= 20
    for ref in cells:
        assert again[ref].value == pytest.approx(cached[ref].value), ref
    labels = {formulas.cell(row=r, column=1).value: r for r in range(1, formulas.max_row + 1)}
    kvar = labels["Kvar av borgensramen"] + 1
    assert again.cell(row=kvar, column=3).value == 23000  # Morastrand 450 000 − 427 000
    andel = labels["Bolagen sammantaget, kommunens andel"]
    assert again.cell(row=andel, column=3).value == pytest.approx(19500)


def test_the_bilaga_shows_the_borgensramar_for_kf(example: dict[str, Any]) -> None:
    html = (example["out"] / "bilagor" / "bolagen.html").read_text(encoding="utf-8")
    assert "Förslag till beslut: kommunfullmäktige fastställer borgensramarna" in html
    assert "450\u00a0000" in html and "680\u00a0000" in html and "syntetiska exempeldata" in html.lower()
    assert "<caption>Borgensramar och kommunens borgen per bolag (tkr)</caption>" in html
    assert "Siljansutbildarna" not in html  # no borgen, lån or bolagsplan


def test_borgen_over_the_ram_and_a_plan_that_disagrees_fail_their_kontroller(tmp_path: Path) -> None:
    def more_borgen(d: dict[str, Any]) -> None:  # Nodava borrows 10 000 more with kommunal borgen in 2028
        d["ansvarsforbindelser"]["borgen"][2]["okning"] = {2028: 10000}

    cfg = edited_config(tmp_path / "config", "ekonomi", more_borgen)
    result, data = _plan(tmp_path, WB, cfg)
    assert result.exit_code == 1 and "Traceback" not in result.output
    bo1 = _kontroll(data, "BO1-nodava-2028")
    assert not bo1["ok"] and bo1["differens"] == 3000.0  # 25 000 − 2 000 + 10 000 = 33 000 > 30 000
    assert "Nodava AB 2028: kommunens borgen 33 000 tkr överstiger borgensramen 30 000 tkr med 3 000 tkr." in bo1["beskrivning"]
    bo2 = _kontroll(data, "BO2-nodava-2028")
    assert not bo2["ok"] and bo2["differens"] == -10000.0  # the bolagsplan still says 23 000
    assert _kontroll(data, "BO1-nodava-2027")["ok"] and _kontroll(data, "BO2-morastrand-2028")["ok"]


def test_without_a_bolagsplan_the_borgensramar_still_go_to_kf_and_dok_warns(tmp_path: Path) -> None:
    folder = tmp_path / "inkorg"
    shutil.copytree(WB, folder)
    (folder / "bolagsplan-ks-2027.xlsx").unlink()
    result, data = _plan(tmp_path, folder)
    assert "Traceback" not in result.output
    dok = _kontroll(data, "DOK-ks-bolagsplan")
    assert not dok["ok"] and dok["beskrivning"] == "Kommunstyrelsen har inte lämnat någon godkänd bolagsplan för 2027."
    assert data["bolag"]["bolagsplan"] is None
    assert [b["borgensram"]["2027"] for b in data["bolag"]["bolag"]] == [450000.0, 200000.0, 30000.0]
    assert all(b["resultatbudget"] == {} for b in data["bolag"]["bolag"])


@pytest.mark.parametrize(("bolag", "message"), [
    ({"borgensram": {2031: 1000}}, "bolag[0].borgensram.2031: 2031 ligger utanför planperioden 2027–2029"),
    ({"agardirektiv": [{"id": "M1", "text": "a"}, {"id": "M1", "text": "b"}]},
     "bolag[0].agardirektiv: målet 'M1' förekommer flera gånger"),
])
def test_bolag_config_errors_are_swedish(tmp_path: Path, bolag: dict[str, Any], message: str) -> None:
    cfg = Path(shutil.copytree(ROOT / "config", tmp_path / "config"))
    path = cfg / "organisation.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["bolag"][0].update(bolag)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("config", "check", "--config", str(cfg))
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
