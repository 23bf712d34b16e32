"""The unit of a nämnd's organisation that handed in a document (a unit's own verksamhetsplan).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("org_enhet", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("org_enhet")
