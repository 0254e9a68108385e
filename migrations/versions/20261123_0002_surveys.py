"""surveys tables (filled in by the surveys feature)

Revision ID: 0002_surveys
Revises: 0001_foundation
Create Date: 2026-11-23 14:10:00

"""

revision = "0002_surveys"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
