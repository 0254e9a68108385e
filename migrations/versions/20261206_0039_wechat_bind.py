"""WeChat web authorisation binds an openid to owners' opt-ins and to accounts

Revision ID: 0039_wechat_bind
Revises: 0038_staff_phone
Create Date: 2026-12-06 16:30:00

- owner_contact.channel ("sms" for every existing row) and owner_contact.openid: an owner may
  opt in by WeChat; such a row has no phone, so owner_contact.phone becomes nullable.
- user.wechat_openid, user.wechat_bound_at: the WeChat bound on the notification preferences
  page, the address of the "wechat" channel.
- wechat_auth_state: one authorisation under way (hash of the state's nonce, its purpose and
  subject, expiry, used once).
Nullable columns, a defaulted column and a new table: nothing existing is rewritten.
"""
import sqlalchemy as sa
from alembic import op

revision = "0039_wechat_bind"
down_revision = "0038_staff_phone"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("owner_contact") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=10), nullable=False,
                                   server_default="sms"))
        batch.add_column(sa.Column("openid", sa.String(length=64), nullable=True))
        batch.alter_column("phone", existing_type=sa.String(length=20), nullable=True)
        batch.create_index(batch.f("ix_owner_contact_openid"), ["openid"], unique=False)
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("wechat_openid", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("wechat_bound_at", sa.DateTime(), nullable=True))
        batch.create_index(batch.f("ix_user_wechat_openid"), ["wechat_openid"], unique=False)
    op.create_table(
        "wechat_auth_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("consent_version", sa.String(length=20), nullable=True),
        sa.Column("consented_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_wechat_auth_state_user_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_wechat_auth_state_community_id_community"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_wechat_auth_state_ticket_id_ticket"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wechat_auth_state")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_wechat_auth_state_nonce_hash")),
    )
    with op.batch_alter_table("wechat_auth_state") as batch:
        for column in ("user_id", "community_id", "ticket_id"):
            batch.create_index(batch.f(f"ix_wechat_auth_state_{column}"), [column],
                               unique=False)


def downgrade():
    op.drop_table("wechat_auth_state")
    with op.batch_alter_table("user") as batch:
        batch.drop_index(batch.f("ix_user_wechat_openid"))
        batch.drop_column("wechat_bound_at")
        batch.drop_column("wechat_openid")
    op.execute("DELETE FROM owner_contact WHERE phone IS NULL")
    with op.batch_alter_table("owner_contact") as batch:
        batch.drop_index(batch.f("ix_owner_contact_openid"))
        batch.alter_column("phone", existing_type=sa.String(length=20), nullable=False)
        batch.drop_column("openid")
        batch.drop_column("channel")
