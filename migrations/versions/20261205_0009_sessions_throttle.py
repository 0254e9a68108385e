"""sign-in sessions kept on the server; failed-attempt counters shared by every worker

Revision ID: 0009_sessions_throttle
Revises: 0008_answer_vectors
Create Date: 2026-12-05 09:20:00

login_session: one row per sign-in (SHA-256 of the random token in the session and remember
cookies, expiry). Signing out deletes it, a password change or deactivation deletes all of
the user's rows, so an old cookie loads nobody. Existing sign-ins end with this upgrade
(their cookies hold a bare user id, which the new loader refuses): everyone signs in again.

failed_attempt: failed sign-ins and open-link verifications, keyed by a keyed hash of the
account, address or address+room, so that limits hold across workers and machines.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_sessions_throttle"
down_revision = "0008_answer_vectors"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"],
                                name=op.f("fk_login_session_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_session_token_hash")),
    )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_session_user_id"), ["user_id"], unique=False)
    op.create_table(
        "failed_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_attempt")),
    )
    with op.batch_alter_table("failed_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_failed_attempt_lookup", ["scope", "key", "at"], unique=False)


def downgrade():
    with op.batch_alter_table("failed_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_failed_attempt_lookup")
    op.drop_table("failed_attempt")
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_session_user_id"))
    op.drop_table("login_session")
