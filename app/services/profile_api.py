"""Services layer: profile, family members and data rights (/api/v1/me/…); no flet imports."""

import json

from pydantic import TypeAdapter, ValidationError

from app.services.api import API, ApiClient
from app.services.errors import ApiError
from contracts.accounts import PasswordConfirm
from contracts.documents import DocumentList, DocumentType
from contracts.profile import (
    DataExport,
    DeletionScheduled,
    FamilyMember,
    FamilyMemberIn,
    FamilyMemberPatch,
    Profile,
    ProfileUpdate,
)

_FAMILY = TypeAdapter(list[FamilyMember])


async def get_profile(api: ApiClient) -> Profile:
    return await api.call("GET", f"{API}/me/profile", Profile)


async def update_profile(
    api: ApiClient, update: ProfileUpdate, version: int | None = None
) -> Profile:
    """PUT replaces every editable field; fields left out of `update` (nik) are kept.

    `version` (from the Profile we edited) goes out as If-Match: a save made meanwhile on
    another device answers 412 instead of being silently overwritten.
    """
    body = update.model_dump(mode="json", exclude_unset=True)
    headers = {"If-Match": f'"{version}"'} if version is not None else None
    return await api.call("PUT", f"{API}/me/profile", Profile, json=body, headers=headers)


async def list_family(api: ApiClient) -> list[FamilyMember]:
    response = await api.call_raw("GET", f"{API}/me/family")
    try:
        return _FAMILY.validate_json(response.content)
    except ValidationError as exc:
        raise ApiError(code="bad_response", status=response.status_code) from exc


async def add_family(api: ApiClient, member: FamilyMemberIn) -> FamilyMember:
    body = member.model_dump(mode="json", exclude_none=True)
    return await api.call("POST", f"{API}/me/family", FamilyMember, json=body)


async def edit_family(api: ApiClient, member_id: str, patch: FamilyMemberPatch) -> FamilyMember:
    """Only the fields set in `patch` change (a field set to None is cleared)."""
    body = patch.model_dump(mode="json", exclude_unset=True)
    return await api.call("PATCH", f"{API}/me/family/{member_id}", FamilyMember, json=body)


async def remove_family(api: ApiClient, member_id: str) -> None:
    await api.call_raw("DELETE", f"{API}/me/family/{member_id}")


async def export_data(api: ApiClient) -> bytes:
    """Everything the server holds about me, as indented UTF-8 JSON ready to save."""
    export = await api.call("GET", f"{API}/me/export", DataExport)
    text = json.dumps(export.model_dump(mode="json"), ensure_ascii=False, indent=2)
    return text.encode("utf-8")


async def request_deletion(api: ApiClient, password: str) -> DeletionScheduled:
    """Needs the account's password again (a wrong one is a ValidationFailed on `password`)."""
    body = PasswordConfirm(password=password).model_dump(mode="json")
    return await api.call("POST", f"{API}/me/deletion-request", DeletionScheduled, json=body)


async def newest_wallet_photo(api: ApiClient) -> str | None:
    """The id of the current "photo" document in the wallet, if the citizen uploaded one."""
    wallet = await api.call("GET", f"{API}/me/documents", DocumentList)
    photos = [d for d in wallet.documents if d.type is DocumentType.PHOTO and not d.superseded_at]
    return max(photos, key=lambda d: d.created_at).id if photos else None


async def photo_thumbnail(api: ApiClient, document_id: str) -> bytes:
    """A small JPEG of a wallet document (≤ 240 px), for the profile."""
    response = await api.call_raw("GET", f"{API}/me/documents/{document_id}/thumbnail")
    return response.content
