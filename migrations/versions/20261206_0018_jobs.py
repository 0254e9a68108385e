"""background jobs

Revision ID: 0018_jobs
Revises: 0019_notifications
Create Date: 2026-12-06 00:30:00

job: one piece of work asked for in a request and done by a queue worker (PDF reports first):
kind, who asked, community, the row it works on, state queued → running → done | failed,
progress, the finished file and its download name, the error, attempts and times. The queue's
own messages live in Huey's storage (SQLite file or Redis), not here.
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_jobs"
down_revision = "0019_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("progress", sa.String(length=200), nullable=False),
        sa.Column("result_path", sa.String(length=255), nullable=True),
        sa.Column("result_name", sa.String(length=255), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_job_community_id_community"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["requested_by_id"], ["user.id"],
                                name=op.f("fk_job_requested_by_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index(op.f("ix_job_community_id"), "job", ["community_id"], unique=False)
    op.create_index(op.f("ix_job_state"), "job", ["state"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_job_state"), table_name="job")
    op.drop_index(op.f("ix_job_community_id"), table_name="job")
    op.drop_table("job")
