"""Konsekvensanalys (issue 16, part 8): a nämnd's prioritisation described for kommunstyrelsen.

The seed: when verksamhet and ekonomi conflict, the nämnd prioritises and makes a konsekvensanalys
for KS. The driftbudget has a Konsekvensanalys sheet; a verksamhet whose nettokostnad falls below
last year's adopted budget by the configured limits without one is a varning (EKO-4) at its cell; a
prioritisation without konsekvens or "för vem" is a fel; the kommunplan lists them all for KS.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONFIG_DIR, ROOT
from python_calamine import CalamineWorkbook
from support.workbooks import clear_row, edit

from xltools.config import load_config
from xltools.forms import FORMS
from xltools.forms.followup import budget_for
from xltools.validate import validate_paths

SN = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"


def _rows(path: Path) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Konsekvensanalys").to_python()


def _findings(path: Path, config: Any) -> list[Any]:
    report, _ = validate_paths([path], config)
    return [f for fr in report.files for f in fr.findings]


def test_the_example_describes_every_verksamhet_that_falls_and_passes(config: Any) -> None:
    rows = [r for r in _rows(SN)[5:] if r and r[0]]
    assert rows, "sn's example has prioriteringar"
    assert _findings(SN, config) == []


def test_a_fall_without_a_konsekvensanalys_is_a_varning_at_the_verksamhets_netto(config: Any, tmp_path: Path) -> None:
    sheet, t = FORMS["driftbudget"].table("konsekvenser")
    first = _rows(SN)[t.first_row - 1]
    verksamhet = str(first[1]).split()[0]
    bad = edit(shutil.copy(SN, tmp_path / SN.name), clear_row(sheet.name, t.first_row, "E"))
    found = _findings(bad, config)
    assert [f.rule for f in found] == ["EKO-4"], [str(f) for f in found]
    f = found[0]
    assert f.loc.sheet == "Driftbudget" and f.loc.cell.startswith("K")  # the verksamhet's netto 2027
    budget = budget_for(config, "sn")[verksamhet]
    assert f"Verksamhet {verksamhet}" in f.message and f"budgeten 2026 ({budget:,.0f}".replace(",", "\u00a0") \
        .replace("\u00a0", " ") in f.message.replace("\u00a0", " ")


def test_a_prioritisation_without_its_consequence_is_a_fel(config: Any, tmp_path: Path) -> None:
    sheet, t = FORMS["driftbudget"].table("konsekvenser")
    cells = {(sheet.name, t.ref("konsekvens", t.first_row)): None, (sheet.name, t.ref("for_vem", t.first_row)): None}
    bad = edit(shutil.copy(SN, tmp_path / SN.name), cells)
    found = [(f.rule, f.loc.cell) for f in _findings(bad, config) if f.severity == "fel"]
    assert sorted(found) == sorted(("STR-7", ref) for _, ref in cells)


def test_the_limits_come_from_the_configuration(tmp_path: Path) -> None:
    cfg = Path(shutil.copytree(CONFIG_DIR, tmp_path / "config"))
    data = yaml.safe_load((cfg / "planering.yaml").read_text(encoding="utf-8"))
    data["konsekvensanalys"] = {"minskning_procent": 99, "minskning_tkr": 10_000_000}
    (cfg / "planering.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config, errors = load_config(cfg)
    assert config is not None and not errors
    sheet, t = FORMS["driftbudget"].table("konsekvenser")
    bare = edit(shutil.copy(SN, tmp_path / SN.name), clear_row(sheet.name, t.first_row, "E"))
    assert [f.rule for f in _findings(bare, config) if f.rule == "EKO-4"] == []


def test_every_row_of_every_accepted_driftbudget_is_listed(plan: Any) -> None:
    from xltools.consolidate.konsekvens import konsekvensanalyser

    listed = konsekvensanalyser(plan)
    for n in {x.namnd for x in listed}:
        doc = plan.docs[(n, "driftbudget")]
        assert [x.prioritering for x in listed if x.namnd == n] == [r.get("prioritering") for r in doc.rows("konsekvenser")]
    assert all(x.file.endswith(".xlsx") and x.sheet == "Konsekvensanalys" and x.row >= 6 for x in listed)


def test_the_kommunplan_lists_every_konsekvensanalys_for_ks(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "xltools", "kommunplan", str(ROOT / "workbooks" / "planering"),
                          "--config", str(CONFIG_DIR), "--out", str(tmp_path / "ut")], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    assert res.returncode == 0, res.stderr
    data = json.loads((tmp_path / "ut" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    want = sum(len([r for r in _rows(p)[5:] if r and r[0]])
               for p in sorted((ROOT / "workbooks" / "planering").glob("driftbudget-*.xlsx")))
    assert len(data["konsekvensanalyser"]) == want > 0
    x = data["konsekvensanalyser"][0]
    assert x["konsekvens"] and x["for_vem"] and x["kalla"]["blad"] == "Konsekvensanalys"
    sheet = CalamineWorkbook.from_path(str(tmp_path / "ut" / "kommunplan-2027.xlsx")).get_sheet_by_name(
        "Konsekvensanalyser").to_python()
    assert sum(1 for r in sheet if r and x["prioritering"] == r[2]) == 1


@pytest.mark.parametrize("key", ["minskning_procent", "minskning_tkr"])
def test_a_negative_limit_is_a_swedish_config_error(key: str, tmp_path: Path) -> None:
    cfg = Path(shutil.copytree(CONFIG_DIR, tmp_path / "config"))
    data = yaml.safe_load((cfg / "planering.yaml").read_text(encoding="utf-8"))
    data["konsekvensanalys"] = {key: -1}
    (cfg / "planering.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, errors = load_config(cfg)
    assert any("planering.yaml" in str(e) and key in str(e) for e in errors), [str(e) for e in errors]
