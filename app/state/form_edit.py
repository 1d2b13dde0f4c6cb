"""State layer: `FormEdit` — what the apply and fix forms share: a service's form being edited
(`apply_form.ApplyForm`), the wallet documents to pick from, the errors found on the device,
and new attachments uploaded from the form; no controls."""

import contextlib
from collections.abc import Callable

from app.services import documents_api
from app.services.api import ApiClient
from app.services.errors import ApiError
from app.state.apply_form import ApplyForm, ApplyInvalid, Value
from app.state.attachments import Attached, AttachmentUploads
from app.state.store import Note, Store
from contracts.catalog import PublicService, Requirement
from contracts.documents import DocumentOut


class FormEdit(Store):
    """A form on screen. `invalid` maps a field or requirement to a catalog key (the check
    before sending); `fields` (from `Store`) holds the server's own words for a field."""

    def __init__(self, api: ApiClient, uploads: AttachmentUploads) -> None:
        super().__init__()
        self._api = api
        self.uploads = uploads
        self.service: PublicService | None = None
        self.form: ApplyForm | None = None
        self.wallet: list[DocumentOut] = []
        self.invalid: dict[str, str] = {}

    async def set_value(self, code: str, value: Value) -> None:
        self._edit(lambda f: f.with_value(code, value), code)
        await self._edited()

    async def set_attachment(self, requirement: str, document_id: str | None) -> None:
        self._edit(lambda f: f.with_attachment(requirement, document_id), requirement)
        await self._edited()

    async def upload(self, req: Requirement, title: str, data: bytes, name: str) -> None:
        """A new file for a requirement: it goes to the wallet and is picked for it."""
        await self._attach(await self.uploads.upload(req, title, data, name))

    async def retry_upload(self) -> None:
        await self._attach(await self.uploads.retry())

    async def forget(self) -> None:
        await super().forget()
        await self.uploads.forget()
        self.service, self.form, self.wallet, self.invalid = None, None, [], {}

    def _start(self, service: PublicService | None, form: ApplyForm | None) -> None:
        """A new form on screen: nothing of the one before stays."""
        self.service, self.form, self.wallet = service, form, []
        self.invalid, self.fields, self.problem, self.notice = {}, {}, None, None

    def _invalid(self, exc: ApplyInvalid) -> None:
        self.invalid = exc.fields
        self.fail(Note("apply.check_form"))

    def _edit(self, change: Callable[[ApplyForm], ApplyForm], *codes: str) -> None:
        if self.form is not None:
            self.form = change(self.form)
        self.invalid = {k: v for k, v in self.invalid.items() if k not in codes}
        self.fields = {k: v for k, v in self.fields.items() if k not in codes}

    async def _edited(self) -> None:
        """After each change (the apply form keeps a draft)."""

    async def _wallet(self) -> list[DocumentOut] | None:
        """The wallet to pick from; None when it could not be read (the form still works)."""
        with contextlib.suppress(ApiError):
            return list((await documents_api.list_documents(self._api)).documents)
        return None

    async def _attach(self, attached: Attached | None) -> None:
        if attached is not None:
            self.wallet = [attached.document, *self.wallet]
            await self.set_attachment(attached.requirement, attached.document.id)
