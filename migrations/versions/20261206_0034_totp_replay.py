"""a TOTP code is accepted once

Revision ID: 0034_totp_replay
Revises: 0025_editor
Create Date: 2026-12-06 03:40:00

user.totp_last_step: the RFC 6238 time step of the last accepted code, so that a code seen
over someone's shoulder cannot be used again within its 90 seconds. Nullable column only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0034_totp_replay"
down_revision = "0025_editor"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("totp_last_step")
