"""Benchmark: decode the app's own identity QR from 1280x720 photo-like frames.

Prints the median ms per frame for `decode_qr()` (the app's one decoder) beside
zxing-cpp (QR only) and pyzbar (QR only) run on the SAME frames, and how many of a set of
hard frames each one decodes. Every decoder gets the JPEG bytes and does the same
JPEG → grayscale step, so the figures are what a scan costs in the app.

    python bench/qr_decode.py [--frames 200] [--hard 60] [--seed 3] [--append docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.services.qr import qr_version, render_qr_png
from app.services.qr_decode import (
    decode_qr,
    pick_decoder,
    pyzbar_decoder,
    to_gray,
    zxing_decoder,
)
from contracts.identity import (
    WINDOW,
    IdentityClaims,
    TokenKind,
    assemble,
    encode_payload,
)

W, H = 1280, 720


def sample_token() -> str:
    """A real citizen token, signed with a fixed throwaway Ed25519 key (signatures are
    deterministic, so every run draws the same QR), at the longest name the format allows
    (40 bytes): the QR is as dense as it gets in the app."""
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    now = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    claims = IdentityClaims(
        kind=TokenKind.CITIZEN,
        kid="0a1b2c3d",
        token_id="00112233445566ff",
        subject="aabbccddeeff00112233",
        name="Raden Ajeng Kartika Sari Dewi Puspitasari Wulandari",  # truncated to 40 bytes
        verified=True,
        nik_masked="3507********0001",
        not_before=now,
        expires_at=now + WINDOW,
    )
    payload = encode_payload(claims)
    return assemble(payload, key.sign(payload))


@dataclass(frozen=True)
class Hardness:
    """Ranges each frame draws from (uniformly, per frame)."""

    qr_px: tuple[int, int]  # side of the code in the frame, quiet zone included
    rotate: float  # ± degrees
    tilt: float  # perspective: corner jitter as a fraction of the side
    blur: tuple[float, float]  # gaussian radius
    noise: tuple[float, float]  # sigma, in grey levels
    contrast: tuple[float, float]  # how much of 0..255 the code spans
    light: tuple[float, float]  # darkest corner of the lighting gradient (1 = even)
    quality: tuple[int, int]  # JPEG


NORMAL = Hardness((300, 520), 25, 0.06, (0.0, 1.2), (3, 10), (0.7, 1.0), (0.6, 1.0), (60, 85))
HARD = Hardness((250, 360), 40, 0.12, (0.8, 1.6), (8, 16), (0.4, 0.7), (0.35, 0.6), (60, 70))


def _perspective_coeffs(
    dst: list[tuple[float, float]], src: list[tuple[float, float]]
) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE) mapping output `dst` corners to `src`."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for p in src for c in p], dtype=float)
    return list(np.linalg.solve(a, b))


def _background(rng: np.random.Generator) -> np.ndarray:
    """A desk/paper-like backdrop: smooth blotches plus fine texture."""
    coarse = rng.uniform(90, 200, size=(9, 16)).astype(np.float32)
    img = Image.fromarray(coarse.astype(np.uint8)).resize((W, H), Image.Resampling.BICUBIC)
    return np.asarray(img, dtype=np.float32) + rng.normal(0, 6, size=(H, W))


def _warped_code(qr: Image.Image, h: Hardness, r: random.Random) -> Image.Image:
    side = r.randint(*h.qr_px)
    code = qr.convert("L").resize((side, side), Image.Resampling.BILINEAR)
    lo, hi = r.uniform(*h.contrast), 0.0
    span = 255 * lo
    base = r.uniform(0, 255 - span)
    code = code.point(lambda p: int(base + (p / 255) * span + hi))
    code = code.rotate(r.uniform(-h.rotate, h.rotate), expand=True, fillcolor=int(base + span))
    s = code.width
    jitter = [(r.uniform(-1, 1) * h.tilt * s, r.uniform(-1, 1) * h.tilt * s) for _ in range(4)]
    corners = [(0, 0), (s, 0), (s, s), (0, s)]
    dst = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(corners, jitter, strict=True)]
    coeffs = _perspective_coeffs(dst, [(float(x), float(y)) for x, y in corners])
    return code.transform((s, s), Image.Transform.PERSPECTIVE, coeffs, fillcolor=int(base + span))


def make_frame(qr: Image.Image, h: Hardness, seed: int) -> bytes:
    """One JPEG frame: the code warped onto a backdrop, uneven light, blur, noise."""
    r, g = random.Random(seed), np.random.default_rng(seed)
    frame = _background(g)
    code = np.asarray(_warped_code(qr, h, r), dtype=np.float32)
    ch, cw = code.shape
    top, left = r.randint(0, max(0, H - ch)), r.randint(0, max(0, W - cw))
    ch, cw = min(ch, H - top), min(cw, W - left)
    frame[top : top + ch, left : left + cw] = code[:ch, :cw]
    dark = r.uniform(*h.light)
    xs = np.linspace(dark, 1.0, W) if r.random() < 0.5 else np.linspace(1.0, dark, W)
    ys = np.linspace(1.0, r.uniform(dark, 1.0), H)
    frame *= np.outer(ys, xs)
    img = Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8)).convert("RGB")
    img = img.filter(ImageFilter.GaussianBlur(r.uniform(*h.blur)))
    noisy = np.asarray(img, dtype=np.float32) + g.normal(0, r.uniform(*h.noise), (H, W, 1))
    img = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=r.randint(*h.quality))
    return buffer.getvalue()


def run(decode: Callable[[bytes], list[str]], frames: list[bytes], token: str) -> tuple[float, int]:
    """(median ms per frame, frames whose decode contains the token)."""
    times, ok = [], 0
    for frame in frames:
        start = time.perf_counter()
        texts = decode(frame)
        times.append((time.perf_counter() - start) * 1000)
        ok += token in texts
    return statistics.median(times), ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--hard", type=int, default=60)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--append", type=Path, help="append a Markdown section to this file")
    args = parser.parse_args()

    token, kind = sample_token(), "a signed citizen token (longest name)"
    qr = Image.open(io.BytesIO(render_qr_png(token)))
    normal = [make_frame(qr, NORMAL, args.seed * 100_000 + i) for i in range(args.frames)]
    hard = [make_frame(qr, HARD, args.seed * 100_000 + 50_000 + i) for i in range(args.hard)]

    decoders: dict[str, Callable[[bytes], list[str]]] = {
        f"decode_qr() (uses {pick_decoder()[0]})": decode_qr
    }
    for name, make in (("zxing-cpp, QR only", zxing_decoder), ("pyzbar, QR only", pyzbar_decoder)):
        d = make()
        if d is not None:
            decoders[name] = lambda b, d=d: d(to_gray(b))
    decoders[next(iter(decoders))](normal[0])  # warm-up: library load, first allocation

    lines = [
        f"### QR decode — {datetime.now(UTC):%Y-%m-%d} — `python bench/qr_decode.py "
        f"--frames {args.frames} --hard {args.hard} --seed {args.seed}`",
        "",
        f"Token: {kind}, {len(token)} characters → QR version {qr_version(token)}, level Q. "
        f"Frames: 1280×720 JPEG (quality 60–85), code rotated/tilted/blurred/noisy under "
        f"uneven light. Python {platform.python_version()}, {platform.machine()}.",
        "",
        f"| decoder | median ms / frame ({args.frames} frames) | decoded | hard frames decoded |",
        "|---|---|---|---|",
    ]
    for name, decode in decoders.items():
        ms, ok = run(decode, normal, token)
        _, hard_ok = run(decode, hard, token)
        lines.append(f"| {name} | {ms:.1f} | {ok}/{len(normal)} | {hard_ok}/{len(hard)} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.append:
        _append(args.append, text)


def _append(path: Path, section: str) -> None:
    """Add our section to the shared benchmarks page (others append theirs too)."""
    if not path.exists():
        path.write_text(
            "# Benchmarks\n\nFigures measured on the project's machines; each "
            "section names the command that reproduces it.\n"
        )
    with path.open("a", encoding="utf-8") as out:
        out.write("\n" + section)


if __name__ == "__main__":
    main()
