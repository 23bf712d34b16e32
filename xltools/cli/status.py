"""`xltools status`: who has handed in what against the årshjul (terminal, status.xlsx/html/json, reminders)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.inkorg import db_option, inkorg_option, open_inkorg
from xltools.cli.options import CONTEXT, config_option, echo


@click.command("status", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@config_option
@inkorg_option
@db_option
@click.option("--datum", "datum", metavar="ÅÅÅÅ-MM-DD", default=None,
              help="Läget detta datum (inlämningar till och med den dagen). Standard: i dag.")
@click.option("--period", "period", metavar="ÅÅÅÅ-MM", default=None,
              help="En uppföljningsperiod (t.ex. 2026-08) i stället för budgetåret.")
@click.option("--out", "out_dir", metavar="MAPP", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Skriv status.xlsx, status.html, status.json och påminnelser.txt i denna mapp.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "paminnelser"]), default="text",
              show_default=True, help="Utdata i terminalen: tabell, JSON eller påminnelselistan.")
def status(config_dir: Path, folder: Path | None, db: str | None, datum: str | None, period: str | None,
           out_dir: Path | None, fmt: str) -> None:
    """Vem har lämnat in vad mot årshjulet: en rad per nämnd som ska lämna in, en kolumn per
    dokument (saknas, inlämnad, godkänd, med fel, försenad). Kod 0 = allt godkänt, 1 = något återstår."""
    import datetime as dt
    import json

    from xltools.forms.period import check_period
    from xltools.jobs.status import compute, write_outputs
    from xltools.reports.status_text import reminders, table

    config, ik = open_inkorg(config_dir, folder, db)
    try:
        day = dt.date.fromisoformat(datum) if datum else dt.date.today()
    except ValueError:
        raise click.ClickException(f"datumet '{datum}' ska skrivas ÅÅÅÅ-MM-DD") from None
    per = check_period(period, config)[0] if period else None
    with ik:
        s = compute(ik, config, day, per)
    if out_dir is not None:
        for p in write_outputs(s, config, out_dir):
            echo(f"skrev {p}", err=True)
    if fmt == "json":
        from xltools.escaping import json_text

        echo(json_text(json.dumps(s.to_dict(), ensure_ascii=False, indent=2)))
    elif fmt == "paminnelser":
        echo(reminders(s, config))
    else:
        echo(table(s))
    sys.exit(1 if any(c.status not in ("godkand", "ej_aktuell") for r in s.required for c in r.cells) else 0)
