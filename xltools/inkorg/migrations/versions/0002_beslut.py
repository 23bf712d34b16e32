"""The decision behind a document: beslutsorgan, beslutsdatum and paragraf (from the template's status fields).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("beslutsorgan", sa.String(200)))
        batch.add_column(sa.Column("beslutsdatum", sa.Date))
        batch.add_column(sa.Column("paragraf", sa.String(50)))


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("paragraf")
        batch.drop_column("beslutsdatum")
        batch.drop_column("beslutsorgan")
