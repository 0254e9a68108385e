"""organisations, the overview's rows and escalated complaints

Revision ID: 0024_org
Revises: 0027_offline
Create Date: 2026-12-06 00:50:00

company 物业服务企业; jurisdiction (区 → 街道 → 社区, parent_id); community_company: which
company served a community from when to when (kept when it changes); community_jurisdiction;
oversight_scope: the company of a director, the jurisdiction of an officer; overview_row: a
closed period's result of record narrowed for the cross-community overview; escalation and
escalation_event: complaints escalated to the 街道 (投诉举报). New tables only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0024_org"
down_revision = "0027_offline"
branch_labels = None
depends_on = None


def _stamps():
    return [sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False)]


def _organisations():
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("credit_code", sa.String(40), nullable=False),
        *_stamps())
    op.create_table(
        "jurisdiction",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("jurisdiction.id"), index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        *_stamps(),
        sa.UniqueConstraint("parent_id", "name"),
        sa.CheckConstraint("level IN ('district', 'street', 'neighbourhood')",
                           name="level_known"))
    op.create_table(
        "community_company",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("company.id", ondelete="RESTRICT"), nullable=False, index=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date()),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date",
                           name="service_dates_ordered"))
    op.create_index("ix_community_company_span", "community_company",
                    ["community_id", "start_date"])
    op.create_table(
        "community_jurisdiction",
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("jurisdiction_id", sa.Integer(),
                  sa.ForeignKey("jurisdiction.id", ondelete="RESTRICT"), nullable=False,
                  index=True))
    op.create_table(
        "oversight_scope",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE")),
        sa.Column("jurisdiction_id", sa.Integer(),
                  sa.ForeignKey("jurisdiction.id", ondelete="CASCADE")),
        sa.CheckConstraint("(company_id IS NULL) <> (jurisdiction_id IS NULL)",
                           name="one_scope"))


def _overview():
    op.create_table(
        "overview_row",
        sa.Column("period_id", sa.Integer(), sa.ForeignKey("period.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="SET NULL"),
                  index=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("composite", sa.Double()),
        sa.Column("grade", sa.String(40), nullable=False),
        sa.Column("grade_label", sa.JSON(), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("response_rate", sa.Double()),
        sa.Column("closed_at", sa.DateTime()),
        sa.Column("published_at", sa.DateTime()),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False))
    op.create_index("ix_overview_row_community_start", "overview_row",
                    ["community_id", "start_date"])


def _escalations():
    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("ticket.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("jurisdiction_id", sa.Integer(),
                  sa.ForeignKey("jurisdiction.id", ondelete="RESTRICT"), nullable=False,
                  index=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("owner_note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("company_reply", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime()),
        *_stamps())
    op.create_table(
        "escalation_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("escalation_id", sa.Integer(),
                  sa.ForeignKey("escalation.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL")),
        sa.Column("note", sa.Text(), nullable=False))


def upgrade():
    _organisations()
    _overview()
    _escalations()


def downgrade():
    for name in ("escalation_event", "escalation", "overview_row", "oversight_scope",
                 "community_jurisdiction", "community_company", "jurisdiction", "company"):
        op.drop_table(name)
