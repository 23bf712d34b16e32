"""FORMS: the one registry of document types (document type -> Form declaration)."""

from __future__ import annotations

from xltools.config import Config
from xltools.forms import (
    bolagsplan,
    delarsrapport,
    driftbudget,
    internhyror,
    internkontrollplan,
    investeringsplan,
    lokalbehovsplan,
    manadsrapport,
    namndplan,
    taxor,
    uppfoljning_jan_apr,
    verksamhetsberattelse,
    verksamhetsplan,
)
from xltools.forms.layout import DEFAULT_YEARS, Form, for_years

_PLANNING: tuple[Form, ...] = (
    namndplan.FORM,
    verksamhetsplan.FORM,
    investeringsplan.FORM,
    internhyror.FORM,
    taxor.FORM,
    driftbudget.FORM,
    internkontrollplan.FORM,
    lokalbehovsplan.FORM,
    bolagsplan.FORM,
)

FOLLOWUP: tuple[Form, ...] = (
    manadsrapport.FORM,
    uppfoljning_jan_apr.FORM,
    delarsrapport.FORM,
    verksamhetsberattelse.FORM,
)

# As declared: a column and cell for every year slot (budget year + up to three plan years). A document read
# for a kommun knows these keys (xltools.document); a template has those of the kommun's plan period.
DECLARED: dict[str, Form] = {f.doc_type: f for f in (*_PLANNING, *FOLLOWUP)}
# For the budget year and two plan years (forms.sizing.sized fits a template to the config's plan period).
PLANNING: tuple[Form, ...] = tuple(for_years(f, DEFAULT_YEARS) for f in _PLANNING)
FORMS: dict[str, Form] = {f.doc_type: f for f in (*PLANNING, *FOLLOWUP)}


def planning_for(config: Config, namnd: str) -> list[Form]:
    """The planning documents `namnd` hands in: every nämnd all but the bolagsplan, which only the
    kommunstyrelse hands in and only when the kommun has bolag with a bolagsplan."""
    styrelse = config.styrelse
    own = bool(config.bolag_med_plan) and styrelse is not None and styrelse.id == namnd
    return [f for f in PLANNING if not f.styrelse or own]
