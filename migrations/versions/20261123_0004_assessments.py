"""assessments tables: organisations, projects, assessors' sheets and scores, signed revisions

Revision ID: 0004_assessments
Revises: 0003_inspections
Create Date: 2026-11-23 14:10:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_assessments"
down_revision = "0003_inspections"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessor_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('qualification', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessor_organisation')),
    sa.UniqueConstraint('name', name=op.f('uq_assessor_organisation_name'))
    )
    op.create_table('assessment_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('correction_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('scoring', 'review', 'signed')", name=op.f('ck_assessment_project_status_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_assessment_project_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_assessment_project_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['user.id'], name=op.f('fk_assessment_project_lead_id_user'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organisation_id'], ['assessor_organisation.id'], name=op.f('fk_assessment_project_organisation_id_assessor_organisation'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_assessment_project_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_assessment_project_questionnaire_version_id_questionnaire_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_project')),
    sa.UniqueConstraint('period_id', name=op.f('uq_assessment_project_period_id'))
    )
    with op.batch_alter_table('assessment_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_project_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_project_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('assessment_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('recommendations', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['assessment_project.id'], name=op.f('fk_assessment_revision_project_id_assessment_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_assessment_revision_signed_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_revision')),
    sa.UniqueConstraint('project_id', 'number', name=op.f('uq_assessment_revision_project_id_number'))
    )
    with op.batch_alter_table('assessment_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_revision_project_id'), ['project_id'], unique=False)

    op.create_table('assessor_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('first_submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('rescore_items', sa.JSON(), nullable=False),
    sa.Column('rescore_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'rescore_requested')", name=op.f('ck_assessor_sheet_status_known')),
    sa.ForeignKeyConstraint(['assessor_id'], ['user.id'], name=op.f('fk_assessor_sheet_assessor_id_user'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['project_id'], ['assessment_project.id'], name=op.f('fk_assessor_sheet_project_id_assessment_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessor_sheet')),
    sa.UniqueConstraint('project_id', 'assessor_id', name=op.f('uq_assessor_sheet_project_id_assessor_id'))
    )
    with op.batch_alter_table('assessor_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessor_sheet_assessor_id'), ['assessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessor_sheet_project_id'), ['project_id'], unique=False)

    op.create_table('project_assessor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['assessment_project.id'], name=op.f('fk_project_assessor_project_id_assessment_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_project_assessor_user_id_user'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_assessor')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_assessor_project_id_user_id'))
    )
    with op.batch_alter_table('project_assessor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_assessor_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_assessor_user_id'), ['user_id'], unique=False)

    op.create_table('revision_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('points', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['user.id'], name=op.f('fk_revision_score_assessor_id_user'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['revision_id'], ['assessment_revision.id'], name=op.f('fk_revision_score_revision_id_assessment_revision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision_score')),
    sa.UniqueConstraint('revision_id', 'assessor_id', 'item_id', name=op.f('uq_revision_score_revision_id_assessor_id_item_id'))
    )
    with op.batch_alter_table('revision_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_score_revision_id'), ['revision_id'], unique=False)

    op.create_table('sheet_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['photo_id'], ['photo.id'], name=op.f('fk_sheet_photo_photo_id_photo'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sheet_id'], ['assessor_sheet.id'], name=op.f('fk_sheet_photo_sheet_id_assessor_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_photo')),
    sa.UniqueConstraint('photo_id', name=op.f('uq_sheet_photo_photo_id'))
    )
    with op.batch_alter_table('sheet_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_photo_sheet_id'), ['sheet_id'], unique=False)

    op.create_table('sheet_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('points', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('points IS NULL OR points >= 0', name=op.f('ck_sheet_score_points_nonneg')),
    sa.ForeignKeyConstraint(['sheet_id'], ['assessor_sheet.id'], name=op.f('fk_sheet_score_sheet_id_assessor_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_score')),
    sa.UniqueConstraint('sheet_id', 'item_id', name=op.f('uq_sheet_score_sheet_id_item_id'))
    )
    with op.batch_alter_table('sheet_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheet_score_sheet_id'), ['sheet_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sheet_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_score_sheet_id'))

    op.drop_table('sheet_score')
    with op.batch_alter_table('sheet_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheet_photo_sheet_id'))

    op.drop_table('sheet_photo')
    with op.batch_alter_table('revision_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_score_revision_id'))

    op.drop_table('revision_score')
    with op.batch_alter_table('project_assessor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_assessor_user_id'))
        batch_op.drop_index(batch_op.f('ix_project_assessor_project_id'))

    op.drop_table('project_assessor')
    with op.batch_alter_table('assessor_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessor_sheet_project_id'))
        batch_op.drop_index(batch_op.f('ix_assessor_sheet_assessor_id'))

    op.drop_table('assessor_sheet')
    with op.batch_alter_table('assessment_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_revision_project_id'))

    op.drop_table('assessment_revision')
    with op.batch_alter_table('assessment_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_project_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_project_community_id'))

    op.drop_table('assessment_project')
    op.drop_table('assessor_organisation')
