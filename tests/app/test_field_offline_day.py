"""The offline day (issue 10, "Measured"): a scripted field day with the network cut for every
step across three visits, the app restarted twice in between, then the network restored —
every result reaches the real server once, in order, none lost; a lost answer is resent with
its key and counts once; a refused step waits for the officer and holds only its own visit."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.field_device import EntryState
from app.state.field import field_application, start_field_form
from app.state.field_day import FieldDayStore
from contracts.applications import ApplicationIn
from contracts.catalog import Catalog
from contracts.visits import FIELD_ACTIONS, NotCompletedReason, VisitAction, VisitStatus
from server.applications.models import Application
from server.visits.field_actions import VERIFIED_NOTE
from server.visits.models import Visit, VisitUpdate
from tests.app.field_support import (
    KIA,
    KTP,
    Network,
    Phone,
    World,
    citizen_qr,
    house_photo,
    make_world,
    network,  # noqa: F401
    scheduled_visit,
)
from tests.app.screen_support import db_url  # noqa: F401

FIELD = (VisitAction.DEPART, VisitAction.ARRIVE)


def status(store: FieldDayStore, visit_id: str) -> VisitStatus:
    """The visit's status as the phone shows it (the server's plus what waits)."""
    stop = store.stop(visit_id)
    assert stop is not None
    return stop.status


async def updates(db: AsyncSession, visit_id: str) -> list[VisitUpdate]:
    db.expire_all()
    rows = await db.scalars(
        select(VisitUpdate).where(VisitUpdate.visit_id == visit_id).order_by(VisitUpdate.at)
    )
    return list(rows)


async def field_steps(db: AsyncSession, visit_id: str) -> list[VisitAction]:
    return [u.action for u in await updates(db, visit_id) if u.action in FIELD_ACTIONS]


async def visit_row(db: AsyncSession, visit_id: str) -> Visit:
    db.expire_all()
    visit = await db.get(Visit, visit_id)
    assert visit is not None
    return visit


async def day_with_three_visits(
    api: httpx.AsyncClient, db: AsyncSession
) -> tuple[World, list[str]]:
    world = await make_world(api, db)
    first = await scheduled_visit(db, world, position=(-7.875, 112.525), street="Jl. Satu 1")
    second = await scheduled_visit(db, world, position=(-7.89, 112.54), street="Jl. Dua 2")
    third = await scheduled_visit(db, world, position=(-7.90, 112.55), services=(KTP,))
    return world, [first, second, third]


async def test_the_offline_day_arrives_once_in_order(
    network: tuple[httpx.AsyncClient, Network],  # noqa: F811
    api: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    http, net = network
    world, (first, second, third) = await day_with_three_visits(api, db)
    qr = await citizen_qr(api, world.citizen_auth)
    phone = Phone(http, world.bearer, world.officer_id)

    store = phone.start()
    await store.load()  # the start of the day, with signal: the day comes down
    assert sorted(s.visit.id for s in store.stops()) == sorted([first, second, third])
    net.down = True  # no signal from here on

    await store.depart(first)
    await store.arrive(first)
    check = await store.check_door(first, [qr])
    assert check is not None and check.verdict == "match"
    await store.add_photo(first, house_photo())
    await store.tick(first, f"{KIA}:0", True)
    await store.set_note(first, "Sidik jari direkam")
    service = await field_form_answers(api, first, store)
    await store.file_application(first, service)
    await store.complete(first, {KIA: True, KTP: False})
    assert status(store, first) is VisitStatus.COMPLETED
    assert len(store.entries) == 5 and net.refused >= 5

    store = phone.start()  # restart 1, still no signal
    await store.load()
    assert len(store.entries) == 5
    assert status(store, first) is VisitStatus.COMPLETED
    assert store.draft(first).verified is True and store.draft(first).photos == []
    await store.depart(second)
    await store.arrive(second)
    await store.add_photo(second, house_photo("grey"))
    await store.not_complete(second, NotCompletedReason.NOT_HOME)
    assert status(store, second) is VisitStatus.NOT_COMPLETED

    store = phone.start()  # restart 2, still no signal
    await store.load()
    assert len(store.entries) == 9
    await store.depart(third)
    await store.arrive(third)
    await store.complete(third, {KTP: True})
    assert all(e.state is EntryState.PENDING for e in store.entries)
    assert await field_steps(db, first) == []  # nothing reached the server while offline

    net.down = False  # the signal returns
    await store.sync()
    assert store.entries == []
    assert await field_steps(db, first) == [*FIELD, VisitAction.COMPLETE]
    assert await field_steps(db, second) == [*FIELD, VisitAction.NOT_COMPLETE]
    assert await field_steps(db, third) == [*FIELD, VisitAction.COMPLETE]
    await assert_in_field_order(db, [first, second, third])
    done = await visit_row(db, first)
    assert done.status is VisitStatus.COMPLETED and len(done.photo_ids) == 1
    assert [(s["code"], s["done"]) for s in done.services] == [(KIA, True), (KTP, False)]
    assert (
        store.filed(first, KIA)
        == next(s for s in done.services if s["code"] == KIA)["tracking_number"]
    )
    closing = (await updates(db, first))[-1]
    assert (
        closing.note is not None and VERIFIED_NOTE in closing.note and "Sidik jari" in closing.note
    )
    refused = await visit_row(db, second)
    assert (
        refused.not_completed_reason is NotCompletedReason.NOT_HOME and len(refused.photo_ids) == 1
    )
    filed = await db.scalar(
        select(func.count()).select_from(Application).where(Application.service_code == KIA)
    )
    assert filed == 1

    await store.sync()  # again: nothing is sent twice
    assert await field_steps(db, first) == [*FIELD, VisitAction.COMPLETE]
    assert not any(k.startswith("satupintu.field.photo.") for k in phone.stored())


async def field_form_answers(
    api: httpx.AsyncClient, visit_id: str, store: FieldDayStore
) -> ApplicationIn:
    """The KIA form as the officer fills it at the door: the name pre-filled from the day."""
    catalog = Catalog.model_validate((await api.get("/api/v1/catalog")).json())
    service = next(s for s in catalog.services if s.code == KIA)
    stop = store.stop(visit_id)
    assert stop is not None
    form = start_field_form(service, stop.visit)
    assert form.values["nama"] == "Siti Aminah" and "nama" in form.prefilled
    field = next(f for f in stop.visit.services if f.code == KIA)
    return field_application(service, field, form.with_value("nama_anak", "Budi"))


async def assert_in_field_order(db: AsyncSession, visits: list[str]) -> None:
    """Each field step's occurred_at is when it was done on the phone: in the day's order."""
    stamps = []
    for visit_id in visits:
        stamps += [u.occurred_at for u in await updates(db, visit_id) if u.action in FIELD_ACTIONS]
    assert all(a is not None for a in stamps)
    assert stamps == sorted(stamps)  # type: ignore[type-var]


async def test_a_lost_answer_is_resent_with_its_key_and_counts_once(
    network: tuple[httpx.AsyncClient, Network],  # noqa: F811
    api: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    http, net = network
    world, (first, _, _) = await day_with_three_visits(api, db)
    phone = Phone(http, world.bearer, world.officer_id)
    store = phone.start()
    await store.load()
    net.lose_answer(lambda r: r.url.path.endswith(f"{first}/actions"))
    await store.depart(first)  # the server took it; the phone never heard
    assert len(store.entries) == 1 and store.entries[0].attempts == 1
    assert await field_steps(db, first) == [VisitAction.DEPART]
    store = phone.start()
    await store.load()  # the same key again: the server answers what it answered first
    assert store.entries == []
    assert await field_steps(db, first) == [VisitAction.DEPART]
    assert status(store, first) is VisitStatus.ON_THE_WAY


async def test_a_refused_step_holds_its_visit_only(
    network: tuple[httpx.AsyncClient, Network],  # noqa: F811
    api: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    http, net = network
    world, (first, second, _) = await day_with_three_visits(api, db)
    phone = Phone(http, world.bearer, world.officer_id)
    store = phone.start()
    await store.load()
    net.down = True
    await store.add_photo(first, house_photo())  # before arriving: the server refuses it
    await store.arrive(first)
    await store.depart(second)
    net.down = False
    await store.sync()
    refused = [e for e in store.entries if e.state is EntryState.ATTENTION]
    assert len(refused) == 1 and refused[0].error_code == "visit_state"
    assert [e.visit_id for e in store.entries] == [first, first]  # "arrive" waits behind it
    assert await field_steps(db, second) == [VisitAction.DEPART]  # another visit went on
    assert await field_steps(db, first) == []
    await store.discard(refused[0].key)  # the officer drops the photo: the visit goes on
    assert store.entries == []
    assert await field_steps(db, first) == [VisitAction.ARRIVE]


async def test_the_day_is_wiped_after_valid_until_but_unsent_steps_stay(
    network: tuple[httpx.AsyncClient, Network],  # noqa: F811
    api: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    http, net = network
    world, (first, _, _) = await day_with_three_visits(api, db)
    phone = Phone(http, world.bearer, world.officer_id)
    store = phone.start()
    await store.load()
    net.down = True
    await store.depart(first)
    assert any(k == "satupintu.field.day" for k in phone.stored())
    assert store.day is not None
    phone.clock.now = store.day.valid_until + timedelta(minutes=5)  # past midnight in WIB
    store = phone.start()
    await store.load()
    assert store.day is None and store.notice is not None and store.notice.key == "field.day_ended"
    assert (
        "satupintu.field.day" not in phone.stored()
        and "satupintu.field.drafts" not in phone.stored()
    )
    assert len(store.entries) == 1  # the day's work is not thrown away
    net.down = False
    await store.sync()
    assert await field_steps(db, first) == [VisitAction.DEPART]
    assert phone.stored() == {}


async def test_sign_out_wipes_the_day_and_the_queue(
    network: tuple[httpx.AsyncClient, Network],  # noqa: F811
    api: httpx.AsyncClient,
    db: AsyncSession,
) -> None:
    http, net = network
    world, (first, _, _) = await day_with_three_visits(api, db)
    phone = Phone(http, world.bearer, world.officer_id)
    store: FieldDayStore = phone.start()
    await store.load()
    net.down = True
    await store.arrive(first)
    await store.add_photo(first, house_photo())
    assert len(phone.stored()) >= 4  # day, drafts, queue, the photo
    await store.forget()
    assert phone.stored() == {}
    assert store.day is None and store.entries == []
