"""inspections tables (filled in by the inspections feature)

Revision ID: 0003_inspections
Revises: 0002_surveys
Create Date: 2026-11-23 14:10:00

"""

revision = "0003_inspections"
down_revision = "0002_surveys"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
