"""`xltools templates generate`: a pre-filled template per nämnd and document type."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    config_option,
    lite_check_or_exit,
    load_or_exit,
    progress_bar,
    without_lite_option,
)
from xltools.errors import XltoolsError


@click.group("templates", context_settings=CONTEXT)
def templates() -> None:
    """Skapa Excelmallar för nämnderna."""


@templates.command("generate", context_settings=CONTEXT)
@config_option
@click.option("--year", type=int, default=None, help="Budgetår (standard: budgetåret i konfigurationen).")
@click.option("--namnd", "namnder", multiple=True, metavar="ID", help="Nämnd-id; kan anges flera gånger (standard: alla).")
@click.option("--dokument", "documents", multiple=True, metavar="TYP", help="Dokumenttyp; kan anges flera gånger (standard: alla).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
@without_lite_option
def templates_generate(config_dir: Path, year: int | None, namnder: tuple[str, ...], documents: tuple[str, ...],
                       out_dir: Path, without_lite: bool) -> None:
    """Skriv en förifylld mall per nämnd och dokumenttyp (.xlsx)."""
    from xltools.templates import generate_all

    cfg = load_or_exit(config_dir)
    edit = lite_check_or_exit(cfg, without_lite)
    try:
        written = generate_all(cfg, out_dir, year=year, namnder=namnder, documents=documents,
                               progress=progress_bar("Skriver mallar", least=20), check=edit)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(written)} mallar skrivna till {out_dir}.")
