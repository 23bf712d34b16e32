"""The content-addressed archive: stored once, never overwritten, temporary files and orphans."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from support.inkorg import PLANERING

from xltools.inkorg.archive import Archive, sha256_of
from xltools.inkorg.sources import collect, from_mail

ROOT = Path(__file__).resolve().parents[2]


def test_bytes_are_stored_once_under_their_sha256(tmp_path: Path) -> None:
    a = Archive(tmp_path / "arkiv")
    data = (PLANERING / "taxor-sn-2027.xlsx").read_bytes()
    first, again = a.put(data, ".XLSX"), a.put(data, ".xlsx")
    sha = sha256_of(data)
    assert (first.relpath, first.new, again.relpath, again.new) == (f"{sha[:2]}/{sha}.xlsx", True, first.relpath, False)
    assert a.path(first.relpath).read_bytes() == data
    assert stat.S_IMODE(a.path(first.relpath).stat().st_mode) == 0o600
    assert a.stored() == {sha: first.relpath}
    assert a.put(b"x", ".exe").relpath.endswith(sha256_of(b"x"))  # an unknown suffix is not kept


def test_a_file_already_in_the_archive_is_never_overwritten(tmp_path: Path) -> None:
    a = Archive(tmp_path / "arkiv")
    stored = a.put(b"original", ".xlsx")
    before = a.path(stored.relpath).stat()
    assert not a.put(b"original", ".xlsx").new
    after = a.path(stored.relpath).stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_stale_temporary_files_respect_the_grace_period(tmp_path: Path) -> None:
    a = Archive(tmp_path / "arkiv")
    (tmp_path / "arkiv" / "ab").mkdir()
    tmp = tmp_path / "arkiv" / "ab" / ".tmp-halv"
    tmp.write_bytes(b"halv")
    assert a.stale_temporaries(600) == []
    old = time.time() - 3600
    os.utime(tmp, (old, old))
    assert a.stale_temporaries(600) == [tmp]
    assert a.stored() == {}


def test_from_mail_survives_a_malformed_message(tmp_path: Path) -> None:
    items, refused = from_mail(b"\xff\xfe not a mail at all \x00\x01", "x.eml")
    assert items == [] and [str(r) for r in refused] == ["x.eml: e-brevet har ingen bifogad Excelarbetsbok"]


def test_an_explicit_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "budget.csv"
    p.write_text("a;b", encoding="utf-8")
    items, refused = collect([p])
    assert items == [] and "ingen Excelarbetsbok" in refused[0].why


def test_validate_and_the_add_in_start_without_the_database_libraries() -> None:
    """`xltools validate one.xlsx` and the add-in's module import no SQLAlchemy, Alembic or psycopg."""
    one = PLANERING / "driftbudget-sn-2027.xlsx"
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "xltools", "validate", str(one)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in run.stderr.splitlines() if "|" in line}
    assert "xltools" in imported
    assert imported & {"sqlalchemy", "alembic", "psycopg", "mako"} == set()
    code = ("import sys, xltools.addin.run, xltools.cli.main\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg', 'mako'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
