"""Contracts layer: the document wallet's types, limits and wire schemas (app and server)."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # what the server accepts per file
MAX_IMAGE_PIXELS = 25_000_000  # ~6000×4000: any phone photo; far below a decompression bomb
MAX_PDF_PAGES = 30
TITLE_MAX = 100
IDEMPOTENCY_KEY_MAX = 255
# visible ASCII, no spaces: what an HTTP header carries unchanged (a UUID is the usual choice)
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]+$"
ACCEPTED_MEDIA_TYPES = ("image/jpeg", "image/png", "application/pdf")


class DocumentType(StrEnum):
    """What a wallet document is; UI labels live in the catalog as `documents.type.<value>`."""

    KTP = "ktp"
    KK = "kk"
    AKTA_KELAHIRAN = "akta_kelahiran"
    PHOTO = "photo"
    IJAZAH = "ijazah"
    SURAT_KETERANGAN = "surat_keterangan"
    OTHER = "other"

    @property
    def single(self) -> bool:
        """A citizen has one current document of this type: a new upload supersedes it."""
        return self in _SINGLE


_SINGLE = frozenset(
    {DocumentType.KTP, DocumentType.KK, DocumentType.AKTA_KELAHIRAN, DocumentType.PHOTO}
)


class DocumentOut(BaseModel):
    """One wallet document's metadata; the content is fetched from `file_url`."""

    id: str
    type: DocumentType
    title: str | None = Field(default=None, max_length=TITLE_MAX)
    media_type: str
    size: int
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    created_at: datetime
    # set when a newer upload of a single-per-citizen type replaced this one; kept (not
    # deleted) because applications may refer to the exact document they were filed with
    superseded_at: datetime | None = None
    thumbnail_url: str
    file_url: str


class DocumentList(BaseModel):
    """The citizen's wallet, newest first (current documents unless history was asked for)."""

    documents: list[DocumentOut]
