"""rules/: the registry and each area module on its own. Every rule an area module registers has its
fire and silent cases (tests/test_rules.py); a crashing rule is a fel and the others still run; codes
emitted elsewhere (reading, consolidation) are registered with their message templates."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import ROOT
from test_rules import CASES

from xltools.config import Config
from xltools.excel.read import read_file
from xltools.findings import Loc, Severity
from xltools.forms import FORMS
from xltools.reading import read_document
from xltools.rules import (
    celltext,
    eko,
    ik,
    inv,
    kontroller,
    lok,
    mal,
    rim,
    struktur,
    tax,
    upp,
    utf,
    vp,
)
from xltools.rules.registry import RULES, Context, code, finding, rule, run_rules

AREAS = (celltext, eko, ik, inv, lok, mal, rim, tax, upp, utf, vp)


@pytest.mark.parametrize("area", AREAS, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_rule_of_an_area_module_is_documented_and_has_cases(area: object) -> None:
    mine = [r for r in RULES.values() if r.func is not None and r.func.__module__ == area.__name__]  # type: ignore[attr-defined]
    assert mine
    for r in mine:
        assert r.id in CASES and r.doc and r.title and r.kalla, r.id
        assert set(r.documents) | set(r.needs) <= set(FORMS), r.id
        assert r.stage == "validate"


def test_codes_without_a_function_are_registered_by_struktur_and_kontroller() -> None:
    reading = [r for r in RULES.values() if r.id.startswith(("FIL-", "STR-"))]
    assert reading and all(r.func is None and r.stage == "validate" for r in reading)
    assert struktur.FEL is Severity.FEL
    consolidation = [r for r in RULES.values() if r.stage != "validate"]
    assert {r.stage for r in consolidation} == {"kommunplan", "uppfoljning"}
    for r in consolidation:
        fields = {f for _, f, _, _ in string.Formatter().parse(r.mall) if f}
        assert r.func is None and r.mall and fields, r.id
        assert finding(r.id, Loc("x.xlsx"), **dict.fromkeys(fields, "1")).message  # the template renders
    assert RULES["RR1"].mall == kontroller.IDENTITET


def test_a_duplicate_id_is_refused() -> None:
    with pytest.raises(ValueError, match="regel-id INV-1 finns redan"):
        code("INV-1", Severity.FEL, title="dubblett")
    with pytest.raises(ValueError, match="regel-id EKO-1 finns redan"):
        rule("EKO-1", Severity.FEL, title="t", kalla="k", documents=("driftbudget",))(lambda d, c: iter(()))


def test_a_crashing_rule_becomes_a_fel_and_the_others_run(config: Config) -> None:
    raw = read_file(ROOT / "workbooks" / "planering" / "taxor-sn-2027.xlsx")
    assert raw.grid is not None
    doc, _ = read_document(raw.grid, raw.path, config)
    assert doc is not None

    def broken(d: object, c: object) -> object:
        raise ZeroDivisionError("division med noll")

    RULES["ZZ-1"] = RULES["TAX-1"].__class__("ZZ-1", Severity.VARNING, "prov", "prov", ("taxor",), func=broken)
    try:
        found = run_rules(doc, Context(config))
    finally:
        del RULES["ZZ-1"]
    crash = [f for f in found if f.rule == "ZZ-1"]
    assert [(f.severity, f.loc) for f in crash] == [(Severity.FEL, Loc(raw.path))]
    assert "Regeln ZZ-1 kunde inte köras (ZeroDivisionError: division med noll)" in crash[0].message
    assert run_rules(doc, Context(config), select=("TAX",)) == [f for f in found if f.rule.startswith("TAX")]


def test_context_hit_names_the_rule_and_its_severity(config: Config, tmp_path: Path) -> None:
    raw = read_file(ROOT / "workbooks" / "planering" / "taxor-sn-2027.xlsx")
    doc, _ = read_document(raw.grid, raw.path, config)  # type: ignore[arg-type]
    ctx = Context(config, current=RULES["TAX-1"])
    f = ctx.hit(doc, "Taxor", "B7", "text")  # type: ignore[arg-type]
    assert (f.rule, f.severity, f.loc) == ("TAX-1", RULES["TAX-1"].severity, Loc(raw.path, "Taxor", "B7"))


def test_plausibility_scale_is_the_ram_and_the_kommuns_total(config: Config) -> None:
    """RIM-*: the nämnd's ram and the sum of every ram for a plan year; in the follow-up year the adopted budget."""
    ram, kommun = rim.scale(config, "kfn", 2027)
    assert ram == config.ekonomi.ramar["kfn"][2027]
    assert kommun == sum(r[2027] for r in config.ekonomi.ramar.values())
    assert config.uppfoljning is not None
    year = config.uppfoljning.ar
    ram, kommun = rim.scale(config, "kfn", year)
    assert ram == sum(config.uppfoljning.driftbudget["kfn"].values()) and kommun > 10 * ram > 0
    assert rim.scale(config, "kfn", 1990) == (0.0, 0.0)
    assert "driftbudget" in rim.DRIFT_DOCUMENTS and "investeringsplan" in rim.TKR_DOCUMENTS
