"""`xltools config check`: read and check the kommun's configuration."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import CONTEXT, config_option, load_or_exit


@click.group("config", context_settings=CONTEXT)
def config() -> None:
    """Kontrollera kommunens konfiguration."""


@config.command("check", context_settings=CONTEXT)
@config_option
def config_check(config_dir: Path) -> None:
    """Läs och kontrollera konfigurationen; skriv en sammanfattning eller felen (kod 0/1)."""
    from xltools.config import summary

    click.echo(summary(load_or_exit(config_dir)))
    click.echo("Konfigurationen är giltig.")
