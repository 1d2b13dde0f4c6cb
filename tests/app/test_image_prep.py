"""Tests: device-side photo preparation — ≤ ~300 KB, upright, no metadata, PDFs untouched."""

import io
import time

import pytest
from PIL import Image

from app.services.image_prep import MAX_EDGE, TARGET_BYTES, PrepError, prepare
from contracts.documents import MAX_DOCUMENT_BYTES


def camera_photo(size: tuple[int, int] = (4000, 3000), orientation: int = 6) -> bytes:
    """A noisy 12 MP JPEG (hard to compress, like a real photo) with EXIF rotation and GPS."""
    base = Image.effect_noise((size[0] // 4, size[1] // 4), 60).convert("RGB")
    image = base.resize(size, Image.Resampling.BILINEAR)
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° when shown
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {2: (7.0, 15.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_large_photo_shrinks_to_target_upright_without_metadata() -> None:
    original = camera_photo()
    assert len(original) > 2 * 1024 * 1024
    started = time.perf_counter()
    result = prepare(original, "IMG_2041.jpeg")
    elapsed = time.perf_counter() - started
    assert len(result.data) <= TARGET_BYTES
    assert result.media_type == "image/jpeg" and result.file_name == "IMG_2041.jpg"
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.format == "JPEG"
        assert image.height > image.width  # portrait: the EXIF rotation was applied
        assert max(image.size) <= MAX_EDGE
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
    assert elapsed < 10


def test_png_with_transparency_becomes_jpeg() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (500, 300), (0, 0, 0, 0)).save(out, "PNG")
    result = prepare(out.getvalue(), "scan.png")
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.size == (500, 300) and image.getpixel((10, 10)) == (255, 255, 255)


def test_pdf_passes_through_and_is_size_checked() -> None:
    pdf = b"%PDF-1.4\n" + b"x" * 1000 + b"\n%%EOF\n"
    assert prepare(pdf, "ijazah.pdf").data == pdf
    with pytest.raises(PrepError) as err:
        prepare(b"%PDF-1.4\n" + b"x" * MAX_DOCUMENT_BYTES, "big.pdf")
    assert err.value.code == "too_large"


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "empty"), (b"GIF89a....", "unsupported"), (b"\xff\xd8\xff\xe0broken", "unreadable")],
)
def test_unusable_files(data: bytes, code: str) -> None:
    with pytest.raises(PrepError) as err:
        prepare(data, "x.jpg")
    assert err.value.code == code
