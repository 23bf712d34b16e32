"""Everything the command line prints is Swedish: help for every command, value names and click's errors."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from xltools.cli import cli


def _commands(cmd: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            out += _commands(sub, (*path, name))
    return out


ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this|DIRECTORY|INTEGER|FILENAME|PATHS?|FILE|required|default)\b")


@pytest.mark.parametrize("path", _commands(cli), ids=lambda p: " ".join(p) or "xltools")
def test_help_is_swedish(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="xltools")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Användning: xltools")
    assert "Flaggor:" in result.output
    assert not ENGLISH.search(result.output), ENGLISH.search(result.output)


@pytest.mark.parametrize(("args", "swedish"), [
    (["validate"], "Fel: Saknat argument 'FIL_ELLER_MAPP...'."),
    (["kommunplan"], "Fel: Saknat argument 'MAPP'."),
    (["validate", "--nope", "x"], "Fel: Okänd flagga '--nope'."),
    (["validate", "--no-cach", "x"], "Menade du '--no-cache'?"),
    (["validate", "-j", "0", "x"], "0 ligger utanför intervallet x>=1."),
    (["templates", "generate", "--year", "tjugo", "--out", "x"], "'tjugo' är inte ett tal."),
    (["okänt"], "Fel: Okänt kommando 'okänt'."),
])
def test_usage_errors_are_swedish(args: list[str], swedish: str) -> None:
    result = CliRunner().invoke(cli, args, prog_name="xltools")
    assert result.exit_code == 2
    assert swedish in result.output, result.output
    assert "Skriv 'xltools" in result.output and "för hjälp." in result.output
