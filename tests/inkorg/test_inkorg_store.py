"""Opening a ledger: the versioned schema, upgrades from the first revision, and databases that are
foreign, damaged or newer — each a Swedish message, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from xltools.errors import XltoolsError
from xltools.inkorg.ledger import Ledger
from xltools.inkorg.schema import HEAD, VERSION_TABLE, metadata
from xltools.inkorg.store import REVISIONS, migrate, open_store

MIGRATIONS = Path(__file__).resolve().parents[2] / "xltools" / "inkorg" / "migrations" / "versions"


def _url(db: str | None, tmp_path: Path) -> str:
    return db or str(tmp_path / "liggare.sqlite")


def test_the_known_revisions_are_the_migration_files_and_head_is_the_newest() -> None:
    files = sorted(p.name.split("_")[0] for p in MIGRATIONS.glob("[0-9]*.py"))
    assert tuple(files) == REVISIONS
    assert HEAD == REVISIONS[-1]


def test_the_migrated_schema_is_the_declared_one(db: str | None, tmp_path: Path) -> None:
    store = open_store(_url(db, tmp_path))
    with store.read() as conn:
        insp = sa.inspect(conn)
        got = {t: sorted(c["name"] for c in insp.get_columns(t)) for t in ("submissions", "events", "kommunplaner")}
        assert conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() == HEAD
    store.close()
    assert got == {t.name: sorted(c.name for c in t.columns) for t in metadata.sorted_tables}


def _shape(conn: sa.Connection) -> dict[str, object]:
    """Everything the database says about the ledger's tables: columns (type, nullable, default), keys, indexes."""
    insp = sa.inspect(conn)
    out: dict[str, object] = {}
    for t in sorted(insp.get_table_names()):
        out[t] = {
            "columns": sorted((c["name"], str(c["type"]), c["nullable"], str(c.get("default")))  # by name: a later
                              for c in insp.get_columns(t)),  # migration's columns come last, the order is not used
            "pk": insp.get_pk_constraint(t)["constrained_columns"],
            "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                          for f in insp.get_foreign_keys(t)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(t)),
        }
    return out


def test_a_new_ledger_has_the_schema_the_migrations_give(db: str | None, tmp_path: Path) -> None:
    """A new ledger is created from schema.py at once and stamped HEAD (no Alembic import); a ledger brought
    there by every migration in turn must be the same database, to the index and default."""
    from xltools.inkorg.store import Store, _alembic_upgrade, _sqlite_engine

    if db is None:
        fresh_url, migrated_url = str(tmp_path / "ny.sqlite"), str(tmp_path / "migrerad.sqlite")
        migrated = Store(_sqlite_engine(Path(migrated_url)), migrated_url, "sqlite")
    else:
        fresh_url = migrated_url = db
        migrated = Store(sa.create_engine(db.replace("postgresql://", "postgresql+psycopg://")), db, "postgresql")
    with migrated.write() as conn:
        _alembic_upgrade(conn, HEAD)
        by_migrations = _shape(conn)
        conn.execute(sa.text(f"DROP TABLE events; DROP TABLE submissions; DROP TABLE {VERSION_TABLE}")
                     if db else sa.text("SELECT 1"))
    migrated.close()
    fresh = open_store(fresh_url)
    with fresh.read() as conn:
        assert conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() == HEAD
        assert _shape(conn) == by_migrations
    fresh.close()


def test_a_ledger_from_the_first_revision_is_upgraded_with_its_entries(db: str | None, tmp_path: Path) -> None:
    """A ledger created this year (revision 0001) opens next year, its entries intact."""
    from xltools.inkorg.store import Store, _sqlite_engine

    url = _url(db, tmp_path)
    if db is None:
        old = Store(_sqlite_engine(Path(url)), url, "sqlite")
    else:
        old = Store(sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://")), url, "postgresql")
    migrate(old, "0001")
    with old.write() as conn:
        conn.execute(sa.text(
            "INSERT INTO submissions (sha256, received_at, received_by, source_kind, source_path, filename, archive_path,"
            " size, namnd, dokument, ar, period, dokstatus, readable, valid, errors, warnings, findings, state, state_at,"
            " state_by, state_comment, locked) VALUES ('ab', '2026-01-31 10:00:00', 'x', 'fil', 'a.xlsx', 'a.xlsx',"
            " 'ab/ab.xlsx', 1, 'sn', 'namndplan', 2027, '2027', '', true, true, 0, 0, '[]', 'godkänd',"
            " '2026-01-31 10:00:00', 'x', '', false)"))
        assert "beslutsdatum" not in {c["name"] for c in sa.inspect(conn).get_columns("submissions")}
    old.close()
    store = open_store(url)
    e = Ledger(store).entry(1)
    assert (e.namnd, e.state, e.beslutsdatum, e.received_at.year) == ("sn", "godkänd", None, 2026)
    Ledger(store).lock(1, "Eva")  # and it works as a ledger of today
    store.close()


def test_a_newer_ledger_is_refused(db: str | None, tmp_path: Path) -> None:
    store = open_store(_url(db, tmp_path))
    with store.write() as conn:
        conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '0099'"))
    store.close()
    with pytest.raises(XltoolsError, match="schemaversion 0099.*nyare xltools"):
        open_store(_url(db, tmp_path))


def test_a_foreign_database_is_refused(db: str | None, tmp_path: Path) -> None:
    url = _url(db, tmp_path)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://") if db else f"sqlite:///{url}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE submissions (id INTEGER PRIMARY KEY, note TEXT)"))
    engine.dispose()
    with pytest.raises(XltoolsError, match="ingen xltools-liggare"):
        open_store(url)


def test_another_applications_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annan.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE kunder (id INTEGER)")
    with pytest.raises(XltoolsError, match=r"annan.sqlite är ingen xltools-liggare: databasen har andra tabeller \(kunder\)"):
        open_store(path)


def _damaged(tmp_path: Path, how: str) -> Path:
    path = tmp_path / "liggare.sqlite"
    if how == "text":
        path.write_text("detta är ingen databas\n" * 100, encoding="utf-8")
    elif how == "random":
        path.write_bytes(os.urandom(8192))
    else:
        store = open_store(path)
        store.close()
        data = path.read_bytes()
        if how == "truncated":
            path.write_bytes(data[: len(data) // 3])
        else:  # pages overwritten after the header
            path.write_bytes(data[:100] + os.urandom(len(data) - 100))
    return path


@pytest.mark.parametrize("how", ["text", "random", "truncated", "scrambled"])
def test_a_damaged_sqlite_file_is_a_swedish_message(tmp_path: Path, how: str) -> None:
    path = _damaged(tmp_path, how)
    with pytest.raises(XltoolsError) as got:
        store = open_store(path)
        Ledger(store).entries()
    assert str(path) in str(got.value)
    assert "skadad" in str(got.value) or "ingen xltools-liggare" in str(got.value) or "kunde inte" in str(got.value)


def test_a_damaged_ledger_in_a_process_gives_no_traceback(tmp_path: Path) -> None:
    path = _damaged(tmp_path, "random")
    code = ("import sys\nfrom xltools.errors import XltoolsError\nfrom xltools.inkorg.store import open_store\n"
            f"try:\n    open_store({str(path)!r})\nexcept XltoolsError as e:\n    print(e)\n    sys.exit(1)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "skadad eller ingen SQLite-databas" in run.stdout


def test_the_sqlite_ledger_and_its_folder_are_for_the_user_only(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "liggare.sqlite"
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_unsupported_url_is_refused() -> None:
    with pytest.raises(XltoolsError, match="stöds inte"):
        open_store("mysql://someone@host/db")


def test_an_unreachable_postgresql_server_is_a_swedish_message(tmp_path: Path) -> None:
    with pytest.raises(XltoolsError, match="Databasservern för liggaren .* kunde inte nås") as got:
        open_store(f"postgresql://nobody:hemligt@/xltools?host={tmp_path}")
    assert "hemligt" not in str(got.value)
