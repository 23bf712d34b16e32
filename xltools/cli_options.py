"""Command-line options and helpers shared by several commands (each command module imports what it uses)."""

from __future__ import annotations

import sys
from typing import Any

import click

cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Läs och kontrollera varje fil på nytt. Annars återanvänds resultatet från en tidigare körning för "
         "filer som inte har ändrats (samma innehåll, konfiguration och xltools-version). Cachen ligger i "
         "mappen XLTOOLS_CACHE om den är satt (XLTOOLS_CACHE=off stänger av den), annars i användarens cachemapp.",
)


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
