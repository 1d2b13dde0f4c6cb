"""jemput bola: field teams and members, team days, visits, their update records, field
action keys; notifications name a visit

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

`team_days` is the capacity guard: a place on a team's day is taken by one conditional UPDATE
(`booked < capacity`). On SQLite the new `notifications.visit_id` foreign key rebuilds that
table (batch mode); existing notifications keep their rows with an empty visit_id.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('field_teams',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('service_center_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('daily_capacity', sa.Integer(), nullable=False),
    sa.Column('shift_start', sa.String(length=5), nullable=False),
    sa.Column('shift_end', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_teams'))
    )
    with op.batch_alter_table('field_teams', schema=None) as batch_op:
        batch_op.create_index('ix_field_teams_center', ['service_center_code', 'name'], unique=False)

    op.create_table('field_team_members',
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['accounts.id'], name=op.f('fk_field_team_members_officer_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['field_teams.id'], name=op.f('fk_field_team_members_team_id_field_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'officer_id', name=op.f('pk_field_team_members'))
    )
    with op.batch_alter_table('field_team_members', schema=None) as batch_op:
        batch_op.create_index('ix_field_team_members_officer', ['officer_id'], unique=False)

    op.create_table('team_days',
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('plan_solver', sa.String(length=16), nullable=True),
    sa.Column('planned_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['field_teams.id'], name=op.f('fk_team_days_team_id_field_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'date', name=op.f('pk_team_days'))
    )
    op.create_table('visits',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('citizen_id', sa.String(length=36), nullable=False),
    sa.Column('family_member_id', sa.String(length=36), nullable=True),
    sa.Column('subject_name', sa.String(length=100), nullable=False),
    sa.Column('subject_birth_date', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('reason_note', sa.Text(), nullable=True),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('document_ids', sa.JSON(), nullable=False),
    sa.Column('photo_ids', sa.JSON(), nullable=False),
    sa.Column('district_code', sa.String(length=6), nullable=False),
    sa.Column('village', sa.String(length=100), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('landmark', sa.String(length=300), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.Column('preferred', sa.JSON(), nullable=False),
    sa.Column('contact_phone', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('service_center_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('team_id', sa.String(length=36), nullable=True),
    sa.Column('scheduled_date', sa.Date(), nullable=True),
    sa.Column('window', sa.String(length=10), nullable=True),
    sa.Column('plan_position', sa.Integer(), nullable=True),
    sa.Column('planned_arrival', sa.DateTime(timezone=True), nullable=True),
    sa.Column('not_completed_reason', sa.String(length=20), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['accounts.id'], name=op.f('fk_visits_citizen_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['field_teams.id'], name=op.f('fk_visits_team_id_field_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('number', name=op.f('uq_visits_number'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_board', ['service_center_code', 'status', 'requested_at', 'id'], unique=False)
        batch_op.create_index('ix_visits_citizen_requested', ['citizen_id', 'requested_at', 'id'], unique=False)
        batch_op.create_index('ix_visits_team_day', ['team_id', 'scheduled_date'], unique=False)
        batch_op.create_index('uq_visits_citizen_idem', ['citizen_id', 'idempotency_key'], unique=True)

    op.create_table('visit_action_keys',
    sa.Column('officer_id', sa.String(length=36), nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['accounts.id'], name=op.f('fk_visit_action_keys_officer_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_action_keys_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('officer_id', 'idempotency_key', name=op.f('pk_visit_action_keys'))
    )
    with op.batch_alter_table('visit_action_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_action_keys_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_updates',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('window', sa.String(length=10), nullable=True),
    sa.Column('preferred', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_updates_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_updates'))
    )
    with op.batch_alter_table('visit_updates', schema=None) as batch_op:
        batch_op.create_index('ix_visit_updates_visit_at', ['visit_id', 'at'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_id', sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_visit_id_visits'), 'visits', ['visit_id'], ['id'], ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_visit_id_visits'), type_='foreignkey')
        batch_op.drop_column('visit_id')

    with op.batch_alter_table('visit_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_updates_visit_at')

    op.drop_table('visit_updates')
    with op.batch_alter_table('visit_action_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_action_keys_visit_id'))

    op.drop_table('visit_action_keys')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('uq_visits_citizen_idem')
        batch_op.drop_index('ix_visits_team_day')
        batch_op.drop_index('ix_visits_citizen_requested')
        batch_op.drop_index('ix_visits_board')

    op.drop_table('visits')
    op.drop_table('team_days')
    with op.batch_alter_table('field_team_members', schema=None) as batch_op:
        batch_op.drop_index('ix_field_team_members_officer')

    op.drop_table('field_team_members')
    with op.batch_alter_table('field_teams', schema=None) as batch_op:
        batch_op.drop_index('ix_field_teams_center')

    op.drop_table('field_teams')
