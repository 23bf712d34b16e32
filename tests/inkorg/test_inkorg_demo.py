"""The demo's simulated round into an inkorg: late and missing submissions, a preliminär and a fastställd nämndplan."""

from __future__ import annotations

from pathlib import Path

from support.inkorg import EXAMPLES, PLANERING

from xltools.config import Config
from xltools.examples.inkorg import LATE, MISSING, STATUS_DAY, simulate_round
from xltools.inkorg.receive import Inkorg
from xltools.jobs.status import compute


def test_the_simulated_round_shows_a_late_a_missing_and_a_preliminar_beside_a_faststalld_submission(config: Config, tmp_path: Path) -> None:
    lines = simulate_round(tmp_path / "inkorg", PLANERING, config, tmp_path / "work")
    assert len(lines) == EXAMPLES  # every example workbook, one never sent, one sent twice
    again = simulate_round(tmp_path / "inkorg", PLANERING, config, tmp_path / "work")
    assert all("redan mottagen" in line for line in again)  # the demo can run twice
    with Inkorg(tmp_path / "inkorg") as ik:
        history = ik.ledger.history("sn", "namndplan")  # two stages side by side, neither replaces the other
        assert [(e.state, e.dokstatus, str(e.beslutsdatum)) for e in history] == [
            ("godkänd", "preliminär", "2026-04-22"), ("godkänd", "fastställd", "2026-09-16")]
        latest = ik.ledger.latest_accepted(ar=2027)[("sn", "namndplan", "2027")]
        assert latest.id == history[1].id  # the fastställd one counts
        s = compute(ik, config, STATUS_DAY)
        end = compute(ik, config, STATUS_DAY.replace(year=2027, month=3, day=31))
    cells = {(r.namnd, c.dokument): c for r in s.rows for c in r.cells}
    assert cells[(LATE[1], LATE[0])].text == "godkänd – 3 dagar sent"
    assert cells[(MISSING[1], MISSING[0])].status == "saknas"
    assert (cells[("sn", "namndplan")].text, cells[("sn", "namndplan")].dokstatus) == ("godkänd", "fastställd")
    assert cells[("sn", "driftbudget")].status == "saknas"  # due in December, not yet in on the status day
    final = {(r.namnd, c.dokument): c.status for r in end.rows for c in r.cells}
    assert final[(MISSING[1], MISSING[0])] == "forsenad"
    assert sorted(k for k, v in final.items() if v not in ("godkand", "ej_aktuell")) == [(MISSING[1], MISSING[0])]
    assert {k[0] for k, v in final.items() if v == "ej_aktuell"} == set(config.namnd_ids) - {"ks"}  # bolagsplan: KS
