"""`xltools status`: the ledger -> the status against the årshjul -> terminal table, status.xlsx,
status.html, status.json and the reminder list (påminnelser.txt), written all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.errors import unwritable
from xltools.forms.period import Period
from xltools.inkorg import status as st
from xltools.inkorg.receive import Inkorg


def compute(ik: Inkorg, config: Config, datum: dt.date, period: Period | None = None) -> st.Status:
    """The status on `datum` (versions received up to the end of that day, UTC)."""
    ar = period.year if period else config.planering.budgetar
    rows = ik.ledger.status_rows(ar, st.documents_due(config, period), str(period) if period else None,
                                 dt.datetime.combine(datum, dt.time.max))
    return st.compute(config, rows, datum, period)


def write_outputs(s: st.Status, config: Config, out_dir: str | Path) -> list[Path]:
    from xltools.reports.status_html import render_status
    from xltools.reports.status_text import reminders
    from xltools.reports.status_xlsx import write_status

    out = Path(out_dir)
    names = ["status.xlsx", "status.html", "status.json", "påminnelser.txt"]
    try:
        with atomic_dir(out) as tmp:
            write_status(s, config, tmp / names[0])
            (tmp / names[1]).write_text(render_status(s, config), encoding="utf-8")
            (tmp / names[2]).write_text(json.dumps(s.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            (tmp / names[3]).write_text(reminders(s, config) + "\n", encoding="utf-8")
    except OSError as exc:
        raise unwritable(out, exc, "ingen statusfil skrevs") from exc
    return [out / n for n in names]
