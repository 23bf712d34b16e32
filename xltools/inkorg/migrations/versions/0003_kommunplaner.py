"""Adopted kommunplaner per phase (juni, november, december): JSON and the sha256 of every input.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kommunplaner",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ar", sa.Integer, nullable=False),
        sa.Column("fas", sa.String(20), nullable=False),
        sa.Column("fastalld_at", sa.DateTime, nullable=False),
        sa.Column("fastalld_av", sa.String(200), nullable=False, server_default=""),
        sa.Column("beslut", sa.String(200), nullable=False, server_default=""),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
    )
    op.create_index("ix_kommunplaner_ar_fas", "kommunplaner", ["ar", "fas"])


def downgrade() -> None:
    op.drop_index("ix_kommunplaner_ar_fas", "kommunplaner")
    op.drop_table("kommunplaner")
