"""`xltools kommunplan`: a folder of submissions -> the kommunplan workbook, JSON and bilagor."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    cache_option,
    config_option,
    dokument_formats,
    dokument_option,
    echo,
    kolada_option,
    kolada_source,
    latest_option,
    load_or_exit,
    mall_option,
    progress_bar,
    status,
    warn_err,
)
from xltools.errors import XltoolsError
from xltools.findings import Severity


@click.command("kommunplan", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("submissions", metavar="MAPP", type=click.Path(path_type=Path))
@config_option
@latest_option
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Utmapp för kommunplan-<år>.xlsx, kommunplan-<år>.json, upphandlingsplan-<år>.xlsx och bilagor/.")
@click.option("--namnd", "namnder", multiple=True, metavar="ID",
              help="Skriv bilagorna bara för denna nämnd (id); kan anges flera gånger. Standard: alla nämnder.")
@click.option("--fas", type=click.Choice(["juni", "november", "december", "auto"]), default=None,
              help="Årshjulets fas: juni (KF antar kommunplanen; internbudgetar krävs inte), november (reviderad "
                   "kommunplan med förändringarna mot den antagna i juni), december (varje internbudget mot ramen, "
                   "fastställda nämndplaner); auto väljer fas efter dagens datum. Utan --fas krävs allt underlag.")
@click.option("--faststall", "faststall", is_flag=True,
              help="Spara kommunplanen som antagen för fasen i inkorgens liggare (MAPP ska vara en inkorg), så att "
                   "senare faser och nästa år kan jämföras med den.")
@click.option("--av", "who", default="", metavar="NAMN", help="Vem som fastställer (med --faststall).")
@dokument_option
@mall_option
@kolada_option
@cache_option
def kommunplan(submissions: Path, config_dir: Path, latest: bool, out_dir: Path, namnder: tuple[str, ...],
               fas: str | None, faststall: bool, who: str,
               dokument: str | None, mall: Path | None, kolada: Path | None, no_cache: bool) -> None:
    """Sammanställ nämndernas underlag i MAPP till kommunplanen: resultat-, kassaflödes-, balans-,
    drift- och investeringsbudget, ramar, internposter, taxor, mål och mått, kontroller och bilagor.

    Varje arbetsbok valideras; en arbetsbok med fel ingår inte och redovisas. Kod 0 = alla
    kontroller uppfyllda, 1 = någon kontroll är inte uppfylld eller underlaget kunde inte sammanställas.
    """
    from xltools.cache import open_cache
    from xltools.jobs.kommunplan import run
    from xltools.reports.summary import summary_text

    formats = dokument_formats(dokument, mall)
    config = load_or_exit(config_dir, statements=True)
    if fas == "auto":
        import datetime as dt

        from xltools.consolidate.fas import default_fas

        fas = default_fas(config.planering.budgetar, dt.date.today())
    if faststall and fas is None:
        raise click.UsageError("--faststall kräver --fas (juni, november eller december).")
    unknown = [n for n in namnder if n not in config.namnd_ids]
    if unknown:
        raise click.ClickException(f"okänd nämnd: {', '.join(unknown)} (kända: {', '.join(config.namnd_ids)})")
    try:
        plan, written = run(submissions, config, out_dir, latest=latest,
                            namnder=list(namnder) or None, cache=open_cache(config, not no_cache, warn_err),
                            progress=progress_bar("Läser"), status=status, dokument=formats, mall=mall,
                            kolada=kolada_source(kolada, config_dir),
                            notes=lambda text: warn_err(f"varning: {text}"), fas=fas, faststall=faststall, who=who)
    except XltoolsError as exc:
        echo(f"fel: {exc}", err=True)
        echo("Ingen kommunplan skrevs.", err=True)
        sys.exit(1)
    echo(summary_text(plan, written))
    sys.exit(1 if any(f.severity == Severity.FEL for f in plan.findings) else 0)
