"""Every form declaration on its own: registered once, well formed (ids, computed columns with their Python
twin, facts on amounts), its formulas rendered for Excel, its pre-fill from the configuration; and the
follow-up kinds as the årshjul asks for them."""

from __future__ import annotations

import pytest

from xltools.config import Config
from xltools.excel.formulas import quote_sheet, render
from xltools.forms import (
    DECLARED,
    FOLLOWUP,
    FORMS,
    PLANNING,
    bolagsplan,
    delarsrapport,
    driftbudget,
    followup,
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
from xltools.forms.layout import DEFAULT_YEARS, NUMERIC, ColType, Form, for_years
from xltools.forms.period import KIND_BY_MONTH, report_kind
from xltools.forms.period import Period as P

MODULES = (bolagsplan, delarsrapport, driftbudget, internhyror, internkontrollplan, investeringsplan, lokalbehovsplan,
           manadsrapport, namndplan, taxor, uppfoljning_jan_apr, verksamhetsberattelse, verksamhetsplan)


def test_each_declaration_module_holds_the_registered_form() -> None:
    assert sorted(m.FORM.doc_type for m in MODULES) == sorted(FORMS)
    for m in MODULES:
        assert DECLARED[m.FORM.doc_type] is m.FORM
        # FORMS holds each declaration fitted to the budget year and two plan years (forms.layout.for_years)
        assert FORMS[m.FORM.doc_type] == for_years(m.FORM, DEFAULT_YEARS)
        assert m.__name__.rsplit(".", 1)[1] == m.FORM.doc_type
    assert set(PLANNING) | set(FOLLOWUP) == set(FORMS.values()) and not set(PLANNING) & set(FOLLOWUP)


@pytest.mark.parametrize("form", [*FORMS.values(), *(DECLARED[d] for d in ("driftbudget", "investeringsplan"))],
                         ids=[*FORMS, "driftbudget-4-ar", "investeringsplan-4-ar"])
def test_declaration_is_well_formed(form: Form) -> None:
    for sheet, table in form.tables():
        keys = [c.key for c in table.columns]
        assert len(keys) == len(set(keys)), table.key
        assert table.id_column is None or table.id_column in keys
        for c in table.columns:
            assert (c.formula is None) == (c.compute is None), (table.key, c.key)  # a formula has its twin
            assert c.fact is None or c.type in NUMERIC, (table.key, c.key)
            assert c.type != ColType.LIST or c.source, (table.key, c.key)
            if c.formula:
                text = render(c.formula, form, sheet.name, table, table.first_row)
                assert text.startswith("=") and "{" not in text, text
    cells = [(s.name, f.cell) for s, f in form.field_specs()]
    assert len(cells) == len(set(cells))
    assert len(form.table_keys) == len(form.tables()) and form.field_keys == {f.key for _, f in form.field_specs()}


def test_formulas_refer_across_sheets_with_quoted_names() -> None:
    form = FORMS["driftbudget"]
    assert render("={sum:drift.netto_1}", form, "Sammanfattning") == f"=SUM({quote_sheet(driftbudget.SHEET)}!$K$6:$K$65)"
    assert quote_sheet("Mått") == "'Mått'"


@pytest.mark.parametrize("form", [f for f in FORMS.values() if f.prefill], ids=lambda f: f.doc_type)
def test_prefill_comes_from_the_configuration(form: Form, config: Config) -> None:
    year = config.planering.budgetar if form.followup is None else config.planering.uppfoljningsar
    pre = form.prefill(config, "sn", year)  # type: ignore[misc]
    assert set(pre.fields) <= form.field_keys
    assert set(pre.rows) <= form.table_keys


def test_followup_kinds_follow_the_arshjul(config: Config) -> None:
    assert {m: KIND_BY_MONTH.get(m) for m in range(1, 13)} == {
        1: None, 2: "manadsrapport", 3: "manadsrapport", 4: "uppfoljning_jan_apr", 5: "manadsrapport", 6: None,
        7: "manadsrapport", 8: "delarsrapport", 9: "manadsrapport", 10: "manadsrapport", 11: "manadsrapport",
        12: "verksamhetsberattelse"}
    assert report_kind(P(2026, 8)) == "delarsrapport"
    assert verksamhetsberattelse.FORM.followup.helar and not delarsrapport.FORM.followup.helar  # type: ignore[union-attr]
    assert followup.budget_for(config, "fgn") == {k: v for k, v in config.uppfoljning.driftbudget["fgn"].items()}  # type: ignore[union-attr]
    wanted = config.uppfoljning.riktade_mal or []  # type: ignore[union-attr]
    assert [r.id for r in followup.riktade_mal_for(config, "fgn")] == [
        r.id for r in config.malkedja.riktade_mal if r.namnd == "fgn" and r.id in wanted] != []
