"""Unit tests: the back office's stores — `OfficerQueueStore` (filters, pages, receipt lookups)
and `OfficerApplicationStore` (steps with If-Match; 412 and 409 through the one changed +
reload policy; checks before sending; the result upload with progress and one Idempotency-Key
across retries; sign-out) — over a scripted server at the transport."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import httpx
from PIL import Image

from app.services.api import ApiClient
from app.state.officer import DraftItem, QueueFilters
from app.state.officer_application import OfficerApplicationStore
from app.state.officer_queue import OfficerQueueStore
from app.state.store import Note
from contracts.applications import (
    RECEIPT_PREFIX,
    ActionIn,
    ApplicationStatus,
    OfficerAction,
    OfficerApplicationDetail,
    OfficerApplicationPage,
)
from contracts.documents import DocumentType
from tests.app.test_officer_state import detail, summary

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


class Server:
    """Answers by "METHOD path-suffix" (the first matching key; a list answers in turn)."""

    def __init__(self, answers: dict[str, Answer | list[Answer]]) -> None:
        self.answers = answers
        self.seen: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        for key, answer in self.answers.items():
            method, suffix = key.split(" ")
            if request.method == method and request.url.path.endswith(suffix):
                if isinstance(answer, list):
                    answer = answer.pop(0)
                return answer(request) if callable(answer) else answer
        return httpx.Response(500)

    def api(self) -> ApiClient:
        transport = httpx.MockTransport(self.handle)
        return ApiClient(httpx.AsyncClient(transport=transport, base_url="http://x"))

    def calls(self) -> list[str]:
        return [f"{r.method} {r.url.path.rsplit('/', 1)[-1]}" for r in self.seen]


def ok(model: OfficerApplicationDetail | OfficerApplicationPage | dict[str, str]) -> httpx.Response:
    body = model if isinstance(model, dict) else model.model_dump(mode="json")
    return httpx.Response(200, json=body)


def error(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": code}})


def later(status: ApplicationStatus, version: int = 2) -> OfficerApplicationDetail:
    return detail().model_copy(update={"version": version, "status": status})


async def opened(server: Server) -> tuple[OfficerApplicationStore, OfficerQueueStore]:
    """Both stores as build_deps makes them; the queue shows id-1, the detail is open."""
    api = server.api()
    queue = OfficerQueueStore(api)
    queue.queue = queue.queue.with_page(OfficerApplicationPage(items=[summary(1)]), append=False)
    store = OfficerApplicationStore(api, queue)
    store.app_id, store.detail = "id-1", detail()
    return store, queue


async def test_a_step_carries_the_version_seen_and_updates_the_queue_row() -> None:
    server = Server({"POST /actions": ok(later(ApplicationStatus.IN_REVIEW))})
    store, queue = await opened(server)
    assert await store.act(ActionIn(action=OfficerAction.START_REVIEW))
    assert server.seen[0].headers["If-Match"] == '"1"'
    assert store.detail is not None and store.detail.version == 2
    assert store.notice == Note("review.done", named={"status": "review.status.in_review"})
    assert queue.queue.items[0].status is ApplicationStatus.IN_REVIEW
    assert not store.changed and not store.busy


async def test_a_412_is_changed_with_its_message_and_reloads() -> None:
    newer = later(ApplicationStatus.IN_REVIEW)
    server = Server({"POST /actions": error(412, "application_changed"), "GET /id-1": ok(newer)})
    store, queue = await opened(server)
    assert await store.act(ActionIn(action=OfficerAction.START_REVIEW))  # the dialog may close
    assert store.changed and store.problem == Note("review.changed")
    assert store.detail == newer and store.notice is None
    assert queue.queue.items[0].status is ApplicationStatus.IN_REVIEW
    assert server.calls() == ["POST actions", "GET id-1"]


async def test_a_step_the_status_no_longer_allows_reloads_too() -> None:
    newer = later(ApplicationStatus.PROCESSING)
    server = Server({"POST /actions": error(409, "transition_invalid"), "GET /id-1": ok(newer)})
    store, _ = await opened(server)
    assert await store.act(ActionIn(action=OfficerAction.REJECT, note="x"))
    assert store.changed and store.problem == Note("review.stale_step")
    assert store.detail == newer


async def test_other_refusals_stay_in_the_dialog() -> None:
    server = Server({"POST /actions": error(422, "rejection_reason_required")})
    store, _ = await opened(server)
    assert not await store.reject("  alasan  ")
    assert not store.changed and store.problem is not None
    assert store.problem.text == "rejection_reason_required"
    assert json.loads(server.seen[0].content)["note"] == "alasan"


async def test_what_is_missing_is_said_before_anything_is_sent() -> None:
    server = Server({})
    store, _ = await opened(server)
    assert not await store.reject("   ")
    assert store.problem == Note("review.reject.required")
    assert not await store.request_revision((DraftItem("nama_anak", "  "),))
    assert store.problem == Note("review.revision.empty")
    store.start_completion()
    assert not await store.complete(DocumentType.SURAT_KETERANGAN, "", " ")
    assert store.problem == Note("review.complete.required")
    assert server.seen == []


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "blue").save(out, format="JPEG")
    return out.getvalue()


async def test_a_result_upload_shows_progress_and_a_retry_reuses_its_key() -> None:
    done = later(ApplicationStatus.COMPLETED)
    progress: list[float | None] = []

    def stored(_: httpx.Request) -> httpx.Response:
        progress.append(store.progress)  # the body has been read: all of it was sent
        return ok({"document_id": "doc-9"})

    server = Server(
        {"POST /result": [error(503, "unavailable"), stored], "POST /actions": ok(done)}
    )
    store, _ = await opened(server)
    store.start_completion()
    await store.pick_result(jpeg(), "hasil.jpg")
    assert store.result is not None and store.result.name == "hasil.jpg"
    assert not await store.complete(DocumentType.AKTA_KELAHIRAN, " Akta  Budi ", "")
    assert store.can_retry and store.result is not None  # kept for "Coba lagi"
    assert store.progress is None
    assert await store.complete(DocumentType.AKTA_KELAHIRAN, " Akta  Budi ", "")
    keys = [r.headers["Idempotency-Key"] for r in server.seen if r.url.path.endswith("/result")]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert b"Akta Budi" in server.seen[1].content
    assert json.loads(server.seen[2].content)["result_document_id"] == "doc-9"
    assert server.seen[2].headers["If-Match"] == '"1"'
    assert progress == [1.0]
    assert store.result is None and store.progress is None and store.detail == done


async def test_the_queue_filters_pages_and_ignores_late_answers() -> None:
    pages: list[Answer] = [
        ok(OfficerApplicationPage(items=[summary(1), summary(2)], next_cursor="c2")),
        ok(OfficerApplicationPage(items=[summary(2), summary(3)])),
    ]

    def changed_meanwhile(_: httpx.Request) -> httpx.Response:
        queue.filters = QueueFilters(service="kia")  # the officer picked another filter
        return ok(OfficerApplicationPage(items=[summary(4)]))

    server = Server({"GET /applications": [*pages, changed_meanwhile]})
    queue = OfficerQueueStore(server.api())
    await queue.filter(overdue=True)
    assert queue.filters == QueueFilters(overdue=True)
    await queue.more()
    assert [i.id for i in queue.queue.items] == ["id-1", "id-2", "id-3"]
    assert queue.queue.next_cursor is None
    params = [dict(r.url.params) for r in server.seen]
    assert params[0]["overdue"] == "true" and "cursor" not in params[0]
    assert params[1]["cursor"] == "c2"
    await queue.refresh()
    assert queue.queue.items == () and not queue.queue.loaded  # the late page is not shown


async def test_a_receipt_lookup_is_handed_to_the_detail_once() -> None:
    found = detail()
    server = Server(
        {"GET /SP-00404": error(404, "application_not_found"), "GET /SP-00001": ok(found)}
    )
    api = server.api()
    queue = OfficerQueueStore(api)
    store = OfficerApplicationStore(api, queue)
    assert await queue.open_typed("SP 1") is None
    assert queue.problem == Note("review.scan.number_invalid") and server.seen == []
    assert await queue.open_receipt("SP-00404") is None
    assert queue.problem == Note("review.scan.not_found", {"tracking": "SP-00404"})
    assert await queue.open_typed(f"{RECEIPT_PREFIX}SP-00001\n") == "id-1"
    assert queue.problem is None
    await store.open("id-1")
    assert store.detail == found and store.problem is None
    assert [c for c in server.calls() if c.startswith("GET id-")] == []  # not read twice


async def test_sign_out_forgets_both() -> None:
    server = Server({})
    store, queue = await opened(server)
    store.opened = {"d1": b"x"}
    queue.scanned = detail()
    await store.forget()
    await queue.forget()
    assert store.detail is None and store.opened == {} and store.app_id == ""
    assert queue.queue.items == () and queue.scanned is None
