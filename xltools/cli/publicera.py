"""`xltools publicera`: the citizens' results site for a follow-up period."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    cache_option,
    config_option,
    echo,
    kolada_option,
    kolada_source,
    latest_option,
    load_or_exit,
    progress_bar,
    warn_err,
)
from xltools.errors import XltoolsError
from xltools.escaping import terminal


@click.command("publicera", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("folder", metavar="MAPP", type=click.Path(path_type=Path))
@click.option("--period", "period", required=True, metavar="ÅÅÅÅ-MM",
              help="Perioden som redovisas, t.ex. 2026-08 (delårsrapporten) eller 2026-12 (årsredovisningen).")
@config_option
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Utmapp för webbplatsen (skrivs om helt).")
@kolada_option
@latest_option
@cache_option
@click.option("--db", "db", metavar="ADRESS", default=None, help="Inkorgens liggare i PostgreSQL (postgresql://…).")
def publicera(folder: Path, period: str, config_dir: Path, out_dir: Path, kolada: Path | None, latest: bool,
              no_cache: bool, db: str | None) -> None:
    """Skriv en webbplats för invånarna om hur det gick: "Så gick det" med årets resultat,
    balanskravet, måluppfyllelse och de största avvikelserna i klarspråk, en sida per målområde
    och per nämnd, nyckeltal från Kolada, öppna data (CSV) och en mall för tillgänglighets-
    redogörelsen.

    Sidorna är fristående (inga externa filer, fungerar utan nät) och byggda för WCAG 2.1 AA.
    Inga personuppgifter: åtgärdernas ansvariga och den interna kontrollen tas inte med.
    MAPP är en mapp med nämndernas rapporter eller en inkorg. Kod 0 = skrivet, 1 = inget skrevs.
    """
    from xltools.cache import open_cache
    from xltools.jobs.publicera import publish

    cfg = load_or_exit(config_dir)
    kolada = kolada_source(kolada, config_dir)
    try:
        result = publish(folder, cfg, period, out_dir, kolada=kolada, latest=latest, db=db,
                         cache=open_cache(cfg, not no_cache, warn_err), progress=progress_bar("Läser"))
    except XltoolsError as exc:
        echo(f"fel: {terminal(str(exc))}", err=True)
        echo("Ingen webbplats skrevs.", err=True)
        sys.exit(1)
    for note in result.notes:
        echo(f"varning: {note}", err=True)
    pages = [p for p in result.written if p.suffix == ".html" and p.parent == Path(out_dir)]
    echo(f"{result.followup.title} – webbplats med {len(pages)} sidor i {out_dir} (börja med index.html).")
