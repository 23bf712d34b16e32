"""What several commands share, declared once: click settings, --config, --no-cache, loading the
configuration, the progress bar and status lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from xltools.config import Config

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

config_option = click.option(
    "--config", "config_dir", default="config", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Mapp med kommunens konfiguration (YAML-filer).",
)

latest_option = click.option(
    "--latest", is_flag=True,
    help="Om en nämnd har lämnat samma dokument flera gånger med samma status: använd det nyaste (metadata "
         "generated). Med olika status (Anvisningar) används alltid det mest beslutade: fastställd före "
         "preliminär före utkast.",
)

cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Läs och kontrollera varje fil på nytt. Annars återanvänds resultatet från en tidigare körning för "
         "filer som inte har ändrats (samma innehåll, konfiguration och xltools-version). Cachen ligger i "
         "mappen XLTOOLS_CACHE om den är satt (XLTOOLS_CACHE=off stänger av den), annars i användarens cachemapp.",
)

dokument_option = click.option(
    "--dokument", "dokument", metavar="FORMAT",
    help="Skriv också rapporten som dokument: pdf (med innehållsförteckning och sidnummer), docx "
         "(Wordutkast med platshållare för ekonomienhetens text) eller pdf,docx.",
)

mall_option = click.option(
    "--mall", "mall", metavar="FIL", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Kommunens egen Wordmall (.docx eller .dotx) för Wordutkastet: dess format, sidhuvud och sidfot används.",
)


kolada_option = click.option(
    "--kolada", "kolada", metavar="MAPP|FIL", type=click.Path(path_type=Path), default=None,
    help="Kolada-ögonblicksbild (fil) eller mapp med sådana, för jämförelsen av måtten. "
         "Standard: mappen i kolada.yaml, om den finns.")


def kolada_source(kolada: Path | None, config_dir: Path) -> Path | None:
    """The snapshot file or folder asked for, else kolada.yaml's folder when it exists (else None)."""
    if kolada is not None:
        return kolada
    from xltools.kolada.settings import load_settings

    settings, _ = load_settings(config_dir)
    return Path(settings.mapp) if settings is not None and Path(settings.mapp).exists() else None


def dokument_formats(dokument: str | None, mall: Path | None) -> tuple[str, ...]:
    """The formats of --dokument, or a Swedish usage error (also when --mall is given without docx)."""
    from xltools.errors import XltoolsError
    from xltools.reports.dokument.write import parse_formats

    try:
        formats = parse_formats(dokument)
    except XltoolsError as exc:
        raise click.UsageError(str(exc)) from exc
    if mall is not None and "docx" not in formats:
        raise click.UsageError("--mall gäller Wordutkastet: ange också --dokument docx (eller pdf,docx).")
    return formats


def echo(text: str = "", err: bool = False) -> None:
    """Print a line that may quote a submitted file (a cell, a file name): control and bidi characters
    are shown escaped, never sent to the terminal raw (xltools.escaping)."""
    from xltools.escaping import terminal

    click.echo(terminal(text), err=err)


def warn_err(text: str) -> None:
    """Print a varning on stderr (escaped like echo)."""
    echo(text, err=True)


without_lite_option = click.option(
    "--utan-lite", "without_lite", is_flag=True,
    help="Skriv mallarna utan Validera för xlwings Lite. Annars bär varje mall sin egen kontroll, som körs i "
         "Excel med tillägget xlwings Lite utan att Python installeras (se docs/excel.md); adressen till "
         "xltools-paketet anges i planering.yaml (lite_paket).",
)


def lite_check_or_exit(config: Config, without_lite: bool) -> Any:
    """How each template is checked: in xlwings Lite (the template carries Validera), None with --utan-lite."""
    if without_lite:
        return None
    from xltools.errors import XltoolsError
    from xltools.lite.template import lite_check

    try:
        return lite_check(config)
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc


def load_or_exit(config_dir: Path, *, statements: bool = False) -> Config:
    """The configuration, or its errors on stderr and exit code 1. With `statements` (config check, kommunplan)
    also the statement lines it names (kept off the start-up of validate)."""
    from xltools.config import load_config

    config, errors = load_config(config_dir)
    if config is not None:
        from xltools.forms.arshjul import unknown_documents
        from xltools.forms.sizing import unknown_tables

        errors = unknown_documents(config, config_dir) + unknown_tables(config, config_dir)
        if statements:
            from xltools.consolidate.jamforelse import unknown_lines

            errors += unknown_lines(config, str(config_dir))
    if errors or config is None:
        for e in errors:
            echo(f"fel: {e}", err=True)
        raise SystemExit(1)
    return config


def progress_bar(label: str, least: int = 50) -> Any:
    """progress(done, total) that draws a bar on stderr, at a terminal and for at least `least` files."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        if total < least:
            return
        filled = 30 * done // total
        sys.stderr.write(f"\r{label} [{'#' * filled}{'-' * (30 - filled)}] {done} av {total} filer")
        sys.stderr.write("\n" if done == total else "")
        sys.stderr.flush()

    return progress


def status(text: str) -> None:
    """A line about what happens now, on stderr at a terminal (long runs); nothing otherwise."""
    if sys.stderr.isatty():
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
