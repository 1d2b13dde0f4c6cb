"""documents: which application a result was issued for, and by which officer

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

Only a document an officer uploaded for an application (POST .../result) may complete it.
Plain columns (no foreign keys), so SQLite adds them with ALTER TABLE instead of rebuilding
`documents`. Earlier results are backfilled where that is unambiguous: the document is the
result of exactly one application and was never given as an attachment (the officer who
uploaded it was not recorded, so `issued_by_id` stays empty). A result uploaded before this
revision for an application that is still being processed has to be uploaded again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_documents = sa.table(
    'documents', sa.column('id', sa.String), sa.column('issued_for_application_id', sa.String)
)
_applications = sa.table(
    'applications', sa.column('id', sa.String), sa.column('result_document_id', sa.String)
)
_attachments = sa.table('application_attachments', sa.column('document_id', sa.String))


def _backfill(conn: sa.Connection) -> None:
    apps = _applications.c
    single = (
        sa.select(apps.result_document_id)
        .where(apps.result_document_id.is_not(None))
        .group_by(apps.result_document_id)
        .having(sa.func.count() == 1)
    )
    issued_for = (
        sa.select(sa.func.min(apps.id))
        .where(apps.result_document_id == _documents.c.id)
        .scalar_subquery()
    )
    conn.execute(
        sa.update(_documents)
        .where(
            _documents.c.id.in_(single),
            _documents.c.id.not_in(sa.select(_attachments.c.document_id)),
        )
        .values(issued_for_application_id=issued_for)
    )


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_for_application_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('issued_by_id', sa.String(length=36), nullable=True))
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('issued_by_id')
        batch_op.drop_column('issued_for_application_id')
