"""Tests: QR rendering and the one decoder (zxing-cpp when installed, pyzbar otherwise)."""

from __future__ import annotations

import io
import random
import string
import sys
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw

from app.services import qr_decode
from app.services.qr import QUIET_ZONE_MODULES, qr_version, render_qr_base64, render_qr_png
from app.services.qr_decode import Decoder, decode_qr, pick_decoder, pyzbar_decoder, zxing_decoder

BASE45 = string.digits + string.ascii_uppercase + " $%*+-./:"


def token(length: int = 215, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(BASE45) for _ in range(length))


def jpeg(png: bytes, quality: int = 75) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


def test_render_is_a_png_with_a_wide_quiet_zone() -> None:
    image = Image.open(io.BytesIO(render_qr_png(token())))
    assert image.format == "PNG" and image.width == image.height >= 600
    border = image.convert("L").crop((0, 0, image.width, QUIET_ZONE_MODULES * 10))
    assert border.getextrema() == (255, 255)  # the quiet zone is pure white
    assert render_qr_base64("ABC").isascii()


def test_a_token_of_identity_length_fits_version_10_at_level_q() -> None:
    # 221 alphanumeric characters is version 10-Q's capacity: alphanumeric mode is used.
    assert qr_version(token(221)) <= 10
    assert qr_version(token(222)) == 11


@pytest.mark.parametrize("make", [zxing_decoder, pyzbar_decoder], ids=["zxing-cpp", "pyzbar"])
def test_round_trip_through_each_decoder(make: Callable[[], Decoder | None]) -> None:
    decoder = make()
    if decoder is None:
        pytest.skip("decoder not installed here")
    text = token()
    png = render_qr_png(text)
    assert decoder(qr_decode.to_gray(png)) == [text]
    assert decoder(qr_decode.to_gray(jpeg(png))) == [text]


def test_decode_qr_accepts_bytes_and_pil_images() -> None:
    text = token(seed=2)
    png = render_qr_png(text)
    assert decode_qr(png) == [text]
    assert decode_qr(jpeg(png)) == [text]
    assert decode_qr(Image.open(io.BytesIO(png)).convert("RGB")) == [text]


def test_decode_qr_prefers_zxing_when_installed() -> None:
    pytest.importorskip("zxingcpp")
    assert pick_decoder()[0] == "zxing-cpp"


def test_decode_qr_falls_back_to_pyzbar_without_zxing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zxingcpp", None)  # `import zxingcpp` now fails
    assert zxing_decoder() is None
    assert pick_decoder()[0] == "pyzbar"
    text = token(seed=3)
    assert decode_qr(jpeg(render_qr_png(text))) == [text]


def test_no_decoder_at_all_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zxingcpp", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with pytest.raises(RuntimeError, match="no QR decoder"):
        pick_decoder()


def test_non_qr_images_and_non_images_give_nothing() -> None:
    picture = Image.new("RGB", (640, 480), "white")
    ImageDraw.Draw(picture).rectangle((100, 100, 300, 300), fill="black")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    assert decode_qr(out.getvalue()) == []
    assert decode_qr(b"%PDF-1.4 not an image") == []
    assert decode_qr(b"") == []
