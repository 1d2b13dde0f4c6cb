"""family members: one per NIK per citizen (a unique index; duplicates merged first)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Concurrent adds could store the same NIK twice for one citizen. Before the index is created,
each such group keeps its earliest row (created_at, then id); applications filed for a removed
duplicate are pointed at the kept row, so no application loses its subject. Members without a
NIK are never merged (NULLs do not clash in a unique index on SQLite or PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_members = sa.table(
    'family_members',
    sa.column('id', sa.String),
    sa.column('citizen_id', sa.String),
    sa.column('nik', sa.String),
    sa.column('created_at', sa.DateTime),
)
_applications = sa.table('applications', sa.column('family_member_id', sa.String))


def _merge_duplicates(conn: sa.Connection) -> None:
    groups = conn.execute(
        sa.select(_members.c.citizen_id, _members.c.nik)
        .where(_members.c.nik.is_not(None))
        .group_by(_members.c.citizen_id, _members.c.nik)
        .having(sa.func.count() > 1)
    ).all()
    for citizen_id, nik in groups:
        ids = conn.scalars(
            sa.select(_members.c.id)
            .where(_members.c.citizen_id == citizen_id, _members.c.nik == nik)
            .order_by(_members.c.created_at, _members.c.id)
        ).all()
        keep, extra = ids[0], ids[1:]
        conn.execute(
            sa.update(_applications)
            .where(_applications.c.family_member_id.in_(extra))
            .values(family_member_id=keep)
        )
        conn.execute(sa.delete(_members).where(_members.c.id.in_(extra)))


def upgrade() -> None:
    _merge_duplicates(op.get_bind())
    with op.batch_alter_table('family_members', schema=None) as batch_op:
        batch_op.create_index('uq_family_members_citizen_nik', ['citizen_id', 'nik'], unique=True)


def downgrade() -> None:
    # merged duplicates are not restored: they were the same person stored twice
    with op.batch_alter_table('family_members', schema=None) as batch_op:
        batch_op.drop_index('uq_family_members_citizen_nik')
