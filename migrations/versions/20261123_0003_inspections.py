"""inspections tables, and the shared photo table

Revision ID: 0003_inspections
Revises: 0002_surveys
Create Date: 2026-11-23 14:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_inspections"
down_revision = "0002_surveys"
branch_labels = None
depends_on = None


def _photo():
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_photo_community_id_community"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user.id"],
                                name=op.f("fk_photo_uploaded_by_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_photo_stored_name")),
    )
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_photo_community_id"), ["community_id"], unique=False)
        batch_op.create_index("ix_photo_owner", ["owner_type", "owner_id"], unique=False)


def upgrade():
    _photo()


def downgrade():
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.drop_index("ix_photo_owner")
        batch_op.drop_index(batch_op.f("ix_photo_community_id"))
    op.drop_table("photo")
