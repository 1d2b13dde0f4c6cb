"""Server layer: what an uploaded file really is — magic bytes, image and PDF sanity, thumbnail.

Pure CPU work on bytes already size-capped by the router; run it through asyncio.to_thread.
Every rejection is an AppError with its own code (messages in server/messages.py).
"""

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps, JpegImagePlugin, PngImagePlugin
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from contracts.documents import MAX_IMAGE_PIXELS, MAX_PDF_PAGES
from server.errors import AppError

# Pillow refuses (DecompressionBombError) anything above twice this even where we forget to ask
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
THUMB_EDGE = 240
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
_IMAGE_CLASSES = {
    "image/jpeg": JpegImagePlugin.JpegImageFile,
    "image/png": PngImagePlugin.PngImageFile,
}
# scripts, program launches, attachments and XFA forms (which carry scripts) are refused
_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/XFA"}
)
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
_ACTIVE_RAW = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|XFA)\b")
_MAX_PDF_NODES = 200_000  # bounds the walk over a hostile object graph


@dataclass(frozen=True)
class Inspected:
    media_type: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    thumbnail: bytes | None = None  # JPEG; None for PDFs (the placeholder is served)


def sniff(data: bytes) -> str:
    """The media type by magic bytes; the name and the client's content-type are ignored."""
    if not data:
        raise AppError(422, "document_empty")
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    raise AppError(415, "document_type_unsupported")


def inspect_content(data: bytes) -> Inspected:
    media_type = sniff(data)
    if media_type == "application/pdf":
        return _inspect_pdf(data)
    return _inspect_image(data, media_type)


# ---------------------------------------------------------------- images


def _inspect_image(data: bytes, media_type: str) -> Inspected:
    width, height = _header_size(data, media_type)
    if width * height > MAX_IMAGE_PIXELS:
        raise AppError(422, "image_too_many_pixels", limit=MAX_IMAGE_PIXELS // 1_000_000)
    image = _decode(data)
    return Inspected(media_type, width, height, thumbnail=_thumbnail(image))


def _header_size(data: bytes, media_type: str) -> tuple[int, int]:
    """Width and height from the header alone (the plugin class, unlike Image.open, does not
    run Pillow's own bomb check first, so we can answer with our own code)."""
    try:
        with _IMAGE_CLASSES[media_type](io.BytesIO(data)) as header:
            width, height = header.size
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AppError(422, "image_corrupt") from exc
    return width, height


def _decode(data: bytes) -> Image.Image:
    """Decode every pixel: truncated or corrupt files fail here, not later in someone's viewer."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # PNG chunk CRCs, structure
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise AppError(422, "image_too_many_pixels", limit=MAX_IMAGE_PIXELS // 1_000_000) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AppError(422, "image_corrupt") from exc
    return image


def _thumbnail(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image = image.convert("RGB")
    image.thumbnail((THUMB_EDGE, THUMB_EDGE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def pdf_placeholder() -> bytes:
    """A page-with-"PDF" icon served as the thumbnail of every PDF (we do not render PDFs)."""
    return _PLACEHOLDER


def _draw_placeholder() -> bytes:
    image = Image.new("RGB", (180, THUMB_EDGE), "white")
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 10), (125, 10), (160, 45), (160, 230), (20, 230)], outline="gray", width=4)
    draw.rectangle([(35, 140), (145, 190)], fill=(198, 40, 40))
    draw.text((62, 152), "PDF", fill="white", font_size=28)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


_PLACEHOLDER = _draw_placeholder()


# ---------------------------------------------------------------- PDF


def _inspect_pdf(data: bytes) -> Inspected:
    if not re.match(rb"%PDF-[12]\.\d", data) or b"%%EOF" not in data[-1024:]:
        raise AppError(422, "pdf_invalid")
    if _ACTIVE_RAW.search(data):
        raise AppError(422, "pdf_active_content")
    reader = _read_pdf(data)
    if reader.is_encrypted:
        raise AppError(422, "pdf_encrypted")
    pages = _page_count(reader)
    if pages > MAX_PDF_PAGES:
        raise AppError(422, "pdf_too_many_pages", limit=MAX_PDF_PAGES)
    if _has_active_content(reader):  # names can be #-escaped or hidden in object streams
        raise AppError(422, "pdf_active_content")
    return Inspected("application/pdf", pages=pages)


def _read_pdf(data: bytes) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise AppError(422, "pdf_invalid") from exc


def _page_count(reader: PdfReader) -> int:
    try:
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise AppError(422, "pdf_invalid") from exc
    if pages < 1:
        raise AppError(422, "pdf_invalid")
    return pages


def _has_active_content(reader: PdfReader) -> bool:
    try:
        return any(_active(reader.get_object(num), [0]) for num in _object_numbers(reader))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise AppError(422, "pdf_invalid") from exc


def _object_numbers(reader: PdfReader) -> list[int]:
    numbers = {num for table in reader.xref.values() for num in table}
    return sorted(numbers | set(reader.xref_objStm))


def _name(obj: DictionaryObject, key: str) -> object:
    value = obj.get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _active(obj: PdfObject | None, budget: list[int]) -> bool:
    """Walk one indirect object's direct children (each indirect one is visited on its own)."""
    budget[0] += 1
    if budget[0] > _MAX_PDF_NODES:
        raise AppError(422, "pdf_invalid")
    if isinstance(obj, DictionaryObject):
        if _ACTIVE_KEYS & set(obj.keys()) or _name(obj, "/S") in _ACTIVE_ACTIONS:
            return True
        if _name(obj, "/Subtype") == "/FileAttachment":
            return True
        values = [v for v in obj.values() if not isinstance(v, IndirectObject)]
        return any(_active(v, budget) for v in values)
    if isinstance(obj, ArrayObject):
        return any(_active(v, budget) for v in obj if not isinstance(v, IndirectObject))
    return False
