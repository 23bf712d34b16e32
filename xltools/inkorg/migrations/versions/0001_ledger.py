"""The first ledger: submissions and their events.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("received_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("source_kind", sa.String(20), nullable=False),
        sa.Column("source_path", sa.Text, nullable=False, server_default=""),
        sa.Column("filename", sa.String(500), nullable=False, server_default=""),
        sa.Column("mail_from", sa.Text),
        sa.Column("mail_subject", sa.Text),
        sa.Column("mail_date", sa.String(64)),
        sa.Column("mail_message_id", sa.Text),
        sa.Column("archive_path", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("kommunkod", sa.String(16)),
        sa.Column("namnd", sa.String(64)),
        sa.Column("dokument", sa.String(64)),
        sa.Column("ar", sa.Integer),
        sa.Column("period", sa.String(16)),
        sa.Column("dokstatus", sa.String(20), nullable=False, server_default=""),
        sa.Column("integrity", sa.String(40)),
        sa.Column("readable", sa.Boolean, nullable=False),
        sa.Column("valid", sa.Boolean, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("state_at", sa.DateTime, nullable=False),
        sa.Column("state_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("state_comment", sa.Text, nullable=False, server_default=""),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("locked_by", sa.String(200)),
        sa.Column("locked_at", sa.DateTime),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("submissions.id")),
    )
    op.create_index("ix_submissions_key", "submissions", ["namnd", "dokument", "ar", "period"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("what", sa.String(20), nullable=False),
        sa.Column("by_whom", sa.String(200), nullable=False, server_default=""),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_events_submission_id", "events", ["submission_id"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("submissions")
