"""feedback tables: tickets, their append-only history, service commitments (SLA rules)

Revision ID: 0005_feedback
Revises: 0004_assessments
Create Date: 2026-11-23 14:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0005_feedback"
down_revision = "0004_assessments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sla_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('ticket_type', sa.String(length=20), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('ack_minutes', sa.Integer(), nullable=True),
    sa.Column('dispatch_minutes', sa.Integer(), nullable=True),
    sa.Column('onsite_minutes', sa.Integer(), nullable=True),
    sa.Column('complete_minutes', sa.Integer(), nullable=True),
    sa.CheckConstraint("severity IN ('normal', 'urgent', 'emergency')", name=op.f('ck_sla_rule_severity_known')),
    sa.CheckConstraint("ticket_type IN ('repair', 'complaint', 'suggestion', 'praise')", name=op.f('ck_sla_rule_ticket_type_known')),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_sla_rule_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_rule')),
    sa.UniqueConstraint('community_id', 'ticket_type', 'severity', name=op.f('uq_sla_rule_community_id_ticket_type_severity'))
    )
    with op.batch_alter_table('sla_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sla_rule_community_id'), ['community_id'], unique=False)

    op.create_table('ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('ticket_type', sa.String(length=20), nullable=False),
    sa.Column('dimension', sa.String(length=40), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=60), nullable=False),
    sa.Column('contact_phone', sa.String(length=30), nullable=False),
    sa.Column('tracking_code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('ack_due', sa.DateTime(), nullable=True),
    sa.Column('dispatch_due', sa.DateTime(), nullable=True),
    sa.Column('onsite_due', sa.DateTime(), nullable=True),
    sa.Column('complete_due', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('onsite_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('department', sa.String(length=60), nullable=False),
    sa.Column('worker', sa.String(length=60), nullable=False),
    sa.Column('escalated', sa.Boolean(), nullable=False),
    sa.Column('escalated_at', sa.DateTime(), nullable=True),
    sa.Column('reopened_count', sa.Integer(), nullable=False),
    sa.Column('repeat_of_id', sa.Integer(), nullable=True),
    sa.Column('callback_rating', sa.Integer(), nullable=True),
    sa.Column('callback_channel', sa.String(length=20), nullable=True),
    sa.Column('callback_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('owner_web', 'hotline', 'front_desk', 'wechat_group', 'inspection')", name=op.f('ck_ticket_channel_known')),
    sa.CheckConstraint("severity IN ('normal', 'urgent', 'emergency')", name=op.f('ck_ticket_severity_known')),
    sa.CheckConstraint("status IN ('registered', 'classified', 'dispatched', 'in_progress', 'completed', 'closed', 'reopened')", name=op.f('ck_ticket_status_known')),
    sa.CheckConstraint("ticket_type IN ('repair', 'complaint', 'suggestion', 'praise')", name=op.f('ck_ticket_ticket_type_known')),
    sa.ForeignKeyConstraint(['building_id'], ['building.id'], name=op.f('fk_ticket_building_id_building'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_ticket_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_ticket_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['repeat_of_id'], ['ticket.id'], name=op.f('fk_ticket_repeat_of_id_ticket'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_ticket_tracking_code'))
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_ticket_community_received', ['community_id', 'received_at'], unique=False)

    op.create_table('ticket_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_ticket_event_ticket_id_ticket'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_ticket_event_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_event'))
    )
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_event_ticket_id'), ['ticket_id'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_event_ticket_id'))
    op.drop_table('ticket_event')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_community_received')
        batch_op.drop_index(batch_op.f('ix_ticket_community_id'))
    op.drop_table('ticket')
    with op.batch_alter_table('sla_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sla_rule_community_id'))
    op.drop_table('sla_rule')
