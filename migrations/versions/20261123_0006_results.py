"""results tables (filled in by the results feature)

Revision ID: 0006_results
Revises: 0005_feedback
Create Date: 2026-11-23 14:10:00

"""

revision = "0006_results"
down_revision = "0005_feedback"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
