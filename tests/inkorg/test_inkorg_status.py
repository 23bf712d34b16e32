"""Status against the årshjul, computed from a real ledger (SQLite and PostgreSQL): who must hand in,
each cell's status, deadlines from arshjul.yaml, and the status date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.inkorg import PLANERING, resaved, with_error

from xltools.config import Config
from xltools.config.models import same_kommun
from xltools.forms import PLANNING
from xltools.forms.period import Period
from xltools.inkorg import status as st
from xltools.inkorg.receive import Inkorg
from xltools.inkorg.states import State


def at(*args: int):  # noqa: ANN201 - a clock for receive()
    return lambda: dt.datetime(*args)


def status_on(ik: Inkorg, config: Config, day: dt.date, period: Period | None = None) -> st.Status:
    until = dt.datetime.combine(day, dt.time.max)
    ar = period.year if period else config.planering.budgetar
    rows = ik.ledger.status_rows(ar, st.documents_due(config, period), str(period) if period else None, until)
    return st.compute(config, rows, day, period)


def cell(s: st.Status, namnd: str, dokument: str) -> st.Cell:
    row = next(r for r in s.rows if r.namnd == namnd)
    return next(c for c in row.cells if c.dokument == dokument)


def test_who_must_submit_follows_the_organisation_and_the_vardkommun(config: Config) -> None:
    got = {n.id: (required, why) for n, required, why in st.who_must_submit(config)}
    assert got["ks"] == (True, "kommunstyrelsen")
    assert got["sn"] == (True, "egen nämnd")
    assert got["of"] == (True, "överförmyndaren fyller samma funktion som en nämnd")
    assert got["gyn"] == (True, "gemensam nämnd med Mora kommun som värdkommun")
    assert got["lon"] == (False, "gemensam nämnd med Älvdalens kommun som värdkommun; styrsystemet gäller "
                                 "gemensamma nämnder med Mora kommun som värdkommun")
    assert [n for n, (req, _) in got.items() if not req] == ["lon"]


def test_deadlines_come_from_the_arshjul(config: Config) -> None:
    due = {d.dokument: d.deadline for d in st.planning_due(config)}
    assert due["investeringsplan"] == dt.date(2026, 1, 31)
    assert due["namndplan"] == config.arshjul.deadline("namndplan", 2027)
    assert list(due) == [f.doc_type for f in PLANNING]


def test_each_cell_status_on_a_real_ledger(config: Config, db: str | None, tmp_path: Path) -> None:
    nd = config.arshjul.deadline("namndplan", 2027)
    dd = config.arshjul.deadline("driftbudget", 2027)
    before = dt.datetime.combine(nd - dt.timedelta(days=10), dt.time(9))
    with Inkorg(tmp_path / "inkorg", db) as ik:
        ik.receive([PLANERING / "namndplan-sn-2027.xlsx"], config, now=lambda: before)
        ik.receive([PLANERING / "namndplan-kfn-2027.xlsx"], config,
                   now=lambda: dt.datetime.combine(nd + dt.timedelta(days=3), dt.time(9)))  # three days late
        ik.receive([with_error(PLANERING / "driftbudget-sn-2027.xlsx", tmp_path / "d.xlsx")], config, now=lambda: before)
        returned = ik.receive([PLANERING / "namndplan-tn-2027.xlsx"], config, now=lambda: before).received[0]
        ik.ledger.change_state(returned.id, State.ATERSAND, "Eva", "Mått saknas för riktat mål RM-3.")
        locked = ik.receive([PLANERING / "namndplan-bn-2027.xlsx"], config, now=lambda: before).received[0]
        ik.ledger.lock(locked.id, "Eva")
        ik.receive([resaved(PLANERING / "namndplan-bn-2027.xlsx", tmp_path / "bn2.xlsx", "2")], config,
                   now=lambda: before)
        withdrawn = ik.receive([PLANERING / "namndplan-fgn-2027.xlsx"], config, now=lambda: before).received[0]
        ik.ledger.change_state(withdrawn.id, State.ATERKALLAD, "fgn", "fel fil")

        day = nd + dt.timedelta(days=5)
        s = status_on(ik, config, day)
        assert cell(s, "sn", "namndplan").text == "godkänd"
        assert (cell(s, "kfn", "namndplan").text, cell(s, "kfn", "namndplan").days_late) == ("godkänd – 3 dagar sent", 3)
        sn_drift = cell(s, "sn", "driftbudget")
        assert sn_drift.status == "med_fel" and sn_drift.text == f"med fel ({sn_drift.errors}), utkast" and sn_drift.errors >= 1
        tn = cell(s, "tn", "namndplan")
        assert (tn.status, tn.comment) == ("atersand", "Mått saknas för riktat mål RM-3.")
        assert cell(s, "bn", "namndplan").text == "inlämnad (väntar)"
        assert cell(s, "fgn", "namndplan").text == "försenad (5 dagar)"  # a withdrawn version does not count
        assert cell(s, "ks", "namndplan").text == "försenad (5 dagar)"
        ks_drift = cell(s, "ks", "driftbudget")
        assert (ks_drift.text, ks_drift.days_left) == ("saknas", (dd - day).days)
        counts = s.counts()
        units = sum(len(n.organisation) for n in config.organisation.namnder)  # a row each: its verksamhetsplan
        assert units == 5 and sum(counts.values()) == (15 + units) * len(PLANNING)  # each nämnd that must submit
        assert counts["godkand"] == 2 and counts["atersand"] == 1 and counts["inlamnad"] == 1

        early = status_on(ik, config, nd - dt.timedelta(days=20))  # before anything was received
        assert cell(early, "sn", "namndplan").text == "saknas"
        reminders = s.reminders(config)
        assert ("ks", "namndplan", -5, "ekonom.ks@mora.example") in {(m.namnd, m.dokument, m.days_left, m.contact)
                                                                     for m in reminders}
        assert not any(m.namnd == "lon" for m in reminders)
        data = s.to_dict()
        assert data["namnder"][0]["dokument"]["namndplan"]["status"] == "forsenad"
        lon = next(r for r in data["namnder"] if r["namnd"] == "lon")
        assert lon["ska_lamna_in"] is False and "Älvdalens kommun" in lon["varfor"]


def test_a_follow_up_period_has_one_document_with_its_due_date(config: Config, tmp_path: Path) -> None:
    period = Period(2026, 8)
    with Inkorg(tmp_path / "inkorg") as ik:
        s = status_on(ik, config, dt.date(2026, 10, 15), period)
    assert [d.dokument for d in s.due] == ["delarsrapport"]
    assert s.what.startswith("Delårsrapport") and s.period == "2026-08"
    deadline = s.due[0].deadline
    assert cell(s, "sn", "delarsrapport").text == f"försenad ({(dt.date(2026, 10, 15) - deadline).days} dagar)"


@pytest.mark.parametrize("name,same", [("Mora kommun", True), ("Mora", True), ("Älvdalens kommun", False)])
def test_vardkommun_names_are_compared_without_kommun(config: Config, name: str, same: bool) -> None:
    assert same_kommun(name, config.kommun.namn) is same
