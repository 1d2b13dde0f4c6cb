"""State layer: one application in the officer's back office — `OfficerApplicationStore` (load,
attachments on demand, each workflow step sent with If-Match, a stale one reloading with a
clear message, revision items, rejection with a reason, completion with a result upload with
progress and an Idempotency-Key); no controls."""

import asyncio
import contextlib
from dataclasses import dataclass, field

from app.services import officer_api
from app.services.api import ApiClient
from app.services.errors import ApiError, NotFoundError, PreconditionFailed
from app.services.image_prep import Prepared, PrepError, prepare
from app.state.officer import TRANSITION_INVALID, DraftItem, revision_items
from app.state.officer_queue import OfficerQueueStore
from app.state.store import Note, Store
from contracts.applications import (
    ActionIn,
    AttachmentOut,
    OfficerAction,
    OfficerApplicationDetail,
)
from contracts.catalog import FormDefinition
from contracts.documents import DocumentType


class ChangedByAnother(PreconditionFailed):
    """412: someone acted on the application since it was read (the If-Match was stale)."""

    catalog_key = "review.changed"


class StepNoLongerAllowed(PreconditionFailed):
    """409 transition_invalid: the step does not apply to the status any more; like a 412, the
    store shows what is true now."""

    catalog_key = "review.stale_step"


async def step(
    api: ApiClient, detail: OfficerApplicationDetail, action: ActionIn
) -> OfficerApplicationDetail:
    """One workflow step with the version on screen as If-Match. A stale version and a step
    the status no longer allows are both a `PreconditionFailed` (the one 412 policy of
    `Store.run`: `changed`, the message, reload), each with its own message."""
    try:
        return await officer_api.act(api, detail.id, action, detail.version)
    except PreconditionFailed as exc:
        raise ChangedByAnother(code=exc.code, status=exc.status) from exc
    except ApiError as exc:
        if exc.code != TRANSITION_INVALID:
            raise
        raise StepNoLongerAllowed(code=exc.code, status=exc.status) from exc


@dataclass(frozen=True)
class ResultFile:
    """A picked result document, shrunk if a photo; the key makes a retried upload safe."""

    name: str
    file: Prepared
    idempotency_key: str = field(default_factory=officer_api.new_idempotency_key)


async def prepare_result(data: bytes, name: str) -> ResultFile:
    """Raises image_prep.PrepError (size, type); CPU work off the UI thread."""
    return ResultFile(name, await asyncio.to_thread(prepare, data, name))


class OfficerApplicationStore(Store):
    """The application open in the back office; one per app session. Personal (a citizen's
    data and files): forgotten at sign-out. Steps keep the queue's row in step."""

    def __init__(self, api: ApiClient, queue: OfficerQueueStore) -> None:
        super().__init__()
        self._api, self._queue = api, queue
        self.app_id = ""
        self.tried = ""  # the id asked for last (the retry button shows only after asking)
        self.detail: OfficerApplicationDetail | None = None
        self.form: FormDefinition | None = None  # the form it was filed with (answer labels)
        self.opened: dict[str, bytes] = {}  # attachments fetched, by document id
        self.result: ResultFile | None = None  # the completion's picked result document
        self.progress: float | None = None  # the result upload on its way (0..1)

    async def open(self, app_id: str) -> None:
        """Show one application: the one a receipt lookup just read, else read it."""
        if app_id != self.app_id:
            self.app_id, self.detail, self.form, self.opened = app_id, None, None, {}
        scanned = self._queue.take_scanned(app_id)
        if scanned is not None:
            self.clear()
            self._show(scanned)
        else:
            await self.run(self._read)
        self.tried = app_id
        await self._load_form()

    async def refresh(self) -> None:
        await self.run(self._read)

    async def reload(self) -> None:
        """What is true on the server now (also after a 412: the queue's row too)."""
        detail = await officer_api.get(self._api, self.app_id)
        self._show(detail)
        self._queue.updated(detail)

    def clear(self) -> None:
        """A dialog opens or closes: no earlier message is shown in or under it."""
        self.problem, self.notice, self.fields = None, None, {}
        self.changed = self.can_retry = False

    async def act(self, action: ActionIn) -> bool:
        """One workflow step. True when the dialog that asked for it can close: it was done,
        or the application had changed and the latest data is shown with the reason."""
        detail = self.detail
        if detail is None:
            return False

        async def send() -> None:
            self._done(await step(self._api, detail, action))

        return await self.run(send) or self.changed

    async def request_revision(self, draft: tuple[DraftItem, ...]) -> bool:
        items = revision_items(draft)
        if not items:
            self.fail(Note("review.revision.empty"))
            return False
        return await self.act(ActionIn(action=OfficerAction.REQUEST_REVISION, items=items))

    async def reject(self, reason: str) -> bool:
        if not reason.strip():
            self.fail(Note("review.reject.required"))
            return False
        return await self.act(ActionIn(action=OfficerAction.REJECT, note=reason.strip()))

    def start_completion(self) -> None:
        self.clear()
        self.result, self.progress = None, None

    async def pick_result(self, data: bytes, name: str) -> None:
        """The completion's result document: photos shrunk like the wallet's."""
        try:
            result = await prepare_result(data, name)
        except PrepError as exc:
            self.fail(Note(f"documents.prep.{exc.code}"))
            return
        self.clear()
        self.result = result

    async def complete(self, doc_type: DocumentType, title: str, pickup: str) -> bool:
        """Upload the result (if picked; a retry reuses its Idempotency-Key), then the
        `complete` step with its id and/or the pickup text. True when the dialog can close."""
        result, detail = self.result, self.detail
        if detail is None:
            return False
        if result is None and not pickup.strip():
            self.fail(Note("review.complete.required"))
            return False

        async def send() -> None:
            document_id = await self._upload(detail, result, doc_type, title)
            action = ActionIn(
                action=OfficerAction.COMPLETE,
                result_document_id=document_id,
                pickup_instructions=pickup.strip() or None,
            )
            self._done(await step(self._api, detail, action))
            self.result = None

        self.progress = 0.0 if result is not None else None
        try:
            return await self.run(send) or self.changed
        finally:
            self.progress = None

    async def open_attachment(self, att: AttachmentOut) -> None:
        """Fetch an attachment's bytes (each fetch is in the citizen's access log)."""

        async def fetch() -> None:
            data = await officer_api.attachment(self._api, self.app_id, att.document_id)
            self.opened = {**self.opened, att.document_id: data}

        await self.run(fetch)

    async def forget(self) -> None:
        await super().forget()
        self.app_id, self.tried, self.detail, self.form = "", "", None, None
        self.opened, self.result, self.progress = {}, None, None

    async def _read(self) -> None:
        try:
            await self.reload()
        except NotFoundError:
            self.fail(Note("review.not_found"))

    async def _upload(
        self,
        detail: OfficerApplicationDetail,
        result: ResultFile | None,
        doc_type: DocumentType,
        title: str,
    ) -> str | None:
        if result is None:
            return None
        uploaded = await officer_api.upload_result(
            self._api,
            detail.id,
            doc_type,
            result.file,
            title=" ".join(title.split()) or None,
            idempotency_key=result.idempotency_key,
            on_progress=self._on_progress,
        )
        return uploaded.document_id

    def _on_progress(self, sent: int, total: int) -> None:
        self.progress = sent / total if total else 1.0

    def _done(self, detail: OfficerApplicationDetail) -> None:
        self._show(detail)
        self._queue.updated(detail)
        status = f"review.status.{detail.status.value}"
        self.tell(Note("review.done", named={"status": status}))

    def _show(self, detail: OfficerApplicationDetail) -> None:
        if detail.id == self.app_id:  # not a late answer for one opened before
            self.detail = detail

    async def _load_form(self) -> None:
        detail = self.detail
        if detail is None or self.form is not None:
            return
        with contextlib.suppress(ApiError):  # without it the answers show by their codes
            form = await officer_api.form_definition(
                self._api, detail.service_code, detail.form_version
            )
            if detail.id == self.app_id:
                self.form = form
