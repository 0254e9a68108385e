"""idempotency keys of offline walk-round saves

Revision ID: 0027_offline
Revises: 0023_internal
Create Date: 2026-12-06 01:15:00

inspection_offline_save: the first answer given to each (user, idempotency key) of an item
save or photo upload sent by the offline walk-round, so a retried request returns that answer
and is never applied twice. Rows go with their user and their inspection.
"""
import sqlalchemy as sa
from alembic import op

revision = "0027_offline"
down_revision = "0023_internal"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "inspection_offline_save",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_inspection_offline_save_user_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_inspection_offline_save_inspection_id_inspection"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_offline_save")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_inspection_offline_save_user_id_key")),
    )
    op.create_index(op.f("ix_inspection_offline_save_user_id"), "inspection_offline_save",
                    ["user_id"], unique=False)
    op.create_index(op.f("ix_inspection_offline_save_inspection_id"), "inspection_offline_save",
                    ["inspection_id"], unique=False)


def downgrade():
    op.drop_index("ix_inspection_offline_save_inspection_id", "inspection_offline_save")
    op.drop_index("ix_inspection_offline_save_user_id", "inspection_offline_save")
    op.drop_table("inspection_offline_save")
