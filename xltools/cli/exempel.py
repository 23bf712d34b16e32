"""`xltools exempel`: write the example submissions (syntetiska exempeldata) for every nämnd."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import CONTEXT, config_option, load_or_exit


@click.command("exempel", context_settings=CONTEXT)
@config_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
@click.option("--uppfoljning", "followup", is_flag=True,
              help="Skriv i stället exempel på uppföljningar under uppföljningsåret (månadsrapporter, uppföljning "
                   "och prognos januari–april, delårsrapport).")
def exempel(config_dir: Path, out_dir: Path, followup: bool) -> None:
    """Skriv exempelunderlag (syntetiska exempeldata) för alla nämnder."""
    from xltools.errors import XltoolsError, unwritable

    cfg = load_or_exit(config_dir)
    try:
        if followup:
            from xltools.examples.uppfoljning import build_examples as build_followups

            written = build_followups(cfg, out_dir)
        else:
            from xltools.examples.planering import build_examples

            written = build_examples(cfg, out_dir)
    except OSError as exc:
        raise click.ClickException(str(unwritable(out_dir, exc, "inget exempelunderlag skrevs"))) from exc
    except (XltoolsError, ValueError, KeyError) as exc:
        raise click.ClickException(f"exempelunderlaget kunde inte skrivas: {exc}") from exc
    what = "exempel på uppföljningar" if followup else "exempelunderlag"
    click.echo(f"{len(written)} {what} (syntetiska exempeldata) skrivna till {out_dir}.")
