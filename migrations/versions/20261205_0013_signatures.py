"""each party signs for itself: accounts of participants, signing links, drawn signatures

Revision ID: 0013_signatures
Revises: 0012_results_of_record
Create Date: 2026-12-05 13:30:00

signing_link: one-time links for participants without an account (SHA-256 of the token,
expiry, used_at). signature_image: the handwritten signature drawn on the signer's phone
(checked PNG and its SHA-256).

inspection_participant.user_id: the account a participant signs from (NULL: they sign
through a link). inspection_signoff gains how it was made (method: account | link | typed),
the signing account, the drawing, the link and the signing browser. Existing signatures
were names typed by the recorder: they become method 'typed' and stay as they were.

assessment_signature: each assessor's own signature on the revision being signed off.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_signatures"
down_revision = "0012_results_of_record"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signing_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_signing_link_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signing_link_token_hash")),
    )
    with op.batch_alter_table("signing_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signing_link_subject_id"), ["subject_id"],
                              unique=False)
    op.create_table(
        "signature_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_image")),
    )
    with op.batch_alter_table("inspection_participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_inspection_participant_user_id"), ["user_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_inspection_participant_user_id_user"),
                                    "user", ["user_id"], ["id"], ondelete="SET NULL")
    _signoff_columns()
    _assessment_signature()


def _signoff_columns():
    with op.batch_alter_table("inspection_signoff", schema=None) as batch_op:
        # rows from before this revision were typed by the recorder: say so
        batch_op.add_column(sa.Column("method", sa.String(length=10), nullable=False,
                                      server_default="typed"))
        batch_op.add_column(sa.Column("signer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("image_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("link_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("device", sa.String(length=200), nullable=False,
                                      server_default=""))
        batch_op.create_check_constraint(
            "method_known", "method IN ('account', 'link', 'typed')")
        batch_op.create_foreign_key(batch_op.f("fk_inspection_signoff_signer_id_user"),
                                    "user", ["signer_id"], ["id"], ondelete="SET NULL")
        batch_op.create_foreign_key(
            batch_op.f("fk_inspection_signoff_image_id_signature_image"), "signature_image",
            ["image_id"], ["id"], ondelete="RESTRICT")
        batch_op.create_foreign_key(batch_op.f("fk_inspection_signoff_link_id_signing_link"),
                                    "signing_link", ["link_id"], ["id"], ondelete="SET NULL")
    # the models give the values; the server defaults were only for the existing rows
    with op.batch_alter_table("inspection_signoff", schema=None) as batch_op:
        batch_op.alter_column("method", server_default=None)
        batch_op.alter_column("device", server_default=None)


def _assessment_signature():
    op.create_table(
        "assessment_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("method IN ('account')",
                           name=op.f("ck_assessment_signature_method_known")),
        sa.ForeignKeyConstraint(["project_id"], ["assessment_project.id"],
                                name=op.f("fk_assessment_signature_project_id_assessment_project"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_assessment_signature_user_id_user"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_signature")),
        sa.UniqueConstraint("project_id", "revision", "user_id",
                            name=op.f("uq_assessment_signature_project_id_revision_user_id")),
    )
    with op.batch_alter_table("assessment_signature", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_signature_project_id"), ["project_id"],
                              unique=False)


def downgrade():
    op.drop_table("assessment_signature")
    with op.batch_alter_table("inspection_signoff", schema=None) as batch_op:
        batch_op.drop_constraint("fk_inspection_signoff_link_id_signing_link", type_="foreignkey")
        batch_op.drop_constraint("fk_inspection_signoff_image_id_signature_image",
                                 type_="foreignkey")
        batch_op.drop_constraint("fk_inspection_signoff_signer_id_user", type_="foreignkey")
        batch_op.drop_constraint("ck_inspection_signoff_method_known", type_="check")
        for name in ("device", "link_id", "image_id", "signer_id", "method"):
            batch_op.drop_column(name)
    with op.batch_alter_table("inspection_participant", schema=None) as batch_op:
        batch_op.drop_constraint("fk_inspection_participant_user_id_user", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_inspection_participant_user_id"))
        batch_op.drop_column("user_id")
    op.drop_table("signature_image")
    with op.batch_alter_table("signing_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signing_link_subject_id"))
    op.drop_table("signing_link")
