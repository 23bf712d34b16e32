"""Opening a ledger: a SQLite file (default) or a PostgreSQL URL; its schema migrated; errors in Swedish.

Every write happens in a serialized transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction
advisory lock), so two receivers at once never decide a supersession on a stale view. A database that
is not a ledger, is damaged or was made by a newer xltools is refused with a Swedish message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc

from xltools.cachedir import private_dir
from xltools.errors import XltoolsError, os_reason
from xltools.inkorg.schema import HEAD, VERSION_TABLE, metadata

REVISIONS = ("0001", "0002", "0003", "0004")  # every migration, oldest first (tests check it against migrations/versions)
_PG_LOCK = 0x786C_696E_6B6F  # "xlinko": the advisory lock every write to a PostgreSQL ledger takes
_OURS = frozenset({"submissions", "events"})
_BUSY_MS = 120_000


def is_url(where: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+]*://", where))


def shown_url(url: str) -> str:
    """A database URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


class Store:
    """An open ledger database (SQLAlchemy engine) and where it is."""

    def __init__(self, engine: sa.Engine, where: str, kind: str):
        self.engine, self.where, self.kind = engine, where, kind

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A transaction that no other writer runs alongside; committed when the block ends."""
        with self.errors(), self.engine.connect() as conn:
            conn = conn.execution_options(xltools_write=True)
            with conn.begin():
                if self.kind == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with self.errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Database errors as XltoolsError in Swedish (never a traceback)."""
        try:
            yield
        except exc.SQLAlchemyError as e:
            raise XltoolsError(self._swedish(e)) from e

    def _swedish(self, e: Exception) -> str:
        text = str(getattr(e, "orig", e) or e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        low = text.lower()
        what = f"Liggaren {self.where}"
        if "not a database" in low or "malformed" in low or "file is encrypted" in low:
            return (f"{what} är skadad eller ingen SQLite-databas ({text}). Återställ den från en "
                    "säkerhetskopia; arkivet med de inlämnade filerna är orört och kan tas emot på nytt.")
        if "locked" in low or "busy" in low:
            return f"{what} är upptagen av en annan körning för länge; försök igen om en stund."
        if "unable to open" in low or "readonly" in low or "read-only" in low:
            return f"{what} kunde inte öppnas för skrivning ({text})."
        if self.kind == "postgresql" and isinstance(e, exc.OperationalError):
            return f"Databasservern för liggaren {self.where} kunde inte nås: {text}"
        return f"{what} kunde inte läsas eller skrivas: {text}"

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_engine(path: Path) -> sa.Engine:
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": _BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        dbapi.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        dbapi.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("xltools_write") else "BEGIN")

    return engine


def _create_private(path: Path) -> None:
    """Create the SQLite file for the user only (mode 0600) before SQLite opens it."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def open_store(where: str | Path) -> Store:
    """The ledger at `where` (a SQLite file path or a postgresql:// URL), created or migrated to HEAD."""
    where = str(where)
    if is_url(where):
        if not where.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
            raise XltoolsError(f"Liggarens adress {shown_url(where)} stöds inte: ange en sökväg till en "
                               "SQLite-fil eller en PostgreSQL-adress (postgresql://…).")
        url = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", where)
        try:
            import psycopg  # noqa: F401  (a clear message when the extra is not installed)
        except ImportError as e:
            raise XltoolsError("En liggare i PostgreSQL behöver paketet psycopg: installera "
                               "xltools[postgresql].") from e
        store = Store(sa.create_engine(url, pool_pre_ping=True), shown_url(where), "postgresql")
    else:
        path = Path(where).absolute()
        if path.is_dir():
            raise XltoolsError(f"Liggaren {path} är en mapp, inte en databasfil.")
        try:
            _create_private(path)
        except OSError as e:
            raise XltoolsError(f"Liggaren {path} kunde inte skapas ({os_reason(e)}).") from e
        store = Store(_sqlite_engine(path), str(path), "sqlite")
    try:
        migrate(store)
    except BaseException:
        store.close()
        raise
    return store


def _revision(conn: sa.Connection) -> str | None:
    return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def migrate(store: Store, target: str = HEAD) -> None:
    """Bring the ledger's schema to `target` (a new database gets every migration).

    A database with other tables and no xltools version table is foreign and refused; one whose
    revision this xltools does not know was made by a newer version.
    """
    try:
        with store.engine.connect() as conn, conn.begin():  # the usual case, in one query
            if _revision(conn) == target:
                return
    except exc.SQLAlchemyError:
        pass  # no version table yet, or a database that is not a ledger: looked at below
    with store.write() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        if VERSION_TABLE not in tables:
            foreign = tables if store.kind == "sqlite" else tables & _OURS
            if foreign:
                raise XltoolsError(
                    f"{store.where} är ingen xltools-liggare: databasen har andra tabeller "
                    f"({', '.join(sorted(foreign)[:5])}) men ingen {VERSION_TABLE}. Ange en ny fil eller en tom databas.")
            if target == HEAD:  # a new ledger: the declared schema at once, stamped (Alembic's own recipe)
                _create_at_head(conn)
                return
            current = None
        else:
            current = _revision(conn)
            if current == target:
                return
            if current not in REVISIONS:
                raise XltoolsError(
                    f"Liggaren {store.where} har schemaversion {current}, som den här versionen av xltools inte "
                    f"känner (senast kända: {HEAD}). Den är skapad av en nyare xltools: uppdatera xltools.")
            if REVISIONS.index(current) > REVISIONS.index(target):
                raise XltoolsError(f"Liggaren {store.where} har en nyare schemaversion ({current}) än {target}.")
        _alembic_upgrade(conn, target)


def _create_at_head(conn: sa.Connection) -> None:
    """Create a new ledger's tables from schema.py and stamp it HEAD, without importing Alembic (a third of
    the time of a first `ta-emot`). tests/inkorg checks that this gives the schema the migrations give."""
    metadata.create_all(conn)
    conn.execute(sa.text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL, "
                         f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"))
    conn.execute(sa.text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:v)"), {"v": HEAD})


def _alembic_upgrade(conn: sa.Connection, target: str) -> None:
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)
