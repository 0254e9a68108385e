"""the owner's room on a ticket

Revision ID: 0017_phones
Revises: 0010_anonymity
Create Date: 2026-12-05 19:00:00

ticket.room: the owner's room (e.g. 2单元 501) as they typed it on the repair form, kept apart
from the free-text location so the service centre can find the flat. Existing tickets have
none (empty string).
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_phones"
down_revision = "0010_anonymity"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("room", sa.String(length=40), nullable=False,
                                   server_default=""))


def downgrade():
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("room")
