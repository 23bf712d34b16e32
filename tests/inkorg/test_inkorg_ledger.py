"""The ledger on a real database (SQLite and PostgreSQL): idempotence, supersession, every state
change, locks, history and the latest accepted version."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from xltools.errors import XltoolsError
from xltools.inkorg.identity import Identity
from xltools.inkorg.ledger import Ledger, NewEntry
from xltools.inkorg.states import State
from xltools.inkorg.store import open_store

T0 = dt.datetime(2026, 9, 1, 8, 0)


def entry(tag: str, *, namnd: str = "sn", dokument: str = "namndplan", valid: bool = True, dokstatus: str = "",
          minutes: int = 0, period: str = "2027") -> NewEntry:
    """A new entry as receive() makes it (the ledger does not look at the archive)."""
    sha = hashlib.sha256(tag.encode()).hexdigest()
    return NewEntry(
        sha256=sha, archive_path=f"{sha[:2]}/{sha}.xlsx", size=100, received_at=T0 + dt.timedelta(minutes=minutes),
        received_by="ekonom@test", source_kind="fil", source_path=f"{tag}.xlsx", filename=f"{tag}.xlsx", mail=None,
        identity=Identity("2062", namnd, dokument, 2027, period, dokstatus), integrity=None, readable=True,
        valid=valid, errors=0 if valid else 2, warnings=0,
        findings=[] if valid else [{"rule": "EKO-1", "severity": "fel", "sheet": "Driftbudget", "cell": "D7",
                                    "message": "över ram"}])


@pytest.fixture
def ledger(db: str | None, tmp_path: Path) -> Ledger:
    store = open_store(db or tmp_path / "liggare.sqlite")
    yield Ledger(store)
    store.close()


def states(ledger: Ledger) -> dict[int, str]:
    return {e.id: e.state for e in ledger.entries()}


def test_identical_bytes_are_received_once(ledger: Ledger) -> None:
    first = ledger.add([entry("a")])
    again = ledger.add([entry("a"), entry("a")])
    assert [(a.id, a.new) for a in first] == [(1, True)]
    assert [(a.id, a.new, a.state) for a in again] == [(1, False, "godkänd"), (1, False, "godkänd")]
    assert len(ledger.entries()) == 1


def test_a_newer_godkand_version_replaces_the_older_which_stays_in_history(ledger: Ledger) -> None:
    ledger.add([entry("v1")])
    got = ledger.add([entry("v2", minutes=5)])
    assert got[0].superseded == (1,)
    assert states(ledger) == {1: "ersatt", 2: "godkänd"}
    assert ledger.entry(1).superseded_by == 2
    assert [(e.id, e.state) for e in ledger.history("sn", "namndplan")] == [(1, "ersatt"), (2, "godkänd")]
    assert [e.what for e in ledger.events([1])[1]] == ["godkänd", "ersatt"]


def test_versions_in_one_batch_are_ordered_as_given(ledger: Ledger) -> None:
    ledger.add([entry("v1"), entry("v2"), entry("other", namnd="kfn")])
    assert states(ledger) == {1: "ersatt", 2: "godkänd", 3: "godkänd"}


def test_newer_means_later_in_the_ledger_not_a_later_time_stamp(ledger: Ledger) -> None:
    ledger.add([entry("late-stamp", minutes=600)])
    ledger.add([entry("early-stamp", minutes=-600)])  # a wrong clock: still received after the first
    assert states(ledger) == {1: "ersatt", 2: "godkänd"}


def test_a_version_with_fel_does_not_replace_the_godkand_one(ledger: Ledger) -> None:
    ledger.add([entry("ok")])
    ledger.add([entry("bad1", valid=False)])
    assert states(ledger) == {1: "godkänd", 2: "ej godkänd"}
    ledger.add([entry("bad2", valid=False)])
    assert states(ledger) == {1: "godkänd", 2: "ersatt", 3: "ej godkänd"}
    ledger.add([entry("ok2")])
    assert states(ledger) == {1: "ersatt", 2: "ersatt", 3: "ersatt", 4: "godkänd"}


def test_status_and_period_are_part_of_the_version_key(ledger: Ledger) -> None:
    ledger.add([entry("prel", dokstatus="preliminär"), entry("fast", dokstatus="fastställd"),
                entry("m2", dokument="manadsrapport", period="2026-02"),
                entry("m3", dokument="manadsrapport", period="2026-03")])
    assert set(states(ledger).values()) == {"godkänd"}
    latest = ledger.latest_accepted(ar=2027)
    assert latest[("sn", "namndplan", "2027")].id == 2  # fastställd before preliminär
    assert {k[2] for k in latest if k[1] == "manadsrapport"} == {"2026-02", "2026-03"}


def test_latest_accepted_prefers_the_most_decided_status_then_the_newest(ledger: Ledger) -> None:
    ledger.add([entry("fast", dokstatus="fastställd"), entry("prel-later", dokstatus="preliminär")])
    assert ledger.latest_accepted(ar=2027)[("sn", "namndplan", "2027")].dokstatus == "fastställd"


def test_return_to_the_namnd_records_who_when_and_why(ledger: Ledger) -> None:
    ledger.add([entry("v1")])
    with pytest.raises(XltoolsError, match="kommentar"):
        ledger.change_state(1, State.ATERSAND, "ekonomienheten", "  ")
    at = dt.datetime(2026, 9, 2, 10, 30)
    e = ledger.change_state(1, State.ATERSAND, "Eva Ekonom", "Målvärden saknas för 2029.", at=at)
    assert (e.state, e.state_by, e.state_comment, e.state_at) == ("återsänd", "Eva Ekonom",
                                                                  "Målvärden saknas för 2029.", at)
    last = ledger.events([1])[1][-1]
    assert (last.what, last.by_whom, last.comment, last.at) == ("återsänd", "Eva Ekonom", "Målvärden saknas för 2029.", at)
    assert ledger.latest_accepted(ar=2027) == {}
    ledger.add([entry("v2")])  # the nämnd sends a new version
    assert states(ledger) == {1: "återsänd", 2: "godkänd"}


def test_withdrawn_versions_are_history(ledger: Ledger) -> None:
    ledger.add([entry("v1", valid=False)])
    assert ledger.change_state(1, State.ATERKALLAD, "sn", "fel fil").state == "återkallad"
    with pytest.raises(XltoolsError, match="kan inte bli återsänd"):
        ledger.change_state(1, State.ATERSAND, "x", "y")


@pytest.mark.parametrize("target", [State.ERSATT, State.GODKAND, State.EJ_GODKAND, State.MOTTAGEN])
def test_states_the_ledger_sets_itself_cannot_be_set_by_hand(ledger: Ledger, target: State) -> None:
    ledger.add([entry("v1")])
    with pytest.raises(XltoolsError, match="sätts av liggaren"):
        ledger.change_state(1, target, "x", "y")


def test_a_replaced_version_cannot_be_returned(ledger: Ledger) -> None:
    ledger.add([entry("v1"), entry("v2")])
    with pytest.raises(XltoolsError, match="Inlämning 1 är ersatt"):
        ledger.change_state(1, State.ATERSAND, "x", "y")
    with pytest.raises(XltoolsError, match="finns inte"):
        ledger.change_state(99, State.ATERSAND, "x", "y")


def test_a_locked_version_stays_until_a_deliberate_new_version(ledger: Ledger) -> None:
    ledger.add([entry("v1")])
    with pytest.raises(XltoolsError, match="Bara en godkänd"):
        ledger.add([entry("bad", valid=False, namnd="kfn")]) and ledger.lock(2, "x")
    ledger.lock(1, "Eva Ekonom", "beslutad i KS")
    with pytest.raises(XltoolsError, match="redan låst"):
        ledger.lock(1, "x")
    with pytest.raises(XltoolsError, match="låst"):
        ledger.change_state(1, State.ATERSAND, "x", "y")
    got = ledger.add([entry("v2")])
    assert got[0].state == "mottagen" and got[0].superseded == ()
    got = ledger.add([entry("v3")])  # a newer waiting version replaces the older waiting one
    assert states(ledger) == {1: "godkänd", 2: "ej godkänd", 3: "ersatt", 4: "mottagen"}
    assert ledger.latest_accepted(ar=2027)[("sn", "namndplan", "2027")].id == 1
    with pytest.raises(XltoolsError, match="varför"):
        ledger.promote(4, "Eva Ekonom", "")
    e = ledger.promote(4, "Eva Ekonom", "KF:s ändrade ram")
    assert e.state == "godkänd"
    assert states(ledger) == {1: "ersatt", 2: "ej godkänd", 3: "ersatt", 4: "godkänd"}
    assert ledger.entry(1).locked  # the lock stays on record with the replaced version
    with pytest.raises(XltoolsError, match="väntande"):
        ledger.promote(4, "x", "y")


def test_receiving_with_replace_locked_is_the_deliberate_new_version(ledger: Ledger) -> None:
    ledger.add([entry("v1")])
    ledger.lock(1, "Eva")
    got = ledger.add([entry("v2")], replace_locked=True)
    assert got[0].state == "godkänd" and got[0].superseded == (1,)


def test_unlock_lets_new_versions_replace_again(ledger: Ledger) -> None:
    ledger.add([entry("v1")])
    ledger.lock(1, "Eva")
    assert not ledger.unlock(1, "Eva", "fel version låst").locked
    with pytest.raises(XltoolsError, match="inte låst"):
        ledger.unlock(1, "Eva")
    assert ledger.add([entry("v2")])[0].superseded == (1,)
    assert [e.what for e in ledger.events([1])[1]] == ["godkänd", "låst", "upplåst", "ersatt"]


def test_findings_are_kept_as_json(ledger: Ledger) -> None:
    ledger.add([entry("bad", valid=False)])
    assert ledger.findings(1) == [{"rule": "EKO-1", "severity": "fel", "sheet": "Driftbudget", "cell": "D7",
                                   "message": "över ram"}]
    assert ledger.entry(1).errors == 2


def test_status_rows_stop_at_the_given_time(ledger: Ledger) -> None:
    ledger.add([entry("v1", minutes=0), entry("k", namnd="kfn", minutes=60)])
    rows = ledger.status_rows(2027, ["namndplan"], until=T0 + dt.timedelta(minutes=30))
    assert [(r[1], r[2]) for r in rows] == [("sn", "namndplan")]
