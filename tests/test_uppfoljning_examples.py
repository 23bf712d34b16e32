"""The committed follow-up examples (workbooks/uppfoljning): reproducible by script, valid, and the
demo's follow-up run for the latest period."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xltools.cli import cli
from xltools.config import Config
from xltools.examples.demo import demo_step
from xltools.examples.uppfoljning import PERIODS
from xltools.jobs.uppfoljning import latest_period, run_followup
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "uppfoljning"


def test_committed_examples_match_the_script(config: Config, tmp_path: Path) -> None:
    """Regenerate with `xltools exempel --uppfoljning` and compare every cell value (calamine), then every byte."""
    res = CliRunner().invoke(cli, ["exempel", "--uppfoljning", "--config", str(ROOT / "config"), "--out",
                                   str(tmp_path / "ex")])
    assert res.exit_code == 0 and "64 exempel på uppföljningar (syntetiska exempeldata)" in res.output, res.output
    written = sorted((tmp_path / "ex").glob("*.xlsx"))
    committed = sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
    assert len(committed) == len(PERIODS) * len(config.namnd_ids)
    assert sorted(p.name for p in written) == committed, "kör: xltools exempel --uppfoljning --out workbooks/uppfoljning"
    for name in committed:
        ours, theirs = CalamineWorkbook.from_path(str(EXAMPLES / name)), CalamineWorkbook.from_path(str(tmp_path / "ex" / name))
        assert ours.sheet_names == theirs.sheet_names, name
        for sheet in ours.sheet_names:
            assert ours.get_sheet_by_name(sheet).to_python() == theirs.get_sheet_by_name(sheet).to_python(), \
                f"{name}!{sheet} skiljer sig från skriptets resultat: kör xltools exempel --uppfoljning --out workbooks/uppfoljning"
        assert (EXAMPLES / name).read_bytes() == (tmp_path / "ex" / name).read_bytes(), f"{name}: inte samma byte"


def test_committed_examples_validate_without_fel(config: Config) -> None:
    report, checked = validate_paths([EXAMPLES], config)
    assert len(report.files) == len(PERIODS) * len(config.namnd_ids)
    assert [(f.file, f.errors) for f in report.files if f.errors] == []
    assert {(c.document.doc_type, c.document.meta.period) for c in checked if c.document} == {
        ("manadsrapport", "2026-02"), ("manadsrapport", "2026-03"), ("uppfoljning_jan_apr", "2026-04"),
        ("delarsrapport", "2026-08")}


def test_demo_runs_the_followup_for_the_latest_period(config: Config, tmp_path: Path) -> None:
    assert latest_period(EXAMPLES, config) == "2026-08"
    step = demo_step(tmp_path / "ut", EXAMPLES, str(ROOT / "config"))
    assert step is not None and step[:4] == ("uppfoljning", str(EXAMPLES), "--period", "2026-08")
    result = run_followup(EXAMPLES, config, "2026-08", tmp_path / "ut")
    fu = result.followup
    assert len(fu.counted) == len(config.namnd_ids) and not fu.saknas and not fu.ej_godkanda
    assert [p.period for p in fu.trend] == list(PERIODS)
    assert all(p.namnder == len(config.namnd_ids) for p in fu.trend)
    assert all(k.stammer for k in fu.kontrollsummor)
    # the example's prognos converges on a deficit over the year: the deviation grows period by period
    deviations = [p.avvikelse for p in fu.trend]
    assert deviations == sorted(deviations, reverse=True) and deviations[-1] < 0
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [
        "uppfoljning-2026-08-bilaga.html", "uppfoljning-2026-08.json", "uppfoljning-2026-08.xlsx"]


@pytest.mark.parametrize("period", ["2026-02", "2026-04"])
def test_earlier_periods_of_the_examples(period: str, config: Config, tmp_path: Path) -> None:
    fu = run_followup(EXAMPLES, config, period, tmp_path / "ut").followup
    assert len(fu.counted) == len(config.namnd_ids)
    assert fu.trend[-1].period == period
