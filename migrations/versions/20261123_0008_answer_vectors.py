"""survey responses: packed answer vectors; drop two indexes that unique indexes cover

Revision ID: 0008_answer_vectors
Revises: 0007_reports
Create Date: 2026-11-23 17:10:00

survey_response.answer_vector holds a submitted response's scored answers (Likert, overall,
NPS) packed by survey_app/surveys/vectors.py, so the statistics loader reads one row per
response instead of one per answer. Existing responses keep NULL and are read from their
answer rows, so no backfill is needed.

ix_survey_response_survey_id and ix_survey_answer_response_id are prefixes of the unique
indexes (survey_id, household_key) and (response_id, item_id): every lookup they served is
served by those, and each submission no longer updates them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_answer_vectors"
down_revision = "0007_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_vector", sa.LargeBinary(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_survey_response_survey_id"))
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answer_response_id"))


def downgrade():
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_answer_response_id"), ["response_id"],
                              unique=False)
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_response_survey_id"), ["survey_id"],
                              unique=False)
        batch_op.drop_column("answer_vector")
