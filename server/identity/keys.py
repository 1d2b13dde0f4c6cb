"""Server layer: Ed25519 signing keys — creation, encryption at rest, rotation, retirement."""

import base64
import hashlib
import json
import os
from datetime import datetime

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.identity import DEFAULT_LEEWAY, KID_LEN, Jwk
from server.identity.models import SigningKey

_HKDF_INFO = b"satupintu/identity-signing-keys/v1"
_HKDF_SALT = b"satupintu-kek"
_RAW = serialization.Encoding.Raw


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def kid_for(public_raw: bytes) -> str:
    """First 4 bytes (hex) of the RFC 7638 JWK thumbprint: third parties can recompute it."""
    canonical = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": b64url(public_raw)}, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).digest()[:KID_LEN].hex()


def _kek(secret: str) -> AESGCM:
    """The key-encryption key, derived from SATUPINTU_SECRET_KEY (never stored)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO)
    return AESGCM(hkdf.derive(secret.encode()))


def seal(secret: str, kid: str, private_raw: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + _kek(secret).encrypt(nonce, private_raw, kid.encode())


def unseal(secret: str, kid: str, blob: bytes) -> bytes:
    return _kek(secret).decrypt(blob[:12], blob[12:], kid.encode())


def create_key(db: AsyncSession, secret: str, now: datetime) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    private_raw = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    kid = kid_for(public_raw)
    key = SigningKey(
        kid=kid,
        public_key=b64url(public_raw),
        private_key_enc=seal(secret, kid, private_raw),
        created_at=now,
    )
    db.add(key)
    return key


async def active_key(db: AsyncSession, secret: str, now: datetime) -> SigningKey:
    """The newest key that is not superseded; the very first one is created on demand."""
    key = await db.scalar(
        select(SigningKey)
        .where(SigningKey.superseded_at.is_(None), SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid)
        .limit(1)
    )
    if key is None:
        key = create_key(db, secret, now)
        await db.flush()
    return key


def private_key(key: SigningKey, secret: str) -> Ed25519PrivateKey:
    if key.private_key_enc is None:
        raise RuntimeError(f"signing key {key.kid} is retired")
    return Ed25519PrivateKey.from_private_bytes(unseal(secret, key.kid, key.private_key_enc))


def note_signed(key: SigningKey, expires_at: datetime) -> None:
    """Remember the latest expiry this key signed: it must stay published until then."""
    if key.signed_until is None or key.signed_until < expires_at:
        key.signed_until = expires_at


def _retirable(key: SigningKey, now: datetime) -> bool:
    if key.superseded_at is None or key.retired_at is not None:
        return False
    return key.signed_until is None or key.signed_until + DEFAULT_LEEWAY <= now


async def retire_due(db: AsyncSession, now: datetime) -> list[str]:
    """Retire superseded keys whose tokens all expired; their private part is wiped."""
    keys = await db.scalars(select(SigningKey).where(SigningKey.superseded_at.is_not(None)))
    retired = []
    for key in keys:
        if _retirable(key, now):
            key.retired_at, key.private_key_enc = now, None
            retired.append(key.kid)
    return retired


async def rotate(db: AsyncSession, secret: str, now: datetime) -> tuple[SigningKey, list[str]]:
    """A new key signs from now on; old ones keep verifying until their tokens expired."""
    current = await db.scalars(
        select(SigningKey).where(
            SigningKey.superseded_at.is_(None), SigningKey.retired_at.is_(None)
        )
    )
    for key in current:
        key.superseded_at = now
    new = create_key(db, secret, now)
    await db.flush()
    return new, await retire_due(db, now)


async def published(db: AsyncSession, now: datetime) -> list[SigningKey]:
    """Keys a verifier must know: the signer and superseded keys with unexpired tokens."""
    horizon = now - DEFAULT_LEEWAY
    rows = await db.scalars(
        select(SigningKey)
        .where(
            SigningKey.retired_at.is_(None),
            or_(SigningKey.superseded_at.is_(None), SigningKey.signed_until > horizon),
        )
        .order_by(SigningKey.created_at.desc(), SigningKey.kid)
    )
    return list(rows)


def to_jwk(key: SigningKey) -> Jwk:
    return Jwk(x=key.public_key, kid=key.kid)


def raw_public(key: SigningKey) -> bytes:
    return base64.urlsafe_b64decode(key.public_key + "=" * (-len(key.public_key) % 4))
