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
    """Läs och kontrollera konfigurationen; skriv en sammanfattning eller felen (kod 0/1).

    Finns utfall.yaml kontrolleras också att ekonomisystemets koder pekar på nämnder, verksamheter
    och konton som finns i konfigurationen."""
    from xltools.config import summary
    from xltools.errors import XltoolsError
    from xltools.escaping import terminal

    cfg = load_or_exit(config_dir, statements=True)
    if cfg.utfall is not None:
        from xltools.utfall.konfig import mapping

        try:
            mapping(cfg)
        except XltoolsError as exc:
            click.echo(terminal(str(exc)), err=True)
            raise SystemExit(1) from None
    click.echo(summary(cfg))
    if cfg.utfall is not None:
        click.echo("utfall.yaml: ekonomisystemets koder stämmer med konfigurationen.")
    click.echo("Konfigurationen är giltig.")


@config.command("referens", context_settings=CONTEXT)
def config_referens() -> None:
    """Skriv referensen över konfigurationens nycklar (Markdown, som docs/konfiguration.md)."""
    from xltools.config.reference import render_reference

    click.echo(render_reference(), nl=False)
