"""Benchmark: identity token size, the QR version it needs at level Q, and sign/verify cost.

Prints the token length in characters and the QR version (qrcode, fit=True, level Q) for the
worst case (longest names), then the median µs to sign and to verify a token beside baselines
measured in the same run: raw Ed25519 sign/verify of 32 bytes and HMAC-SHA256 of 32 bytes.
Also the JSON size of a 24-hour batch (144 tokens) as the API returns it.

    python bench/identity_token.py [--rounds 2000] [--append docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import hmac
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import qrcode
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contracts.enums import Role
from contracts.identity import (
    BATCH_MAX,
    WINDOW,
    IdentityClaims,
    IssuedToken,
    TokenBatch,
    TokenKind,
    assemble,
    encode_payload,
    verify_token,
)

LONGEST = "W" * 100  # the 100-character name limit; ASCII fills the byte budget exactly


def _claims(kind: TokenKind, now: datetime) -> IdentityClaims:
    officer = {"agency_code": "A" * 32, "role": Role.FIELD}
    return IdentityClaims(
        kind=kind,
        kid=os.urandom(4).hex(),
        token_id=os.urandom(8).hex(),
        subject=os.urandom(10).hex(),
        name=LONGEST,
        verified=True,
        nik_masked=None if kind is TokenKind.OFFICER else "3507********0001",
        not_before=now,
        expires_at=now + (timedelta(hours=12) if kind is TokenKind.OFFICER else WINDOW),
        **(officer if kind is TokenKind.OFFICER else {}),
    )


def _qr_version(text: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q)
    qr.add_data(text)
    qr.make(fit=True)
    return int(qr.version)


def _median_us(fn: Callable[[], object], rounds: int) -> float:
    for _ in range(min(200, rounds)):  # warm-up
        fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def _sign(key: Ed25519PrivateKey, claims: IdentityClaims) -> str:
    payload = encode_payload(claims)
    return assemble(payload, key.sign(payload))


def _batch_bytes(key: Ed25519PrivateKey, now: datetime) -> tuple[int, int]:
    tokens = []
    for i in range(BATCH_MAX):
        claims = _claims(TokenKind.CITIZEN, now + i * WINDOW)
        payload = encode_payload(claims)
        text = assemble(payload, key.sign(payload))
        tokens.append(IssuedToken(token=text, not_before=claims.not_before,
                                  expires_at=claims.expires_at))  # fmt: skip
    body = TokenBatch(tokens=tokens, server_time=now).model_dump(mode="json")
    raw = json.dumps(body, separators=(",", ":")).encode()
    return len(raw), len(gzip.compress(raw))


def run(rounds: int) -> dict[str, object]:
    key = Ed25519PrivateKey.generate()
    pub = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    now = datetime.now(UTC).replace(microsecond=0)
    sizes = {}
    for kind in TokenKind:
        claims = _claims(kind, now)
        payload = encode_payload(claims)
        text = assemble(payload, key.sign(payload))
        sizes[kind.value] = (len(payload) + 64, len(text), _qr_version(text))
    claims = _claims(TokenKind.CITIZEN, now).model_copy(update={"kid": "0a0b0c0d"})
    payload = encode_payload(claims)
    token = assemble(payload, key.sign(payload))
    keys = {"0a0b0c0d": pub}
    msg, secret = os.urandom(32), os.urandom(32)
    raw_sig = key.sign(msg)
    public = key.public_key()
    timings = {
        "sign token (encode + Ed25519 + Base45)": _median_us(lambda: _sign(key, claims), rounds),
        "verify token (Base45 + parse + Ed25519 + window)": _median_us(
            lambda: verify_token(token, keys, now), rounds
        ),
        "baseline: raw Ed25519 sign, 32 bytes": _median_us(lambda: key.sign(msg), rounds),
        "baseline: raw Ed25519 verify, 32 bytes": _median_us(
            lambda: public.verify(raw_sig, msg), rounds
        ),
        "baseline: HMAC-SHA256, 32 bytes": _median_us(
            lambda: hmac.new(secret, msg, hashlib.sha256).digest(), rounds
        ),
    }
    return {"sizes": sizes, "timings": timings, "batch_bytes": _batch_bytes(key, now)}


def report(result: dict[str, object], rounds: int) -> str:
    sizes = result["sizes"]
    timings = result["timings"]
    assert isinstance(sizes, dict) and isinstance(timings, dict)
    day = datetime.now(UTC).date().isoformat()
    lines = [
        f"### Identity token — {day} — `python bench/identity_token.py --rounds {rounds}`",
        "",
        f"Worst case: a 100-character name (truncated to the 40/28-byte budget); "
        f"officer with a 32-character agency code. Python {platform.python_version()}, "
        f"{platform.machine()}.",
        "",
        "| token | bytes (payload + signature) | characters | QR version at level Q |",
        "|---|---|---|---|",
    ]
    for kind, (nbytes, chars, version) in sizes.items():
        lines.append(f"| {kind} | {nbytes} | {chars} | {version} |")
    lines += ["", f"| operation | median µs ({rounds} rounds) | × baseline |", "|---|---|---|"]
    sign_base = timings["baseline: raw Ed25519 sign, 32 bytes"]
    verify_base = timings["baseline: raw Ed25519 verify, 32 bytes"]
    for name, us in timings.items():
        base = sign_base if "sign" in name else verify_base if "verify" in name else None
        ratio = f"{us / base:.2f}" if base and not name.startswith("baseline") else ""
        lines.append(f"| {name} | {us:.1f} | {ratio} |")
    batch = result["batch_bytes"]
    assert isinstance(batch, tuple)
    lines += [
        "",
        f"A 24-hour batch ({BATCH_MAX} tokens of 10 minutes) is {batch[0]:,} bytes of JSON, "
        f"{batch[1]:,} bytes gzipped.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--append", type=Path, help="append the figures to this Markdown file")
    args = parser.parse_args()
    text = report(run(args.rounds), args.rounds)
    print(text)
    if args.append:
        if not args.append.exists():
            args.append.write_text("# Benchmarks\n\n", encoding="utf-8")
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
