"""cli/: one module per command, registered once in the group; what the commands share is in
options.py; click's own texts in Swedish come from swedish.py."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from xltools.cli import (
    addin,
    config,
    exempel,
    kommunplan,
    regler,
    swedish,
    templates,
    uppfoljning,
    validate,
)
from xltools.cli.main import cli
from xltools.cli.options import CONTEXT, load_or_exit, progress_bar, status

COMMANDS = {"addin": addin.addin, "config": config.config, "exempel": exempel.exempel,
            "kommunplan": kommunplan.kommunplan, "regler": regler.regler, "templates": templates.templates,
            "uppfoljning": uppfoljning.uppfoljning, "validate": validate.validate}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_module_registers_its_command(name: str) -> None:
    assert cli.commands[name] is COMMANDS[name]
    assert COMMANDS[name].context_settings == CONTEXT
    res = CliRunner().invoke(cli, [name, "-h"], prog_name="xltools")
    assert res.exit_code == 0 and res.output.startswith(f"Användning: xltools {name} "), res.output
    assert "Flaggor:" in res.output and "Options:" not in res.output


def test_every_command_lives_in_the_module_named_after_it() -> None:
    for name, cmd in cli.commands.items():
        assert cmd.callback is not None and cmd.callback.__module__ == f"xltools.cli.{name}", name


def test_load_or_exit_prints_the_configuration_errors_in_swedish(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        load_or_exit(tmp_path / "saknas")
    assert exc.value.code == 1
    assert "mappen med konfiguration finns inte" in capsys.readouterr().err


def test_progress_and_status_stay_quiet_when_not_at_a_terminal(capsys) -> None:
    assert progress_bar("Läser") is None  # pytest's stderr is not a terminal
    status("Skriver …")
    assert capsys.readouterr().err == ""


def test_swedish_texts_and_value_names() -> None:
    swedish.install()
    swedish.install()  # idempotent
    assert swedish._sv("Show this message and exit.") == "Visa denna hjälp och avsluta."
    cmd = click.Command("x", params=[click.Argument(["paths"], nargs=-1, type=click.Path()),
                                     click.Option(["--jobs"], type=int)])
    swedish.swedish_metavars(cmd)
    assert cmd.options_metavar == "[FLAGGOR]"
    assert [p.metavar for p in cmd.params] == ["FIL_ELLER_MAPP...", "HELTAL"]
