"""Contracts layer: the signed identity token (Kode QR Saya / officer credential) — byte format,
Base45 text, offline verification against JWKS public keys, and the /identity wire schemas.

Signing stays on the server; everything here is pure and runs in the app offline.
The format is documented for third parties in docs/identity-token.md.
"""

import base64
import binascii
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum
from functools import lru_cache
from typing import Annotated, Any, Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field

from contracts.access import Purpose
from contracts.enums import Role
from contracts.profile import CitizenFields
from contracts.text import Incoming

PREFIX: Final = "SP1:"  # format version 1; also tells our scanner the QR is ours
VERSION: Final = 1
SIGNATURE_LEN: Final = 64
KID_LEN: Final = 4  # first 4 bytes of the key's RFC 7638 thumbprint; JWKS kid = their hex
TOKEN_ID_LEN: Final = 8
SUBJECT_LEN: Final = 10
CITIZEN_NAME_MAX_BYTES: Final = 40  # budget: the whole token must fit QR version 10 at level Q
OFFICER_NAME_MAX_BYTES: Final = 28
AGENCY_MAX_BYTES: Final = 16
MAX_TEXT_CHARS: Final = 221  # QR version 10 at level Q holds 221 alphanumeric characters
WINDOW: Final = timedelta(minutes=10)  # one citizen token's validity (screenshots die quickly)
BATCH_MAX: Final = 144  # 24 h of consecutive 10-minute windows
DEFAULT_LEEWAY: Final = timedelta(seconds=60)  # tolerated clock skew between phones

_FIXED = struct.Struct(">BB4s8sII10s")  # header, flags, kid, token id, nbf, exp, subject
_NIK = struct.Struct(">HH")  # first 4 and last 4 digits of the NIK
_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}

# Roles travel as one byte; the numbers are part of the wire format (append only).
ROLE_CODES: Final[dict[Role, int]] = {
    Role.CITIZEN: 0,
    Role.FIELD: 1,
    Role.BACK_OFFICE: 2,
    Role.COORDINATOR: 3,
    Role.ADMIN: 4,
}
_ROLES_BY_CODE = {v: k for k, v in ROLE_CODES.items()}


class TokenKind(StrEnum):
    CITIZEN = "citizen"
    OFFICER = "officer"


class _KindCode(IntEnum):
    CITIZEN = 0
    OFFICER = 1


class _Flag(IntEnum):
    VERIFIED = 1  # an officer checked the KTP in person
    HAS_PHOTO = 2  # a photo is on file (shown after the online exchange)


TokenErrorCode = Literal[
    "token_malformed",
    "token_tampered",
    "token_expired",
    "token_not_yet_valid",
    "token_unknown_key",
    "token_wrong_kind",
]


class TokenError(ValueError):
    """A token that must not be trusted; `code` is also the API error code."""

    def __init__(self, code: TokenErrorCode) -> None:
        super().__init__(code)
        self.code: TokenErrorCode = code


class IdentityClaims(BaseModel):
    """What a token says. Citizen tokens carry nik_masked; officer tokens agency and role."""

    model_config = ConfigDict(frozen=True)

    kind: TokenKind
    kid: str  # 8 hex chars, matches a JWKS "kid"
    token_id: str  # 16 hex chars, single use at the exchange
    subject: str  # 20 hex chars, pseudonymous: not the account id
    name: str  # display name, truncated to the byte budget
    verified: bool = False
    has_photo: bool = False
    nik_masked: str | None = None  # e.g. 3507********0001
    agency_code: str | None = None
    role: Role | None = None
    not_before: datetime
    expires_at: datetime


# ---------------------------------------------------------------- Base45 (RFC 9285)


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        c, n = n % 45, n // 45
        d, e = n % 45, n // 45
        out += [_B45[c], _B45[d], _B45[e]]
    if len(data) % 2:
        c, d = data[-1] % 45, data[-1] // 45
        out += [_B45[c], _B45[d]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        d = [_B45_INDEX[ch] for ch in text]
    except KeyError:
        raise TokenError("token_malformed") from None
    tail = len(d) % 3
    if tail == 1:
        raise TokenError("token_malformed")
    out = bytearray()
    for i in range(0, len(d) - tail, 3):
        n = d[i] + d[i + 1] * 45 + d[i + 2] * 2025
        if n > 0xFFFF:
            raise TokenError("token_malformed")
        out += bytes((n >> 8, n & 0xFF))
    if tail:
        n = d[-2] + d[-1] * 45
        if n > 0xFF:
            raise TokenError("token_malformed")
        out.append(n)
    return bytes(out)


# ---------------------------------------------------------------- encoding


def truncate_utf8(text: str, max_bytes: int) -> str:
    """Cut at a character boundary so the UTF-8 form fits max_bytes."""
    raw = " ".join(text.split()).encode()
    if len(raw) <= max_bytes:
        return raw.decode()
    return raw[:max_bytes].decode("utf-8", errors="ignore").rstrip()


def _nik_parts(nik_masked: str | None) -> tuple[int, int]:
    if not nik_masked or len(nik_masked) != 16:
        raise ValueError("citizen tokens need a masked NIK of 16 characters")
    return int(nik_masked[:4]), int(nik_masked[12:])


def _short_text(text: str, max_bytes: int) -> bytes:
    raw = truncate_utf8(text, max_bytes).encode()
    return bytes([len(raw)]) + raw


def encode_payload(claims: IdentityClaims) -> bytes:
    """The signed bytes (everything but the signature); names are truncated to their budget."""
    kind = _KindCode.OFFICER if claims.kind is TokenKind.OFFICER else _KindCode.CITIZEN
    flags = (_Flag.VERIFIED if claims.verified else 0) | (
        _Flag.HAS_PHOTO if claims.has_photo else 0
    )
    head = _FIXED.pack(
        (VERSION << 4) | kind,
        flags,
        bytes.fromhex(claims.kid),
        bytes.fromhex(claims.token_id),
        int(claims.not_before.timestamp()),
        int(claims.expires_at.timestamp()),
        bytes.fromhex(claims.subject),
    )
    if claims.kind is TokenKind.CITIZEN:
        return (
            head
            + _NIK.pack(*_nik_parts(claims.nik_masked))
            + _short_text(claims.name, CITIZEN_NAME_MAX_BYTES)
        )
    role = ROLE_CODES[claims.role or Role.FIELD]
    return (
        head
        + bytes([role])
        + _short_text(claims.agency_code or "", AGENCY_MAX_BYTES)
        + _short_text(claims.name, OFFICER_NAME_MAX_BYTES)
    )


def assemble(payload: bytes, signature: bytes) -> str:
    """The QR text: prefix + Base45(payload || signature)."""
    return PREFIX + b45encode(payload + signature)


@dataclass(frozen=True)
class ParsedToken:
    """A decoded but not yet verified token."""

    claims: IdentityClaims
    payload: bytes
    signature: bytes


def _read_text(buf: bytes, at: int) -> tuple[str, int]:
    if at >= len(buf):
        raise TokenError("token_malformed")
    n = buf[at]
    raw = buf[at + 1 : at + 1 + n]
    if len(raw) != n:
        raise TokenError("token_malformed")
    try:
        return raw.decode(), at + 1 + n
    except UnicodeDecodeError:
        raise TokenError("token_malformed") from None


def _stamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _body_fields(kind: _KindCode, body: bytes) -> dict[str, Any]:
    if kind is _KindCode.CITIZEN:
        if len(body) < _NIK.size:
            raise TokenError("token_malformed")
        first, last = _NIK.unpack_from(body)
        name, end = _read_text(body, _NIK.size)
        fields: dict[str, Any] = {"name": name, "nik_masked": f"{first:04d}{'*' * 8}{last:04d}"}
    else:
        if not body or body[0] not in _ROLES_BY_CODE:
            raise TokenError("token_malformed")
        agency, at = _read_text(body, 1)
        name, end = _read_text(body, at)
        fields = {"name": name, "agency_code": agency or None, "role": _ROLES_BY_CODE[body[0]]}
    if end != len(body):
        raise TokenError("token_malformed")
    return fields


def parse_token(text: str) -> ParsedToken:
    """Decode the QR text without checking the signature; raise TokenError('token_malformed')."""
    text = text.strip()
    if not text.startswith(PREFIX) or len(text) > MAX_TEXT_CHARS + 16:
        raise TokenError("token_malformed")
    raw = b45decode(text[len(PREFIX) :])
    if len(raw) < _FIXED.size + SIGNATURE_LEN:
        raise TokenError("token_malformed")
    payload, signature = raw[:-SIGNATURE_LEN], raw[-SIGNATURE_LEN:]
    header, flags, kid, token_id, nbf, exp, subject = _FIXED.unpack_from(payload)
    if header >> 4 != VERSION or header & 0x0F not in (0, 1):
        raise TokenError("token_malformed")
    kind = _KindCode(header & 0x0F)
    claims = IdentityClaims(
        kind=TokenKind.OFFICER if kind is _KindCode.OFFICER else TokenKind.CITIZEN,
        kid=kid.hex(),
        token_id=token_id.hex(),
        subject=subject.hex(),
        verified=bool(flags & _Flag.VERIFIED),
        has_photo=bool(flags & _Flag.HAS_PHOTO),
        not_before=_stamp(nbf),
        expires_at=_stamp(exp),
        **_body_fields(kind, payload[_FIXED.size :]),
    )
    return ParsedToken(claims=claims, payload=payload, signature=signature)


# ---------------------------------------------------------------- keys and verification


def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def public_keys(jwks: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> dict[str, bytes]:
    """kid → raw 32-byte Ed25519 public key, from a JWKS document or a list of JWK dicts.
    Keys of other types are skipped (a JWKS may grow other algorithms later)."""
    keys = jwks.get("keys", []) if isinstance(jwks, Mapping) else jwks
    found: dict[str, bytes] = {}
    for jwk in keys:
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "kid" not in jwk:
            continue
        try:
            raw = _b64url_decode(str(jwk["x"]))
        except (KeyError, binascii.Error, ValueError):
            continue
        if len(raw) == 32:
            found[str(jwk["kid"])] = raw
    return found


def verify_token(
    text: str,
    keys: Mapping[str, bytes] | Mapping[str, Any] | Iterable[Mapping[str, Any]],
    now: datetime,
    *,
    expected_kind: TokenKind | None = None,
    leeway: timedelta = DEFAULT_LEEWAY,
) -> IdentityClaims:
    """Decode and verify a token offline: signature by a known key, then the validity window.
    `keys` is a JWKS document, a list of JWKs, or the result of public_keys()."""
    parsed = parse_token(text)
    key_map = _key_map(keys)
    raw_key = key_map.get(parsed.claims.kid)
    if raw_key is None:
        raise TokenError("token_unknown_key")
    try:
        _public_key(raw_key).verify(parsed.signature, parsed.payload)
    except (InvalidSignature, ValueError):
        raise TokenError("token_tampered") from None
    claims = parsed.claims
    if now + leeway < claims.not_before:
        raise TokenError("token_not_yet_valid")
    if now - leeway >= claims.expires_at:
        raise TokenError("token_expired")
    if expected_kind is not None and claims.kind is not expected_kind:
        raise TokenError("token_wrong_kind")
    return claims


@lru_cache(maxsize=32)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)  # loaded once per key, not per scan


def _key_map(keys: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> dict[str, bytes]:
    if isinstance(keys, Mapping) and "keys" not in keys:
        return {str(k): v for k, v in keys.items() if isinstance(v, bytes)}
    return public_keys(keys)


# ---------------------------------------------------------------- /identity wire schemas


class Jwk(BaseModel):
    """One public key (RFC 7517, OKP/Ed25519 per RFC 8037)."""

    kty: Literal["OKP"] = "OKP"
    crv: Literal["Ed25519"] = "Ed25519"
    x: str  # base64url raw public key, no padding
    kid: str
    use: Literal["sig"] = "sig"
    alg: Literal["EdDSA"] = "EdDSA"


class Jwks(BaseModel):
    keys: list[Jwk]


class TokenBatchRequest(Incoming):
    """How many consecutive 10-minute tokens to pre-sign (144 = 24 h offline)."""

    model_config = ConfigDict(extra="forbid")

    count: Annotated[int, Field(ge=1, le=BATCH_MAX)] = BATCH_MAX


class IssuedToken(BaseModel):
    token: str
    not_before: datetime
    expires_at: datetime


class TokenBatch(BaseModel):
    """Consecutive windows, oldest first; server_time lets the app detect its clock skew."""

    tokens: list[IssuedToken]
    server_time: datetime


class ExchangeRequest(Incoming):
    """An officer trades a scanned citizen token (single use) for the purpose's fields."""

    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=1, max_length=400)]
    purpose: Purpose


class OfficerCredential(BaseModel):
    """The officer's own signed QR, shown to citizens at the door."""

    token: str
    expires_at: datetime


class ExchangeResult(BaseModel):
    """The verified claims plus the profile fields the purpose allows; a grant is now live."""

    citizen_id: str
    claims: IdentityClaims
    purpose: Purpose
    allowed: list[str]
    fields: CitizenFields
    grant_expires_at: datetime
