"""Screen tests: the officer's queue — own agency only, filters, keyset paging, receipt scan —
the real app against the real API in-process."""

from __future__ import annotations

import io
from datetime import date, timedelta

import httpx
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from app.services import officer_api
from app.services.qr import render_qr_png
from contracts.applications import RECEIPT_PREFIX
from contracts.enums import Role
from tests.app.screen_support import CATALOG, db_url, t  # noqa: F401
from tests.app.test_officer_support import (
    BIRTH,
    KIA,
    TAX,
    Citizen,
    act,
    harness,
    import_test_catalog,
    item_ids,
    officer,
    pick_answers,
)
from tests.builders import login, make_staff


def photo_of(text: str) -> bytes:
    """A QR as a phone photo would arrive: JPEG, on a bigger grey background."""
    code = Image.open(io.BytesIO(render_qr_png(text))).convert("RGB")
    frame = Image.new("RGB", (1280, 960), (150, 150, 150))
    frame.paste(code.resize((600, 600)), (300, 180))
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=80)
    return out.getvalue()


def numbers(*apps: dict[str, object]) -> list[str]:
    return sorted(str(a["tracking_number"]) for a in apps)


async def test_queue_shows_only_the_officers_agency(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    mine = [await siti.file(), await siti.file(KIA)]
    other = await siti.file(TAX)
    async with harness(api, "/officer", await officer(api, db)) as h:
        await h.click(identifier="officer-tile-review")
        assert h.route == "/officer/applications"
        assert sorted(item_ids(h)) == numbers(*mine)
        assert other["tracking_number"] not in item_ids(h)
        row = h.find(identifier=f"review-item-{mine[0]['tracking_number']}")
        label = str(getattr(row, "label", ""))
        assert "Akta Kelahiran Uji" in label and "Siti Aminah" in label and "Diajukan" in label
        services = h.input(identifier="review-filter-service")
        keys = [o.key for o in services.options]
        assert keys == ["", BIRTH, KIA]  # the agency's services from the catalog, no Samsat
        h.assert_accessible()


async def test_queue_filters_by_status_service_overdue_and_dates(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    birth, kia, other = await siti.file(), await siti.file(KIA), await siti.file(KIA)
    desk = await officer(api, db)
    await act(api, desk, birth["id"], action="start_review")
    async with harness(api, "/officer/applications", desk) as h:
        assert sorted(item_ids(h)) == numbers(birth, kia, other)
        await h.select("in_review", identifier="review-filter-status")
        assert item_ids(h) == numbers(birth)
        await h.select("", identifier="review-filter-status")
        await h.select(KIA, identifier="review-filter-service")
        assert sorted(item_ids(h)) == numbers(kia, other)
        await h.select("", identifier="review-filter-service")
        await h.set_checked(True, identifier="review-filter-overdue")
        assert item_ids(h) == [] and h.exists(identifier="review-empty")
        await h.set_checked(False, identifier="review-filter-overdue")
        assert len(item_ids(h)) == 3
        await h.click(identifier="review-filter-to")
        await h.pick_date(date.today() - timedelta(days=1))
        assert item_ids(h) == [] and h.exists(identifier="review-empty")
        assert h.has_text("Diajukan sampai ")
        await h.click(identifier="review-filter-to-clear")
        await h.click(identifier="review-filter-from")
        await h.pick_date(date.today())
        assert len(item_ids(h)) == 3
        h.assert_accessible()


async def test_queue_pages_with_load_more(
    api: httpx.AsyncClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(officer_api, "PAGE_SIZE", 2)
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    filed = [await siti.file(KIA) for _ in range(5)]
    async with harness(api, "/officer/applications", await officer(api, db)) as h:
        assert len(item_ids(h)) == 2
        await h.click(identifier="review-more")
        assert len(item_ids(h)) == 4
        await h.click(identifier="review-more")
        assert sorted(item_ids(h)) == numbers(*filed)
        assert not h.exists(identifier="review-more")


async def test_scanning_a_receipt_opens_the_application_once(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    filed, foreign = await siti.file(), await siti.file(TAX)
    receipt = RECEIPT_PREFIX + filed["tracking_number"]
    async with harness(api, "/officer/applications", await officer(api, db)) as h:
        await h.click(identifier="review-scan")
        pick_answers(
            h,
            ("x.jpg", photo_of("https://contoh.go.id/bukan-tanda-terima")),
            ("y.jpg", photo_of(RECEIPT_PREFIX + foreign["tracking_number"])),
            ("z.jpg", photo_of(receipt)),
        )
        h.assert_accessible()
        await h.click(identifier="review-scan-pick-file")
        assert h.text_of(identifier="review-error") == t("review.scan.not_receipt")
        await h.click(identifier="review-scan-pick-file")
        assert foreign["tracking_number"] in h.text_of(identifier="review-error")
        await h.click(identifier="review-scan-pick-file")
        assert h.route == f"/officer/applications/{filed['id']}"
        assert h.has_text(f"Nomor permohonan: {filed['tracking_number']}")
    reads = [e for e in await siti.access_log() if e["resource"].endswith(filed["tracking_number"])]
    assert len(reads) == 1  # the scan's read was shown, not repeated


async def test_refresh_shows_new_applications(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    async with harness(api, "/officer", await officer(api, db)) as h:
        await h.click(identifier="officer-tile-review")
        assert h.exists(identifier="review-empty")
        filed = await siti.file(KIA)  # arrives while the officer looks at the queue
        await h.click(identifier="review-refresh")
        assert item_ids(h) == [filed["tracking_number"]]
        await h.click(identifier=f"review-item-{filed['tracking_number']}")
        await h.back()
        await h.back()
        assert h.route == "/officer"


async def test_a_coordinator_sees_every_agency_at_the_mpp(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    filed = [await siti.file(KIA), await siti.file(TAX)]
    staff = await make_staff(
        db, role=Role.COORDINATOR, agency_code=None, service_center_code="MPP-BATU"
    )
    assert staff.username
    async with harness(api, "/officer/applications", await login(api, staff.username)) as h:
        assert sorted(item_ids(h)) == numbers(*filed)
        keys = [o.key for o in h.input(identifier="review-filter-service").options]
        assert keys == ["", BIRTH, KIA, TAX]
        await h.select(TAX, identifier="review-filter-service")
        assert item_ids(h) == numbers(filed[1])


async def test_a_typed_or_counter_scanned_number_opens_the_application(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    await import_test_catalog(db)
    siti = await Citizen.create(api)
    filed = await siti.file(KIA)
    async with harness(api, "/officer/applications", await officer(api, db)) as h:
        await h.click(identifier="review-scan")
        await h.type("SP 12", identifier="review-scan-number")
        await h.click(identifier="review-scan-open")
        assert h.text_of(identifier="review-error") == t("review.scan.number_invalid")
        wedge = RECEIPT_PREFIX + filed["tracking_number"]  # what a USB code scanner types
        await h.type(wedge, identifier="review-scan-number", submit=True)
        assert h.route == f"/officer/applications/{filed['id']}"
        assert h.has_text(f"Nomor permohonan: {filed['tracking_number']}")
