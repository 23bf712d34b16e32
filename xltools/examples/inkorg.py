"""The demo's round of submissions into an inkorg, with the times of a simulated year (syntetiska exempeldata).

The example workbooks are received as they would arrive over the planning year: each a week before
its deadline in the årshjul, except one nämnd's taxor (three days late) and one intern kontrollplan
that never arrives; socialnämndens nämndplan comes twice: the preliminär one decided in April and
the fastställd one of September (two documents side by side in the ledger; the fastställd counts). Received through the same code as `xltools inkorg ta-emot`, with the clock set
to those days, so the status shows late and missing documents whatever today's date is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xltools.config import Config
from xltools.examples.planering import GENERATED, PRELIMINARY_NAMNDPLAN, example_values
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.inkorg.receive import Inkorg

LATE = ("taxor", "kfn", 3)  # (dokument, nämnd, days after the deadline)
MISSING = ("internkontrollplan", "vn")
TWICE = ("namndplan", "sn")
STATUS_DAY = dt.date(2026, 10, 15)  # the demo's status date: after the nämndplan's deadline


def april_version(config: Config, namnd: str, target: Path) -> Path:
    """The nämndplan as the nämnd decided it preliminärt in April (status block: preliminär, its beslut)."""
    form = FORMS[TWICE[0]]
    values = example_values(config, form.doc_type, namnd, PRELIMINARY_NAMNDPLAN)
    return write_template(form, config, namnd, config.planering.budgetar, target, values=values, generated=GENERATED)


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
                april = april_version(config, namnd, work / path.name)
                out = ik.receive([april], config, received_by="demo",
                                 now=lambda: dt.datetime(year - 1, 4, 20, 10, 0))
                lines += [str(r) for r in out.received]
            out = ik.receive([path], config, received_by="demo", now=lambda d=day: dt.datetime.combine(d, dt.time(10)))
            lines += [str(r) for r in out.received]
    return lines
