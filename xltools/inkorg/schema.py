"""The ledger's tables (SQLAlchemy Core) and the states a submission passes through.

The migrations in migrations/versions/ create and change these tables; `tests/inkorg` checks that
the head revision gives exactly these columns. Times are UTC, stored without a zone.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

from xltools.inkorg.states import State

VERSION_TABLE = "xltools_inkorg_version"  # Alembic's version table; its name marks a database as a ledger
HEAD = "0004"  # the newest migration (tests check it against migrations/versions)

metadata = MetaData()

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # the ledger's sequence: newer = higher
    Column("sha256", String(64), nullable=False, unique=True),
    Column("received_at", DateTime, nullable=False),
    Column("received_by", String(200), nullable=False, server_default=""),
    Column("source_kind", String(20), nullable=False),  # fil, epost, tillagg, arkiv
    Column("source_path", Text, nullable=False, server_default=""),
    Column("filename", String(500), nullable=False, server_default=""),
    Column("mail_from", Text),
    Column("mail_subject", Text),
    Column("mail_date", String(64)),
    Column("mail_message_id", Text),
    Column("archive_path", String(200), nullable=False),
    Column("size", Integer, nullable=False),
    Column("kommunkod", String(16)),
    Column("namnd", String(64)),
    Column("dokument", String(64)),
    Column("ar", Integer),
    Column("period", String(16)),
    Column("dokstatus", String(20), nullable=False, server_default=""),
    Column("beslutsorgan", String(200)),  # 0002
    Column("beslutsdatum", Date),  # 0002
    Column("paragraf", String(50)),  # 0002
    Column("org_enhet", String(64), nullable=False, server_default=""),  # 0004: a unit's own document
    Column("integrity", String(40)),  # the template's integrity check (issue 12); NULL = not checked
    Column("readable", Boolean, nullable=False),
    Column("valid", Boolean, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("findings", Text, nullable=False),  # JSON: the validation findings
    Column("state", String(20), nullable=False),
    Column("state_at", DateTime, nullable=False),
    Column("state_by", String(200), nullable=False, server_default=""),
    Column("state_comment", Text, nullable=False, server_default=""),
    Column("locked", Boolean, nullable=False, server_default=false()),
    Column("locked_by", String(200)),
    Column("locked_at", DateTime),
    Column("superseded_by", Integer, ForeignKey("submissions.id")),
    Index("ix_submissions_key", "namnd", "dokument", "ar", "period"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("what", String(20), nullable=False),  # a state, or "last" / "upplast"
    Column("by_whom", String(200), nullable=False, server_default=""),
    Column("comment", Text, nullable=False, server_default=""),
)

# Adopted kommunplaner (`xltools kommunplan --fas … --faststall`): the JSON and the sha256 of every input, so
# that a later phase (the November revision) and the next year can compare against what KF adopted.
kommunplaner = Table(
    "kommunplaner", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ar", Integer, nullable=False),  # the budget year
    Column("fas", String(20), nullable=False),  # juni | november | december
    Column("fastalld_at", DateTime, nullable=False),
    Column("fastalld_av", String(200), nullable=False, server_default=""),
    Column("beslut", String(200), nullable=False, server_default=""),  # e.g. "KF 2026-06-15 § 45"
    Column("plan_json", Text, nullable=False),
    Column("inputs", Text, nullable=False),  # JSON: [{"file", "sha256", "document", "namnd"}], config files included
    Index("ix_kommunplaner_ar_fas", "ar", "fas"),
)

__all__ = ["HEAD", "VERSION_TABLE", "State", "events", "kommunplaner", "metadata", "submissions"]
