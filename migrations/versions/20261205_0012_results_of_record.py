"""results of record and two-party acts (issue 14, items 1 and 2)

Revision ID: 0012_results_of_record
Revises: 0014_ledger
Create Date: 2026-12-05 13:11:03

period_record: a closed period's result of record per revision (scheme and weights, data
version, input hash, engine version, the full result and item tables as JSON); unique per
(period, revision). act_proposal: closing, publishing and reopening proposed by one party
and confirmed by the other; at most one pending proposal per period (partial unique index).
publication: the confirmed proposal, the record published, its revision and reason.

Periods already closed or published before this upgrade have no record: their numbers are
computed as before until they are published again (confirm_publish freezes a record first)
or reopened and closed.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_results_of_record'
down_revision = '0014_ledger'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('act_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposer_party', sa.String(length=20), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmer_party', sa.String(length=20), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('preview_hash', sa.String(length=64), nullable=False),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('close', 'publish', 'reopen')", name=op.f('ck_act_proposal_kind_known')),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'withdrawn')", name=op.f('ck_act_proposal_status_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_act_proposal_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_act_proposal_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_act_proposal_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_act_proposal_proposed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user.id'], name=op.f('fk_act_proposal_withdrawn_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_act_proposal'))
    )
    with op.batch_alter_table('act_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_act_proposal_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_act_proposal_period_id'), ['period_id'], unique=False)
        batch_op.create_index('ix_act_proposal_one_pending', ['period_id'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))

    op.create_table('period_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('scheme_version_id', sa.Integer(), nullable=True),
    sa.Column('scheme_sha256', sa.String(length=64), nullable=False),
    sa.Column('scheme', sa.JSON(), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('inputs_hash', sa.String(length=64), nullable=False),
    sa.Column('numbers_hash', sa.String(length=64), nullable=False),
    sa.Column('engine_version', sa.String(length=80), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_period_record_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_period_record_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_period_record_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_period_record_proposed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scheme_version_id'], ['scheme_version.id'], name=op.f('fk_period_record_scheme_version_id_scheme_version'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_record')),
    sa.UniqueConstraint('period_id', 'revision', name=op.f('uq_period_record_period_id_revision'))
    )
    with op.batch_alter_table('period_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_record_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_period_record_period_id'), ['period_id'], unique=False)

    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('record_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('revision_reason', sa.String(length=500), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_publication_proposal_id_act_proposal'), 'act_proposal', ['proposal_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_publication_record_id_period_record'), 'period_record', ['record_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_publication_record_id_period_record'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_publication_proposal_id_act_proposal'), type_='foreignkey')
        batch_op.drop_column('revision_reason')
        batch_op.drop_column('revision')
        batch_op.drop_column('record_id')
        batch_op.drop_column('proposal_id')

    with op.batch_alter_table('period_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_record_period_id'))
        batch_op.drop_index(batch_op.f('ix_period_record_community_id'))

    op.drop_table('period_record')
    with op.batch_alter_table('act_proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_act_proposal_one_pending')
        batch_op.drop_index(batch_op.f('ix_act_proposal_period_id'))
        batch_op.drop_index(batch_op.f('ix_act_proposal_community_id'))

    op.drop_table('act_proposal')
