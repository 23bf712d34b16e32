"""The demo's round of submissions into an inkorg, with the times of a simulated year (syntetiska exempeldata).

The example workbooks are received as they would arrive over the planning year: each a week before
its deadline in the årshjul, except one nämnd's taxor (three days late) and one intern kontrollplan
that never arrives; socialnämndens nämndplan comes twice (an April version, replaced by the
September one). Received through the same code as `xltools inkorg ta-emot`, with the clock set
to those days, so the status shows late and missing documents whatever today's date is.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from xltools.config import Config
from xltools.inkorg.receive import Inkorg

LATE = ("taxor", "kfn", 3)  # (dokument, nämnd, days after the deadline)
MISSING = ("internkontrollplan", "vn")
TWICE = ("namndplan", "sn")
STATUS_DAY = dt.date(2026, 10, 15)  # the demo's status date: after the nämndplan's deadline


def april_version(src: Path, target: Path) -> Path:
    """The same workbook saved again in April (other bytes, same content: a version of its own)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.comment = b"april"
    return target


def simulate_round(folder: Path, workbooks: Path, config: Config, work: Path) -> list[str]:
    """Receive the example planning workbooks into the inkorg `folder`; the lines received."""
    lines: list[str] = []
    year = config.planering.budgetar
    with Inkorg(folder) as ik:
        for path in sorted(workbooks.glob("*.xlsx")):
            dokument, namnd = path.stem.split("-")[:2]
            if (dokument, namnd) == MISSING:
                continue
            deadline = config.arshjul.deadline(dokument, year) or dt.date(year - 1, 12, 31)
            day = deadline + dt.timedelta(days=LATE[2]) if (dokument, namnd) == LATE[:2] else deadline - dt.timedelta(days=7)
            if (dokument, namnd) == TWICE:
                work.mkdir(parents=True, exist_ok=True)
                april = april_version(path, work / path.name)
                out = ik.receive([april], config, received_by="demo",
                                 now=lambda: dt.datetime(year - 1, 4, 20, 10, 0))
                lines += [str(r) for r in out.received]
            out = ik.receive([path], config, received_by="demo", now=lambda d=day: dt.datetime.combine(d, dt.time(10)))
            lines += [str(r) for r in out.received]
    return lines
