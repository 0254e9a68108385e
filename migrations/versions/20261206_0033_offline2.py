"""idempotency keys of offline third-party sheet saves

Revision ID: 0033_offline2
Revises: 0025_editor
Create Date: 2026-12-06 03:10:00

sheet_offline_save: the first answer given to each (user, idempotency key) of a sheet item
save or photo sent by the offline walk-round of a third-party assessor, so a retried request
returns that answer and is never applied twice (the joint and internal inspections keep
theirs in inspection_offline_save). Rows go with their user and their sheet; a periodic task
deletes rows older than OFFLINE_KEY_DAYS.
"""
import sqlalchemy as sa
from alembic import op

revision = "0033_offline2"
down_revision = "0034_totp_replay"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sheet_offline_save",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_sheet_offline_save_user_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sheet_id"], ["assessor_sheet.id"],
                                name=op.f("fk_sheet_offline_save_sheet_id_assessor_sheet"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_offline_save")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_sheet_offline_save_user_id_key")),
    )
    op.create_index(op.f("ix_sheet_offline_save_user_id"), "sheet_offline_save",
                    ["user_id"], unique=False)
    op.create_index(op.f("ix_sheet_offline_save_sheet_id"), "sheet_offline_save",
                    ["sheet_id"], unique=False)


def downgrade():
    op.drop_index("ix_sheet_offline_save_sheet_id", "sheet_offline_save")
    op.drop_index("ix_sheet_offline_save_user_id", "sheet_offline_save")
    op.drop_table("sheet_offline_save")
