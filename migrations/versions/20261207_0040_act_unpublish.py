"""Taking a notice down becomes a two-party act: act_proposal.kind admits 'unpublish'

Revision ID: 0040_act_unpublish
Revises: 0039_wechat_bind
Create Date: 2026-12-07 00:00:00

Only the CHECK constraint on act_proposal.kind changes; no row is rewritten. SQLite cannot
alter a constraint, so batch mode copies the table (reflected, CHECKs included),
and the copy keeps the partial unique index (one pending proposal per period) and the
foreign keys; both were checked on an upgraded SQLite database (.schema act_proposal).
"""
import sqlalchemy as sa
from alembic import op

revision = "0040_act_unpublish"
down_revision = "0039_wechat_bind"
branch_labels = None
depends_on = None

OLD = "kind IN ('close', 'publish', 'reopen')"
NEW = "kind IN ('close', 'publish', 'reopen', 'unpublish')"


def _swap(check: str) -> None:
    with op.batch_alter_table("act_proposal") as batch:
        batch.drop_constraint(op.f("ck_act_proposal_kind_known"), type_="check")
        batch.create_check_constraint(op.f("ck_act_proposal_kind_known"), sa.text(check))


def upgrade():
    _swap(NEW)


def downgrade():
    op.execute("DELETE FROM act_proposal WHERE kind = 'unpublish'")
    _swap(OLD)
