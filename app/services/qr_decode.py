"""Services layer: the one QR decoder (zxing-cpp where installed, else pyzbar); no flet.

Both are restricted to QR: FLET.md measured 5-7 ms (zxing-cpp, QR only) against 75-114 ms
(all formats), and 34-41 ms against 131-153 ms for pyzbar. zxing-cpp has no phone wheel,
so phones use pyzbar (Flet's mobile index ships it with libzbar). Call it off the UI
thread: `await asyncio.to_thread(decode_qr, data)`.
"""

import io
import logging
from collections.abc import Callable
from types import ModuleType

from PIL import Image

log = logging.getLogger(__name__)
ImageInput = bytes | bytearray | Image.Image
Decoder = Callable[[Image.Image], list[str]]


def _import_zxing() -> ModuleType | None:
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


def _import_pyzbar() -> tuple[Callable[..., list[object]], object] | None:
    try:
        from pyzbar.pyzbar import ZBarSymbol
        from pyzbar.pyzbar import decode as zbar_decode
    except (ImportError, OSError):  # OSError: the libzbar shared library is missing
        return None
    return zbar_decode, ZBarSymbol.QRCODE


def zxing_decoder() -> Decoder | None:
    """zxing-cpp restricted to QR codes, or None when it is not installed."""
    zxing = _import_zxing()
    if zxing is None:
        return None
    formats = zxing.BarcodeFormat.QRCode

    def decode(image: Image.Image) -> list[str]:
        return [str(r.text) for r in zxing.read_barcodes(image, formats=formats) if r.valid]

    return decode


def pyzbar_decoder() -> Decoder | None:
    """pyzbar (libzbar) restricted to QR codes, or None when it is not available."""
    found = _import_pyzbar()
    if found is None:
        return None
    zbar_decode, qrcode_symbol = found

    def decode(image: Image.Image) -> list[str]:
        results = zbar_decode(image, symbols=[qrcode_symbol])
        return [bytes(getattr(r, "data", b"")).decode("utf-8", "replace") for r in results]

    return decode


def pick_decoder() -> tuple[str, Decoder]:
    """The fastest decoder present: zxing-cpp, else pyzbar; raises if neither exists."""
    zxing = zxing_decoder()
    if zxing is not None:
        return "zxing-cpp", zxing
    zbar = pyzbar_decoder()
    if zbar is not None:
        return "pyzbar", zbar
    raise RuntimeError("no QR decoder installed (install zxing-cpp or pyzbar + libzbar0)")


def to_gray(image: ImageInput) -> Image.Image:
    """JPEG/PNG bytes or a PIL image → 8-bit grayscale (both decoders work on luminance)."""
    if not isinstance(image, Image.Image):
        image = Image.open(io.BytesIO(bytes(image)))
    return image.convert("L")


def decode_qr(image: ImageInput) -> list[str]:
    """Texts of every QR code in the image (empty if none or the image is unreadable).

    CPU-bound: call through `asyncio.to_thread` from UI code.
    """
    try:
        gray = to_gray(image)
    except (OSError, ValueError):  # not an image Pillow can read
        log.info("decode_qr: unreadable image")
        return []
    return pick_decoder()[1](gray)
