"""`xltools exempel`: write the example submissions (syntetiska exempeldata) for every nämnd."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("exempel", context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_dir", default="config", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Mapp med kommunens konfiguration (YAML-filer).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
def exempel(config_dir: Path, out_dir: Path) -> None:
    """Skriv exempelunderlag (syntetiska exempeldata) för alla nämnder."""
    from xltools.cli import _load
    from xltools.errors import unwritable
    from xltools.examples import build_examples

    cfg = _load(config_dir)
    try:
        written = build_examples(cfg, out_dir)
    except OSError as exc:
        raise click.ClickException(str(unwritable(out_dir, exc, "inget exempelunderlag skrevs"))) from exc
    except (ValueError, KeyError) as exc:
        raise click.ClickException(f"exempelunderlaget kunde inte skrivas: {exc}") from exc
    click.echo(f"{len(written)} exempelunderlag (syntetiska exempeldata) skrivna till {out_dir}.")
