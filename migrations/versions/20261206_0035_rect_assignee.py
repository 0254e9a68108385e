"""a rectification is assigned to a company account

Revision ID: 0035_rect_assignee
Revises: 0032_checklist
Create Date: 2026-12-06 04:00:00

rectification.assignee_id: the company account put on the task (issue 17: rectifications are
assigned to a department account, not only a department's name). Nullable, SET NULL when the
account is deleted, like every "who" column.
"""
import sqlalchemy as sa
from alembic import op

revision = "0035_rect_assignee"
down_revision = "0032_checklist"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rectification") as batch:
        batch.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_rectification_assignee_id_user"), "user", ["assignee_id"],
                                 ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("rectification") as batch:
        batch.drop_constraint(batch.f("fk_rectification_assignee_id_user"), type_="foreignkey")
        batch.drop_column("assignee_id")
