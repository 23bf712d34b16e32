"""`xltools budgetberedning`: scenarios on the kommunplan's underlag -> the budgetberedning workbook, JSON, bilaga."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    cache_option,
    config_option,
    echo,
    load_or_exit,
    progress_bar,
    warn_err,
)
from xltools.errors import XltoolsError


@click.command("budgetberedning", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("scenarios", metavar="SCENARIO.yaml...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--underlag", "submissions", required=True, metavar="MAPP", type=click.Path(path_type=Path),
              help="Mappen (eller inkorgen) med nämndernas underlag: investeringsplaner, taxor, nämndplaner m.m.")
@config_option
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Utmapp för budgetberedning-<år>.xlsx, budgetberedning-<år>.json och bilagor/budgetberedning.html.")
@cache_option
def budgetberedning(scenarios: tuple[Path, ...], submissions: Path, config_dir: Path, out_dir: Path,
                    no_cache: bool) -> None:
    """Räkna budgetberedningens scenarier på underlaget: KS förslag, alternativbudgetar (grund: ks-forslag),
    känslighetsanalys och ramförändringar per nämnd, sida vid sida med balanskrav och finansiella mål.

    Varje SCENARIO.yaml ändrar underlaget i ekonomi.yaml: skattesats, skatteunderlag, invanare, ramar (± tkr per
    nämnd och år), investeringsniva eller investeringar, ranta, po_palagg, lonekostnad. Arbetsbokens blad
    "Räkna själv" räknar om förslaget direkt i Excel. Kod 0 = skrivet, 1 = fel i scenarier eller underlag.
    """
    from xltools.cache import open_cache
    from xltools.jobs.budgetberedning import run

    config = load_or_exit(config_dir, statements=True)
    try:
        b, written = run(submissions, config, list(scenarios), out_dir,
                         cache=open_cache(config, not no_cache, warn_err), progress=progress_bar("Läser"))
    except XltoolsError as exc:
        echo(f"fel: {exc}", err=True)
        echo("Ingen budgetberedning skrevs.", err=True)
        sys.exit(1)
    echo(summary(b, written))


def summary(b, written: list[Path]) -> str:  # noqa: ANN001 - Beredning, imported lazily
    from xltools.sv import sv_amount

    y = b.years[0]
    lines = [f"Budgetberedning {b.years[0]}–{b.years[-1]}: {len(b.utfall) - 1} scenarier på underlaget "
             f"(årets resultat {y}, tkr; balanskravet; finansiella mål uppfyllda):"]
    for u in b.utfall:
        mal = [m for m in u.mal if m.ar == y]
        lines.append(f"  {u.rubrik:<36} {sv_amount(round((u.plan.rr.lines[y]['arets_resultat'] or 0) / 1000)):>10}  "
                     f"balanskrav {'uppfyllt' if u.balanskrav[y]['uppfyllt'] else 'EJ uppfyllt'}  "
                     f"mål {sum(m.uppfyllt for m in mal)} av {len(mal)}")
    lines.append(f"Känslighet på {b.forslag.namn} ({y}, tkr): " + "; ".join(
        f"{k.text.lower()} {sv_amount(round(k.resultat[y] / 1000)) if k.resultat[y] is not None else 'uppgift saknas'}"
        for k in b.kanslighet))
    lines += ["Skrev:", *(f"  {p}" for p in written)]
    return "\n".join(lines)
