"""Generate templates: one pre-filled workbook per nämnd and document type.

Planning templates are for the budget year (generate_all); follow-up templates for a period
("2026-04" = the last month the report covers; the årshjul decides which report it is, see
xltools.forms.period), pre-filled with the year's budget from config/uppfoljning.yaml
(generate_followup). Many templates are written by one worker process per core.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xltools.atomic import atomic_dir
from xltools.config import Config
from xltools.errors import XltoolsError, unwritable
from xltools.excel.write import TemplateCheck, write_template
from xltools.forms import FORMS, planning_for
from xltools.forms.layout import Form, Prefill
from xltools.forms.period import Period, check_period, covered_text, due_date, kind_of
from xltools.pool import Progress, chunked, cores, run_chunks

if TYPE_CHECKING:  # the ledger readers import pydantic: only where a ledger is read
    from xltools.uppfoljning.underlag import Underlag
    from xltools.utfall.uppfoljning import LedgerUtfall

POOL_MIN = 8  # more templates than this are written by one worker process per core
Task = tuple[str, str, int, Path, dict[str, Any]]  # (document type, nämnd, year, target, write_template options)
_WORKER: dict[str, Config] = {}



def _known(config: Config, namnder: tuple[str, ...] | list[str]) -> None:
    """Every named nämnd exists and hands in templates (one the kommun buys of another värdkommun does not)."""
    unknown = [n for n in namnder if n not in config.namnd_ids]
    if unknown:
        raise XltoolsError(f"okänd nämnd: {', '.join(unknown)} (kända: {', '.join(config.namnd_ids)})")
    bought = [n for n in namnder if config.namnd(n).kop is not None]
    if bought:
        n = config.namnd(bought[0])
        raise XltoolsError(f"{n.namn} har {n.vardkommun} som värdkommun och lämnar inga underlag: kommunens köp "
                           f"ligger som en låst rad i driftbudgeten för {config.namnd(n.kop.namnd).namn}.")  # type: ignore[union-attr]

def template_name(form: Form, namnd: str, year: int, period: str | None = None, org_enhet: str = "") -> str:
    """The fixed file-name convention: <dokument>-<nämnd>[-<enhet>]-<år>[-<period>].xlsx."""
    suffix = f"-{period}" if period and period != str(year) else ""
    unit = f"-{org_enhet}" if org_enhet else ""
    return f"{form.doc_type}-{namnd}{unit}-{year}{suffix}.xlsx"


def units_for(config: Config, form: Form, namnd: str) -> list[str]:
    """Who hands in the form for a nämnd: the nämnd itself ("") and, for a form made per unit (the
    verksamhetsplan), each unit of its organisation (förvaltning, avdelning, enhet) in the configuration's order."""
    return ["", *(u.id for u in config.namnd(namnd).organisation)] if form.per_enhet else [""]


def generate_all(
    config: Config,
    out_dir: str | Path,
    *,
    year: int | None = None,
    namnder: tuple[str, ...] = (),
    documents: tuple[str, ...] = (),
    generated: dt.datetime | None = None,
    progress: Progress | None = None,
    check: TemplateCheck | None = None,
    kolada: Any = None,
    prefills: dict[str, dict[str, Prefill]] | None = None,
) -> list[Path]:
    """Write the templates into `out_dir` atomically (all or nothing), stamped `generated` (default: now);
    `check` goes to write_template (how the templates are checked in Excel, e.g. xlwings Lite). With a
    Kolada snapshot (`kolada`), a pre-filled mått with a Kolada id gets its utgångsvärde from it.
    `prefills` (document type -> nämnd -> Prefill) add to what the config pre-fills, e.g. last year's
    prognos (xltools.uppfoljning.forra_aret)."""
    year = year or config.planering.budgetar
    _known(config, namnder)
    bad_docs = [d for d in documents if d not in FORMS]
    if bad_docs:
        raise XltoolsError(f"okänd dokumenttyp: {', '.join(bad_docs)} (kända: {', '.join(FORMS)})")
    forms = [FORMS[d] for d in documents] if documents else [f for f in FORMS.values() if f.period_kind == "ar"]  # follow-ups: xltools uppfoljning mallar
    out_dir = Path(out_dir)
    names = [(form, namnd, unit, template_name(form, namnd, year, org_enhet=unit))
             for namnd in namnder or config.submitting_ids
             for form in forms if not form.styrelse or form in planning_for(config, namnd)  # bolagsplan: KS only
             for unit in units_for(config, form, namnd)]
    try:
        with atomic_dir(out_dir) as tmp:
            options = {"generated": generated or dt.datetime.now(),  # one time stamp for the whole set
                       "check": check}
            if kolada is not None:
                from xltools.kolada.lookup import utgangsvarden

                kpis = sorted({m.kolada_id for r in config.malkedja.riktade_mal for m in r.matt if m.kolada_id})
                options["kolada"] = utgangsvarden(kolada, kpis, year)
            extra = prefills or {}
            write_many(config, [(form.doc_type, namnd, year, tmp / name,
                                 {**options, **({"org_enhet": unit} if unit else {}),
                                  **({"prefill": extra[form.doc_type][namnd]}
                                     if namnd in extra.get(form.doc_type, {}) else {})})
                                for form, namnd, unit, name in names], progress)
    except OSError as exc:
        raise unwritable(out_dir, exc, "inga mallar skrevs") from exc
    return [out_dir / name for *_, name in names]


def header_values(config: Config, kind: str, period: Period) -> dict[str, Any]:
    """The display cells of the Sammanfattning sheet: which months are covered and when it is due."""
    text = covered_text(period) if period.month < 12 else f"Helåret {period.year}"
    if kind_of(kind).monthly:
        text += f" ({FORMS[kind].title.lower()} {period.month_name})"
    return {"period_text": text, "lamnas_senast": due_date(config, kind, period).isoformat()}


def generate_followup(
    config: Config,
    period_text: str,
    out_dir: str | Path,
    *,
    namnder: tuple[str, ...] = (),
    generated: dt.datetime | None = None,
    progress: Progress | None = None,
    ledger: LedgerUtfall | None = None,
    underlag: Underlag | None = None,
    check: TemplateCheck | None = None,
    kolada: Any = None,
) -> list[Path]:
    """Write the period's follow-up template for each nämnd into `out_dir` (all or nothing), with the
    utfall from the ekonomisystem's export (`ledger`, locked) and the internbudget from `underlag`
    (xltools.uppfoljning.forifyllt); `check` as in generate_all."""
    period, kind = check_period(period_text, config)
    if config.uppfoljning is None:
        raise XltoolsError("Uppföljningsårets budget saknas: lägg till uppfoljning.yaml i konfigurationen "
                           "(budget per nämnd och verksamhet enligt kommunplanen för året).")
    _known(config, namnder)
    form = FORMS[kind]
    values = {"fields": header_values(config, kind, period)}
    out_dir = Path(out_dir)
    names = [(namnd, template_name(form, namnd, period.year, str(period))) for namnd in namnder or config.submitting_ids]
    options = {"period": str(period), "values": values, "check": check,
               "generated": generated or dt.datetime.now()}  # one time stamp for the whole set
    from xltools.uppfoljning.forifyllt import forifyllt

    helar = kind_of(kind).helar
    try:
        with atomic_dir(out_dir) as tmp:
            write_many(config, [(form.doc_type, namnd, period.year, tmp / name,
                                 {**options, "prefill": forifyllt(config, namnd, period, helar, ledger=ledger,
                                                                  underlag=underlag, kolada=kolada)})
                                for namnd, name in names], progress)
    except OSError as exc:
        raise unwritable(out_dir, exc, "inga mallar skrevs") from exc
    return [out_dir / name for _, name in names]


def write_many(config: Config, tasks: list[Task], progress: Progress | None = None) -> None:
    """write_template for every task; in worker processes when there are many (the files are the same)."""
    done = [0]

    def finished(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], len(tasks))

    jobs = min(cores(), len(tasks)) if len(tasks) > POOL_MIN else 1
    if jobs > 1 and run_chunks(_write_chunk, chunked(tasks, jobs, most=8), jobs, initializer=_init_worker,
                               initargs=(config,), done=finished) is not None:
        return
    done[0] = 0
    _WORKER["config"] = config
    for task in tasks:
        _write_chunk([task])
        finished(1)


def _init_worker(config: Config) -> None:
    _WORKER["config"] = config


def _write_chunk(tasks: list[Task]) -> list[Path]:
    config = _WORKER["config"]
    return [write_template(FORMS[doc_type], config, namnd, year, target, **options)
            for doc_type, namnd, year, target, options in tasks]
