"""consolidate/kontroller.py: every kontroll has a registered code; a broken figure fails the right
kontroll, as a Finding with the code, its place and the code's message template filled in."""

from __future__ import annotations

import dataclasses

from xltools.consolidate import kontroller
from xltools.consolidate.model import Kommunplan
from xltools.findings import Loc, Severity
from xltools.rules import RULES


def _failed(plan: Kommunplan) -> dict[str, kontroller.Kontroll]:
    return {k.id: k for k in kontroller.run(plan) if not k.ok}


def test_the_examples_pass_every_kontroll_and_each_has_a_registered_code(plan: Kommunplan) -> None:
    assert plan.kontroller and all(k.ok for k in plan.kontroller)
    assert plan.findings == []
    assert {k.kod for k in plan.kontroller} <= set(RULES)
    assert all(RULES[k.kod].section == "Kommunplanens kontroller" for k in plan.kontroller)


def test_a_broken_resultatbudget_line_fails_rr1_with_its_template(plan: Kommunplan) -> None:
    y = plan.budgetar
    lines = {**plan.rr.lines, y: {**plan.rr.lines[y], "verksamhetens_nettokostnader":
                                  plan.rr.lines[y]["verksamhetens_nettokostnader"] - 5000}}
    broken = dataclasses.replace(plan, rr=dataclasses.replace(plan.rr, lines=lines))
    bad = _failed(broken)
    assert "RR1-2027" in bad and "RR2-2027" in bad and "RR1-2028" not in bad
    f = bad["RR1-2027"].finding()
    assert f is not None
    assert (f.rule, f.severity, f.loc) == ("RR1", Severity.FEL, Loc("kommunplan-2027.xlsx", "Resultatbudget"))
    assert f.message.startswith("Verksamhetens nettokostnader = intäkter + kostnader + avskrivningar + "
                                "jämförelsestörande poster: ")
    assert f.message.endswith("differens −5 tkr")


def test_a_financial_goal_not_met_is_an_fm_finding(plan: Kommunplan) -> None:
    goals = plan.config.ekonomi.finansiella_mal
    strict = [m.replace(minst=99.0) if m.id == "FM1" else m for m in goals]
    config = plan.config.replace(ekonomi=plan.config.ekonomi.replace(finansiella_mal=strict))
    bad = _failed(dataclasses.replace(plan, config=config))
    assert {"FM1-2027", "FM1-2028", "FM1-2029"} <= set(bad) and not any(i.startswith("FM2") for i in bad)
    f = bad["FM1-2027"].finding()
    assert f is not None and f.rule == "FM" and bad["FM1-2027"].regel == "FM1"
    assert f.message == RULES["FM"].mall.format(namn=goals[0].namn, varde="2,4 %", minst="99")


def test_kontroll_ids_are_unique_and_ordered(plan: Kommunplan) -> None:
    ids = [k.id for k in plan.kontroller]
    assert len(ids) == len(set(ids))
    assert ids[0] == "BR1-2026" and ids[-1] == "KS-VK-2029"
