"""results tables: scheme versions, the community's active scheme, cached results

Revision ID: 0006_results
Revises: 0005_feedback
Create Date: 2026-11-23 14:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006_results"
down_revision = "0005_feedback"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scheme_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("weight_method", sa.String(length=20), nullable=False),
        sa.Column("method_details", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_scheme_version_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme_version")),
        sa.UniqueConstraint("key", "revision", name=op.f("uq_scheme_version_key_revision")),
    )
    with op.batch_alter_table("scheme_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheme_version_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_scheme_version_sha256"), ["sha256"], unique=False)

    op.create_table(
        "community_scheme",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("scheme_version_id", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_community_scheme_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scheme_version_id"], ["scheme_version.id"],
                                name=op.f("fk_community_scheme_scheme_version_id_scheme_version"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["set_by_id"], ["user.id"],
                                name=op.f("fk_community_scheme_set_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("community_id", name=op.f("pk_community_scheme")),
    )
    with op.batch_alter_table("community_scheme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_community_scheme_scheme_version_id"),
                              ["scheme_version_id"], unique=False)

    op.create_table(
        "result_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("scheme_version_id", sa.Integer(), nullable=False),
        sa.Column("scheme_sha256", sa.String(length=64), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"],
                                name=op.f("fk_result_cache_period_id_period"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scheme_version_id"], ["scheme_version.id"],
                                name=op.f("fk_result_cache_scheme_version_id_scheme_version"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_cache")),
        sa.UniqueConstraint("period_id", "scheme_sha256", "data_version",
                            name=op.f("uq_result_cache_period_id_scheme_sha256_data_version")),
    )
    with op.batch_alter_table("result_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_cache_scheme_version_id"),
                              ["scheme_version_id"], unique=False)


def downgrade():
    with op.batch_alter_table("result_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_cache_scheme_version_id"))
    op.drop_table("result_cache")
    with op.batch_alter_table("community_scheme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_scheme_scheme_version_id"))
    op.drop_table("community_scheme")
    with op.batch_alter_table("scheme_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheme_version_sha256"))
        batch_op.drop_index(batch_op.f("ix_scheme_version_key"))
    op.drop_table("scheme_version")
