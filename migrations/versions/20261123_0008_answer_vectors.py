"""survey responses: packed answer vectors; drop two indexes that unique indexes cover;
result cache: results without intervals

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

result_cache.intervals: False for a result computed without the bootstrap (the point scores
and tests of change a trend needs of earlier periods); existing rows are full results.
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
    with op.batch_alter_table("result_cache", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intervals", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.drop_constraint("uq_result_cache_period_id_scheme_sha256_data_version",
                                 type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_result_cache_period_id_scheme_sha256_data_version_intervals"),
            ["period_id", "scheme_sha256", "data_version", "intervals"])


def downgrade():
    op.execute("DELETE FROM result_cache WHERE NOT intervals")  # one row per key again
    with op.batch_alter_table("result_cache", schema=None) as batch_op:
        batch_op.drop_constraint(
            "uq_result_cache_period_id_scheme_sha256_data_version_intervals", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_result_cache_period_id_scheme_sha256_data_version"),
            ["period_id", "scheme_sha256", "data_version"])
        batch_op.drop_column("intervals")
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_answer_response_id"), ["response_id"],
                              unique=False)
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_response_survey_id"), ["survey_id"],
                              unique=False)
        batch_op.drop_column("answer_vector")
