"""State layer: "Perbaiki" — `FixStore`: the filed answers and attachments of the open
application, editable, resubmitted with If-Match so a change made meanwhile is not
overwritten (a 412 says so and the application reloads under the form); no controls."""

from app.services import applications_api
from app.services.api import ApiClient
from app.state.application_detail import ApplicationStore
from app.state.apply_form import (
    ApplyForm,
    ApplyInvalid,
    attachment_list,
    checked_answers,
    edit_form,
)
from app.state.attachments import AttachmentUploads
from app.state.form_edit import FormEdit
from contracts.applications import ApplicationDetail, ResubmitIn
from contracts.catalog import PublicService


def resubmit_body(service: PublicService, form: ApplyForm, note: str) -> ResubmitIn:
    return ResubmitIn(
        answers=checked_answers(service, form),
        attachments=attachment_list(form),
        note=" ".join(note.split()) or None,
    )


class FixStore(FormEdit):
    """The fix of the application open in `ApplicationStore`; one per app session. Personal:
    dropped at sign-out."""

    def __init__(
        self, api: ApiClient, application: ApplicationStore, uploads: AttachmentUploads
    ) -> None:
        super().__init__(api, uploads)
        self._application = application
        self.app_id = ""  # the application the form was opened for

    def showing(self, app_id: str) -> bool:
        return self.form is not None and self.app_id == app_id

    async def open(self, service: PublicService, detail: ApplicationDetail) -> None:
        """The filed answers and attachments to edit, and the wallet to pick from."""
        attached = {a.requirement: a.document_id for a in detail.attachments}
        self._start(service, edit_form(service, detail.answers, attached))
        self.app_id = detail.id
        self.wallet = await self._wallet() or []

    async def resubmit(self, note: str) -> bool:
        """Send the fix with the version shown (If-Match); True once the server has it."""
        service, form, detail = self.service, self.form, self._application.detail
        if service is None or form is None or detail is None or detail.id != self.app_id:
            return False
        self.invalid = {}
        try:
            body = resubmit_body(service, form, note)
        except ApplyInvalid as exc:
            self._invalid(exc)
            return False

        async def send() -> None:
            updated = await applications_api.resubmit(self._api, detail.id, body, detail.version)
            await self._application.resubmitted(updated)

        return await self.run(send)

    async def reload(self) -> None:
        """A 412: the application as it is now, shown under the form (which keeps the fix,
        and sends it next time with the new version)."""
        await self._application.refetch()

    async def forget(self) -> None:
        await super().forget()
        self.app_id = ""
