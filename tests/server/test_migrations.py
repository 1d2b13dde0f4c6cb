"""Tests: the migrations build exactly the schema the models declare, and can be undone."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from server.accounts.models import Account
from server.applications.models import Application, ApplicationAttachment
from server.db import make_engine
from server.documents.models import Document, DocumentContent
from server.migrate import downgrade, upgrade
from server.models import Base
from server.profile.models import FamilyMember


def _diff(sync_conn: Any) -> list[Any]:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _tables(url: str) -> list[str]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        tables: list[str] = await conn.run_sync(lambda c: inspect(c).get_table_names())
    await engine.dispose()
    return sorted(tables)


async def test_migrated_schema_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    async with engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
    await engine.dispose()


async def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    await upgrade(url)
    await downgrade(url, "base")
    assert await _tables(url) == ["alembic_version"]
    await upgrade(url)
    assert set(await _tables(url)) >= {"accounts", "auth_sessions", "login_throttles"}


def _app_row(app_id: str, citizen_id: str, member_id: str) -> dict[str, Any]:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    return {
        "id": app_id, "tracking_number": f"SP-{app_id}", "citizen_id": citizen_id,
        "family_member_id": member_id, "subject_name": "Slamet", "service_code": "ktp",
        "service_name": {"id": "KTP"}, "agency_code": "DUKCAPIL", "form_version": 1,
        "answers": {}, "prefilled": [], "status": "submitted", "with_officer": True,
        "submitted_at": now, "updated_at": now, "due_date": date(2026, 11, 8),
        "revision_items": [], "idempotency_key": app_id, "request_hash": "0" * 64,
        "version": 1,
    }  # fmt: skip


async def _seed_duplicate_members(url: str) -> None:
    """Two citizens; the first has the same NIK stored three times (the old race), an
    application filed for the newest copy, and a member without a NIK."""
    engine = make_engine(url)
    t0 = datetime(2026, 10, 1, tzinfo=UTC)
    async with engine.begin() as conn:
        for cid in ("c1", "c2"):
            await conn.execute(insert(Account).values(
                id=cid, role="citizen", nik=f"35790141900{cid[1]}0001", full_name="Siti",
                password_hash="x", district_codes=[], created_at=t0))  # fmt: skip
        members = [("m1", "c1", "3579011705500001", 2), ("m2", "c1", "3579011705500001", 1),
                   ("m3", "c1", "3579011705500001", 3), ("m4", "c1", None, 1),
                   ("m5", "c1", None, 1), ("m6", "c2", "3579011705500001", 1)]  # fmt: skip
        for mid, cid, nik, minutes in members:
            await conn.execute(insert(FamilyMember).values(
                id=mid, citizen_id=cid, full_name="Slamet", nik=nik, birth_date=date(1950, 5, 17),
                relationship="parent", created_at=t0 + timedelta(minutes=minutes)))  # fmt: skip
        await conn.execute(insert(Application).values(**_app_row("a1", "c1", "m3")))
    await engine.dispose()


async def test_family_unique_index_merges_existing_duplicates(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    await upgrade(url, "0008")
    await _seed_duplicate_members(url)
    await upgrade(url, "0009")
    engine = make_engine(url)
    async with engine.connect() as conn:
        kept = (await conn.execute(select(FamilyMember.id).order_by(FamilyMember.id))).scalars()
        assert list(kept) == ["m2", "m4", "m5", "m6"]  # the earliest copy; other citizen kept
        moved = await conn.scalar(select(Application.family_member_id))
        assert moved == "m2"
    await engine.dispose()
    await downgrade(url, "0008")
    await upgrade(url)


async def _seed_results(url: str) -> None:
    """d1: the result of a1 only; d2: the citizen's attachment to a1 named as a2's result (the
    old hole); d3: the result of both a2 and a3 (ambiguous). d1 has stored content."""
    engine = make_engine(url)
    t0 = datetime(2026, 10, 1, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(insert(Account).values(
            id="c1", role="citizen", nik="3579014190010001", full_name="Siti",
            password_hash="x", district_codes=[], created_at=t0))  # fmt: skip
        for doc_id in ("d1", "d2", "d3"):
            await conn.execute(insert(Document).values(
                id=doc_id, citizen_id="c1", type="other", media_type="image/jpeg", size=3,
                sha256="0" * 64, created_at=t0))  # fmt: skip
        await conn.execute(insert(DocumentContent).values(document_id="d1", content=b"abc"))
        for app_id, result in (("a1", "d1"), ("a2", "d2"), ("a3", "d3"), ("a4", "d3")):
            row = _app_row(app_id, "c1", "") | {"result_document_id": result}
            await conn.execute(insert(Application).values(**row))
        await conn.execute(
            insert(ApplicationAttachment).values(
                application_id="a1", requirement="kk", document_id="d2"
            )
        )
    await engine.dispose()


async def test_document_issuer_backfills_only_unambiguous_results(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    await upgrade(url, "0009")
    await _seed_results(url)
    await upgrade(url, "0010")
    engine = make_engine(url)
    async with engine.connect() as conn:
        issued = await conn.execute(
            select(Document.id, Document.issued_for_application_id).order_by(Document.id)
        )
        assert list(issued) == [("d1", "a1"), ("d2", None), ("d3", None)]
        assert await conn.scalar(select(DocumentContent.content)) == b"abc"  # no table rebuild
    await engine.dispose()
    await downgrade(url, "0009")
    await upgrade(url)
