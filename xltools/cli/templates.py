"""`xltools templates generate`: a pre-filled template per nämnd and document type."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    config_option,
    kolada_option,
    kolada_source,
    lite_check_or_exit,
    load_or_exit,
    progress_bar,
    warn_err,
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
@kolada_option
@click.option("--prognos", "prognos", metavar="MAPP", type=click.Path(path_type=Path), default=None,
              help="Mapp eller inkorg med årets uppföljningar (året före budgetåret): den senaste prognosen per "
                   "verksamhet och projekt förifylls, låst, på mallarnas blad Förra året.")
def templates_generate(config_dir: Path, year: int | None, namnder: tuple[str, ...], documents: tuple[str, ...],
                       out_dir: Path, without_lite: bool, kolada: Path | None, prognos: Path | None) -> None:
    """Skriv en förifylld mall per nämnd och dokumenttyp (.xlsx).

    Riktade mål och deras mått förifylls ur målkedjan; ett mått med Kolada-id får sitt utgångsvärde
    (det senaste värdet före budgetåret) och sin källa ur Kolada-ögonblicksbilden. En nämnd med
    enheter i organisation.yaml får också en verksamhetsplan per enhet (förvaltning, avdelning, enhet):
    verksamhetsplan-<nämnd>-<enhet>-<år>.xlsx."""
    from xltools.kolada.snapshot import for_reports
    from xltools.templates import generate_all

    cfg = load_or_exit(config_dir)
    edit = lite_check_or_exit(cfg, without_lite)
    snap, notes = for_reports(kolada_source(kolada, config_dir))
    for note in notes:
        warn_err(f"varning: {note}")
    try:
        prefills = None
        if prognos is not None:
            from xltools.jobs.uppfoljning import prognos_forra_aret

            prefills, note = prognos_forra_aret(prognos, cfg)
            click.echo(note)
        written = generate_all(cfg, out_dir, year=year, namnder=namnder, documents=documents,
                               progress=progress_bar("Skriver mallar", least=20), check=edit, kolada=snap,
                               prefills=prefills)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(written)} mallar skrivna till {out_dir}.")
