"""`xltools addin build|install|lite-paket`: the Excel add-in xltools.xlam (the Validera button), and the
package IT hosts for templates that carry Validera in xlwings Lite."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import CONTEXT, config_option
from xltools.errors import XltoolsError, unwritable


@click.group("addin", context_settings=CONTEXT)
def addin() -> None:
    """Excel-tillägget xltools.xlam med knappen Validera, och paketet för mallarnas egen kontroll i xlwings Lite
    (se docs/excel.md)."""


@addin.command("build", context_settings=CONTEXT)
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Mapp där xltools.xlam skrivs.")
@click.option("--interpreter-win", default=None, metavar="SÖKVÄG",
              help=r"Python som knappen startar i Windows (standard: %LOCALAPPDATA%\xltools\python\python.exe).")
@click.option("--interpreter-mac", default=None, metavar="SÖKVÄG",
              help="Python som knappen startar på Mac (standard: $HOME/Library/xltools/python/bin/python).")
@click.option("--pythonpath", default="", metavar="MAPPAR", help="Extra mappar för Python, avgränsade med ';'.")
@click.option("--udf-server", is_flag=True,
              help="Låt Python vara igång mellan klicken (xlwings inställning Use UDF Server, bara Windows): "
                   "knappen svarar då utan att starta Python varje gång. Starta om Excel efter en uppdatering "
                   "av xltools. Se docs/excel.md.")
def addin_build(out_dir: Path, interpreter_win: str | None, interpreter_mac: str | None, pythonpath: str,
                udf_server: bool) -> None:
    """Bygg xltools.xlam från xlwings menyflikstillägg (fungerar även utan Excel)."""
    from xltools.addin.build import DEFAULT_INTERPRETER_MAC, DEFAULT_INTERPRETER_WIN, build_addin

    try:
        path = build_addin(out_dir, interpreter_win or DEFAULT_INTERPRETER_WIN,
                           DEFAULT_INTERPRETER_MAC if interpreter_mac is None else interpreter_mac, pythonpath,
                           udf_server=udf_server)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(str(unwritable(out_dir, exc, "tillägget skrevs inte"))) from exc
    click.echo(f"Tillägget skrevs till {path}. Filnamnet måste vara {path.name}.")


@addin.command("install", context_settings=CONTEXT)
@click.option("--xlam", "xlam", default="xltools.xlam", metavar="FIL",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Tillägget som ska installeras (standard: xltools.xlam i aktuell mapp).")
@click.option("--config", "config_dir", default=None, metavar="MAPP",
              help="Kommunens konfigurationsmapp; skrivs som XLTOOLS_CONFIG i användarens myaddin.conf "
                   "så att knappen hittar den. Ange en absolut sökväg.")
def addin_install(xlam: Path, config_dir: str | None) -> None:
    """Installera tillägget för den inloggade Windows-användaren; på andra system visas vad som ska göras."""
    from xltools.addin.install import install_addin
    from xltools.addin.run import CONFIG_KEY

    values = {CONFIG_KEY: config_dir} if config_dir else {}
    try:
        message = install_addin(xlam, values)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(message)


@addin.command("lite-paket", context_settings=CONTEXT)
@click.option("--out", "out_dir", required=True, metavar="MAPP", type=click.Path(file_okay=False, path_type=Path),
              help="Mapp där paketet skrivs.")
@config_option
def addin_lite_paket(out_dir: Path, config_dir: Path) -> None:
    """Skriv det IT lägger på intranätets webbserver för mallar med Validera i xlwings Lite: xltools-hjulet,
    exempel på inställningar för nginx och IIS (CORS-huvudet) och en LASMIG.txt."""
    from xltools.config import load_config
    from xltools.lite.package import write_package

    config, _ = load_config(config_dir)
    url = config.planering.lite_paket if config is not None else None
    try:
        written = write_package(out_dir, url)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(str(unwritable(out_dir, exc, "paketet skrevs inte"))) from exc
    click.echo(f"Paketet skrevs till {out_dir}: {', '.join(p.name for p in written)}.")
    if url:
        click.echo(f"Mallarna hämtar {url.rstrip('/')}/{written[0].name}; se LASMIG.txt.")
    else:
        click.echo("Obs: planering.lite_paket är inte angiven; ange adressen innan mallarna skrivs (LASMIG.txt).")
