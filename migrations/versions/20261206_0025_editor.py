"""questionnaire drafts edited in the browser

Revision ID: 0025_editor
Revises: 0024_org
Create Date: 2026-12-06 01:20:00

questionnaire_draft: a definition (the YAML files' structure, as JSON) being edited by a
community's staff, or in the template library (community_id NULL). Publishing freezes it as a
questionnaire_version and records which; the draft is read-only afterwards. New table only.
"""
import sqlalchemy as sa
from alembic import op

revision = "0025_editor"
down_revision = "0024_org"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questionnaire_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_questionnaire_draft_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_questionnaire_draft_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["version_id"], ["questionnaire_version.id"],
            name=op.f("fk_questionnaire_draft_version_id_questionnaire_version"),
            ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_draft")),
    )
    with op.batch_alter_table("questionnaire_draft") as batch:
        batch.create_index(batch.f("ix_questionnaire_draft_community_id"), ["community_id"],
                           unique=False)


def downgrade():
    with op.batch_alter_table("questionnaire_draft") as batch:
        batch.drop_index(batch.f("ix_questionnaire_draft_community_id"))
    op.drop_table("questionnaire_draft")
