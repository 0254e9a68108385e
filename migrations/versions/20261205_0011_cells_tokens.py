"""small-cell k per community; API tokens with communities, scopes and an expiry

Revision ID: 0011_cells_tokens
Revises: 0009_sessions_throttle
Create Date: 2026-12-05 13:30:00

community.min_cell_size: k of the small-cell rule (results/cells.py), 5 for every existing
community.

api_token: expires_at, scopes, all_communities, community_ids. Existing tokens had no scope;
they become read-only on published results ('published'), for the communities their creator
may see when they are used (all_communities, always re-checked against the creator's
current rights; a token without a creator reads nothing), and expire 90 days after this
upgrade. Owners of tokens that need unpublished data must create new ones.
"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0011_cells_tokens"
down_revision = "0009_sessions_throttle"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.add_column(sa.Column("min_cell_size", sa.Integer(), nullable=False,
                                      server_default="5"))
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("scopes", sa.String(length=40), nullable=False,
                                      server_default="published"))
        batch_op.add_column(sa.Column("all_communities", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("community_ids", sa.JSON(), nullable=True))
    token = sa.table("api_token", sa.column("expires_at", sa.DateTime()),
                     sa.column("all_communities", sa.Boolean()),
                     sa.column("community_ids", sa.JSON()))
    op.execute(token.update().values(
        expires_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=90),
        all_communities=True, community_ids=[]))
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column("community_ids", existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("community_ids")
        batch_op.drop_column("all_communities")
        batch_op.drop_column("scopes")
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_column("min_cell_size")
