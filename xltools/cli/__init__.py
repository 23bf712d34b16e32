"""The command line: `xltools` (click). main.py holds the group and the entry point, options.py what
several commands share, swedish.py click's own texts in Swedish, and one module per command."""

from xltools.cli.main import cli, main

__all__ = ["cli", "main"]
