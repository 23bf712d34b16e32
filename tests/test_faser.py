"""Issue 16 part 1: the kommunplan's phases in the årshjul — juni, november, december — and the adopted plan
recorded in the inkorg's ledger.

June: the document set of June (every planning document but the internbudgetar) passes every kontroll; the
plan is recorded as adopted (its JSON and the sha256 of every input). November: KF raises Socialnämnden's ram
by 5 000 tkr for 2027 and 2028 and Tekniska nämnden adds one investment (TN-99, 8 000 + 12 000 tkr, the
investeringsram raised with it); the
reviderad plan lists exactly those changes, line by line, with the KF beslut from planering.yaml. December: an
internbudget over its ram and a nämndplan that is only preliminär fail their kontroller.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_kommunplan import run_cli

from xltools.config import load_config
from xltools.consolidate.fas import default_fas
from xltools.examples.planering import GENERATED, example_values
from xltools.examples.planering_data import KATEGORI_KONTO
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.inkorg.receive import Inkorg
from xltools.reports.andringar import andringar

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks" / "planering"


def _json(out: Path) -> dict[str, Any]:
    return json.loads((out / "kommunplan-2027.json").read_text(encoding="utf-8"))


def _failed(data: dict[str, Any]) -> list[str]:
    return sorted(k["id"] for k in data["kontroller"] if not k["ok"])


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("faser")
    juni = tmp / "juni"
    juni.mkdir()
    for p in WB.glob("*.xlsx"):
        if not p.name.startswith("driftbudget-"):  # the internbudgetar are due in December
            shutil.copy(p, juni / p.name)
    ink = tmp / "inkorg"
    assert run_cli("inkorg", "ta-emot", str(juni), "--inkorg", str(ink)).exit_code == 0
    r_juni = run_cli("kommunplan", str(ink), "--fas", "juni", "--faststall", "--av", "Eva Ekonom", "--out",
                     str(tmp / "ut-juni"))
    # November: KF's revision of the ramar and one new investment.
    cfg = Path(shutil.copytree(ROOT / "config", tmp / "config"))
    eko = cfg / "ekonomi.yaml"
    text = eko.read_text(encoding="utf-8")
    assert "sn:   {2027: 561700, 2028: 576900, 2029: 591800}" in text
    assert "investeringsram:\n  2027: 185000\n  2028: 180000\n" in text
    eko.write_text(text.replace("sn:   {2027: 561700, 2028: 576900, 2029: 591800}",
                                "sn:   {2027: 566700, 2028: 581900, 2029: 591800}")
                   .replace("investeringsram:\n  2027: 185000\n  2028: 180000\n",  # room for the new bridge
                            "investeringsram:\n  2027: 193000\n  2028: 192000\n"), encoding="utf-8")
    config, errors = load_config(cfg)
    assert config is not None and not errors
    values = example_values(config, "investeringsplan", "tn")
    values["rows"]["projekt"].append({"projekt_id": "TN-99", "namn": "Gång- och cykelbro över Österdalälven",
                                      "kategori": "gator_vagar", "lokal": "nej", "konto": KATEGORI_KONTO["gator_vagar"],
                                      "start": 2027, "aktivering": 2028, "utgift_1": 8000, "utgift_2": 12000})
    nov = tmp / "november"
    nov.mkdir()
    write_template(FORMS["investeringsplan"], config, "tn", 2027, nov / "investeringsplan-tn-2027.xlsx",
                   values=values, generated=GENERATED)
    received = run_cli("inkorg", "ta-emot", str(nov), "--inkorg", str(ink), "--config", str(cfg))
    r_nov = run_cli("kommunplan", str(ink), "--config", str(cfg), "--fas", "november", "--out", str(tmp / "ut-nov"))
    return {"tmp": tmp, "ink": ink, "juni": r_juni, "received": received, "november": r_nov, "cfg": cfg}


def test_june_needs_no_internbudgetar_and_is_recorded_as_adopted(rounds: dict[str, Any]) -> None:
    assert rounds["juni"].exit_code == 0, rounds["juni"].output[-2000:]
    data = _json(rounds["tmp"] / "ut-juni")
    assert data["fas"] == "juni" and _failed(data) == []
    tack = next(k for k in data["kontroller"] if k["id"] == "TACK")
    assert tack["ok"] and "16 av 16 nämnder har ännu ingen driftbudget" in tack["beskrivning"]
    assert not any(k["id"].startswith("DOKV-") for k in data["kontroller"])  # verksamhetsplaner: later
    with Inkorg(rounds["ink"]) as ik:
        adopted = ik.ledger.adopted_kommunplan(2027, "juni")
    assert adopted is not None and adopted.fastalld_av == "Eva Ekonom" and adopted.beslut == "KF 2026-06-15 § 45"
    assert adopted.plan["resultatbudget"] == data["resultatbudget"]
    files = {i["file"]: i["sha256"] for i in adopted.inputs if i["document"] != "konfiguration"}
    assert len(files) == len(data["kallor"]) and all(len(s) == 64 for s in files.values())
    assert any(i["document"] == "konfiguration" and i["file"].endswith("ekonomi.yaml") for i in adopted.inputs)


def test_november_lists_every_change_against_the_adopted_june_plan(rounds: dict[str, Any]) -> None:
    assert rounds["received"].exit_code == 0, rounds["received"].output
    assert rounds["november"].exit_code == 0, rounds["november"].output[-2000:]
    a = _json(rounds["tmp"] / "ut-nov")["andringar"]
    assert a["jamfort_med"]["fas"] == "juni" and a["jamfort_med"]["beslut"] == "KF 2026-06-15 § 45"
    rows = [(r["slag"], r["namnd"], r["id"], r["ar"], r["fore"], r["efter"], r["forandring"]) for r in a["rader"]]
    assert rows == [
        ("ram", "sn", "sn", 2027, 561700.0, 566700.0, 5000.0),
        ("ram", "sn", "sn", 2028, 576900.0, 581900.0, 5000.0),
        ("ny investering", "tn", "TN-99", 2027, None, 8000.0, 8000.0),
        ("ny investering", "tn", "TN-99", 2028, None, 12000.0, 12000.0),
    ]
    assert {r["beslut"] for r in a["rader"]} == {"KF 2026-11-23 § 98"}
    assert a["summa_ramar"] == {"2027": 5000.0, "2028": 5000.0, "2029": 0}
    out = rounds["tmp"] / "ut-nov"
    html = (out / "bilagor" / "forandringar.html").read_text(encoding="utf-8")
    assert "Gång- och cykelbro över Österdalälven" in html and "KF 2026-11-23 § 98" in html
    import openpyxl

    ws = openpyxl.load_workbook(out / "kommunplan-2027.xlsx")["Förändringar"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Socialnämnden" in texts and "TN-99 Gång- och cykelbro över Österdalälven" in texts


def test_december_checks_every_internbudget_against_its_ram_and_fastställda_nämndplaner(tmp_path: Path) -> None:
    folder = tmp_path / "december"
    shutil.copytree(WB, folder)
    config, _ = load_config(ROOT / "config")
    assert config is not None
    values = example_values(config, "driftbudget", "kfn")
    first = next(r for r in values["rows"]["drift"] if r.get("kostnader_1"))
    first["kostnader_1"] += 2500  # over the ram by 2 500 tkr
    write_template(FORMS["driftbudget"], config, "kfn", 2027, folder / "driftbudget-kfn-2027.xlsx", values=values,
                   generated=GENERATED)
    plan_values = example_values(config, "namndplan", "kfn", decision=("preliminär", -1, 4, 22))  # not fastställd
    write_template(FORMS["namndplan"], config, "kfn", 2027, folder / "namndplan-kfn-2027.xlsx", values=plan_values,
                   generated=GENERATED)
    r = run_cli("kommunplan", str(folder), "--fas", "december", "--out", str(tmp_path / "ut"))
    data = _json(tmp_path / "ut")
    assert r.exit_code == 1
    failed = _failed(data)
    # Over its ram the internbudget has a fel (EKO-1): it is left out, its ram stands, TACK says so.
    out = next(u for u in data["uteslutna"] if u["file"] == "driftbudget-kfn-2027.xlsx")
    assert any("EKO-1" in s and "överstiger ramen 54 800 tkr med 2 500 tkr" in s for s in out["skal"]), out
    assert "TACK-kfn" in failed
    assert data["driftbudget"]["kfn"]["2027"]["inlamnad"] is False
    # The example nämndplaner are fastställda except where the example round says otherwise.
    fas1 = [k for k in failed if k.startswith("FAS1-")]
    beslut = {k["namnd"]: k["beslut"] for k in data["kallor"] if k["document"] == "namndplan"}
    assert fas1 == sorted(f"FAS1-{n}" for n, b in beslut.items() if not b.startswith("fastställd"))
    assert "FAS1-kfn" in fas1 and beslut["kfn"].startswith("preliminär")
    msg = next(k["beskrivning"] for k in data["kontroller"] if k["id"] == "FAS1-kfn")
    assert msg.startswith("Kultur- och fritidsnämnden: nämndplanen som ingår är preliminär")


def test_faststall_needs_an_inkorg_and_a_phase(tmp_path: Path) -> None:
    r = run_cli("kommunplan", str(WB), "--fas", "juni", "--faststall", "--out", str(tmp_path / "a"))
    assert r.exit_code == 1 and "--faststall kräver att MAPP är en inkorg" in r.output
    assert not (tmp_path / "a").exists()
    r = run_cli("kommunplan", str(WB), "--faststall", "--out", str(tmp_path / "b"))
    assert r.exit_code == 2 and "--faststall kräver --fas" in r.output


@pytest.mark.parametrize(("today", "fas"), [("2026-03-01", "juni"), ("2026-06-30", "juni"), ("2026-07-01", "november"),
                                            ("2026-11-30", "november"), ("2026-12-01", "december"),
                                            ("2027-02-01", "december")])
def test_the_phase_by_date(today: str, fas: str) -> None:
    import datetime as dt

    assert default_fas(2027, dt.date.fromisoformat(today)) == fas


def test_the_diff_of_taxor_and_riktade_mal_and_a_struken_investering() -> None:
    antagen = {"ar": [2027], "driftbudget": {}, "investeringsprojekt": [
        {"namnd": "tn", "projekt_id": "TN-01", "namn": "Bro", "utgift": {"2027": 500.0}, "total_utgift": 500.0}],
        "taxor": [{"namnd": "bn", "taxa_id": "T1", "taxa": "Bygglov", "foreslaget": 1000.0}],
        "riktade_mal": [{"namnd": "sn", "mal_id": "RM1", "text": "Fler i egen försörjning"}]}
    ny = {"ar": [2027], "driftbudget": {}, "investeringsprojekt": [],
          "taxor": [{"namnd": "bn", "taxa_id": "T1", "taxa": "Bygglov", "foreslaget": 1100.0}],
          "riktade_mal": [{"namnd": "sn", "mal_id": "RM1", "text": "Fler i egen försörjning och arbete"}]}
    a = andringar(antagen, ny, "KF § 1", {"fas": "juni"})
    assert [(r["slag"], r["id"], r["fore"], r["efter"], r["forandring"]) for r in a["rader"]] == [
        ("struken investering", "TN-01", 500.0, None, -500.0),
        ("taxa", "T1", 1000.0, 1100.0, 100.0),
        ("ändrat riktat mål", "RM1", "Fler i egen försörjning", "Fler i egen försörjning och arbete", None)]
    assert andringar(ny, ny, "", {})["rader"] == []
