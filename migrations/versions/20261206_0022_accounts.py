"""accounts: forced password change, password history, two-factor sign-in, session details

Revision ID: 0022_accounts
Revises: 0021_records
Create Date: 2026-12-06 00:30:00

user.must_change_password: set by an administrator's reset; every page leads to the
password form until the user has chosen their own. user.totp_secret / totp_confirmed_at:
optional two-factor sign-in (admin and staff), on once confirmed with a code.

password_history: hashes of former passwords (the last five may not be chosen again).
recovery_code: hashed one-use two-factor recovery codes.

login_session.user_agent / address / last_seen_at: what the user's own sessions page shows
(a browser summary, an address truncated to its network, the last activity). Existing rows
get empty values.

ticket.consent_version: the version of the consent text an owner agreed to when leaving a
name or phone on the repair form (empty for existing tickets and for none given).
ticket.contact_removed_at: when the retention rule or a deletion request removed the
ticket's contact details.
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_accounts"
down_revision = "0021_records"
branch_labels = None
depends_on = None


def _user_table(name):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *(_HASH_COLUMNS[name]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f(f"fk_{name}_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_user_id"), ["user_id"], unique=False)


_HASH_COLUMNS = {
    "password_history": (sa.Column("password_hash", sa.String(length=255), nullable=False),
                         sa.Column("created_at", sa.DateTime(), nullable=False)),
    "recovery_code": (sa.Column("code_hash", sa.String(length=64), nullable=False),
                      sa.Column("used_at", sa.DateTime(), nullable=True)),
}


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_agent", sa.String(length=200), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("address", sa.String(length=64), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(), nullable=True))
    _user_table("password_history")
    _user_table("recovery_code")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=20), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("contact_removed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("contact_removed_at")
        batch_op.drop_column("consent_version")
    for name in ("recovery_code", "password_history"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_user_id"))
        op.drop_table(name)
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        for column in ("last_seen_at", "address", "user_agent"):
            batch_op.drop_column(column)
    with op.batch_alter_table("user", schema=None) as batch_op:
        for column in ("totp_confirmed_at", "totp_secret", "must_change_password"):
            batch_op.drop_column(column)
