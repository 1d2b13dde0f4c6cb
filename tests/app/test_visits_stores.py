"""Jemput bola stores (state layer) against the real API: the request form pre-filled and sent
for an elderly mother, refused on the device for someone too young, kept in the outbox without
signal and sent once when it returns; the list and the detail kept on the device; cancel and
ask for another date with If-Match, and a change made meanwhile (412) reloaded."""

from __future__ import annotations

from datetime import date

from app.services.device_store import DeviceStore, MemoryBackend
from app.services.outbox import EntryState, visit_outbox_key
from app.services.visit_cache import VisitCache, details_key, list_key
from app.state.applications import ApplicationsHub
from app.state.attachments import AttachmentUploads
from app.state.outbox_sender import Delivery
from app.state.visit_detail import VisitStore, allowed
from app.state.visit_form import Slot, offered
from app.state.visit_list import VisitsStore
from app.state.visit_request import VisitRequestStore
from contracts.catalog import Catalog
from contracts.visits import DayWindow, VisitAction, VisitReason, VisitStatus
from tests.app.screen_support import db_url  # noqa: F401
from tests.app.test_visits_support import (
    IKD,
    KTP,
    VISITS,
    VisitWorld,
    file_visit,
    visit_world,  # noqa: F401
    working_days,
)


class Stores:
    """As app/main.py builds them, for the world's citizen, on one device."""

    def __init__(self, w: VisitWorld, device: DeviceStore | None = None) -> None:
        self.device = device or DeviceStore(MemoryBackend())
        api = w.api()
        owner = str(w.citizen["id"])
        self.hub = ApplicationsHub(api, self.device, lambda: owner)
        cache = VisitCache(self.device)
        self.form = VisitRequestStore(api, self.hub, AttachmentUploads(api))
        self.visits = VisitsStore(api, cache, self.hub)
        self.visit = VisitStore(api, cache, lambda: owner)


async def catalog(w: VisitWorld) -> Catalog:
    resp = await w.client.get("/api/v1/catalog")
    assert resp.status_code == 200
    return Catalog.model_validate(resp.json())


async def filled_form(w: VisitWorld, s: Stores, member: str | None) -> None:
    await s.form.open(offered(await catalog(w)), KTP)
    s.form.choose_subject(member)
    first, second = working_days(2)
    s.form.set_day(0, first)
    s.form.set_day(1, second)
    s.form.set_window(1, DayWindow.AFTERNOON)
    s.form.set_text("landmark", "Rumah hijau dekat masjid")


async def test_the_form_is_prefilled_and_sent_for_the_elderly_mother(vw: VisitWorld) -> None:
    s = Stores(vw)
    await s.form.open(offered(await catalog(vw)), KTP)
    form = s.form.form
    assert form is not None and form.services == (KTP,)
    assert (form.province_code, form.regency_code, form.district_code) == ("35", "3579", "357901")
    assert form.village == "Sisir" and form.contact_phone == "081234567890"
    assert form.reason is None  # the citizen is 36: no elderly pre-check for her
    needs = {n.code: n for n in s.form.needs}
    assert needs["nik"].covered and not needs["nik"].show  # the profile holds the NIK
    assert not needs["kk"].covered and needs["kk"].show  # no KK in the wallet: shown at the door
    await filled_form(vw, s, vw.mother["id"])
    assert s.form.form and s.form.form.reason is VisitReason.ELDERLY  # she is over 60
    assert s.form.elderly.eligible and s.form.elderly.age == date.today().year - 1950 - (
        (date.today().month, date.today().day) < (3, 15)
    )
    outcome = await s.form.send()
    assert outcome is not None and outcome.delivery is Delivery.SENT and outcome.detail
    assert outcome.detail.subject_name == "Sumarni"
    assert outcome.detail.location.landmark == "Rumah hijau dekat masjid"
    assert [p.window for p in outcome.detail.preferred] == [DayWindow.MORNING, DayWindow.AFTERNOON]
    assert await vw.visit_count() == 1 and s.hub.visits.outbox.entries == []


async def test_elderly_is_refused_on_the_device_with_the_reason(vw: VisitWorld) -> None:
    s = Stores(vw)
    await filled_form(vw, s, None)
    s.form.choose_reason(VisitReason.ELDERLY)
    note = s.form.errors["reason"]
    assert note.key == "visits.error.not_elderly" and note.params["name"] == "Siti Aminah"
    assert note.params["age"] == s.form.elderly.age and s.form.elderly.age is not None
    assert await s.form.send() is None
    assert s.form.errors["reason"].key == "visits.error.not_elderly"
    assert vw.wire.requests == [] and await vw.visit_count() == 0
    s.form.choose_reason(VisitReason.SICK)  # a reason that applies: sent
    outcome = await s.form.send()
    assert outcome is not None and outcome.delivery is Delivery.SENT


async def test_a_refusal_of_the_server_goes_beside_its_field(vw: VisitWorld) -> None:
    s = Stores(vw)
    await filled_form(vw, s, vw.mother["id"])
    s.form.set_region("regency_code", "3507")  # Kab. Malang: no service center in the catalog
    s.form.set_region("district_code", "350701")
    assert await s.form.send() is None
    assert "district_code" in s.form.errors and s.form.problem is not None
    assert s.hub.visits.outbox.entries == []  # the citizen fixes it on the form, not later


async def test_offline_request_waits_in_the_outbox_and_is_sent_once(vw: VisitWorld) -> None:
    s = Stores(vw)
    await filled_form(vw, s, vw.mother["id"])
    vw.wire.offline = True
    outcome = await s.form.send()
    assert outcome is not None and outcome.delivery is Delivery.QUEUED and outcome.detail is None
    stored = await s.device.read_text(visit_outbox_key(str(vw.citizen["id"])))
    assert stored and outcome.entry.key in stored  # on the device before any answer
    await s.visits.load()  # opening the list without signal: still waiting, nothing lost
    assert [e.state for e in s.visits.outbox.entries] == [EntryState.PENDING]
    assert await vw.visit_count() == 0
    vw.wire.offline = False
    await s.visits.load()  # back online: the list sends what waits, then lists it
    assert s.visits.outbox.entries == [] and await vw.visit_count() == 1
    assert [i.subject_name for i in s.visits.items or []] == ["Sumarni"]
    await s.hub.visits.flush()
    await s.visits.load()
    assert await vw.visit_count() == 1
    assert set(vw.wire.requests) == {outcome.entry.key}  # every attempt with the one key


async def test_the_list_and_the_detail_show_without_signal(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    device = DeviceStore(MemoryBackend())
    online = Stores(vw, device)
    await online.visits.load()
    await online.visit.open(visit["id"])
    assert online.visit.detail and not online.visit.offline
    vw.wire.offline = True
    offline = Stores(vw, device)  # the next start, same phone, no signal
    await offline.visits.load()
    assert [i.id for i in offline.visits.items or []] == [visit["id"]] and offline.visits.offline
    await offline.visit.open(visit["id"])
    assert offline.visit.detail and offline.visit.detail.number == visit["number"]
    assert offline.visit.offline and offline.visit.problem is None
    await offline.visit.forget()
    owner = str(vw.citizen["id"])
    assert await device.read_text(details_key(owner)) is None
    assert await device.read_text(list_key(owner)) is None


async def test_ask_for_another_date_then_cancel(vw: VisitWorld) -> None:
    visit = await file_visit(vw, reason="sick", family_member_id=None)
    s = Stores(vw)
    await s.visit.open(visit["id"])
    detail = s.visit.detail
    assert detail and allowed(detail, VisitAction.ASK_NEW_DATE)
    days = working_days(3, after=10)
    same = [Slot(days[0]), Slot(days[0])]
    assert not await s.visit.ask_new_date(same)  # checked on the device first
    assert s.visit.errors["preferred"].key == "visits.error.dates_same"
    slots = [Slot(days[1], DayWindow.AFTERNOON), Slot(days[2])]
    assert await s.visit.ask_new_date(slots, "Ibu kontrol ke dokter minggu depan")
    detail = s.visit.detail
    assert detail and detail.status is VisitStatus.RESCHEDULE_REQUESTED
    assert [p.date for p in detail.preferred] == [days[1], days[2]]
    assert s.visit.notice and s.visit.notice.key == "visit.new_date_asked"
    assert await s.visit.cancel("Sudah datang sendiri ke MPP")
    assert s.visit.detail and s.visit.detail.status is VisitStatus.CANCELLED
    assert not allowed(s.visit.detail, VisitAction.CANCEL)
    assert [u.action for u in s.visit.detail.updates][-1] is VisitAction.CANCEL


async def test_a_change_made_meanwhile_is_reloaded_not_overwritten(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    s = Stores(vw)
    await s.visit.open(visit["id"])
    seen = s.visit.detail
    assert seen is not None
    headers = vw.auth | {"If-Match": f'"{seen.version}"'}  # another phone cancels first
    resp = await vw.client.post(f"{VISITS}/{visit['id']}/cancel", json={}, headers=headers)
    assert resp.status_code == 200, resp.text
    assert not await s.visit.ask_new_date([Slot(d) for d in working_days(2, after=5)])
    assert s.visit.changed and s.visit.problem and s.visit.problem.key == "error.changed"
    assert s.visit.detail and s.visit.detail.status is VisitStatus.CANCELLED  # what is true now
    assert s.visit.detail.version > seen.version


async def test_services_and_subjects_the_form_offers(vw: VisitWorld) -> None:
    s = Stores(vw)
    services = offered(await catalog(vw))
    await s.form.open(services, "no-such-service")
    assert s.form.form and s.form.form.services == ()  # nothing unknown pre-selected
    assert {KTP, IKD} <= {x.code for x in s.form.services}
    assert all("jemput_bola" in x.channels for x in s.form.services)
    s.form.choose_subject("someone-else")  # not a member: the citizen themself
    assert s.form.form and s.form.form.member_id is None
