"""uppfoljning/consolidate.py over the committed follow-up examples: one report per nämnd and period,
control sums with registered codes (UPP-KS1..3), and the duplicate policy shared with the kommunplan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.findings import Loc, Severity
from xltools.forms.period import Period
from xltools.jobs.uppfoljning import run_followup
from xltools.rules import RULES
from xltools.submissions import one_each
from xltools.uppfoljning.consolidate import Kontrollsumma, consolidate
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "workbooks" / "uppfoljning"


@pytest.fixture(scope="module")
def checked(config: Config) -> list:
    return validate_paths([EXAMPLES], config)[1]


def test_delarsrapport_sums_and_control_sums(checked: list, config: Config) -> None:
    keep, replaced = one_each(checked, EXAMPLES, latest=False)
    assert replaced == [] and len(keep) == len(checked)
    fu = consolidate(keep, config, Period(2026, 8), "delarsrapport")
    assert len(fu.counted) == len(config.namnd_ids) and fu.saknas == [] and fu.ej_godkanda == []
    assert fu.totals()["budget"] == pytest.approx(sum(n.budget for n in fu.namnder))
    assert [f.rule for f in fu.findings if f.severity == Severity.FEL] == []
    codes = [k.kod for k in fu.kontrollsummor]
    n = len(config.namnd_ids)
    assert (codes.count("UPP-KS1"), codes.count("UPP-KS2"), codes.count("UPP-KS3")) == (5 * n, n, 5)
    assert [p.period for p in fu.trend] == ["2026-02", "2026-03", "2026-04", "2026-08"]


def test_a_control_sum_that_does_not_add_up_is_a_finding_of_its_code() -> None:
    at = Loc("delarsrapport-sn.xlsx", "Sammanfattning", "B5")
    k = Kontrollsumma("utfall", "sn", "delarsrapport-sn.xlsx", 100.0, 101.0, "UPP-KS1", at)
    f = k.finding()
    assert f is not None and (f.rule, f.severity, f.loc) == ("UPP-KS1", Severity.FEL, at)
    assert f.message == "kontrollsumman 'utfall' för sn stämmer inte (delarsrapport-sn.xlsx)."
    assert RULES["UPP-KS2"].mall == RULES["UPP-KS3"].mall == RULES["UPP-KS1"].mall
    assert Kontrollsumma("utfall", "", "16 filer", 5.0, 5.4, "UPP-KS3").finding() is None  # within 0.5 tkr


def test_a_report_handed_in_twice_is_an_error_unless_latest(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "inkorg"
    folder.mkdir()
    for p in EXAMPLES.glob("*-2026-08.xlsx"):
        shutil.copy(p, folder / p.name)
    shutil.copy(EXAMPLES / "delarsrapport-sn-2026-2026-08.xlsx", folder / "kopia-delarsrapport-sn.xlsx")
    with pytest.raises(XltoolsError) as exc:
        run_followup(folder, config, "2026-08", tmp_path / "ut")
    assert "Dubbla inlämningar" in str(exc.value) and "kopia-delarsrapport-sn.xlsx" in str(exc.value)
    assert not (tmp_path / "ut").exists()
    with pytest.raises(XltoolsError, match="samma tidsstämpel"):  # identical copies: the newest cannot be told
        run_followup(folder, config, "2026-08", tmp_path / "ut", latest=True)
