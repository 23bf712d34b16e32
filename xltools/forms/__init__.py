"""FORMS: the one registry of document types (document type -> Form declaration)."""

from __future__ import annotations

from xltools.forms import (
    driftbudget,
    internhyror,
    internkontrollplan,
    investeringsplan,
    namndplan,
    taxor,
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
)

FORMS: dict[str, Form] = {f.doc_type: f for f in PLANNING}
