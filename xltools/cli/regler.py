"""`xltools regler`: print the rule catalogue (the source of docs/regler.md)."""

from __future__ import annotations

import click

from xltools.cli.options import CONTEXT


@click.command("regler", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["md"]), default="md", show_default=True,
              help="Utformat (md = Markdown).")
def regler(fmt: str) -> None:
    """Skriv regelkatalogen: varje kontroll med id, allvarlighet, källa i styrsystemet och dokument.

    Uppdatera dokumentationen med: xltools regler > docs/regler.md
    """
    from xltools.rules.catalogue import render_catalogue

    click.echo(render_catalogue(), nl=False)
