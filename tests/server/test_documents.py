"""Tests: the document wallet API on SQLite and PostgreSQL — every rejection stores nothing."""

import asyncio
import io
import struct
import tempfile
import zlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.access import Purpose
from contracts.documents import MAX_DOCUMENT_BYTES
from server.access.models import AccessLog
from server.db import utcnow
from server.documents import storage
from server.documents.models import Document, DocumentContent
from tests.builders import PASSWORD, login, make_citizen, make_staff
from tests.conftest import TEST_SECRET

URL = "/api/v1/me/documents"


# ---------------------------------------------------------------- file builders


def jpeg(size: tuple[int, int] = (640, 480), noise: bool = True) -> bytes:
    image = Image.effect_noise(size, 80).convert("RGB") if noise else Image.new("RGB", size, "red")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def png(size: tuple[int, int] = (300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 128)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A few hundred bytes that claim width×height pixels (one zlib stream of zero rows)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    rows = zlib.compress(b"\x00" * 100_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")
    )


def pdf(pages: int = 1, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handmade_pdf(catalog_extra: str) -> bytes:
    """A minimal PDF with correct xref offsets and `catalog_extra` inside the catalog dict."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


# ---------------------------------------------------------------- helpers


async def citizen(api: httpx.AsyncClient, **overrides: Any) -> tuple[str, dict[str, str]]:
    person = await make_citizen(api, **overrides)
    return person["id"], await login(api, person["nik"])


async def post(
    api: httpx.AsyncClient,
    auth: dict[str, str],
    data: bytes,
    *,
    doc_type: str = "ktp",
    name: str = "scan.jpg",
    content_type: str = "image/jpeg",
    title: str | None = None,
    key: str | None = None,
) -> httpx.Response:
    fields = {"type": doc_type} | ({"title": title} if title is not None else {})
    headers = auth | ({"Idempotency-Key": key} if key else {})
    files = {"file": (name, data, content_type)}
    return await api.post(URL, data=fields, files=files, headers=headers)


async def stored(db: AsyncSession) -> tuple[int, int]:
    docs = await db.scalar(select(func.count()).select_from(Document))
    contents = await db.scalar(select(func.count()).select_from(DocumentContent))
    return int(docs or 0), int(contents or 0)


def code(resp: httpx.Response) -> str:
    return str(resp.json()["error"]["code"])


# ---------------------------------------------------------------- rejections


REJECTIONS = [
    pytest.param(b"", "scan.jpg", 422, "document_empty", id="empty"),
    pytest.param(
        b"GIF89a" + b"\x00" * 200, "photo.jpg", 415, "document_type_unsupported", id="gif-named-jpg"
    ),
    pytest.param(
        b"MZ\x90\x00" + b"\x00" * 500,
        "ktp.jpg",
        415,
        "document_type_unsupported",
        id="exe-named-jpg",
    ),
    pytest.param(png_bomb(60_000, 60_000), "bomb.png", 422, "image_too_many_pixels", id="png-bomb"),
    pytest.param(png_bomb(6_000, 5_000), "big.png", 422, "image_too_many_pixels", id="png-30mp"),
    pytest.param(jpeg()[:6000], "cut.jpg", 422, "image_corrupt", id="truncated-jpeg"),
    pytest.param(png()[:-20], "cut.png", 422, "image_corrupt", id="truncated-png"),
    pytest.param(pdf().rsplit(b"%%EOF", 1)[0], "doc.pdf", 422, "pdf_invalid", id="pdf-no-eof"),
    pytest.param(b"%PDF-1.4\n%%EOF\n", "doc.pdf", 422, "pdf_invalid", id="pdf-no-body"),
    pytest.param(pdf(password="rahasia"), "doc.pdf", 422, "pdf_encrypted", id="pdf-encrypted"),
    pytest.param(
        handmade_pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "doc.pdf",
        422,
        "pdf_active_content",
        id="pdf-javascript",
    ),
    pytest.param(
        handmade_pdf("/OpenAction << /S /Lau#6Ech /F (calc.exe) >>"),
        "doc.pdf",
        422,
        "pdf_active_content",
        id="pdf-escaped-launch",
    ),
    pytest.param(pdf(pages=31), "doc.pdf", 422, "pdf_too_many_pages", id="pdf-31-pages"),
]


@pytest.mark.parametrize(("data", "name", "status", "error"), REJECTIONS)
async def test_rejected_upload_stores_nothing(
    api: httpx.AsyncClient, db: AsyncSession, data: bytes, name: str, status: int, error: str
) -> None:
    _, auth = await citizen(api)
    resp = await post(api, auth, data, name=name, content_type="image/jpeg")
    assert resp.status_code == status, resp.text
    assert code(resp) == error
    assert resp.json()["error"]["message"]  # a clear Indonesian message
    assert await stored(db) == (0, 0)


async def test_too_large_with_content_length(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, auth = await citizen(api)
    data = b"\xff\xd8\xff" + b"\x00" * MAX_DOCUMENT_BYTES
    resp = await post(api, auth, data)
    assert resp.status_code == 413 and code(resp) == "document_too_large"
    assert "5 MB" in resp.json()["error"]["message"]
    assert await stored(db) == (0, 0)


async def test_too_large_streamed_without_length_is_cut_off(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    _, auth = await citizen(api)
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        head = b'--b\r\nContent-Disposition: form-data; name="type"\r\n\r\nktp\r\n'
        head += b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'
        yield head
        for _ in range(100):  # 100 × 256 KiB = 25 MiB offered
            sent += 1
            yield b"\xff" * 256 * 1024

    headers = auth | {"Content-Type": "multipart/form-data; boundary=b"}
    resp = await api.post(URL, content=body(), headers=headers)
    assert resp.status_code == 413 and code(resp) == "document_too_large"
    assert sent < 30  # stopped reading soon after the limit
    assert await stored(db) == (0, 0)


async def test_form_errors(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, auth = await citizen(api)
    resp = await api.post(
        URL, data={"type": "passport"}, files={"file": ("a.jpg", jpeg())}, headers=auth
    )
    assert resp.status_code == 422
    assert [f["field"] for f in resp.json()["error"]["fields"]] == ["type"]
    resp = await api.post(
        URL, data={"type": "ktp"}, files={"photo": ("a.jpg", jpeg())}, headers=auth
    )
    assert resp.status_code == 422
    assert [f["field"] for f in resp.json()["error"]["fields"]] == ["file"]
    resp = await api.post(URL, json={"type": "ktp"}, headers=auth)
    assert resp.status_code == 415
    assert await stored(db) == (0, 0)


# ---------------------------------------------------------------- success


@pytest.mark.parametrize(
    ("maker", "name", "media_type", "doc_type"),
    [
        (jpeg, "ktp.jpg", "image/jpeg", "ktp"),
        (png, "kk.png", "image/png", "kk"),
        (pdf, "ijazah.pdf", "application/pdf", "ijazah"),
    ],
)
async def test_upload_list_thumbnail_download(
    api: httpx.AsyncClient,
    db: AsyncSession,
    maker: Any,
    name: str,
    media_type: str,
    doc_type: str,
) -> None:
    _, auth = await citizen(api)
    data = maker()
    # the client's content-type is ignored: the server trusts only the bytes
    resp = await post(
        api, auth, data, doc_type=doc_type, name=name, content_type="text/plain", title=" Asli  "
    )
    assert resp.status_code == 201, resp.text
    doc = resp.json()
    assert doc["type"] == doc_type and doc["media_type"] == media_type and doc["size"] == len(data)
    assert doc["title"] == "Asli"

    listed = (await api.get(URL, headers=auth)).json()["documents"]
    assert [d["id"] for d in listed] == [doc["id"]]

    thumb = await api.get(doc["thumbnail_url"], headers=auth)
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumb.content)) as image:
        assert image.format == "JPEG" and max(image.size) <= 240

    got = await api.get(doc["file_url"], headers=auth)
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == media_type
    assert "attachment" in got.headers["content-disposition"]


async def test_a_large_upload_never_spills_to_a_temp_file(
    api: httpx.AsyncClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starlette spools uploads over 1 MB to a plaintext temp file; ours stay in memory."""
    rollovers: list[object] = []
    real = tempfile.SpooledTemporaryFile.rollover

    def watched(self: tempfile.SpooledTemporaryFile[bytes]) -> None:
        rollovers.append(self)
        real(self)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", watched)
    _, auth = await citizen(api)
    data = jpeg((2400, 2000))
    assert 2 * 1024 * 1024 < len(data) <= MAX_DOCUMENT_BYTES
    assert (await post(api, auth, data)).status_code == 201
    assert rollovers == []


async def test_content_is_encrypted_at_rest(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, auth = await citizen(api)
    data = jpeg()
    doc = (await post(api, auth, data)).json()
    row = await db.get(DocumentContent, doc["id"])
    assert row is not None
    assert data[100:164] not in row.content  # no plaintext run on disk
    assert storage.open_sealed(TEST_SECRET, doc["id"], "content", row.content) == data
    with pytest.raises(storage.DecryptError):  # bound to its own row
        storage.open_sealed(TEST_SECRET, "another-id", "content", row.content)


async def test_new_ktp_supersedes_old_one_but_keeps_it(api: httpx.AsyncClient) -> None:
    _, auth = await citizen(api)
    old = (await post(api, auth, jpeg(noise=False))).json()
    new = (await post(api, auth, jpeg())).json()
    other = (await post(api, auth, pdf(), doc_type="ijazah")).json()
    current = (await api.get(URL, headers=auth)).json()["documents"]
    assert {d["id"] for d in current} == {new["id"], other["id"]}
    history = (await api.get(URL, params={"history": "true"}, headers=auth)).json()["documents"]
    superseded = {d["id"]: d["superseded_at"] for d in history}
    assert superseded[old["id"]] is not None and superseded[new["id"]] is None
    # applications may still refer to the old one: it stays readable by its id
    assert (await api.get(old["file_url"], headers=auth)).status_code == 200


async def test_delete(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _, auth = await citizen(api)
    doc = (await post(api, auth, png())).json()
    assert (await api.delete(f"{URL}/{doc['id']}", headers=auth)).status_code == 204
    assert await stored(db) == (0, 0)
    assert (await api.get(doc["file_url"], headers=auth)).status_code == 404
    assert (await api.delete(f"{URL}/{doc['id']}", headers=auth)).status_code == 404


async def test_other_citizen_gets_404(api: httpx.AsyncClient) -> None:
    _, owner = await citizen(api)
    _, stranger = await citizen(api)
    doc = (await post(api, owner, jpeg())).json()
    for path in (doc["file_url"], doc["thumbnail_url"]):
        assert (await api.get(path, headers=stranger)).status_code == 404
    assert (await api.delete(f"{URL}/{doc['id']}", headers=stranger)).status_code == 404
    assert (await api.get(URL, headers=stranger)).json()["documents"] == []
    assert (await api.get(doc["file_url"])).status_code == 401


# ---------------------------------------------------------------- idempotency


async def test_retry_with_same_key_returns_first_result(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    _, auth = await citizen(api)
    data = jpeg()
    first = await post(api, auth, data, key="upload-1")
    again = await post(api, auth, data, key="upload-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await stored(db) == (1, 1)

    changed = await post(api, auth, jpeg(noise=False), key="upload-1")
    assert changed.status_code == 422 and code(changed) == "idempotency_key_reused"
    other_type = await post(api, auth, data, key="upload-1", doc_type="kk")
    assert other_type.status_code == 422
    assert await stored(db) == (1, 1)
    # keys belong to one citizen: another citizen's same key is a new upload
    _, other = await citizen(api)
    assert (await post(api, other, data, key="upload-1")).json()["id"] != first.json()["id"]


async def test_parallel_retries_with_one_key_store_one_document(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    _, auth = await citizen(api)
    data = jpeg()
    answers = await asyncio.gather(*(post(api, auth, data, key="same") for _ in range(3)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses[0] == 201 and set(statuses) <= {201, 409}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    assert await stored(db) == (1, 1)


# ---------------------------------------------------------------- staff


async def test_staff_download_needs_a_live_grant_and_is_logged(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    from server.profile import grants

    citizen_id, auth = await citizen(api)
    data = pdf()
    doc = (await post(api, auth, data, doc_type="akta_kelahiran")).json()
    officer = await make_staff(db, agency_code="DUKCAPIL")
    stranger = await make_staff(db, agency_code="BPJS")
    staff_auth = await login(api, officer.username or "")
    url = f"/api/v1/officer/citizens/{citizen_id}/documents/{doc['id']}/file"

    no_grant = await api.get(url, params={"purpose": "document_check"}, headers=staff_auth)
    assert no_grant.status_code == 404
    assert (await api.get(url, headers=staff_auth)).status_code == 422  # purpose is required

    now = utcnow()
    grants.create_grant(db, citizen_id, officer, Purpose.DOCUMENT_CHECK, now)
    grants.create_grant(db, citizen_id, stranger, Purpose.DOCUMENT_CHECK, now - timedelta(days=1))
    await db.commit()
    ok = await api.get(url, params={"purpose": "document_check"}, headers=staff_auth)
    assert ok.status_code == 200 and ok.content == data

    other_agency = await login(api, stranger.username or "")
    assert (
        await api.get(url, params={"purpose": "document_check"}, headers=other_agency)
    ).status_code == 404
    # staff have no wallet of their own; the citizen themself cannot use the staff route
    assert (await post(api, staff_auth, pdf())).status_code == 403
    assert (
        await api.get(url, params={"purpose": "document_check"}, headers=auth)
    ).status_code == 403

    entries = (await db.scalars(select(AccessLog))).all()
    assert [(e.actor_id, e.purpose, e.resource) for e in entries] == [
        (officer.id, Purpose.DOCUMENT_CHECK, f"documents/{doc['id']}")
    ]
    log = (await api.get("/api/v1/me/access-log", headers=auth)).json()["entries"]
    assert log[0]["fields"] == ["document.akta_kelahiran"]


# ---------------------------------------------------------------- data rights


async def test_export_lists_documents_and_purge_erases_them(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    from server.app import wiring
    from server.rights import service as rights

    _, auth = await citizen(api)
    _, other = await citizen(api)
    doc = (await post(api, auth, png(), doc_type="photo")).json()
    await post(api, other, png())
    sections = (await api.get("/api/v1/me/export", headers=auth)).json()["sections"]
    assert [d["id"] for d in sections["documents"]] == [doc["id"]]

    confirm = {"password": PASSWORD}
    resp = await api.post("/api/v1/me/deletion-request", json=confirm, headers=auth)
    assert resp.status_code == 202
    await rights.purge_deleted(db, utcnow() + timedelta(days=31), wiring().erasers)
    await db.commit()
    assert await stored(db) == (1, 1)  # only the other citizen's document is left


async def test_identity_check_opens_only_the_profile_photo(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    from server.profile import grants
    from server.profile.models import CitizenProfile

    citizen_id, auth = await citizen(api)
    photo = (await post(api, auth, png(), doc_type="photo")).json()
    ktp = (await post(api, auth, jpeg())).json()
    db.add(CitizenProfile(account_id=citizen_id, photo_document_id=photo["id"]))
    officer = await make_staff(db)
    grants.create_grant(db, citizen_id, officer, Purpose.IDENTITY_CHECK, utcnow())
    await db.commit()
    staff_auth = await login(api, officer.username or "")
    base = f"/api/v1/officer/citizens/{citizen_id}/documents"
    purpose = {"purpose": "identity_check"}

    shown = await api.get(f"{base}/{photo['id']}/file", params=purpose, headers=staff_auth)
    assert shown.status_code == 200 and shown.content.startswith(b"\x89PNG")
    refused = await api.get(f"{base}/{ktp['id']}/file", params=purpose, headers=staff_auth)
    assert refused.status_code == 403 and code(refused) == "purpose_not_allowed"
    entries = (await db.scalars(select(AccessLog))).all()
    assert [(e.purpose, e.fields) for e in entries] == [
        (Purpose.IDENTITY_CHECK, ["document.photo"])
    ]
