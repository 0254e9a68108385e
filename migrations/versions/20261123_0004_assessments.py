"""assessments tables (filled in by the assessments feature)

Revision ID: 0004_assessments
Revises: 0003_inspections
Create Date: 2026-11-23 14:10:00

"""

revision = "0004_assessments"
down_revision = "0003_inspections"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
