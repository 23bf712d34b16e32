"""Generate the full set of templates: one workbook per nämnd and document type."""

from __future__ import annotations

from pathlib import Path

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.forms.layout import Form


def template_name(form: Form, namnd: str, year: int, period: str | None = None) -> str:
    """The fixed file-name convention: <dokument>-<nämnd>-<år>[-<period>].xlsx."""
    suffix = f"-{period}" if period and period != str(year) else ""
    return f"{form.doc_type}-{namnd}-{year}{suffix}.xlsx"


def generate_all(
    config: Config,
    out_dir: str | Path,
    *,
    year: int | None = None,
    namnder: tuple[str, ...] = (),
    documents: tuple[str, ...] = (),
) -> list[Path]:
    """Write the templates into `out_dir` atomically (all or nothing)."""
    year = year or config.planering.budgetar
    unknown = [n for n in namnder if n not in config.namnd_ids]
    if unknown:
        raise XltoolsError(f"okänd nämnd: {', '.join(unknown)} (kända: {', '.join(config.namnd_ids)})")
    bad_docs = [d for d in documents if d not in FORMS]
    if bad_docs:
        raise XltoolsError(f"okänd dokumenttyp: {', '.join(bad_docs)} (kända: {', '.join(FORMS)})")
    forms = [FORMS[d] for d in documents] if documents else [f for f in FORMS.values() if f.period_kind == "ar"]  # follow-ups: xltools uppfoljning mallar
    out_dir = Path(out_dir)
    written: list[Path] = []
    with atomic_dir(out_dir) as tmp:
        for namnd in namnder or config.namnd_ids:
            for form in forms:
                name = template_name(form, namnd, year)
                write_template(form, config, namnd, year, tmp / name)
                written.append(out_dir / name)
    return written
