"""service catalog: agencies, service centres, public services, form versions, holidays, state

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coded(name: str, length: int) -> None:
    op.create_table(name,
    sa.Column('code', sa.String(length=length), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f(f'pk_{name}'))
    )


def upgrade() -> None:
    _coded('agencies', 32)
    _coded('service_centers', 32)
    op.create_table('public_services',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('agency_code', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('source', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_public_services'))
    )
    with op.batch_alter_table('public_services', schema=None) as batch_op:
        batch_op.create_index('ix_public_services_agency', ['agency_code'], unique=False)

    op.create_table('service_forms',
    sa.Column('service_code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('definition_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['service_code'], ['public_services.code'], name=op.f('fk_service_forms_service_code_public_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_code', 'version', name=op.f('pk_service_forms'))
    )
    op.create_table('holidays',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('date', name=op.f('pk_holidays'))
    )
    op.create_table('catalog_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('revision', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_state'))
    )


def downgrade() -> None:
    op.drop_table('catalog_state')
    op.drop_table('holidays')
    op.drop_table('service_forms')
    with op.batch_alter_table('public_services', schema=None) as batch_op:
        batch_op.drop_index('ix_public_services_agency')

    op.drop_table('public_services')
    op.drop_table('service_centers')
    op.drop_table('agencies')
