"""Templates sized for the nämnd and the plan period: the year columns and the input rows each table gets.

The plan period is the budget year and two or three plan years (planering.yaml `planar`, issue 15 part 5);
a form declares columns and cells for four years (forms.DECLARED), FORMS holds them fitted to three, and a
template keeps those of the config's years.

A protected sheet cannot grow an Excel table, so a table too small for a large nämnd costs a round
trip to ekonomienheten. Each table gets at least its declared rows; room for its pre-filled rows and a
margin; for the driftbudget a number of rows per verksamhet the nämnd budgets on; and, above that,
what planering.yaml `tabellrader` gives the nämnd. The writer and the reader size a form the same way
(from the config and the pre-fill), so a template is read over exactly the rows it was written with;
a table whose Excel range is larger still is read to its end (reading._span).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xltools.config import Config, ConfigError
from xltools.forms.layout import DEFAULT_YEARS, Form, Prefill, Table, for_years

MARGIN = 10  # empty rows below the pre-filled ones
ROWS_PER_VERKSAMHET = 12  # driftbudget: konto lines a verksamhet typically needs (personal, lokaler, köp, intäkter …)

_SIZED: dict[tuple[int, tuple[tuple[str, int], ...]], tuple[Form, Form]] = {}  # (id, sizes) -> (form, sized)


def rows_for(config: Config, form: Form, table: Table, namnd: str, prefill: Prefill) -> int:
    """The input rows of `table` in `form`'s template for `namnd`."""
    rows = max(table.rows, len(prefill.rows.get(table.key, ())) + MARGIN)
    if (form.doc_type, table.key) == ("driftbudget", "drift") and namnd in config.namnd_ids:
        rows = max(rows, ROWS_PER_VERKSAMHET * len(config.namnd(namnd).verksamheter)
                   + len(prefill.rows.get(table.key, ())))
    extra = config.planering.tabellrader.get(f"{form.doc_type}.{table.key}", {}).get(namnd)
    return max(rows, extra or 0)


def sized(form: Form, config: Config, namnd: str, prefill: Prefill) -> Form:
    """`form` fitted to the config's plan period, each table resized for the nämnd (the same object when nothing
    changes). Follow-ups keep their declared sizes: their tables are lists pre-filled from the budget, not
    rows the nämnd adds."""
    if form.followup is not None:
        return form
    n = len(config.planering.ar)
    if n != DEFAULT_YEARS:
        from xltools.forms import DECLARED

        form = _fitted(DECLARED[form.doc_type], n)
    sizes = tuple((t.key, r) for _, t in form.tables() if (r := rows_for(config, form, t, namnd, prefill)) != t.rows)
    if not sizes:
        return form
    key = (id(form), sizes)
    hit = _SIZED.get(key)
    if hit is None or hit[0] is not form:  # (the original is kept alive with its copy, so its id is not reused)
        new = dict(sizes)
        sheets = tuple(replace(s, table=replace(s.table, rows=new[s.table.key]))
                       if s.table is not None and s.table.key in new else s for s in form.sheets)
        hit = _SIZED[key] = (form, replace(form, sheets=sheets))
    return hit[1]


_FITTED: dict[tuple[str, int], Form] = {}


def _fitted(form: Form, n: int) -> Form:
    """The declared `form` for a plan period of `n` years (made once per document type)."""
    key = (form.doc_type, n)
    if key not in _FITTED:
        _FITTED[key] = for_years(form, n)
    return _FITTED[key]


def unknown_tables(config: Config, folder: str | Path) -> list[ConfigError]:
    """planering.yaml `tabellrader` naming a table of no planning template, or a nämnd that does not exist
    (a misspelt key would silently leave the table at its automatic size)."""
    from xltools.forms import PLANNING

    known = {f"{f.doc_type}.{t.key}" for f in PLANNING for _, t in f.tables()}
    where = str(Path(folder) / "planering.yaml")
    out: list[ConfigError] = []
    for key, per_namnd in config.planering.tabellrader.items():
        if key not in known:
            out.append(ConfigError(where, f"tabellrader.{key}", f"okänd tabell '{key}'; kända: {', '.join(sorted(known))}"))
        out += [ConfigError(where, f"tabellrader.{key}.{n}", f"nämnden '{n}' finns inte i organisation.yaml")
                for n in per_namnd if n not in config.namnd_ids]
    return out
