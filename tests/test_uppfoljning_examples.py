"""The committed follow-up examples (workbooks/uppfoljning): reproducible by script, valid, and the
demo's follow-up run for the latest period."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xltools.cli import cli
from xltools.config import Config
from xltools.examples.demo import followup_steps
from xltools.examples.uppfoljning import PERIODS, underlag_dir
from xltools.jobs.uppfoljning import latest_period, run_followup
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "uppfoljning"
UNDERLAG = underlag_dir(EXAMPLES)


def test_committed_examples_match_the_script(config: Config, tmp_path: Path) -> None:
    """Regenerate with `xltools exempel --uppfoljning` and compare every cell value (calamine), then every byte."""
    res = CliRunner().invoke(cli, ["exempel", "--uppfoljning", "--config", str(ROOT / "config"), "--out",
                                   str(tmp_path / "ex")])
    n = len(config.namnd_ids)
    total = len(PERIODS) * n + 2 * n + 1  # the follow-ups, each nämnd's plans for the year, the SIE export
    assert res.exit_code == 0 and f"{total} exempel på uppföljningar (syntetiska exempeldata)" in res.output, res.output
    for ours_dir, theirs_dir in ((EXAMPLES, tmp_path / "ex"), (UNDERLAG, tmp_path / "ex-underlag")):
        committed = sorted(p.name for p in ours_dir.iterdir())
        assert sorted(p.name for p in theirs_dir.iterdir()) == committed, \
            "kör: xltools exempel --uppfoljning --out workbooks/uppfoljning"
        for name in committed:
            if name.endswith(".xlsx"):
                ours, theirs = CalamineWorkbook.from_path(str(ours_dir / name)), \
                    CalamineWorkbook.from_path(str(theirs_dir / name))
                assert ours.sheet_names == theirs.sheet_names, name
                for sheet in ours.sheet_names:
                    assert ours.get_sheet_by_name(sheet).to_python() == theirs.get_sheet_by_name(sheet).to_python(), \
                        f"{name}!{sheet} skiljer sig: kör xltools exempel --uppfoljning --out workbooks/uppfoljning"
            assert (ours_dir / name).read_bytes() == (theirs_dir / name).read_bytes(), f"{name}: inte samma byte"
    assert len(list(EXAMPLES.glob("*.xlsx"))) == len(PERIODS) * n


def test_committed_examples_validate_without_fel(config: Config) -> None:
    report, checked = validate_paths([EXAMPLES], config)
    assert len(report.files) == len(PERIODS) * len(config.namnd_ids)
    assert [(f.file, f.errors) for f in report.files if f.errors] == []
    assert {(c.document.doc_type, c.document.meta.period) for c in checked if c.document} == {
        ("manadsrapport", "2026-02"), ("manadsrapport", "2026-03"), ("uppfoljning_jan_apr", "2026-04"),
        ("delarsrapport", "2026-08"), ("verksamhetsberattelse", "2026-12")}


def test_demo_steps_templates_from_sie_delarsrapport_and_arsredovisning(config: Config, tmp_path: Path) -> None:
    assert latest_period(EXAMPLES, config) == "2026-12"
    steps = followup_steps(tmp_path / "ut", EXAMPLES, str(ROOT / "config"))
    sie = str(UNDERLAG / "utfall-2026.se")
    assert [s[:4] for s in steps] == [("uppfoljning", "mallar", "--period", "2026-08"),
                                      ("uppfoljning", str(EXAMPLES), "--period", "2026-08"),
                                      ("uppfoljning", str(EXAMPLES), "--period", "2026-12")]
    assert all(sie in s for s in steps)


def test_delarsrapport_utfall_is_the_sie_export(config: Config, tmp_path: Path) -> None:
    result = run_followup(EXAMPLES, config, "2026-08", tmp_path / "ut", utfall=UNDERLAG / "utfall-2026.se")
    fu = result.followup
    assert len(fu.counted) == len(config.namnd_ids) and not fu.saknas and not fu.ej_godkanda
    assert [p.period for p in fu.trend] == [p for p in PERIODS if p <= "2026-08"]
    assert all(p.namnder == len(config.namnd_ids) for p in fu.trend)
    assert all(k.stammer for k in fu.kontrollsummor)
    assert sum(k.kod == "UPP-KS4" for k in fu.kontrollsummor) == len(config.namnd_ids)  # every utfall = the export
    assert sorted({f.rule for f in fu.findings}) == ["INV-4", "UPP-FM", "UTF-2"]  # varningar, all of them
    assert all(f.severity == "varning" for f in fu.findings)
    # the example's prognos converges on a deficit over the year: the deviation grows period by period
    deviations = [p.avvikelse for p in fu.trend]
    assert deviations == sorted(deviations, reverse=True) and deviations[-1] < 0
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [
        "uppfoljning-2026-08-bilaga.html", "uppfoljning-2026-08.json", "uppfoljning-2026-08.xlsx"]
    k = fu.kommunen
    assert k is not None and not [x for x in k.kontroller if not x.ok and x.kod != "UPP-FM"]


@pytest.mark.parametrize("period", ["2026-02", "2026-04"])
def test_earlier_periods_of_the_examples(period: str, config: Config, tmp_path: Path) -> None:
    fu = run_followup(EXAMPLES, config, period, tmp_path / "ut").followup
    assert len(fu.counted) == len(config.namnd_ids)
    assert fu.trend[-1].period == period
