"""Generate the follow-up templates for a period: one pre-filled workbook per nämnd.

The period ("2026-04") is the last month the report covers; the årshjul decides which report
it is (see xltools.uppfoljning.period). The year's budget comes from config/uppfoljning.yaml.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.errors import XltoolsError, unwritable
from xltools.forms import FORMS
from xltools.pool import Progress
from xltools.templates import template_name, write_many
from xltools.uppfoljning.period import Period, check_period, covered_text, due_date


def header_values(config: Config, kind: str, period: Period) -> dict[str, Any]:
    """The display cells of the Sammanfattning sheet: which months are covered and when it is due."""
    text = covered_text(period) if period.month < 12 else f"Helåret {period.year}"
    if kind == "manadsrapport":
        text += f" (månadsrapport {period.month_name})"
    return {"period_text": text, "lamnas_senast": due_date(config, kind, period).isoformat()}


def generate_followup(
    config: Config,
    period_text: str,
    out_dir: str | Path,
    *,
    namnder: tuple[str, ...] = (),
    generated: dt.datetime | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the period's follow-up template for each nämnd into `out_dir` (all or nothing)."""
    period, kind = check_period(period_text, config)
    if config.uppfoljning is None:
        raise XltoolsError("Uppföljningsårets budget saknas: lägg till uppfoljning.yaml i konfigurationen "
                           "(budget per nämnd och verksamhet enligt kommunplanen för året).")
    unknown = [n for n in namnder if n not in config.namnd_ids]
    if unknown:
        raise XltoolsError(f"okänd nämnd: {', '.join(unknown)} (kända: {', '.join(config.namnd_ids)})")
    form = FORMS[kind]
    values = {"fields": header_values(config, kind, period)}
    out_dir = Path(out_dir)
    names = [(namnd, template_name(form, namnd, period.year, str(period))) for namnd in namnder or config.namnd_ids]
    options = {"period": str(period), "values": values,
               "generated": generated or dt.datetime.now()}  # one time stamp for the whole set
    try:
        with atomic_dir(out_dir) as tmp:
            write_many(config, [(form.doc_type, namnd, period.year, tmp / name, options) for namnd, name in names],
                       progress)
    except OSError as exc:
        raise unwritable(out_dir, exc, "inga mallar skrevs") from exc
    return [out_dir / name for _, name in names]
