"""`xltools kolada hamta|importera`: nyckeltal from Kolada (RKA) into dated snapshots (Swedish CLI)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from xltools.cli.options import CONTEXT, config_option, echo, load_or_exit

if TYPE_CHECKING:
    from xltools.kolada.model import Snapshot
    from xltools.kolada.settings import KoladaSettings

out_option = click.option("--out", "out_dir", metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
                          help="Mapp för ögonblicksbilderna. Standard: mapp i kolada.yaml (kolada).")


@click.group("kolada", context_settings=CONTEXT)
def kolada() -> None:
    """Nyckeltal från Kolada (RKA) för målens mått: kommunen, liknande kommuner och riket.

    \b
    xltools kolada hamta [MAPP|FIL]...   hämta från Kolada och spara en daterad ögonblicksbild
    xltools kolada importera FIL.csv      läs in värden som hämtats för hand (se docs/kolada.md)

    Inställningarna står i kolada.yaml i konfigurationsmappen.
    """


def _settings(config_dir: Path) -> KoladaSettings:
    from xltools.kolada.settings import load_settings

    settings, errors = load_settings(config_dir)
    if settings is None:
        for e in errors:
            echo(f"fel: {e}", err=True)
        raise SystemExit(1)
    return settings


def _kpis_in(paths: tuple[Path, ...], config_dir: Path) -> list[str]:
    """The Kolada ids in the mått of the nämndplaner among `paths`."""
    from xltools.validate import validate_paths

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.ClickException(f"finns inte: {', '.join(missing)}")
    _, checked = validate_paths(list(paths), load_or_exit(config_dir))
    return [str(r.get("kolada_id")).strip() for c in checked if c.document and c.document.doc_type == "namndplan"
            for r in c.document.rows("matt") if r.get("kolada_id")]


def _report(snap: Snapshot, folder: Path, what: str) -> None:
    """Save a snapshot that holds anything, say what happened, exit 1 if anything went wrong."""
    from xltools.kolada.snapshot import save

    for p in snap.problem:
        echo(f"varning: {p}", err=True)
    if not snap.serier:
        echo(f"Ingen ögonblicksbild sparades: {what} gav inga värden.", err=True)
        sys.exit(1)
    path = save(snap, folder)
    years = f"{snap.ar[0]}–{snap.ar[-1]}" if snap.ar else "inga år"
    label = f" ({snap.exempeldata})" if snap.exempeldata else ""
    echo(f"{len(snap.kpis())} nyckeltal, {len(snap.serier)} serier ({years}) från {what}{label}; "
         f"ögonblicksbilden sparades i {path}.")
    sys.exit(1 if snap.problem else 0)


@kolada.command("hamta", context_settings=CONTEXT)
@click.argument("underlag", nargs=-1, metavar="[MAPP|FIL]...", type=click.Path(path_type=Path))
@config_option
@click.option("--kpi", "kpis", multiple=True, metavar="ID",
              help="Ett Kolada-id att hämta, t.ex. N00090; kan anges flera gånger.")
@out_option
@click.option("--api", "api_url", metavar="URL", help="Adressen till Koladas API. Standard: api_url i kolada.yaml "
              "(https://api.kolada.se/v3).")
def hamta(underlag: tuple[Path, ...], config_dir: Path, kpis: tuple[str, ...], out_dir: Path | None,
          api_url: str | None) -> None:
    """Hämta nyckeltalen för målens mått från Kolada och spara en daterad ögonblicksbild.

    Nyckeltalen är Kolada-id:na i måtten i nämndplanerna i MAPP eller FIL, nyckeltal i
    kolada.yaml och --kpi. För vart och ett hämtas kommunens, de liknande kommunernas (eller
    Kolada-gruppens) och rikets värden för åren före budgetåret (antal_ar i kolada.yaml), totalt
    och för kvinnor och män där Kolada delar upp dem. Ett nyckeltal som inte kan hämtas behåller
    värdena från den förra ögonblicksbilden. Kod 0 = allt hämtades, 1 = något kunde inte hämtas.
    """
    from xltools.kolada.fetch import hamta as fetch
    from xltools.kolada.snapshot import load_latest

    config = load_or_exit(config_dir)
    settings = _settings(config_dir)
    wanted = [*settings.nyckeltal, *kpis, *(_kpis_in(underlag, config_dir) if underlag else [])]
    if not wanted:
        raise click.ClickException("inga nyckeltal att hämta: ange nämndplaner med Kolada-id i måtten, --kpi "
                                   "eller nyckeltal i kolada.yaml")
    folder = out_dir or Path(settings.mapp)
    previous, _ = load_latest(folder) if folder.is_dir() else (None, [])
    client = settings.client(api_url)
    snap = fetch(client, settings.urval(config.kommun.kommunkod, config.planering.budgetar), wanted,
                 previous=previous)
    _report(snap, folder, client.base_url)


@kolada.command("importera", context_settings=CONTEXT)
@click.argument("csv_file", metavar="FIL.csv", type=click.Path(dir_okay=False, path_type=Path))
@config_option
@out_option
def importera(csv_file: Path, config_dir: Path, out_dir: Path | None) -> None:
    """Läs in värden från Kolada som hämtats för hand (CSV) till en daterad ögonblicksbild.

    Kolumnerna är nyckeltal, kommun, ar, kon, varde, status, hamtad och kalla_url (docs/kolada.md);
    semikolon eller komma, decimalkomma går bra. En rad som inte kan läsas redovisas med radnummer
    och hoppas över. Kod 0 = alla rader lästes, 1 = någon rad eller filen kunde inte läsas.
    """
    from xltools.kolada.csv_import import import_csv

    config = load_or_exit(config_dir)
    settings = _settings(config_dir)
    urval = settings.urval(config.kommun.kommunkod, config.planering.budgetar)
    snap = import_csv(csv_file, urval.kommun, urval.jamforelse)
    _report(snap, out_dir or Path(settings.mapp), str(csv_file))
