"""Receiving real workbooks (files, folders, saved e-mails) into the archive and the ledger, on SQLite
and PostgreSQL; two receivers at once; kill -9 at several points of a run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from support.inkorg import EXAMPLES, PLANERING, resaved, with_error

from xltools.config import Config
from xltools.inkorg.receive import Inkorg

WORKER = Path(__file__).resolve().parents[1] / "support" / "inkorg_worker.py"
SN_PLAN = PLANERING / "namndplan-sn-2027.xlsx"
SN_DRIFT = PLANERING / "driftbudget-sn-2027.xlsx"


def consistent(ik: Inkorg) -> list[str]:
    """Problems of a ledger and its archive: an entry without its file, a file whose bytes do not match."""
    problems = []
    entries = ik.ledger.entries()
    if len({e.sha256 for e in entries}) != len(entries):
        problems.append("samma sha256 två gånger")
    for e in entries:
        path = ik.archive.path(e.archive_path)
        if not path.is_file():
            problems.append(f"{e.id}: arkivfil saknas")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != e.sha256:
            problems.append(f"{e.id}: fel innehåll")
    return problems


def test_a_folder_is_received_archived_and_recorded(config: Config, db: str | None, tmp_path: Path) -> None:
    with Inkorg(tmp_path / "inkorg", db) as ik:
        out = ik.receive([PLANERING], config)
        assert out.refused == [] and len(out.received) == EXAMPLES
        assert {r.state for r in out.received} == {"godkänd"}
        e = ik.ledger.entry(out.received[0].id)
        assert (e.namnd, e.dokument, e.ar, e.period, e.kommunkod, e.source_kind) == ("ks", "bolagsplan", 2027, "2027",
                                                                                     "2062", "fil")  # sorted first
        assert e.source_path == str(PLANERING / "bolagsplan-ks-2027.xlsx") and e.integrity is None
        assert e.sha256 == hashlib.sha256((PLANERING / "bolagsplan-ks-2027.xlsx").read_bytes()).hexdigest()
        assert ik.archive.path(e.archive_path).read_bytes() == (PLANERING / "bolagsplan-ks-2027.xlsx").read_bytes()
        again = ik.receive([PLANERING], config)
        assert [r.new for r in again.received] == [False] * EXAMPLES
        assert str(again.received[0]).endswith("redan mottagen som inlämning 1 (bolagsplan · ks · 2027 · utkast; godkänd)")
        assert len(ik.ledger.entries()) == EXAMPLES and consistent(ik) == []
    archive = tmp_path / "inkorg" / "arkiv"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in archive.rglob("*")}
    assert modes == {0o700, 0o600}
    assert stat.S_IMODE(archive.stat().st_mode) == 0o700


def test_a_new_version_replaces_the_old_and_a_version_with_fel_is_kept(config: Config, db: str | None,
                                                                          tmp_path: Path) -> None:
    v2 = resaved(SN_DRIFT, tmp_path / "driftbudget-sn-v2.xlsx", "v2")
    bad = with_error(SN_DRIFT, tmp_path / "driftbudget-sn-fel.xlsx")
    with Inkorg(tmp_path / "inkorg", db) as ik:
        first = ik.receive([SN_DRIFT], config).received[0]
        second = ik.receive([v2], config).received[0]
        third = ik.receive([bad], config).received[0]
        assert (second.state, second.superseded) == ("godkänd", (first.id,))
        assert third.state == "ej godkänd" and third.errors >= 1
        assert "ej godkänd" in str(third) and "fel" in str(third)
        assert [(e.id, e.state) for e in ik.ledger.history("sn", "driftbudget")] == [
            (first.id, "ersatt"), (second.id, "godkänd"), (third.id, "ej godkänd")]
        findings = ik.ledger.findings(third.id)
        assert any(f["severity"] == "fel" and f["sheet"] == "Driftbudget" and f["cell"] for f in findings)


def _mail(tmp_path: Path, name: str, attachments: list[tuple[str, bytes]], forward: bool = False) -> Path:
    msg = EmailMessage()
    msg["From"] = "Sara Socialekonom <sara@mora.example>"
    msg["To"] = "ekonomienheten@mora.example"
    msg["Subject"] = "Nämndplan och driftbudget 2027"
    msg["Date"] = "Tue, 15 Sep 2026 14:03:00 +0200"
    msg["Message-ID"] = "<abc123@mora.example>"
    msg.set_content("Hej! Här kommer socialnämndens underlag.")
    for filename, data in attachments:
        maintype, subtype = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if forward:
        outer = EmailMessage()
        outer["From"] = "Vidare <vidare@mora.example>"
        outer["Subject"] = "Fwd: underlag"
        outer.set_content("Vidarebefordrat.")
        outer.add_attachment(msg)
        msg = outer
    path = tmp_path / name
    path.write_bytes(msg.as_bytes())
    return path


def test_saved_e_mails_give_their_attachments_and_headers(config: Config, db: str | None, tmp_path: Path) -> None:
    eml = _mail(tmp_path, "brev.eml", [("namndplan-sn-2027.xlsx", SN_PLAN.read_bytes()),
                                        ("../../etc/driftbudget.xlsx", SN_DRIFT.read_bytes()),
                                        ("bild.png", b"\x89PNG...")])
    with Inkorg(tmp_path / "inkorg", db) as ik:
        out = ik.receive([eml], config)
        assert [str(r) for r in out.refused] == [f"{eml}: bilagan bild.png: är ingen Excelarbetsbok (.xlsx); den togs inte emot"]
        assert [r.shown for r in out.received] == [f"{eml}: bilagan namndplan-sn-2027.xlsx",
                                                   f"{eml}: bilagan driftbudget.xlsx"]
        e = ik.ledger.entry(out.received[0].id)
        assert (e.source_kind, e.mail_from, e.mail_subject, e.mail_date, e.mail_message_id, e.filename) == (
            "epost", "Sara Socialekonom <sara@mora.example>", "Nämndplan och driftbudget 2027",
            "2026-09-15T12:03:00+00:00", "<abc123@mora.example>", "namndplan-sn-2027.xlsx")
        assert ik.ledger.entry(out.received[1].id).filename == "driftbudget.xlsx"


def test_a_forwarded_mail_and_a_mail_without_workbook(config: Config, db: str | None, tmp_path: Path) -> None:
    fwd = _mail(tmp_path, "fwd.eml", [("namndplan-sn-2027.xlsx", SN_PLAN.read_bytes())], forward=True)
    empty = _mail(tmp_path, "tomt.eml", [])
    with Inkorg(tmp_path / "inkorg", db) as ik:
        out = ik.receive([fwd, empty], config)
        assert [r.state for r in out.received] == ["godkänd"]
        assert [str(r) for r in out.refused] == [f"{empty}: e-brevet har ingen bifogad Excelarbetsbok"]


def test_untrusted_folder_items_are_refused_one_by_one(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "under").mkdir(parents=True)
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "hemlig.xlsx").write_bytes(SN_PLAN.read_bytes())
    (folder / "under" / "namndplan.xlsx").write_bytes(SN_PLAN.read_bytes())
    (folder / "lank.xlsx").symlink_to(outside / "hemlig.xlsx")
    (folder / "lankmapp").symlink_to(outside)
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "~$namndplan.xlsx").write_bytes(b"lock")
    (folder / "anteckning.txt").write_text("inte en arbetsbok", encoding="utf-8")
    (folder / "trasig.xlsx").write_bytes(b"PK\x03\x04 trasig")
    with Inkorg(tmp_path / "inkorg") as ik:
        out = ik.receive([folder, tmp_path / "finns-inte.xlsx"], config)
        assert sorted((Path(r.what).name, r.why) for r in out.refused) == [
            ("anteckning.txt", "är ingen Excelarbetsbok (.xlsx) eller sparat e-brev (.eml); den togs inte emot"),
            ("finns-inte.xlsx", "filen eller mappen finns inte"),
            ("lank.xlsx", "är en symbolisk länk; länkar följs inte"),
            ("lankmapp", "är en symbolisk länk; länkar följs inte"),
            ("pipe.xlsx", "är ingen vanlig fil (till exempel en enhet eller en namngiven pipe)"),
            ("~$namndplan.xlsx", "är Excels låsfil för en öppen arbetsbok, ingen inlämning"),
        ]
        got = {Path(r.shown).name: r.state for r in out.received}
        assert got == {"namndplan.xlsx": "godkänd", "trasig.xlsx": "ej godkänd"}  # a broken file is kept and recorded
        trasig = ik.ledger.entry(next(r.id for r in out.received if r.shown.endswith("trasig.xlsx")))
        assert (trasig.readable, trasig.namnd, trasig.errors) == (False, None, 1)


def _worker(folder: Path, db: str | None, paths: list[Path], grace: float = 600.0,
            stop_at: str | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("XLTOOLS_INKORG_STOP", None)
    if stop_at:
        env["XLTOOLS_INKORG_STOP"] = stop_at
    return subprocess.Popen([sys.executable, str(WORKER), str(folder), db or "-", str(grace), *map(str, paths)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_two_receivers_at_once_lose_nothing_and_store_nothing_twice(config: Config, db: str | None,
                                                                    tmp_path: Path) -> None:
    files = sorted(PLANERING.glob("*.xlsx"))
    va = resaved(SN_PLAN, tmp_path / "namndplan-sn-a.xlsx", "a")
    vb = resaved(SN_PLAN, tmp_path / "namndplan-sn-b.xlsx", "b")
    folder = tmp_path / "inkorg"
    procs = [_worker(folder, db, [*files, va]), _worker(folder, db, [*reversed(files), vb])]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, stderr
        assert "Traceback" not in stderr
    results = [json.loads(stdout) for stdout, _ in outs]
    assert sum(1 for res in results for row in res if len(row) == 4 and row[3]) == EXAMPLES + 2  # each file recorded new exactly once
    with Inkorg(folder, db) as ik:
        entries = ik.ledger.entries()
        assert len(entries) == EXAMPLES + 2 and consistent(ik) == []
        assert len(list((folder / "arkiv").rglob("*.xlsx"))) == EXAMPLES + 2
        plans = [e.state for e in ik.ledger.history("sn", "namndplan")]
        assert sorted(plans) == ["ersatt", "ersatt", "godkänd"]  # one version in force, whoever came last
        assert ik.ledger.history("sn", "namndplan")[-1].state == "godkänd"


def _wait_stopped(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"the worker ended before its stop point: {proc.communicate()}")
        with open(f"/proc/{proc.pid}/stat", encoding="ascii") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "T":
                return
        time.sleep(0.05)
    raise AssertionError("the worker did not reach its stop point")


@pytest.mark.parametrize("point", ["tmp-written", "archived", "validated", "committed-chunk"])
def test_kill_9_mid_receive_leaves_a_consistent_ledger(config: Config, db: str | None, tmp_path: Path,
                                                       point: str) -> None:
    files = sorted(PLANERING.glob("namndplan-*.xlsx")) + sorted(PLANERING.glob("driftbudget-*.xlsx"))  # 32 files
    folder = tmp_path / "inkorg"
    proc = _worker(folder, db, files, stop_at=point)
    _wait_stopped(proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with Inkorg(folder, db) as ik:
        assert consistent(ik) == []  # whatever was committed is whole
        committed = len(ik.ledger.entries())
        assert committed == {"tmp-written": 0, "archived": 0, "validated": 0, "committed-chunk": 20}[point]
        orphans = len(ik.archive.stored()) - committed
        assert orphans == {"tmp-written": 0, "archived": 32, "validated": 32, "committed-chunk": 12}[point]
        temporaries = 32 if point == "tmp-written" else 0  # written, not yet linked to their names
        assert len(ik.archive.stale_temporaries(0)) == temporaries
        report = ik.recover(config, grace_s=3600)  # a young orphan may belong to a run still going: only reported
        assert (len(report.waiting), report.adopted, report.removed_temporaries) == (orphans, [], [])
    rerun = _worker(folder, db, files, grace=0)  # the next run: cleans up, adopts the orphans, receives the rest
    stdout, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    lines = [row for row in json.loads(stdout) if row[0] == "återhämtning"]
    assert len([x for x in lines if "togs in" in x[1]]) == orphans
    assert len([x for x in lines if "Ofullständig" in x[1]]) == temporaries
    with Inkorg(folder, db) as ik:
        entries = ik.ledger.entries()
        assert len(entries) == 32 and consistent(ik) == []
        assert {e.state for e in entries} == {"godkänd"}
        assert sorted(e.source_kind for e in entries).count("arkiv") == orphans
        assert ik.archive.stale_temporaries(0) == [] and len(ik.archive.stored()) == 32


def test_a_rerun_within_the_grace_period_records_the_orphans_with_their_real_source(config: Config,
                                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "inkorg"
    proc = _worker(folder, None, [SN_PLAN, SN_DRIFT], stop_at="archived")
    _wait_stopped(proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with Inkorg(folder) as ik:
        out = ik.receive([SN_PLAN, SN_DRIFT], config)
        assert len(out.recovery.waiting) == 2
        assert [(r.new, r.state) for r in out.received] == [(True, "godkänd"), (True, "godkänd")]
        assert {e.source_path for e in ik.ledger.entries()} == {str(SN_PLAN), str(SN_DRIFT)}
        assert ik.recover(config, grace_s=0).waiting == []
