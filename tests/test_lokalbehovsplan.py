"""The lokalbehovsplan end to end: declaration (forms/lokalbehovsplan.py), rules (rules/lok.py), template,
example submissions, validation, and the kommunplan, which reads it as a document without figures."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import CONFIG_DIR, ROOT
from openpyxl import load_workbook

from xltools.cli import cli
from xltools.config import Config
from xltools.consolidate.model import Kommunplan
from xltools.forms import DECLARED, FORMS, PLANNING
from xltools.forms import lokalbehovsplan as lbp
from xltools.rules import RULES, lok
from xltools.validate import validate_paths

EXAMPLES = ROOT / "workbooks" / "planering"


def test_declared_once_and_registered() -> None:
    assert DECLARED["lokalbehovsplan"] is lbp.FORM and FORMS["lokalbehovsplan"] in PLANNING
    assert lbp.FORM.followup is None and lbp.FORM.period_kind == "ar"
    assert not any(c.fact for c in lbp.BEHOV.columns)  # no amounts for the kommunplan to consolidate
    every = {r for r, rule in RULES.items() if set(FORMS) <= set(rule.documents)}  # TXT-1, DOK-*
    assert {r for r, rule in RULES.items() if "lokalbehovsplan" in rule.documents} - every - {"RIM-1"} == {"LOK-1", "LOK-2"}
    assert RULES["LOK-1"].section == lok.SECTION == "Lokalbehov"


def test_template_is_prefilled_with_the_lokalagare_and_the_deadline(config: Config, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["templates", "generate", "--config", str(CONFIG_DIR), "--dokument", "lokalbehovsplan",
                                   "--namnd", "sn", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "lokalbehovsplan-sn-2027.xlsx")
    owner = config.lokalagare()
    assert owner is not None and wb["Lokalbehov"]["B3"].value == owner.namn
    anvisningar = "\n".join(str(r[0]) for r in wb["Anvisningar"].iter_rows(values_only=True) if r[0])
    assert "2025-12-31" in anvisningar  # arshjul.yaml: December two years before the budget year


def test_every_nämnd_has_an_example_that_validates(config: Config) -> None:
    files = sorted(EXAMPLES.glob("lokalbehovsplan-*.xlsx"))
    assert len(files) == len(config.namnd_ids)
    report, checked = validate_paths(files, config)
    assert [(f.file, f.findings) for f in report.files if f.findings] == []
    rows = [r for c in checked if c.document for r in c.document.rows("behov")]
    assert {r.get("typ") for r in rows} == {"ny", "utokning", "anpassning", "avveckling"}


def test_the_kommunplan_reads_it_without_consolidating_it(plan: Kommunplan) -> None:
    assert sorted(s.namnd for s in plan.ej_sammanstallda if s.document == "lokalbehovsplan") == sorted(
        plan.config.namnd_ids)
    assert not any(s.document == "lokalbehovsplan" for s in plan.sources)
    assert plan.findings == []
