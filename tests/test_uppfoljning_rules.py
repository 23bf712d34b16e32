"""UPP-1..UPP-7, IK-2 and AR-1: each fires at the right cell on a real workbook and stays silent on a valid one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from support.uppfoljning import follow_up
from support.workbooks import edit

from xltools.config import Config
from xltools.findings import Finding, Severity
from xltools.validate import validate_paths

FEL, VARNING = Severity.FEL, Severity.VARNING
OURS = ("UPP-", "IK-2", "AR-1")


def findings(path: Path, config: Config) -> list[Finding]:
    report, _ = validate_paths([path], config)
    return report.files[0].findings


def hits(path: Path, config: Config, rule: str) -> list[tuple[str, str | None, str | None]]:
    return sorted((str(f.severity), f.loc.sheet, f.loc.cell) for f in findings(path, config) if f.rule == rule)


@pytest.fixture(scope="module")
def base(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bas")
    return {
        "manadsrapport": follow_up(config, "manadsrapport", "ks", folder / "m.xlsx")[0],
        "uppfoljning_jan_apr": follow_up(config, "uppfoljning_jan_apr", "fgn", folder / "j.xlsx", delta=0.02)[0],
        "delarsrapport": follow_up(config, "delarsrapport", "sn", folder / "d.xlsx", delta=0.03)[0],
        "verksamhetsberattelse": follow_up(config, "verksamhetsberattelse", "tn", folder / "v.xlsx")[0],
    }


def changed(base: dict[str, Path], kind: str, tmp_path: Path, cells: dict[tuple[str, str], Any]) -> Path:
    path = Path(shutil.copyfile(base[kind], tmp_path / f"{kind}.xlsx"))
    return edit(path, cells)


@pytest.mark.parametrize("kind", ["manadsrapport", "uppfoljning_jan_apr", "delarsrapport", "verksamhetsberattelse"])
def test_valid_followups_are_silent(kind: str, base: dict[str, Path], config: Config) -> None:
    assert [(f.rule, f.loc.sheet, f.loc.cell, f.message) for f in findings(base[kind], config)] == []


# ---------------------------------------------------------------- UPP-1
@pytest.mark.parametrize("kind,period", [("manadsrapport", "2026-06"), ("manadsrapport", "2026-01"),
                                         ("manadsrapport", "2026-12"), ("uppfoljning_jan_apr", "2026-05"),
                                         ("delarsrapport", "2026-09"), ("verksamhetsberattelse", "2026-11"),
                                         ("manadsrapport", "2025-03")])
def test_upp1_wrong_period_fires_at_the_period_cell(kind: str, period: str, config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, kind, "ks", tmp_path / "x.xlsx", period=period)
    assert hits(path, config, "UPP-1") == [("fel", "Sammanfattning", "B4")]


def test_upp1_june_message_is_swedish(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "manadsrapport", "ks", tmp_path / "x.xlsx", period="2026-06")
    msg = next(f.message for f in findings(path, config) if f.rule == "UPP-1")
    assert "Månadsrapport görs inte för juni" in msg and "ej januari, juni och december" in msg


@pytest.mark.parametrize("period", ["2026-02", "2026-05", "2026-07", "2026-11"])
def test_upp1_silent_for_the_nine_months(period: str, config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "manadsrapport", "ks", tmp_path / "x.xlsx", period=period)
    assert hits(path, config, "UPP-1") == []


# ---------------------------------------------------------------- UPP-2
def test_upp2_missing_prognos_utfall_and_analysis(base: dict[str, Path], config: Config, tmp_path: Path) -> None:
    path = changed(base, "uppfoljning_jan_apr", tmp_path, {
        ("Ekonomi", "I7"): None, ("Ekonomi", "J7"): None,  # prognos of the second verksamhet
        ("Ekonomi", "E8"): None, ("Ekonomi", "F8"): None,  # utfall of the third
        ("Sammanfattning", "B18"): None,  # ekonomisk analys
    })
    assert hits(path, config, "UPP-2") == [("fel", "Ekonomi", "F8"), ("fel", "Ekonomi", "J7"),
                                           ("fel", "Sammanfattning", "B18")]


def test_upp2_year_end_report_needs_utfall_but_no_prognos(base: dict[str, Path], config: Config,
                                                          tmp_path: Path) -> None:
    assert hits(base["verksamhetsberattelse"], config, "UPP-2") == []
    path = changed(base, "verksamhetsberattelse", tmp_path, {("Ekonomi", "E6"): None, ("Ekonomi", "F6"): None})
    assert hits(path, config, "UPP-2") == [("fel", "Ekonomi", "F6")]


# ---------------------------------------------------------------- UPP-3
def test_upp3_every_mal_assessed_with_analysis(base: dict[str, Path], config: Config, tmp_path: Path) -> None:
    path = changed(base, "delarsrapport", tmp_path, {
        ("Mål", "F6"): None,  # prognos vid årets slut, RM3
        ("Mål", "E7"): None,  # bedömning nu, RM4
        ("Mål", "G6"): None,  # analys, RM3
        ("Sammanfattning", "B19"): None,  # verksamhetens utveckling
    })
    assert hits(path, config, "UPP-3") == [("fel", "Mål", "E7"), ("fel", "Mål", "F6"), ("fel", "Mål", "G6"),
                                           ("fel", "Sammanfattning", "B19")]


def test_upp3_warns_when_no_namndmal_is_reported(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "delarsrapport", "sn", tmp_path / "d.xlsx", delta=0.03, namndmal=())
    assert hits(path, config, "UPP-3") == [("varning", "Mål", "A6")]


# ---------------------------------------------------------------- UPP-4
def test_upp4_deficit_without_atgarder_is_fel(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "uppfoljning_jan_apr", "fgn", tmp_path / "j.xlsx", delta=0.02, atgarder=[])
    assert hits(path, config, "UPP-4") == [("fel", "Sammanfattning", "B10")]
    msg = next(f.message for f in findings(path, config) if f.rule == "UPP-4")
    assert "underskottet" in msg and "Åtgärder" in msg


def test_upp4_warns_each_uncovered_verksamhet(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "uppfoljning_jan_apr", "fgn", tmp_path / "j.xlsx", delta=0.02,
                        atgarder=[{"verksamhet": "400", "atgard": "Färre vikarier", "effekt": 900.0}])
    n = len(config.uppfoljning.driftbudget["fgn"])
    assert set(hits(path, config, "UPP-4")) == {("varning", "Ekonomi", f"L{r}") for r in range(7, 6 + n)}


@pytest.mark.parametrize("delta", [0.0, -0.01])
def test_upp4_silent_without_deficit(delta: float, config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "uppfoljning_jan_apr", "fgn", tmp_path / "j.xlsx", delta=delta, atgarder=[])
    assert hits(path, config, "UPP-4") == []


def test_upp4_applies_to_the_year_end_result(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "verksamhetsberattelse", "tn", tmp_path / "v.xlsx", delta=0.05, atgarder=[])
    assert hits(path, config, "UPP-4") == [("fel", "Sammanfattning", "B10")]


# ---------------------------------------------------------------- UPP-5
def test_upp5_matt_without_analysis_and_mal_without_matt(base: dict[str, Path], config: Config,
                                                         tmp_path: Path) -> None:
    # sn: RM3, RM4 pre-filled (rows 6-7), NM1, NM2 added (rows 8-9); mått rows 6..9 in the same order
    path = changed(base, "delarsrapport", tmp_path, {
        ("Mått", "H6"): None,
        **{("Mått", f"{c}9"): None for c in "ABCDEFGH"},  # NM2's only mått removed
    })
    assert hits(path, config, "UPP-5") == [("fel", "Mått", "H6"), ("varning", "Mål", "A9")]


# ---------------------------------------------------------------- UPP-6
def test_upp6_utfall_above_prognos_needs_a_comment(base: dict[str, Path], config: Config, tmp_path: Path) -> None:
    path = changed(base, "manadsrapport", tmp_path, {("Ekonomi", "F6"): 5_000_000})
    assert hits(path, config, "UPP-6") == [("varning", "Ekonomi", "M6")]
    commented = edit(path, {("Ekonomi", "M6"): "Engångskostnad; prognosen ses över."})
    assert hits(commented, config, "UPP-6") == []


# ---------------------------------------------------------------- UPP-7
def test_upp7_added_row_cannot_carry_its_own_budget(config: Config, tmp_path: Path) -> None:
    budget = {k: v for k, v in config.uppfoljning.driftbudget.items()}
    budget["ks"] = {v: b for v, b in budget["ks"].items() if v != "610"}  # 610 without budget this year
    cfg = config.replace(uppfoljning=config.uppfoljning.replace(driftbudget=budget))
    path, _ = follow_up(cfg, "manadsrapport", "ks", tmp_path / "m.xlsx")
    # externally financed (intäkter = kostnader): no budget needed, no deficit
    added = {("Ekonomi", "A11"): "610 Arbetsmarknadsåtgärder", ("Ekonomi", "E11"): 120, ("Ekonomi", "F11"): 120,
             ("Ekonomi", "I11"): 480, ("Ekonomi", "J11"): 480}
    silent = edit(path, added)
    assert [f.rule for f in findings(silent, cfg) if f.severity == FEL] == []
    assert hits(silent, cfg, "UPP-7") == []
    with_budget = edit(Path(shutil.copyfile(silent, tmp_path / "b.xlsx")), {("Ekonomi", "B11"): 500})
    assert hits(with_budget, cfg, "UPP-7") == [("fel", "Ekonomi", "B11")]


# ---------------------------------------------------------------- IK-2
def test_ik2_every_kontroll_done_and_reported_in_december(base: dict[str, Path], config: Config,
                                                          tmp_path: Path) -> None:
    path = changed(base, "verksamhetsberattelse", tmp_path, {
        ("Intern kontroll", "D6"): "Pågår",
        ("Intern kontroll", "E7"): None,
    })
    assert hits(path, config, "IK-2") == [("fel", "Intern kontroll", "D6"), ("fel", "Intern kontroll", "E7")]
    msg = next(f.message for f in findings(path, config) if f.rule == "IK-2" and f.loc.cell == "D6")
    assert "pågår" in msg and "december" in msg


def test_ik2_does_not_apply_to_the_delarsrapport(base: dict[str, Path], config: Config) -> None:
    assert hits(base["delarsrapport"], config, "IK-2") == []  # its kontroller are "Pågår"


# ---------------------------------------------------------------- AR-1
def test_ar1_mal_verksamhet_and_insatsomraden(base: dict[str, Path], config: Config, tmp_path: Path) -> None:
    path = changed(base, "verksamhetsberattelse", tmp_path, {
        ("Insatsområden", "B6"): None,  # not said whether it concerns the nämnd
        ("Insatsområden", "B7"): "Nej", ("Insatsområden", "C7"): None,  # does not concern it: fine
        ("Insatsområden", "C8"): None,  # concerns it, but no description
        ("Mål", "E6"): None,  # måluppfyllelse of RM5
        ("Mål", "F7"): None,  # analys of NM1
        ("Sammanfattning", "B19"): None,
    })
    assert hits(path, config, "AR-1") == [("fel", "Insatsområden", "B6"), ("fel", "Insatsområden", "C8"),
                                          ("fel", "Mål", "E6"), ("fel", "Mål", "F7"),
                                          ("fel", "Sammanfattning", "B19")]


def test_rules_only_concern_followups() -> None:
    from xltools.rules import RULES

    for rid in ("UPP-1", "UPP-2", "UPP-3", "UPP-4", "UPP-5", "UPP-6", "UPP-7", "IK-2", "AR-1"):
        docs = set(RULES[rid].documents)
        assert docs and docs <= {"manadsrapport", "uppfoljning_jan_apr", "delarsrapport", "verksamhetsberattelse"}
