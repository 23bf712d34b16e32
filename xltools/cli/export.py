"""`xltools export`: the kommunplan's figures as open data (CSV with datapackage.json, xlsx or Parquet)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    cache_option,
    config_option,
    echo,
    latest_option,
    load_or_exit,
    progress_bar,
    warn_err,
)
from xltools.errors import XltoolsError


@click.command("export", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("submissions", metavar="MAPP", type=click.Path(path_type=Path))
@config_option
@latest_option
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Utmapp för tabellerna (och datapackage.json för csv och parquet).")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet"]), default="csv", show_default=True,
              help="csv: en fil per tabell och datapackage.json (Frictionless); xlsx: en arbetsbok; "
                   "parquet: kräver tillägget xltools[analys].")
@cache_option
def export(submissions: Path, config_dir: Path, latest: bool, out_dir: Path, fmt: str, no_cache: bool) -> None:
    """Skriv kommunplanens siffror som öppna data: resultat-, kassaflödes- och balansbudget, driftbudget
    per nämnd, investeringsprojekt, mål och mått och varje belopp i underlaget med fil, blad och cell.

    Tabellerna är "tidy" (en rad per värde) med ett dokumenterat schema (docs/oppna-data.md).
    Kod 0 = skrivet, 1 = inget skrevs.
    """
    from xltools.cache import open_cache
    from xltools.jobs.export import run

    config = load_or_exit(config_dir)
    try:
        _, written = run(submissions, config, out_dir, fmt, latest=latest,
                         cache=open_cache(config, not no_cache, warn_err), progress=progress_bar("Läser"))
    except XltoolsError as exc:
        echo(f"fel: {exc}", err=True)
        echo("Inga öppna data skrevs.", err=True)
        sys.exit(1)
    echo(f"Skrev {len(written)} filer i {out_dir}: " + ", ".join(p.name for p in written))
