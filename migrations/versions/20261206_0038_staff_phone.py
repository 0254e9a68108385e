"""an account's verified mobile number for SMS notifications

Revision ID: 0038_staff_phone
Revises: 0035_rect_assignee
Create Date: 2026-12-06 16:30:00

user.phone and user.phone_verified_at: the mainland mobile number an account verified with a
code on its notification settings page (issue 17: the "sms" channel needs an address).
phone_code.user_id: a code asked by an account for its own number, counted against that
account's hourly limit and usable only by it; NULL for owners' codes. Nullable columns only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0038_staff_phone"
down_revision = "0035_rect_assignee"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("phone_verified_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("phone_code") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_phone_code_user_id"), ["user_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_phone_code_user_id_user"), "user", ["user_id"],
                                 ["id"], ondelete="CASCADE")


def downgrade():
    with op.batch_alter_table("phone_code") as batch:
        batch.drop_constraint(batch.f("fk_phone_code_user_id_user"), type_="foreignkey")
        batch.drop_index(batch.f("ix_phone_code_user_id"))
        batch.drop_column("user_id")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("phone_verified_at")
        batch.drop_column("phone")
