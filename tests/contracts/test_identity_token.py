"""Tests: the identity token codec — Base45 vectors, byte budget, QR version ≤ 10 at level Q,
and every kind of bad token refused offline with its own code."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import qrcode
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contracts.enums import Role
from contracts.identity import (
    MAX_TEXT_CHARS,
    WINDOW,
    IdentityClaims,
    TokenError,
    TokenKind,
    assemble,
    b45decode,
    b45encode,
    encode_payload,
    parse_token,
    truncate_utf8,
    verify_token,
)

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()
PUB = KEY.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
KEYS = {"0a0b0c0d": PUB}
LONGEST_NAME = "Ẁ" * 100  # 100 characters (the name limit), 3 UTF-8 bytes each


def _claims(**kw: object) -> IdentityClaims:
    base: dict[str, object] = {
        "kind": TokenKind.CITIZEN,
        "kid": "0a0b0c0d",
        "token_id": os.urandom(8).hex(),
        "subject": os.urandom(10).hex(),
        "name": "Siti Aminah",
        "verified": True,
        "nik_masked": "3507********0001",
        "not_before": NOW,
        "expires_at": NOW + WINDOW,
    }
    return IdentityClaims.model_validate(base | kw)


def _token(claims: IdentityClaims, key: Ed25519PrivateKey = KEY) -> str:
    payload = encode_payload(claims)
    return assemble(payload, key.sign(payload))


def _qr_version(text: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(text)
    qr.make(fit=True)
    return int(qr.version)


def test_base45_rfc9285_vectors() -> None:
    for raw, text in ((b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581")):
        assert b45encode(raw) == text and b45decode(text) == raw
    for bad in ("GGW", "A", "abc"):  # 65535 < value, dangling char, outside the alphabet
        with pytest.raises(TokenError):
            b45decode(bad)


def test_round_trip_keeps_every_claim() -> None:
    claims = _claims(has_photo=True)
    assert verify_token(_token(claims), KEYS, NOW) == claims
    officer = _claims(
        kind=TokenKind.OFFICER,
        nik_masked=None,
        agency_code="DUKCAPIL",
        role=Role.COORDINATOR,
        expires_at=NOW + timedelta(hours=12),
    )
    assert verify_token(_token(officer), KEYS, NOW) == officer


@pytest.mark.parametrize("kind", [TokenKind.CITIZEN, TokenKind.OFFICER])
def test_longest_name_fits_qr_version_10_at_level_q(kind: TokenKind) -> None:
    extra = {"kind": kind, "agency_code": "A" * 32, "role": Role.FIELD, "nik_masked": None}
    claims = _claims(name=LONGEST_NAME, **(extra if kind is TokenKind.OFFICER else {}))
    text = _token(claims)
    assert len(text) <= MAX_TEXT_CHARS and _qr_version(text) <= 10
    name = parse_token(text).claims.name
    assert name and LONGEST_NAME.startswith(name)  # truncated, never garbled
    ascii_text = _token(claims.model_copy(update={"name": "W" * 100}))
    assert _qr_version(ascii_text) <= 10


def test_truncation_never_splits_a_character() -> None:
    assert truncate_utf8("Ẁ" * 20, 40) == "Ẁ" * 13
    assert truncate_utf8("  Siti   Aminah ", 40) == "Siti Aminah"


def _flip(text: str, at: int) -> str:
    raw = bytearray(b45decode(text[4:]))
    raw[at] ^= 0x01
    return text[:4] + b45encode(bytes(raw))


def test_each_bad_token_has_its_code() -> None:
    good = _token(_claims())
    other_key = Ed25519PrivateKey.generate()
    officer = _token(_claims(kind=TokenKind.OFFICER, role=Role.FIELD, nik_masked=None))
    cases = {
        "token_tampered": [_flip(good, 40), _flip(good, len(b45decode(good[4:])) - 1)],
        "token_unknown_key": [_token(_claims(kid="deadbeef"), other_key)],
        "token_malformed": ["", "SP1:", "SP2:" + good[4:], good[:-3], "SP1:abc", good + "00"],
        "token_expired": [_token(_claims(not_before=NOW - 2 * WINDOW, expires_at=NOW - WINDOW))],
        "token_not_yet_valid": [
            _token(_claims(not_before=NOW + WINDOW, expires_at=NOW + 2 * WINDOW))
        ],
    }  # fmt: skip
    for code, tokens in cases.items():
        for token in tokens:
            with pytest.raises(TokenError) as err:
                verify_token(token, KEYS, NOW)
            assert err.value.code == code, (code, token)
    with pytest.raises(TokenError) as err:
        verify_token(officer, KEYS, NOW, expected_kind=TokenKind.CITIZEN)
    assert err.value.code == "token_wrong_kind"


def test_signed_by_another_key_with_our_kid_is_tampered() -> None:
    forged = _token(_claims(), Ed25519PrivateKey.generate())
    with pytest.raises(TokenError) as err:
        verify_token(forged, KEYS, NOW)
    assert err.value.code == "token_tampered"


def test_leeway_tolerates_small_clock_skew() -> None:
    claims = _claims()
    assert verify_token(_token(claims), KEYS, NOW - timedelta(seconds=30)) == claims
    assert verify_token(_token(claims), KEYS, claims.expires_at + timedelta(seconds=30)) == claims
