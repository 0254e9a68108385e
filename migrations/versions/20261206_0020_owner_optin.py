"""owners opt in to text messages: verified numbers with recorded consent, and their codes

Revision ID: 0020_owner_optin
Revises: 0022_accounts
Create Date: 2026-12-06 00:30:00

owner_contact: one opt-in: the community, the report it follows (NULL for notices), the
verified mobile number, its purposes, the consent text version and when it was given, when
the number was verified, when it was unsubscribed, and the random part of the signed
unsubscribe link. phone_code: a 6-digit code sent by SMS, kept only as keyed hashes (of the
number, the code and the asking address) with its expiry, wrong tries and use.
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_owner_optin"
down_revision = "0022_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "owner_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("purposes", sa.String(length=80), nullable=False),
        sa.Column("consent_version", sa.String(length=20), nullable=False),
        sa.Column("consented_at", sa.DateTime(), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.Column("unsubscribe_token", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_owner_contact_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_owner_contact_ticket_id_ticket"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owner_contact")),
        sa.UniqueConstraint("unsubscribe_token", name=op.f("uq_owner_contact_unsubscribe_token")),
    )
    with op.batch_alter_table("owner_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_owner_contact_community_id"), ["community_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_owner_contact_ticket_id"), ["ticket_id"],
                              unique=False)
    op.create_table(
        "phone_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("ip_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_code")),
    )
    with op.batch_alter_table("phone_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_code_phone_hash"), ["phone_hash"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_phone_code_ip_hash"), ["ip_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_phone_code_created_at"), ["created_at"],
                              unique=False)


def downgrade():
    op.drop_table("phone_code")
    op.drop_table("owner_contact")
