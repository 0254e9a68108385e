"""parts of a job that fans out: closing a quarter for many communities

Revision ID: 0028_close
Revises: 0025_editor
Create Date: 2026-12-06 03:10:00

job_item: one row per community of a job (state, message, attempts, times), unique per job
and community so that a re-run finds its row. New table only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0028_close"
down_revision = "0033_offline2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], name=op.f("fk_job_item_job_id_job"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_job_item_community_id_community"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_item")),
        sa.UniqueConstraint("job_id", "community_id",
                            name=op.f("uq_job_item_job_id_community_id")),
    )
    with op.batch_alter_table("job_item") as batch:
        batch.create_index(batch.f("ix_job_item_job_id"), ["job_id"], unique=False)
        batch.create_index(batch.f("ix_job_item_state"), ["state"], unique=False)


def downgrade():
    with op.batch_alter_table("job_item") as batch:
        batch.drop_index(batch.f("ix_job_item_state"))
        batch.drop_index(batch.f("ix_job_item_job_id"))
    op.drop_table("job_item")
