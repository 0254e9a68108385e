"""internal inspections (品质部) and recurring inspection plans

Revision ID: 0023_internal
Revises: 0018_jobs
Create Date: 2026-12-06 00:30:00

inspection.kind: four more kinds, the company's own inspections (patrol 日常巡检, special
专项检查, night 夜间/节假日突击检查, cross 交叉检查); existing rows keep quarterly/adhoc.
inspection.start_time (local time the check started, kept for the analysis of findings by time
of day), inspector and inspector_from (for a cross inspection: the other department or
community). Existing inspections get NULL / empty strings.

inspection_plan, inspection_plan_assignee: recurring plans per community (issue 21 item 2);
their occurrences are computed, not stored.
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_internal"
down_revision = "0018_jobs"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('quarterly', 'adhoc')"
NEW_KINDS = "kind IN ('quarterly', 'adhoc', 'patrol', 'special', 'night', 'cross')"


def upgrade():
    with op.batch_alter_table("inspection") as batch:
        batch.drop_constraint(op.f("ck_inspection_kind_known"), type_="check")
        batch.create_check_constraint(op.f("ck_inspection_kind_known"), NEW_KINDS)
        batch.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("inspector", sa.String(length=80), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("inspector_from", sa.String(length=120), nullable=False,
                                   server_default=""))
    op.create_table(
        "inspection_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=255), nullable=False),
        sa.Column("recurrence", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("recurrence IN ('weekly', 'monthly', 'quarterly')",
                           name=op.f("ck_inspection_plan_recurrence_known")),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on",
                           name=op.f("ck_inspection_plan_dates_ordered")),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"], ondelete="CASCADE",
                                name=op.f("fk_inspection_plan_community_id_community")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], ondelete="SET NULL",
                                name=op.f("fk_inspection_plan_created_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plan")),
    )
    op.create_index(op.f("ix_inspection_plan_community_id"), "inspection_plan",
                    ["community_id"], unique=False)
    op.create_table(
        "inspection_plan_assignee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["inspection_plan.id"], ondelete="CASCADE",
                                name=op.f("fk_inspection_plan_assignee_plan_id_inspection_plan")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE",
                                name=op.f("fk_inspection_plan_assignee_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plan_assignee")),
        sa.UniqueConstraint("plan_id", "user_id",
                            name=op.f("uq_inspection_plan_assignee_plan_id_user_id")),
    )
    op.create_index(op.f("ix_inspection_plan_assignee_plan_id"), "inspection_plan_assignee",
                    ["plan_id"], unique=False)
    op.create_index(op.f("ix_inspection_plan_assignee_user_id"), "inspection_plan_assignee",
                    ["user_id"], unique=False)


def downgrade():
    op.drop_table("inspection_plan_assignee")
    op.drop_table("inspection_plan")
    op.execute("DELETE FROM inspection WHERE kind NOT IN ('quarterly', 'adhoc')")
    with op.batch_alter_table("inspection") as batch:
        batch.drop_column("inspector_from")
        batch.drop_column("inspector")
        batch.drop_column("start_time")
        batch.drop_constraint(op.f("ck_inspection_kind_known"), type_="check")
        batch.create_check_constraint(op.f("ck_inspection_kind_known"), OLD_KINDS)
