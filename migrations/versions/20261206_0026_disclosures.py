"""disclosures beyond scores (公示): work reports, fees, shared income, maintenance fund, major matters

Revision ID: 0026_disclosures
Revises: 0017_phones
Create Date: 2026-12-06 00:40:00

One table, ``disclosure``: each row is one revision of a disclosure; revisions of the same
matter share ``series_id`` (the first revision's id). The property company prepares and
submits (content_sha256 fixes what was submitted), the owners' committee confirms or sends
it back. A confirmed revision is 'published' until a confirmed correction makes it
'superseded'; both stay readable on the notice board's history. Attachments are rows of the
existing ``photo`` table with owner_type 'disclosure'. No existing data changes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0026_disclosures"
down_revision = "0017_phones"
branch_labels = None
depends_on = None


def _user(name):
    return sa.Column(name, sa.Integer(),
                     sa.ForeignKey("user.id", ondelete="SET NULL",
                                   name=op.f(f"fk_disclosure_{name}_user")), nullable=True)


def upgrade():
    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure")),
        sa.Column("community_id", sa.Integer(),
                  sa.ForeignKey("community.id", ondelete="CASCADE",
                                name=op.f("fk_disclosure_community_id_community")),
                  nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("revision_reason", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("covering", sa.String(length=40), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        _user("prepared_by_id"),
        sa.Column("prepared_at", sa.DateTime(), nullable=False),
        _user("submitted_by_id"),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        _user("confirmed_by_id"),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("returned_reason", sa.String(length=500), nullable=False),
        _user("returned_by_id"),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'pending', 'published', 'superseded')",
                           name=op.f("ck_disclosure_status_known")),
        sa.CheckConstraint("kind IN ('work_report', 'fees', 'shared_income', "
                           "'maintenance_fund', 'major_matter')",
                           name=op.f("ck_disclosure_kind_known")),
    )
    op.create_index("ix_disclosure_community_id", "disclosure", ["community_id"])
    op.create_index("ix_disclosure_series_id", "disclosure", ["series_id"])


def downgrade():
    op.drop_index("ix_disclosure_series_id", table_name="disclosure")
    op.drop_index("ix_disclosure_community_id", table_name="disclosure")
    op.drop_table("disclosure")
