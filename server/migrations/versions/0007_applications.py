"""applications, attachments, update records, notifications

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-28 02:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('applications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tracking_number', sa.String(length=20), nullable=False),
    sa.Column('citizen_id', sa.String(length=36), nullable=False),
    sa.Column('family_member_id', sa.String(length=36), nullable=True),
    sa.Column('subject_name', sa.String(length=100), nullable=False),
    sa.Column('service_code', sa.String(length=64), nullable=False),
    sa.Column('service_name', sa.JSON(), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('prefilled', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('with_officer', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('revision_items', sa.JSON(), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('result_document_id', sa.String(length=36), nullable=True),
    sa.Column('pickup_instructions', sa.Text(), nullable=True),
    sa.Column('pickup_code', sa.String(length=16), nullable=True),
    sa.Column('idempotency_key', sa.String(length=255), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['accounts.id'], name=op.f('fk_applications_citizen_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_applications_tracking_number'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_citizen_submitted', ['citizen_id', 'submitted_at', 'id'], unique=False)
        batch_op.create_index('ix_applications_queue', ['agency_code', 'with_officer', 'due_date', 'id'], unique=False)
        batch_op.create_index('ix_applications_status_queue', ['agency_code', 'status', 'due_date', 'id'], unique=False)
        batch_op.create_index('ix_applications_service_queue', ['service_code', 'with_officer', 'due_date', 'id'], unique=False)
        batch_op.create_index('uq_applications_citizen_idem', ['citizen_id', 'idempotency_key'], unique=True)

    op.create_table('application_attachments',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('requirement', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_attachments_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_application_attachments_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'requirement', name=op.f('pk_application_attachments'))
    )
    with op.batch_alter_table('application_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_attachments_document_id'), ['document_id'], unique=False)

    op.create_table('application_updates',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_updates_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_updates'))
    )
    with op.batch_alter_table('application_updates', schema=None) as batch_op:
        batch_op.create_index('ix_application_updates_app_at', ['application_id', 'at'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_notifications_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_notifications_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_account_at', ['account_id', 'at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_account_at')
    op.drop_table('notifications')
    with op.batch_alter_table('application_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_application_updates_app_at')
    op.drop_table('application_updates')
    with op.batch_alter_table('application_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_attachments_document_id'))
    op.drop_table('application_attachments')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('uq_applications_citizen_idem')
        batch_op.drop_index('ix_applications_service_queue')
        batch_op.drop_index('ix_applications_status_queue')
        batch_op.drop_index('ix_applications_queue')
        batch_op.drop_index('ix_applications_citizen_submitted')
    op.drop_table('applications')
