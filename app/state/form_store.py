"""State layer: a store whose actions send a form — the one policy of `Store.run` plus errors
beside their fields (checked on the device first, then the server's); no controls."""

from collections.abc import Mapping
from typing import ClassVar

from app.services.errors import ApiError, ValidationFailed
from app.state.forms import FormInvalid
from app.state.store import Action, Note, Store, problem_of

CHECK_FORM_KEY = "error.check_form"
GENERAL = ""  # a message about the whole form, not one field


def local_errors(exc: FormInvalid) -> tuple[dict[str, Note], Note]:
    """Catalog keys found on the device → notes beside their fields, and the banner."""
    fields = {name: Note(key) for name, key in exc.fields.items() if name != GENERAL}
    return fields, Note(exc.fields.get(GENERAL) or CHECK_FORM_KEY)


def server_errors(exc: ApiError, code_fields: Mapping[str, str]) -> dict[str, Note]:
    """The server's words beside their fields; a rule that arrives without a field name (a
    409, a model-level 422) goes beside the field to fix, as `code_fields` says."""
    named = exc.fields if isinstance(exc, ValidationFailed) else {}
    fields = {
        name: Note(exc.catalog_key, text=text) for name, text in named.items() if name != GENERAL
    }
    if not fields and (name := code_fields.get(exc.code)):
        fields[name] = problem_of(exc)
    return fields


class FormStore(Store):
    """`errors` maps a field to the note shown beside it; `submit` runs an action that may
    raise FormInvalid before anything is sent."""

    code_fields: ClassVar[Mapping[str, str]] = {}  # server rule code → the field it goes beside

    def __init__(self) -> None:
        super().__init__()
        self.errors: dict[str, Note] = {}

    async def submit(self, action: Action) -> bool:
        """`run(action)`; True when it succeeded. Field errors replace the earlier ones."""
        failed: list[ApiError] = []

        async def watched() -> None:
            try:
                await action()
            except ApiError as exc:
                failed.append(exc)
                raise

        try:
            ok = await self.run(watched)
        except FormInvalid as exc:
            self.errors, banner = local_errors(exc)
            self.fail(banner)
            return False
        self.errors = server_errors(failed[0], self.code_fields) if failed else {}
        if failed and isinstance(failed[0], ValidationFailed) and GENERAL in failed[0].fields:
            self.problem = Note(failed[0].catalog_key, text=failed[0].fields[GENERAL])
        return ok

    def typed(self, name: str) -> None:
        """The citizen changed a field: its error and an earlier "saved" no longer apply."""
        self.notice = None
        if name in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != name}

    def clear(self) -> None:
        """A form opened afresh: nothing from an earlier attempt is shown."""
        self.problem, self.notice, self.errors = None, None, {}
        self.changed = self.can_retry = False

    async def forget(self) -> None:
        await super().forget()
        self.errors = {}
