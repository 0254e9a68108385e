"""reports tables (filled in by the reports feature)

Revision ID: 0007_reports
Revises: 0006_results
Create Date: 2026-11-23 14:10:00

"""

revision = "0007_reports"
down_revision = "0006_results"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
