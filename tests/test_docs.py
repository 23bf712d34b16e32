"""The rule catalogue in docs/ is generated from the registry, and every rule is named in a test."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from xltools.cli import cli
from xltools.rules import RULES
from xltools.rules.catalogue import render_catalogue

ROOT = Path(__file__).resolve().parents[1]
REGEN = "kör `.venv/bin/xltools regler > docs/regler.md`"


def test_docs_regler_is_generated_from_the_registry() -> None:
    path = ROOT / "docs" / "regler.md"
    assert path.exists(), f"docs/regler.md saknas: {REGEN}"
    assert path.read_text(encoding="utf-8") == render_catalogue(), f"docs/regler.md är inaktuell: {REGEN}"


def test_docs_konfiguration_is_generated_from_the_models() -> None:
    """docs/konfiguration.md: every key of every model, with type, required, limits, unit and example."""
    from xltools.config.models import PARTS
    from xltools.config.reference import render_reference

    regen = "kör `.venv/bin/xltools config referens > docs/konfiguration.md`"
    path = ROOT / "docs" / "konfiguration.md"
    assert path.exists(), f"docs/konfiguration.md saknas: {regen}"
    text = render_reference()
    assert path.read_text(encoding="utf-8") == text, f"docs/konfiguration.md är inaktuell: {regen}"
    assert CliRunner().invoke(cli, ["config", "referens"]).stdout == text
    for name, model in PARTS.items():
        assert f"## {name}.yaml" in text
        for field, _ in model.FIELDS:
            assert f"| `{field}` |" in text, f"{name}.yaml: {field}"
    assert "| `lan.lan[].amortering` | tabell år → tal | valfri (tom) |  | tkr | `2027: 20000` |" in text
    assert "| `namnder[].id` | text | krävs | form `^[a-z][a-z0-9_]*$` |" in text


def test_cli_prints_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["regler", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == render_catalogue()


def test_catalogue_lists_every_rule_once_with_its_severity() -> None:
    rows = [line.split(" | ") for line in render_catalogue().splitlines()
            if re.match(r"\| [A-Z][A-Z0-9-]+ \| (fel|varning) \|", line)]
    listed = [(r[0].lstrip("| "), r[1]) for r in rows]
    assert sorted(listed) == sorted((r.id, str(r.severity)) for r in RULES.values())
    assert all(len(r) == 5 for r in rows), "en tabellrad har fel antal kolumner (ett '|' i en text?)"


def test_every_rule_id_appears_in_a_test() -> None:
    """Each id is written as a string in some test ("INV-1", or a kontroll id such as "RR1-2027"), not only
    in a comment; rule functions are held to more in tests/test_rules.py (a case that fires, one silent)."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    missing = [i for i in RULES if not re.search(rf"([\"']){re.escape(i)}(\1|-\w)", sources)]
    assert not missing, f"regler som inte nämns i något test under tests/: {missing}"
