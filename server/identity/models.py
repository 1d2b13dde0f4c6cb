"""Server layer: signing keys (private part encrypted at rest), subject handles, used tokens."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UTCDateTime, utcnow


class SigningKey(Base):
    """An Ed25519 key. The newest unsuperseded key signs; superseded keys stay published until
    the last token they signed expired (signed_until), then retire and lose their private part."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))  # base64url, raw 32 bytes
    private_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # nonce || AES-GCM
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class IdentitySubject(Base):
    """A random per-account handle put in tokens instead of the account id."""

    __tablename__ = "identity_subjects"

    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[str] = mapped_column(String(20), unique=True)


class UsedToken(Base):
    """A token id already exchanged; kept until the token expires (then a replay fails anyway)."""

    __tablename__ = "used_tokens"
    __table_args__ = (Index("ix_used_tokens_expires_at", "expires_at"),)

    token_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
