"""checklists edited by the people who run them

Revision ID: 0032_checklist
Revises: 0025_editor
Create Date: 2026-12-06 03:10:00

- questionnaire_draft.organisation_id: a third-party sheet drafted by an assessor organisation
  (edited by its lead); NULL for community and template-library drafts.
- assessor_member: which organisation an assessor account works for, and the lead flag
  (one organisation per account).
- checklist_proposal: putting a community's joint-inspection checklist draft in use, proposed
  by one party and confirmed by the other (at most one pending per draft).
New table and a nullable column only: nothing existing is rewritten.
"""
import sqlalchemy as sa
from alembic import op

revision = "0032_checklist"
down_revision = "0030_chase"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questionnaire_draft") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_questionnaire_draft_organisation_id_assessor_organisation"),
            "assessor_organisation", ["organisation_id"], ["id"], ondelete="CASCADE")
        batch.create_index(batch.f("ix_questionnaire_draft_organisation_id"),
                           ["organisation_id"], unique=False)
    op.create_table(
        "assessor_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["assessor_organisation.id"],
                                name=op.f("fk_assessor_member_organisation_id_assessor_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_assessor_member_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessor_member")),
        sa.UniqueConstraint("user_id", name=op.f("uq_assessor_member_user_id")),
    )
    with op.batch_alter_table("assessor_member") as batch:
        batch.create_index(batch.f("ix_assessor_member_organisation_id"), ["organisation_id"],
                           unique=False)
    _create_checklist_proposal()


def _create_checklist_proposal():
    op.create_table(
        "checklist_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposer_party", sa.String(length=20), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmer_party", sa.String(length=20), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'withdrawn')",
                           name=op.f("ck_checklist_proposal_status_known")),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_checklist_proposal_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["draft_id"], ["questionnaire_draft.id"],
                                name=op.f("fk_checklist_proposal_draft_id_questionnaire_draft"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["user.id"],
                                name=op.f("fk_checklist_proposal_proposed_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["user.id"],
                                name=op.f("fk_checklist_proposal_confirmed_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["withdrawn_by_id"], ["user.id"],
                                name=op.f("fk_checklist_proposal_withdrawn_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["version_id"], ["questionnaire_version.id"],
            name=op.f("fk_checklist_proposal_version_id_questionnaire_version"),
            ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_proposal")),
    )
    with op.batch_alter_table("checklist_proposal") as batch:
        batch.create_index(batch.f("ix_checklist_proposal_community_id"), ["community_id"],
                           unique=False)
        batch.create_index(batch.f("ix_checklist_proposal_draft_id"), ["draft_id"],
                           unique=False)
        batch.create_index("ix_checklist_proposal_one_pending", ["draft_id"], unique=True,
                           sqlite_where=sa.text("status = 'pending'"),
                           postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    op.drop_table("checklist_proposal")
    op.drop_table("assessor_member")
    with op.batch_alter_table("questionnaire_draft") as batch:
        batch.drop_index(batch.f("ix_questionnaire_draft_organisation_id"))
        batch.drop_constraint(
            batch.f("fk_questionnaire_draft_organisation_id_assessor_organisation"),
            type_="foreignkey")
        batch.drop_column("organisation_id")
