"""click's own texts and value names in Swedish (click looks `_` up at call time in its modules)."""

from __future__ import annotations

import sys

import click

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


CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.types",
                 "click.parser")


def install() -> None:
    """Put the Swedish texts into click's modules (idempotent)."""
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            if hasattr(module, "_"):
                module._ = _sv  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = _ngettext  # type: ignore[attr-defined]


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


def swedish_metavars(cmd: click.Command) -> None:
    """Usage lines in Swedish for every command, also those registered from other modules."""
    cmd.options_metavar = "[FLAGGOR]"
    for param in cmd.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _swedish_metavar(param)
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
        for sub in cmd.commands.values():
            swedish_metavars(sub)
