"""an owner's opt-in may name their household, for reminders of surveys not yet answered

Revision ID: 0030_chase
Revises: 0025_editor
Create Date: 2026-12-06 03:10:00

owner_contact.household_id: the household whose survey reminders a verified number receives
(purpose survey_reminders). The household is needed to remind only households that have not
answered; it is never linked to answers. NULL for every existing opt-in; SET NULL when the
household is deleted.
"""
import sqlalchemy as sa
from alembic import op

revision = "0030_chase"
down_revision = "0028_close"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("owner_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("household_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_owner_contact_household_id_household"),
                                    "household", ["household_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_owner_contact_household_id"), ["household_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("owner_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_owner_contact_household_id"))
        batch_op.drop_constraint(batch_op.f("fk_owner_contact_household_id_household"),
                                 type_="foreignkey")
        batch_op.drop_column("household_id")
