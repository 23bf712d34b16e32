"""`xltools validate`: workbooks (files or folders) -> a Swedish report and an exit code 0/1/2."""

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


@click.command("validate", context_settings=CONTEXT)
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

    cfg = load_or_exit(config_dir)
    many = len(paths) > 1 or any(p.is_dir() for p in paths)  # one file: reading it is quicker than the cache
    report, checked = validate_paths(list(paths), cfg, jobs=jobs, progress=progress_bar("Validerar"),
                                     keep_documents=False, cache=open_cache(cfg, many and not no_cache, warn_err))
    failed = None
    if annotate_dir is not None:
        from xltools.addin.annotate import annotate_copies
        from xltools.errors import XltoolsError

        try:
            for problem in annotate_copies(checked, annotate_dir).skipped:
                echo(f"obs: {problem}", err=True)
        except XltoolsError as exc:  # no copy landed: said after the report, and the exit code is not 0
            failed = str(exc)
    if fmt == "json":
        from xltools.escaping import json_text

        echo(json_text(report.to_json()))  # the same JSON, with bidi and C1 characters as \\uXXXX
    else:
        echo(report.to_text())
    if failed is not None:
        echo(f"fel: {failed}", err=True)
        sys.exit(max(report.exit_code(), 1))
    sys.exit(report.exit_code())
