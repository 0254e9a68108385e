"""feedback tables (filled in by the feedback feature)

Revision ID: 0005_feedback
Revises: 0004_assessments
Create Date: 2026-11-23 14:10:00

"""

revision = "0005_feedback"
down_revision = "0004_assessments"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
