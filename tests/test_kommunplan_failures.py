"""`xltools kommunplan` when something is wrong: a missing nämnd, a duplicate submission, a
submission with fel, an internhyra mismatch, a balanskrav breach in a plan year.

None of them may end in a traceback or leave a half-written output folder; each is reported
in Swedish and, where a kontroll fails, the exit code is 1.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_kommunplan import (
    RESULTAT,
    drift_rows,
    make_config,
    run_cli,
    write,
    write_submissions,
)

from xltools.config import Config


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("fel")
    cfg_dir, config = make_config(root / "config")
    return {"root": root, "config_dir": cfg_dir, "config": config,
            "subs": write_submissions(config, root / "inkorg")}


def copy(base: dict[str, Any], tmp_path: Path) -> Path:
    return Path(shutil.copytree(base["subs"], tmp_path / "inkorg"))


def run(base: dict[str, Any], subs: Path, out: Path, *extra: str, config_dir: Path | None = None) -> Any:
    return run_cli("kommunplan", str(subs), "--config", str(config_dir or base["config_dir"]), "--out", str(out), *extra)


def result_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "kommunplan-2027.json").read_text(encoding="utf-8"))


def failed(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["id"]: k for k in data["kontroller"] if not k["ok"]}


def test_missing_namnd_is_reported_and_its_ram_not_covered(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    (subs / "driftbudget-ks-2027.xlsx").unlink()
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 1, r.output
    assert "Saknas: Kommunstyrelsen (ramen räknas som nettokostnad)" in r.output
    data = result_json(out)
    ks = data["driftbudget"]["ks"]["2027"]
    assert ks["inlamnad"] is False and ks["ram"] == 100000 and ks["netto"] is None
    bad = failed(data)
    assert "TACK-ks" in bad and "inte täckt" in bad["TACK-ks"]["beskrivning"]
    # The ram counts as nettokostnad: kostnader = tn 100 000 + sn 950 000 − interna (sn's 45 000) + ram 100 000
    # + finansförvaltningen 60 000 = 1 165 000.
    assert data["resultatbudget"]["2027"]["verksamhetens_kostnader"] == -1165000
    assert data["resultatbudget_noter"]["2027"]["ramar_utan_driftbudget"] == 100000
    # sn still books its purchase from ks: the flow is reported, with the missing side named.
    flow = next(k for k in bad.values() if k["id"].startswith("INT-ks-sn-interna_tjanster-2027"))
    assert "Kommunstyrelsen har inte lämnat någon driftbudget" in flow["beskrivning"]
    assert "driftbudget-sn-2027.xlsx, blad Driftbudget, H7" in flow["beskrivning"]
    from python_calamine import CalamineWorkbook

    drift = CalamineWorkbook.from_path(str(out / "kommunplan-2027.xlsx")).get_sheet_by_name("Driftbudget").to_python()
    assert next(row for row in drift if row and row[0] == "Kommunstyrelsen")[1] == "Saknas – ramen är inte täckt"


def test_duplicate_submission_is_an_error_naming_both_files(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    shutil.copy(subs / "driftbudget-sn-2027.xlsx", subs / "sn-driftbudget-kopia.xlsx")
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 1
    assert "Dubbla inlämningar" in r.output
    assert "driftbudget-sn-2027.xlsx" in r.output and "sn-driftbudget-kopia.xlsx" in r.output
    assert "--latest" in r.output and "Ingen kommunplan skrevs." in r.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["inkorg"]  # no temporary folder left behind either


def test_latest_picks_the_newest_by_generated(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    config: Config = base["config"]
    rows = drift_rows()["sn"]
    rows[3] = {**rows[3], "kostnader_1": 904000}  # 1 000 below the ram in 2027
    write(config, subs, "driftbudget", "sn", {"rows": {"drift": rows}}, name="driftbudget-sn-ny.xlsx",
          generated=dt.datetime(2026, 10, 1, 9, 30))
    out = tmp_path / "ut"
    assert run(base, subs, out).exit_code == 1 and not out.exists()
    r = run(base, subs, out, "--latest")
    assert r.exit_code == 0, r.output
    data = result_json(out)
    assert data["driftbudget"]["sn"]["2027"]["netto"] == 899000
    assert data["resultatbudget"]["2027"]["arets_resultat"] == RESULTAT[2027]["arets_resultat"] + 1000
    old = next(u for u in data["uteslutna"] if u["file"] == "driftbudget-sn-2027.xlsx")
    assert "ersatt av den nyare inlämningen driftbudget-sn-ny.xlsx" in old["skal"][0]
    assert "driftbudget-sn-2027.xlsx" in r.output


def test_a_fastställd_submission_goes_before_a_preliminär_one(base: dict[str, Any], tmp_path: Path) -> None:
    """Two stages of one document from the same template (same `generated`): not duplicates, and no --latest
    needed; the fastställd one counts and the preliminär one is listed as left out, saying why."""
    subs = copy(base, tmp_path)
    config: Config = base["config"]
    rows = drift_rows()["sn"]
    decided = {"beslutsorgan": "Socialnämnden", "paragraf": "§ 12"}
    write(config, subs, "driftbudget", "sn", {"rows": {"drift": rows}, "fields": {
        "dokumentstatus": "preliminär", "beslutsdatum": dt.date(2026, 4, 22), **decided}})
    final = [*rows[:3], {**rows[3], "kostnader_1": rows[3]["kostnader_1"] - 1000}, *rows[4:]]
    write(config, subs, "driftbudget", "sn", {"rows": {"drift": final}, "fields": {
        "dokumentstatus": "fastställd", "beslutsdatum": dt.date(2026, 9, 16), **decided}},
        name="driftbudget-sn-faststalld.xlsx")
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 0, r.output
    data = result_json(out)
    assert data["resultatbudget"]["2027"]["arets_resultat"] == RESULTAT[2027]["arets_resultat"] + 1000
    old = next(u for u in data["uteslutna"] if u["file"] == "driftbudget-sn-2027.xlsx")
    assert old["skal"] == ["dokumentet är preliminär; det fastställda driftbudget-sn-faststalld.xlsx används"]
    used = [k for k in data["kallor"] if k["namnd"] == "sn" and k["document"] == "driftbudget"]
    assert [k["file"] for k in used] == ["driftbudget-sn-faststalld.xlsx"], used


def test_submission_with_fel_is_left_out_and_never_half_used(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    config: Config = base["config"]
    rows = drift_rows()["sn"]
    rows[3] = {**rows[3], "kostnader_2": "nio hundra"}  # text in an amount cell: STR-8
    write(config, subs, "driftbudget", "sn", {"rows": {"drift": rows}})
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 1, r.output
    assert "Ingår inte (1):" in r.output and "driftbudget-sn-2027.xlsx" in r.output and "STR-8" in r.output
    data = result_json(out)
    left = data["uteslutna"][0]
    assert left["file"] == "driftbudget-sn-2027.xlsx" and left["namnd"] == "sn"
    assert any("blad Driftbudget, I9" in s for s in left["skal"])
    assert data["driftbudget"]["sn"]["2027"]["inlamnad"] is False  # not even its valid rows are used
    assert not any(k["file"] == "driftbudget-sn-2027.xlsx" for k in data["kallor"])
    assert "TACK-sn" in failed(data)


def test_internhyra_mismatch_names_both_sides(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    config: Config = base["config"]
    rows = drift_rows()["sn"]
    rows[0] = {**rows[0], "kostnader_1": 39000}  # sn books 39 000 as internhyra to tn, tn charges 40 000
    write(config, subs, "driftbudget", "sn", {"rows": {"drift": rows}})
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 1, r.output
    data = result_json(out)
    bad = failed(data)
    flow = bad["INT-tn-sn-internhyra-2027"]
    text = flow["beskrivning"]
    assert "Internhyra 2027 från Tekniska nämnden till Socialnämnden stämmer inte" in text
    assert "driftbudget-tn-2027.xlsx, blad Driftbudget, E6" in text  # the seller's intern intäkt
    assert "driftbudget-sn-2027.xlsx, blad Driftbudget, H6" in text  # the buyer's intern kostnad
    assert "internhyror-tn-2027.xlsx, blad Internhyror, F6" in text  # the internhyror document
    assert flow["differens"] == 1000
    assert {"DR1-2027", "DR2-2027"} <= set(bad) and "DR2-2028" not in bad
    assert "INT-tn-sn-internhyra-2027" in r.output
    assert (out / "bilagor" / "internhyror.html").read_text(encoding="utf-8").count("Stämmer inte") == 2


def test_internhyror_document_disagreeing_with_the_driftbudgets(base: dict[str, Any], tmp_path: Path) -> None:
    subs = copy(base, tmp_path)
    write(base["config"], subs, "internhyror", "tn", {"rows": {"hyror": [
        {"objekt_id": "L1", "objekt": "Äldreboendet Tallbacken", "hyresgast": "sn", "yta": 20000, "hyra_m2": 2100}]}})
    out = tmp_path / "ut"
    r = run(base, subs, out)
    assert r.exit_code == 1
    text = failed(result_json(out))["INT-tn-sn-internhyra-2027"]["beskrivning"]
    assert "internhyresdokumentet 42 000 tkr (internhyror-tn-2027.xlsx, blad Internhyror, F6)" in text


def test_balanskrav_breach_in_a_plan_year(base: dict[str, Any], tmp_path: Path) -> None:
    # 2029: finansförvaltningens kostnader 64 000 -> 170 000 lowers årets resultat from 100 000 to −6 000.
    cfg_dir, _ = make_config(tmp_path / "config",
                             lambda d: d["finansforvaltning"]["kostnader"].update({2029: 170000}))
    out = tmp_path / "ut"
    r = run(base, base["subs"], out, config_dir=cfg_dir)
    assert r.exit_code == 1, r.output
    assert "Balanskravet är INTE uppfyllt 2029 (balanskravsresultat −6,0\u00a0mnkr)" in r.output
    data = result_json(out)
    assert data["resultatbudget"]["2029"]["arets_resultat"] == -6000
    assert data["balanskrav"]["2029"]["uppfyllt"] is False and data["balanskrav"]["2028"]["uppfyllt"] is True
    bad = failed(data)
    assert {"BK-2029", "FM1-2029"} <= set(bad) and "BK-2028" not in bad
    assert not any(k.startswith(("RR", "BR", "KF", "DR", "INV1")) for k in bad)  # the statements still tie out


def test_nothing_to_consolidate(base: dict[str, Any], tmp_path: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    (empty / "anteckning.xlsx").write_text("inte en arbetsbok", encoding="utf-8")
    out = tmp_path / "ut"
    r = run(base, empty, out)
    assert r.exit_code == 1 and "Inget godkänt underlag" in r.output and not out.exists()
    r = run(base, tmp_path / "finns-inte", out)
    assert r.exit_code == 1 and "finns inte" in r.output and not out.exists()
