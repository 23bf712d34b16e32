"""FORMS: the one registry of document types (document type -> Form declaration)."""

from __future__ import annotations

from xltools.forms import (
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
from xltools.forms.layout import Form

PLANNING: tuple[Form, ...] = (
    namndplan.FORM,
    verksamhetsplan.FORM,
    investeringsplan.FORM,
    internhyror.FORM,
    taxor.FORM,
    driftbudget.FORM,
    internkontrollplan.FORM,
    lokalbehovsplan.FORM,
)

FOLLOWUP: tuple[Form, ...] = (
    manadsrapport.FORM,
    uppfoljning_jan_apr.FORM,
    delarsrapport.FORM,
    verksamhetsberattelse.FORM,
)

FORMS: dict[str, Form] = {f.doc_type: f for f in (*PLANNING, *FOLLOWUP)}
