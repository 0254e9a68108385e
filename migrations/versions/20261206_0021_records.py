"""service commitments: service hours and hotline, limits in working hours, the calendar

Revision ID: 0021_records
Revises: 0026_disclosures
Create Date: 2026-12-06 00:30:00

service_terms: per community, the service centre's hours on work days, its hotline and what
is on call after hours, quoted on the public commitments page (服务承诺).
sla_rule.working_hours: a rule's limits count working time on the calendar (existing rules
keep counting clock time: false).
calendar_entry: public holidays and make-up work days (调休上班) of the official calendar,
entered per year by staff; days not listed are work days Monday to Friday.
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_records"
down_revision = "0026_disclosures"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "service_terms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("hotline", sa.String(length=40), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("after_hours", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "calendar_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'workday')", name="kind_known"),
        sa.CheckConstraint("first_day <= last_day", name="calendar_entry_ordered"),
    )
    op.create_index("ix_calendar_entry_year", "calendar_entry", ["year"])
    with op.batch_alter_table("sla_rule") as batch:
        batch.add_column(sa.Column("working_hours", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("sla_rule") as batch:
        batch.drop_column("working_hours")
    op.drop_index("ix_calendar_entry_year", table_name="calendar_entry")
    op.drop_table("calendar_entry")
    op.drop_table("service_terms")
