"""Server layer: wallet tables — metadata in `documents`, encrypted bytes in `document_contents`."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contracts.documents import IDEMPOTENCY_KEY_MAX, TITLE_MAX, DocumentType
from server.accounts.models import new_id
from server.db import Base, StrEnumType, UTCDateTime, utcnow


class Document(Base):
    """One document in a citizen's wallet; listing it never loads the (separate) content.

    `issued_for_application_id` and `issued_by_id` are set only on a result an officer uploaded
    through POST /officer/applications/{id}/result: only such a document can complete that
    application (never the citizen's own upload, nor another application's result)."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_citizen_created", "citizen_id", "created_at"),
        UniqueConstraint("citizen_id", "idempotency_key", name="uq_documents_citizen_idem"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    citizen_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    type: Mapped[DocumentType] = mapped_column(StrEnumType(DocumentType, 32))
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    width: Mapped[int | None]
    height: Mapped[int | None]
    pages: Mapped[int | None]
    sha256: Mapped[str] = mapped_column(String(64))  # of the plaintext content
    idempotency_key: Mapped[str | None] = mapped_column(String(IDEMPOTENCY_KEY_MAX))
    request_hash: Mapped[str | None] = mapped_column(String(64))  # type + title + content
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # plain ids like Application.result_document_id: a foreign key here would make SQLite
    # rebuild this table in the migration (and cascade into document_contents)
    issued_for_application_id: Mapped[str | None] = mapped_column(String(36))
    issued_by_id: Mapped[str | None] = mapped_column(String(36))


class DocumentContent(Base):
    """AES-GCM ciphertexts of the file and its JPEG thumbnail (bound to the document id)."""

    __tablename__ = "document_contents"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary())
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary())
