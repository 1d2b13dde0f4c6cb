"""Services layer: render a token as a QR PNG for the screen (qrcode + Pillow); no flet."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from qrcode.image.pil import PilImage
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

# Big quiet zone: phone cameras lock on faster when the code has a wide white margin,
# and a bright phone screen next to dark UI chrome otherwise eats the border.
QUIET_ZONE_MODULES = 6
BOX_PIXELS = 10  # version 10 (57 modules) + 2x6 quiet zone → 690 px, sharp when scaled down
ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _data(token: str) -> QRData:
    """Alphanumeric mode when the token allows it (Base45 tokens do: ~30% fewer bits)."""
    mode = MODE_ALPHA_NUM if set(token) <= ALPHANUMERIC else MODE_8BIT_BYTE
    return QRData(token.encode("ascii") if mode == MODE_ALPHA_NUM else token, mode=mode)


def make_qr(token: str) -> qrcode.QRCode:
    """The QR symbol (smallest version that fits, error correction Q)."""
    code = qrcode.QRCode(
        version=None,
        error_correction=ERROR_CORRECT_Q,
        box_size=BOX_PIXELS,
        border=QUIET_ZONE_MODULES,
        image_factory=PilImage,
    )
    code.add_data(_data(token))
    code.make(fit=True)
    return code


def qr_version(token: str) -> int:
    return int(make_qr(token).version)


def render_qr_png(token: str, *, box_pixels: int = BOX_PIXELS) -> bytes:
    """PNG bytes of the QR: pure black on white, 1 bit per pixel (small, high contrast)."""
    code = make_qr(token)
    code.box_size = box_pixels
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_qr_base64(token: str) -> str:
    """Base64 of `render_qr_png` (what `ft.Image(src=...)` accepts as a string)."""
    return base64.b64encode(render_qr_png(token)).decode("ascii")
