"""Command-line options shared by several commands (each command module imports what it uses)."""

from __future__ import annotations

import click

cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Läs och kontrollera varje fil på nytt. Annars återanvänds resultatet från en tidigare körning för "
         "filer som inte har ändrats (samma innehåll, konfiguration och xltools-version). Cachen ligger i "
         "mappen XLTOOLS_CACHE om den är satt (XLTOOLS_CACHE=off stänger av den), annars i användarens cachemapp.",
)
