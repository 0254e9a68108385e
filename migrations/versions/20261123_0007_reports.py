"""reports tables: stored PDF reports, notice-board publications, API tokens

Revision ID: 0007_reports
Revises: 0006_results
Create Date: 2026-11-23 14:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0007_reports"
down_revision = "0006_results"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_api_token_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdraw_reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_publication_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"],
                                name=op.f("fk_publication_period_id_period"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["user.id"],
                                name=op.f("fk_publication_published_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["withdrawn_by_id"], ["user.id"],
                                name=op.f("fk_publication_withdrawn_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
    )
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publication_community_id"), ["community_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_publication_period_id"), ["period_id"],
                              unique=False)
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("scheme", sa.JSON(), nullable=False),
        sa.Column("scheme_sha256", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_versions", sa.JSON(), nullable=False),
        sa.Column("inputs_hash", sa.String(length=64), nullable=False),
        sa.Column("numbers_hash", sa.String(length=64), nullable=False),
        sa.Column("composite", sa.Double(), nullable=True),
        sa.Column("grade", sa.String(length=40), nullable=True),
        sa.Column("quotes", sa.JSON(), nullable=False),
        sa.Column("pdf_path", sa.String(length=255), nullable=False),
        sa.Column("pdf_bytes", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_report_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_report_created_by_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"],
                                name=op.f("fk_report_period_id_period"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_community_id"), ["community_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_report_inputs_hash"), ["inputs_hash"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_report_period_id"), ["period_id"], unique=False)


def downgrade():
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_period_id"))
        batch_op.drop_index(batch_op.f("ix_report_inputs_hash"))
        batch_op.drop_index(batch_op.f("ix_report_community_id"))
    op.drop_table("report")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_period_id"))
        batch_op.drop_index(batch_op.f("ix_publication_community_id"))
    op.drop_table("publication")
    op.drop_table("api_token")
