"""Server layer: profile rules — read, update (NIK locked once verified), verification, and
the purpose-limited staff view."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contracts.documents import DocumentType
from contracts.nik import mask_nik, parse_nik
from contracts.profile import CitizenFields, Profile, ProfileUpdate, Verification
from server.accounts.models import Account
from server.db import utcnow
from server.documents.models import Document
from server.errors import AppError
from server.profile import family
from server.profile.models import CitizenProfile

# Profile columns the citizen edits (the rest of ProfileUpdate lives on Account).
_PROFILE_COLUMNS = (
    "birth_place",
    "province_code",
    "regency_code",
    "district_code",
    "village",
    "rt",
    "rw",
    "postcode",
    "email",
    "kk_number",
    "occupation",
    "photo_document_id",
)


async def citizen(db: AsyncSession, citizen_id: str) -> Account:
    """A live citizen account or 404 (staff ids and disabled accounts look absent)."""
    account = await db.get(Account, citizen_id)
    if account is None or account.role.is_staff or account.disabled_at is not None:
        raise AppError(404, "not_found")
    return account


async def row(db: AsyncSession, account: Account) -> CitizenProfile:
    """The profile row, created empty on first use."""
    found = await db.get(CitizenProfile, account.id)
    if found is not None:
        return found
    fresh = CitizenProfile(account_id=account.id, verification=Verification.UNVERIFIED, version=1)
    fresh.updated_at = utcnow()
    try:
        async with db.begin_nested():
            db.add(fresh)
    except IntegrityError:  # a concurrent request created it first: use theirs
        theirs = await db.get(CitizenProfile, account.id, populate_existing=True)
        assert theirs is not None
        return theirs
    return fresh


def out(account: Account, prof: CitizenProfile) -> Profile:
    verified = prof.verification is Verification.VERIFIED
    return Profile(
        nik_masked=mask_nik(account.nik or "0" * 16),
        full_name=account.full_name,
        birth_date=account.birth_date,
        sex=account.sex,
        phone=account.phone,
        verification=prof.verification,
        verified_at=prof.verified_at,
        verified_by_name=prof.verified_by_name,
        nik_locked=verified,
        version=prof.version,
        **{c: getattr(prof, c) for c in _PROFILE_COLUMNS},
    )


async def _change_nik(db: AsyncSession, account: Account, prof: CitizenProfile, nik: str) -> None:
    if prof.verification is Verification.VERIFIED:
        raise AppError(409, "nik_locked")
    if await db.scalar(select(Account.id).where(Account.nik == nik, Account.id != account.id)):
        raise AppError(409, "nik_taken")
    account.nik = nik
    account.sex = parse_nik(nik).sex  # sex is read from the NIK, never typed


async def update(
    db: AsyncSession, account: Account, req: ProfileUpdate, if_match: int | None
) -> Profile:
    prof = await row(db, account)
    if if_match is not None and if_match != prof.version:
        raise AppError(412, "precondition_failed")
    if req.nik is not None and req.nik != account.nik:
        await _change_nik(db, account, prof, req.nik)
    if account.nik and not parse_nik(account.nik).matches_birth_date(req.birth_date):
        raise AppError(422, "nik_birth_date_mismatch")
    await _check_photo(db, account, req.photo_document_id)
    account.full_name, account.birth_date, account.phone = req.full_name, req.birth_date, req.phone
    for column in _PROFILE_COLUMNS:
        setattr(prof, column, getattr(req, column))
    prof.updated_at = utcnow()
    try:
        await db.flush()
    except IntegrityError:  # a concurrent registration took the new NIK
        raise AppError(409, "nik_taken") from None
    except StaleDataError:  # another save (or a verification) landed since we read
        raise AppError(412, "precondition_failed") from None
    return out(account, prof)


async def _check_photo(db: AsyncSession, account: Account, document_id: str | None) -> None:
    """The profile photo must be one of the citizen's own wallet photos."""
    if document_id is None:
        return
    doc = await db.get(Document, document_id)
    if doc is None or doc.citizen_id != account.id or doc.type is not DocumentType.PHOTO:
        raise AppError(422, "photo_document_invalid")


async def verify(
    db: AsyncSession, account: Account, officer: Account, now: datetime
) -> CitizenProfile:
    """The officer saw the KTP in person: verified from now on, and the NIK is locked."""
    prof = await row(db, account)
    if prof.verification is not Verification.VERIFIED:
        prof.verification = Verification.VERIFIED
        prof.verified_at, prof.verified_by_id = now, officer.id
        prof.verified_by_name = officer.full_name
        try:
            await db.flush()
        except StaleDataError:  # the citizen saved at this very moment: verify again
            raise AppError(409, "conflict") from None
    return prof


async def officer_fields(
    db: AsyncSession, account: Account, allowed: Iterable[str]
) -> tuple[CitizenFields, list[str]]:
    """Only the allowed fields, plus the list of fields actually returned (for the log)."""
    allowed = set(allowed)
    prof = await row(db, account)
    full = out(account, prof).model_dump()
    values = {k: v for k, v in full.items() if k in allowed and k in CitizenFields.model_fields}
    if "nik" in allowed:
        values["nik"] = account.nik
    if "family" in allowed:
        values["family"] = await family.list_members(db, account.id, masked=False)
    returned = sorted(k for k, v in values.items() if v is not None)
    return CitizenFields(**values), returned


def is_verified(prof: CitizenProfile | None) -> bool:
    return prof is not None and prof.verification is Verification.VERIFIED
