"""inspections tables, and the shared photo table

Revision ID: 0003_inspections
Revises: 0002_surveys
Create Date: 2026-11-23 14:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0003_inspections"
down_revision = "0002_surveys"
branch_labels = None
depends_on = None


def _photo():
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"],
                                name=op.f("fk_photo_community_id_community"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user.id"],
                                name=op.f("fk_photo_uploaded_by_id_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_photo_stored_name")),
    )
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_photo_community_id"), ["community_id"], unique=False)
        batch_op.create_index("ix_photo_owner", ["owner_type", "owner_id"], unique=False)


def upgrade():
    _photo()

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('inspection_date', sa.Date(), nullable=False),
    sa.Column('area', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('signed_revision', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('quarterly', 'adhoc')", name=op.f('ck_inspection_kind_known')),
    sa.CheckConstraint("status IN ('scheduled', 'in_progress', 'signed', 'correcting')", name=op.f('ck_inspection_status_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_inspection_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_inspection_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_inspection_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_inspection_questionnaire_version_id_questionnaire_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_inspection_date'), ['inspection_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_period_id'), ['period_id'], unique=False)

    op.create_table('inspection_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('dimension', sa.String(length=40), nullable=False),
    sa.Column('max_points', sa.Double(), nullable=False),
    sa.Column('pass_line', sa.Double(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('awarded', sa.Double(), nullable=True),
    sa.Column('deduction_count', sa.Double(), nullable=True),
    sa.Column('deduction_per', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('scored_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('points', 'deductions', 'na')", name=op.f('ck_inspection_item_mode_known')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_item_inspection_id_inspection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scored_by_id'], ['user.id'], name=op.f('fk_inspection_item_scored_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_item')),
    sa.UniqueConstraint('inspection_id', 'revision', 'item_id', name=op.f('uq_inspection_item_inspection_id_revision_item_id'))
    )
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_item_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('inspection_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('organisation', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.CheckConstraint("organisation IN ('committee', 'community', 'company')", name=op.f('ck_inspection_participant_organisation_known')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_participant_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_participant'))
    )
    with op.batch_alter_table('inspection_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_participant_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('inspection_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('totals', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_inspection_revision_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_revision_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_revision')),
    sa.UniqueConstraint('inspection_id', 'number', name=op.f('uq_inspection_revision_inspection_id_number'))
    )
    with op.batch_alter_table('inspection_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_revision_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('rectification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('dimension', sa.String(length=40), nullable=False),
    sa.Column('department', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("severity IN ('minor', 'major', 'urgent')", name=op.f('ck_rectification_severity_known')),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'submitted', 'verified', 'reopened')", name=op.f('ck_rectification_status_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_rectification_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_rectification_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_rectification_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification'))
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_rectification_community_status', ['community_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('inspection_signoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('typed_name', sa.String(length=80), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_signoff_inspection_id_inspection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['inspection_participant.id'], name=op.f('fk_inspection_signoff_participant_id_inspection_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_inspection_signoff_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_signoff')),
    sa.UniqueConstraint('participant_id', 'revision', name=op.f('uq_inspection_signoff_participant_id_revision'))
    )
    with op.batch_alter_table('inspection_signoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_signoff_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('rectification_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rectification_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('photo_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], name=op.f('fk_rectification_event_rectification_id_rectification'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_rectification_event_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification_event'))
    )
    with op.batch_alter_table('rectification_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_event_rectification_id'), ['rectification_id'], unique=False)



def downgrade():
    with op.batch_alter_table('rectification_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_event_rectification_id'))

    op.drop_table('rectification_event')
    with op.batch_alter_table('inspection_signoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_signoff_inspection_id'))

    op.drop_table('inspection_signoff')
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_inspection_id'))
        batch_op.drop_index('ix_rectification_community_status')
        batch_op.drop_index(batch_op.f('ix_rectification_community_id'))

    op.drop_table('rectification')
    with op.batch_alter_table('inspection_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_revision_inspection_id'))

    op.drop_table('inspection_revision')
    with op.batch_alter_table('inspection_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_participant_inspection_id'))

    op.drop_table('inspection_participant')
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_item_inspection_id'))

    op.drop_table('inspection_item')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_period_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_inspection_date'))
        batch_op.drop_index(batch_op.f('ix_inspection_community_id'))

    op.drop_table('inspection')
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.drop_index("ix_photo_owner")
        batch_op.drop_index(batch_op.f("ix_photo_community_id"))
    op.drop_table("photo")
