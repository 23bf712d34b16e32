"""Issue 15 part 5: a plan period of the budget year and three plan years runs the whole cycle.

The bundled example kommun's configuration gets a third plan year (2030: every growing per-year amount of
2029 grown by its last rate of growth, the others carried on; planering.yaml planar [2028, 2029, 2030]). The configuration check passes, the example
generator writes templates with four year columns, every workbook validates without a fel, and the
kommunplan consolidates the four years with every identity proven. The two-year example is unchanged
(its workbooks and outputs are compared byte for byte by tests/test_outputs_golden.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook
from test_kommunplan import run_cli

from xltools.config import load_config

ROOT = Path(__file__).resolve().parents[1]
YEARS = [2027, 2028, 2029, 2030]


def _extend(node: Any) -> Any:
    """Every mapping keyed by the years 2027–2029 gets 2030: 2029's amount grown at the rate from 2028 (the trend of
    skatteintäkter, ramar …), else 2029's value; year lists get 2030."""
    if isinstance(node, dict):
        out = {k: _extend(v) for k, v in node.items()}
        if 2029 in out and 2030 not in out and all(isinstance(k, int) for k in out):
            last, before = out[2029], out.get(2028)
            numbers = isinstance(last, int | float) and isinstance(before, int | float)
            out[2030] = round(last * last / before) if numbers and last > before > 0 else last
        return out
    if isinstance(node, list):
        items = [_extend(v) for v in node]
        if items and all(isinstance(v, int) for v in items) and items[-1] == 2029 and 2027 in items:
            items.append(2030)
        return items
    return node


@pytest.fixture(scope="module")
def tre(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("tre_planar")
    cfg = Path(shutil.copytree(ROOT / "config", base / "config"))
    (cfg / "uppfoljning.yaml").unlink(missing_ok=True)
    for path in cfg.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "planering.yaml":
            data["planar"] = [2028, 2029, 2030]
        else:
            data = _extend(data)
        if path.name == "ekonomi.yaml":  # SKR's prognos for a fourth year: skatteunderlaget +5 %
            data["skatteintakter"][2030] = round(data["skatteintakter"][2029] * 1.05)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check = run_cli("config", "check", "--config", str(cfg))
    wb = base / "workbooks"
    made = run_cli("exempel", "--config", str(cfg), "--out", str(wb))
    val = run_cli("validate", "--format", "json", "--config", str(cfg), str(wb))
    plan = run_cli("kommunplan", str(wb), "--config", str(cfg), "--out", str(base / "ut"))
    data = json.loads((base / "ut" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    return {"cfg": cfg, "check": check, "made": made, "wb": wb, "validate": val, "plan": plan, "json": data}


def test_the_configuration_with_three_plan_years_is_accepted(tre: dict[str, Any]) -> None:
    assert tre["check"].exit_code == 0, tre["check"].output
    config, errors = load_config(tre["cfg"])
    assert not errors and config is not None
    assert config.planering.ar == YEARS and list(config.year_slots) == [1, 2, 3, 4]


@pytest.mark.parametrize(("planar", "message"), [
    ([2028, 2029, 2030, 2031], "planar: har för många värden (högst 3, angivet 4)"),
    ([2028], "planar: har för få värden (minst 2, angivet 1)"),
    ([2028, 2030], "planåren ska vara de två eller tre åren efter budgetåret: [2028, 2029] eller [2028, 2029, 2030]"),
    ([2029, 2030, 2031], "planåren ska vara de två eller tre åren efter budgetåret"),
])
def test_a_fourth_plan_year_or_a_gap_is_a_swedish_config_error(tmp_path: Path, planar: list[int], message: str) -> None:
    cfg = Path(shutil.copytree(ROOT / "config", tmp_path / "config"))
    text = (ROOT / "config" / "planering.yaml").read_text(encoding="utf-8")
    (cfg / "planering.yaml").write_text(text.replace("planar: [2028, 2029]", f"planar: {planar}"), encoding="utf-8")
    result = run_cli("config", "check", "--config", str(cfg))
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_templates_have_a_column_and_a_ram_for_every_year(tre: dict[str, Any]) -> None:
    assert tre["made"].exit_code == 0, tre["made"].output
    wb = load_workbook(tre["wb"] / "driftbudget-sn-2027.xlsx")
    heads = [c.value for c in wb["Driftbudget"][5] if c.value]
    assert [h for h in heads if str(h).startswith("Kostnader")] == [f"Kostnader {y} (tkr)" for y in YEARS]
    assert [h for h in heads if str(h).startswith("Netto")] == [f"Netto {y} (tkr)" for y in YEARS]
    summary = wb["Sammanfattning"]
    assert [summary[f"{c}3"].value for c in "BCDE"] == [str(y) for y in YEARS]
    config, _ = load_config(tre["cfg"])
    assert [summary[f"{c}4"].value for c in "BCDE"] == [config.brutto_ram("sn", y) for y in YEARS]
    inv = load_workbook(tre["wb"] / "investeringsplan-sn-2027.xlsx")["Projekt"]
    heads = [c.value for c in inv[5] if c.value]
    assert [h for h in heads if str(h).startswith("Utgift 20")] == [f"Utgift {y} (tkr)" for y in YEARS]
    total = heads.index("Total utgift (tkr)") + 1
    assert inv.cell(row=6, column=total).value.startswith("=SUM(") and inv.cell(row=6, column=total).value.count(",") == 4


def test_every_workbook_validates_without_a_fel(tre: dict[str, Any]) -> None:
    assert tre["validate"].exit_code == 0, tre["validate"].output[-2000:]
    files = json.loads(tre["validate"].output)["files"]
    assert len(files) >= 100
    assert [(f["file"], f["findings"][:2]) for f in files if f["errors"]] == []
    assert sum(f["warnings"] for f in files) == 0


def test_the_kommunplan_has_four_years_and_proves_every_identity(tre: dict[str, Any]) -> None:
    assert tre["plan"].exit_code == 0, tre["plan"].output[-3000:]
    data = tre["json"]
    assert data["ar"] == YEARS
    for statement in ("resultatbudget", "kassaflodesbudget", "balansbudget"):
        assert sorted(data[statement]) == [str(y) for y in YEARS], statement
    failed = [k["id"] for k in data["kontroller"] if not k["ok"]]
    assert failed == []
    pl1 = next(k for k in data["kontroller"] if k["id"] == "PL1")
    assert pl1["ok"] and "2027–2030 (budgetår och tre planår)" in pl1["beskrivning"]
    # The 2030 drift is the nämnders' budgets of their fourth year, not zero: Σ netto = Σ ramar.
    rr = data["resultatbudget"]["2030"]
    assert rr["verksamhetens_kostnader"] < 0 and rr["arets_resultat"] != 0
    proven = {k["id"].split("-")[0] for k in data["kontroller"] if k["id"].endswith("-2030") and k["ok"]}
    assert {"RR1", "BR1", "KF1", "AF1", "DR1"} <= proven  # the rolls and identities of the fourth year
