"""The xltools command line (click), thin over the library; all help and messages in Swedish."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from xltools import __version__
from xltools.cli_options import cache_option, progress_bar
from xltools.errors import XltoolsError, os_reason

# click's own texts in Swedish (click looks `_` up at call time in these modules).
_SV = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Arguments": "Argument",
    "Show this message and exit.": "Visa denna hjälp och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Error": "Fel",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument '{param_name}'.": "Argumentet '{param_name}' saknas.",
    "Missing option '{param_name}'.": "Flaggan '{param_name}' saknas.",
    "No such option: {name}": "Okänd flagga: {name}",
    "No such command {name!r}.": "Okänt kommando {name!r}.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "{name!r} is not one of {choices}.": "{name!r} är inte ett av {choices}.",
    "{value!r} is not a valid integer.": "{value!r} är inte ett heltal.",
    "Path {name} {filename!r} does not exist.": "Sökvägen {name} {filename!r} finns inte.",
    "Directory {filename!r} does not exist.": "Mappen {filename!r} finns inte.",
    "File {filename!r} does not exist.": "Filen {filename!r} finns inte.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "Aborted!": "Avbrutet.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "(DEPRECATED)": "(UTGÅR)",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "Missing command.": "Kommando saknas.",
    "Positional arguments": "Argument",
    "env var: {var}": "miljövariabel: {var}",
    "deprecated": "utgår",
    # click 8.2+ wordings (the older ones above are kept for other click versions)
    "Missing argument": "Saknat argument",
    "Missing option": "Saknad flagga",
    "Missing parameter": "Saknad parameter",
    "Missing parameter: {param_name}": "Parametern {param_name} saknas",
    "No such option {name!r}.": "Okänd flagga {name!r}.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett tal.",
    "{value} is not in the range {range}.": "{value} ligger utanför intervallet {range}.",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan inte läsas.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan inte skrivas.",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kunde inte öppnas: {message}",
    "directory": "Mappen",
    "file": "Filen",
    "path": "Sökvägen",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av: {possibilities}?)",
}


def _sv(text: str) -> str:
    return _SV.get(text, text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _sv(singular if n == 1 else plural)


for _mod in ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.types", "click.parser"):
    _m = sys.modules.get(_mod)
    if _m is not None:
        if hasattr(_m, "_"):
            _m._ = _sv  # type: ignore[attr-defined]
        if hasattr(_m, "ngettext"):
            _m.ngettext = _ngettext  # type: ignore[attr-defined]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
config_option = click.option(
    "--config", "config_dir", default="config", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Mapp med kommunens konfiguration (YAML-filer).",
)


def _load(config_dir: Path) -> Any:
    from xltools.config import load_config

    config, errors = load_config(config_dir)
    if errors:
        for e in errors:
            click.echo(f"fel: {e}", err=True)
        raise SystemExit(1)
    return config


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="xltools", message="%(prog)s %(version)s")
def cli() -> None:
    """xltools – kommunens styrsystem i Excel.

    Mallar för nämndernas planering och uppföljning, validering med felmarkering per cell,
    och sammanställning till kommunplanen (budgetår + två planår).
    """


# ---------------------------------------------------------------- config
@cli.group(context_settings=CONTEXT)
def config() -> None:
    """Kontrollera kommunens konfiguration."""


@config.command("check", context_settings=CONTEXT)
@config_option
def config_check(config_dir: Path) -> None:
    """Läs och kontrollera konfigurationen; skriv en sammanfattning eller felen (kod 0/1)."""
    from xltools.config import summary

    click.echo(summary(_load(config_dir)))
    click.echo("Konfigurationen är giltig.")


# ---------------------------------------------------------------- templates
@cli.group(context_settings=CONTEXT)
def templates() -> None:
    """Skapa Excelmallar för nämnderna."""


@templates.command("generate", context_settings=CONTEXT)
@config_option
@click.option("--year", type=int, default=None, help="Budgetår (standard: budgetåret i konfigurationen).")
@click.option("--namnd", "namnder", multiple=True, metavar="ID", help="Nämnd-id; kan anges flera gånger (standard: alla).")
@click.option("--dokument", "documents", multiple=True, metavar="TYP", help="Dokumenttyp; kan anges flera gånger (standard: alla).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
def templates_generate(config_dir: Path, year: int | None, namnder: tuple[str, ...], documents: tuple[str, ...],
                       out_dir: Path) -> None:
    """Skriv en förifylld mall per nämnd och dokumenttyp (.xlsx)."""
    from xltools.templates import generate_all

    cfg = _load(config_dir)
    try:
        written = generate_all(cfg, out_dir, year=year, namnder=namnder, documents=documents,
                               progress=progress_bar("Skriver mallar", least=20))
    except XltoolsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(written)} mallar skrivna till {out_dir}.")


# ---------------------------------------------------------------- validate
@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@config_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Rapportens format.")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Skriv en kommenterad kopia av varje arbetsbok till denna mapp (originalet ändras aldrig).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="ANTAL",
              help="Antal processer som läser filerna (standard: en per processorkärna när det är fler än 20 filer).")
@cache_option
def validate(paths: tuple[Path, ...], config_dir: Path, fmt: str, annotate_dir: Path | None,
             jobs: int | None, no_cache: bool) -> None:
    """Validera arbetsböcker (filer eller mappar). Kod 0 = inga fel, 1 = fel, 2 = oläslig fil."""
    from xltools.cache import open_cache
    from xltools.validate import validate_paths

    cfg = _load(config_dir)
    many = len(paths) > 1 or any(p.is_dir() for p in paths)  # one file: reading it is quicker than the cache
    report, checked = validate_paths(list(paths), cfg, jobs=jobs, progress=progress_bar("Validerar"),
                                     keep_documents=False, cache=open_cache(cfg, many and not no_cache))
    if annotate_dir is not None:
        from xltools.excel.annotate import annotate_copies

        for problem in annotate_copies(checked, annotate_dir).skipped:
            click.echo(f"obs: {problem}", err=True)
    click.echo(report.to_json() if fmt == "json" else report.to_text())
    sys.exit(report.exit_code())


# ---------------------------------------------------------------- more commands (one module each)
# Each area registers its command here, one line each, e.g.
# from xltools.cli_kommunplan import kommunplan  # noqa: E402
# cli.add_command(kommunplan)
from xltools.cli_addin import addin  # noqa: E402

cli.add_command(addin)
from xltools.cli_kommunplan import kommunplan  # noqa: E402

cli.add_command(kommunplan)
from xltools.cli_exempel import exempel  # noqa: E402

cli.add_command(exempel)
from xltools.cli_regler import regler  # noqa: E402

cli.add_command(regler)
from xltools.cli_uppfoljning import uppfoljning  # noqa: E402

cli.add_command(uppfoljning)
# ---------------------------------------------------------------- end of commands


def _swedish_metavar(param: click.Parameter) -> str | None:
    """A Swedish name for the value of an option or argument that has none of its own (click's are English)."""
    t = param.type
    if isinstance(t, click.Path):
        name = "MAPP" if not t.file_okay else "FIL" if not t.dir_okay else "FIL_ELLER_MAPP"
    elif isinstance(t, click.types.IntParamType):
        name = "HELTAL"
    elif t is click.STRING:
        name = "TEXT"
    else:
        return None  # choices show their values
    return name + ("..." if isinstance(param, click.Argument) and param.nargs == -1 else "")


def _swedish_metavars(cmd: click.Command) -> None:
    """Usage lines in Swedish for every command, also those registered from other modules."""
    cmd.options_metavar = "[FLAGGOR]"
    for param in cmd.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _swedish_metavar(param)
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
        for sub in cmd.commands.values():
            _swedish_metavars(sub)


_swedish_metavars(cli)


def main() -> None:
    """Console entry point: a user error never ends in a traceback."""
    try:
        cli(prog_name="xltools")
    except XltoolsError as exc:
        click.echo(f"fel: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a command that does not say it itself: still no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"fel: en fil eller mapp kunde inte läsas eller skrivas: {os_reason(exc)}{where}.", err=True)
        sys.exit(1)

