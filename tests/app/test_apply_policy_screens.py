"""Screen tests: the one policy on the apply and fix screens — a fix resubmitted over a change
made meanwhile (412) says so once and shows the application as it is now; an expired session
during submit, resubmit or an upload signs out to the welcome screen; an upload whose answer
was lost is sent again with the same Idempotency-Key and kept once."""

from __future__ import annotations

from typing import Any

import httpx

from app.services.tokens import TOKEN_KEY
from server.messages import message
from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_applications_support import (
    APPS,
    KK_SERVICE,
    World,
    act,
    file_directly,
    fill_profile,
    jpeg,
    kk_payload,
    officer,
    upload,
    world_fixture,  # noqa: F401
)

APPLY = f"/home/services/{KK_SERVICE}/apply"
DOCUMENTS = "/api/v1/me/documents"


async def needing_a_fix(w: World, ask: str = "Sebutkan nama anak.") -> dict[str, Any]:
    await fill_profile(w)
    app = await file_directly(w, kk_payload(await upload(w, "kk"), await upload(w, "other")))
    staff = await officer(w)
    await act(w, staff, app["id"], action="start_review")
    items = [{"target": "keterangan", "message": ask}]
    return await act(w, staff, app["id"], action="request_revision", items=items)


async def fixed_elsewhere(w: World, app: dict[str, Any]) -> None:
    """The citizen's other phone sends a fix; the officer asks for another one."""
    current = (await w.client.get(f"{APPS}/{app['id']}", headers=w.auth)).json()
    body = {
        "answers": current["answers"],
        "attachments": [
            {"requirement": a["requirement"], "document_id": a["document_id"]}
            for a in current["attachments"]
        ],
    }
    headers = w.auth | {"If-Match": f'"{current["version"]}"'}
    resp = await w.client.post(f"{APPS}/{app['id']}/resubmit", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    staff = await officer(w)
    await act(w, staff, app["id"], action="start_review")
    items = [{"target": "keterangan", "message": "Lampirkan akta kelahiran anak."}]
    await act(w, staff, app["id"], action="request_revision", items=items)


async def revoke(w: World) -> None:
    """The session ends on the server (e.g. signed out on another device)."""
    resp = await w.client.post("/api/v1/auth/logout", headers=w.auth)
    assert resp.status_code == 204, resp.text


def signed_out(h: FletHarness) -> bool:
    return h.route == "/" and TOKEN_KEY not in h.secure_storage


async def test_a_fix_over_a_change_made_meanwhile_says_so_and_reloads(world: World) -> None:
    app = await needing_a_fix(world)
    async with world.harness(f"/home/applications/{app['id']}") as h:
        await h.click(identifier="application-fix")
        await h.type("Anak kedua: Budi Santoso", identifier="apply-field-keterangan")
        await fixed_elsewhere(world, app)
        await h.click(identifier="application-resubmit")
        error = h.text_of(identifier="application-fix-error")
        assert error == message("application_changed", "id"), h.outline()
        item = h.text_of(identifier="application-revision-item-0")
        assert "Lampirkan akta kelahiran anak." in item  # reloaded under the form
        assert h.input(identifier="apply-field-keterangan").value == "Anak kedua: Budi Santoso"
        await h.click(identifier="application-resubmit")  # now on the version shown
        assert h.text_of(identifier="application-notice") == t("application.resubmitted")
        assert not h.exists(identifier="application-fix-error")
    filed = (await world.client.get(f"{APPS}/{app['id']}", headers=world.auth)).json()
    assert filed["status"] == "submitted"
    assert filed["answers"]["keterangan"] == "Anak kedua: Budi Santoso"


async def test_an_expired_session_during_the_fix_signs_out(world: World) -> None:
    app = await needing_a_fix(world)
    async with world.harness(f"/home/applications/{app['id']}") as h:
        await h.click(identifier="application-fix")
        await h.type("Anak kedua: Budi Santoso", identifier="apply-field-keterangan")
        await revoke(world)
        await h.click(identifier="application-resubmit")
        assert signed_out(h), h.outline()


async def test_an_expired_session_during_submit_signs_out_and_forgets_the_form(
    world: World,
) -> None:
    await fill_profile(world)
    await upload(world, "kk")
    support = await upload(world, "other", "Akta kelahiran anak")
    async with world.harness(APPLY) as h:
        await h.select("tambah-anggota", identifier="apply-field-jenis")
        await h.type("Menambah anak kedua", identifier="apply-field-keterangan")
        await h.select(support, identifier="apply-attach-dokumen-pendukung")
        await revoke(world)
        await h.click(identifier="apply-submit")
        assert signed_out(h), h.outline()
        personal = ("satupintu.outbox", "satupintu.draft")
        assert not [k for k in h.secure_storage if k.startswith(personal)]
    assert await world.app_count() == 0


def pick_answer(h: FletHarness, name: str, data: bytes) -> None:
    """The device's file picker returns this file."""
    h.on_method(
        "FilePicker",
        "pick_files",
        lambda _: [{"id": 0, "name": name, "size": len(data), "path": None, "bytes": data}],
    )


async def test_an_expired_session_during_an_upload_signs_out(world: World) -> None:
    await fill_profile(world)
    async with world.harness(APPLY) as h:
        pick_answer(h, "kk.jpg", jpeg())
        await revoke(world)
        await h.click(identifier="apply-attach-kk-upload")
        assert signed_out(h), h.outline()


class LosingUploads(httpx.AsyncBaseTransport):
    """The server files the upload; its answer is lost on the way back (once)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.lose, self.keys = inner, 1, list[str]()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path == DOCUMENTS:
            self.keys.append(request.headers.get("Idempotency-Key", ""))
            if self.lose:
                self.lose -= 1
                await response.aread()
                raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


async def test_a_lost_upload_answer_is_sent_again_with_the_same_key(world: World) -> None:
    await fill_profile(world)
    losing = LosingUploads(world.wire.inner)
    world.wire.inner = losing
    async with world.harness(APPLY) as h:
        pick_answer(h, "kk.jpg", jpeg())
        await h.click(identifier="apply-attach-kk-upload")
        assert h.exists(identifier="apply-attach-error"), h.outline()
        await h.click(identifier="apply-attach-retry")
        assert not h.exists(identifier="apply-attach-error")
        picked = h.input(identifier="apply-attach-kk").value
    assert len(losing.keys) == 2 and len(set(losing.keys)) == 1
    wallet = (await world.client.get(DOCUMENTS, headers=world.auth)).json()["documents"]
    assert [d["id"] for d in wallet] == [picked]  # one document, the one picked
