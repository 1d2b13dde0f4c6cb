"""State layer: "Anggota Keluarga" — `FamilyStore` lists, adds, edits and removes the people the
citizen acts for; no controls (the forms are in state/profile.py)."""

from app.services import profile_api
from app.services.api import ApiClient
from app.state.form_store import FormStore
from app.state.profile import FamilyForm, to_family_member, to_family_patch
from contracts.profile import FamilyMember

# Server rules that arrive without a field name (409s, model-level 422s), beside their field.
RULE_FIELDS = {
    "nik_birth_date_mismatch": "birth_date",
    "family_self": "nik",
    "family_duplicate": "nik",  # a member with that NIK is on the list already
}


class FamilyStore(FormStore):
    """One per app session, personal (`forget` runs at sign-out). `members` is None until the
    first list arrived (so "nobody yet" is not shown while offline)."""

    code_fields = RULE_FIELDS

    def __init__(self, api: ApiClient) -> None:
        super().__init__()
        self._api = api
        self.members: tuple[FamilyMember, ...] | None = None

    async def load(self) -> None:
        self.clear()

        async def fetch() -> None:
            self.members = tuple(await profile_api.list_family(self._api))

        await self.run(fetch)

    async def save(self, form: FamilyForm, editing: FamilyMember | None = None) -> bool:
        """Add a member, or change `editing`; True once the server has it."""

        async def send() -> None:
            if editing is None:
                added = await profile_api.add_family(self._api, to_family_member(form))
                self.members = (*(self.members or ()), added)
            else:
                patch = to_family_patch(form)
                saved = await profile_api.edit_family(self._api, editing.id, patch)
                self.members = tuple(saved if m.id == saved.id else m for m in self.members or ())

        return await self.submit(send)

    async def remove(self, member: FamilyMember) -> None:
        async def send() -> None:
            await profile_api.remove_family(self._api, member.id)
            self.members = tuple(m for m in self.members or () if m.id != member.id)

        await self.run(send)

    async def forget(self) -> None:
        await super().forget()
        self.members = None
