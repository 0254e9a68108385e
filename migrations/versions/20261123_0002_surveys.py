"""surveys tables: survey, access codes, responses (keyed household hash), answers

Revision ID: 0002_surveys
Revises: 0001_foundation
Create Date: 2026-11-23 14:10:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_surveys"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('access_mode', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("access_mode IN ('codes', 'open')", name=op.f('ck_survey_access_mode_known')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_survey_status_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_survey_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_survey_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_survey_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_survey_questionnaire_version_id_questionnaire_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('period_id', name=op.f('uq_survey_period_id')),
    sa.UniqueConstraint('token', name=op.f('uq_survey_token'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_questionnaire_version_id'), ['questionnaire_version_id'], unique=False)

    op.create_table('survey_access_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_survey_access_code_household_id_household'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_access_code_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_access_code')),
    sa.UniqueConstraint('code', name=op.f('uq_survey_access_code_code')),
    sa.UniqueConstraint('survey_id', 'household_id', name=op.f('uq_survey_access_code_survey_id_household_id'))
    )
    with op.batch_alter_table('survey_access_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_access_code_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_access_code_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('household_key', sa.String(length=64), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('current_section', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("channel IN ('web', 'paper')", name=op.f('ck_survey_response_channel_known')),
    sa.CheckConstraint("status IN ('in_progress', 'submitted')", name=op.f('ck_survey_response_status_known')),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_survey_response_building_id_building'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_survey_response_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_response_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
    sa.UniqueConstraint('survey_id', 'household_key', name=op.f('uq_survey_response_survey_id_household_key'))
    )
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_response_building_id'), ['building_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_response_survey_id'), ['survey_id'], unique=False)

    op.create_table('survey_verify_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_survey_verify_failure_household_id_household'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_verify_failure_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_verify_failure'))
    )
    with op.batch_alter_table('survey_verify_failure', schema=None) as batch_op:
        batch_op.create_index('ix_survey_verify_failure_lookup', ['survey_id', 'household_id', 'at'], unique=False)

    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('is_na', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    sa.UniqueConstraint('response_id', 'item_id', name=op.f('uq_survey_answer_response_id_item_id'))
    )
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_response_id'), ['response_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answer_response_id'))

    op.drop_table('survey_answer')
    with op.batch_alter_table('survey_verify_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_verify_failure_lookup')

    op.drop_table('survey_verify_failure')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_response_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_period_id'))
        batch_op.drop_index(batch_op.f('ix_survey_response_building_id'))

    op.drop_table('survey_response')
    with op.batch_alter_table('survey_access_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_access_code_survey_id'))
        batch_op.drop_index(batch_op.f('ix_survey_access_code_household_id'))

    op.drop_table('survey_access_code')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_questionnaire_version_id'))
        batch_op.drop_index(batch_op.f('ix_survey_community_id'))

    op.drop_table('survey')
