"""Screen tests: jemput bola for citizens against the real API in a headless Flet session —
the request form pre-filled from a service's page, the elderly refusal with its reason, the
position (denied → the district pickers and notes; allowed → its accuracy; the Geolocator
answered at its client boundary, as the device would), a request for an elderly mother from
the calendar to the visit, the list, the visit with its team and zone, the inbox, home."""

from __future__ import annotations

from typing import Any

import flet as ft

from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_visits_support import (
    KTP,
    VisitWorld,
    field_team,
    file_visit,
    schedule,
    visit_world,  # noqa: F401
    working_days,
)

FORM = "/home/visits/new"


def ids(h: FletHarness, prefix: str) -> list[str]:
    """The semantics identifiers on screen that start with `prefix` (list items)."""
    found = [n for n in h.find_all(type=ft.Semantics) if isinstance(n, ft.Semantics)]
    return [str(n.identifier) for n in found if str(n.identifier or "").startswith(prefix)]


def geolocator(h: FletHarness, permission: str, position: dict[str, Any] | None = None) -> None:
    """The device's answers: the permission the person gave, and the fix the phone found."""
    h.on_method("Geolocator", "request_permission", lambda a: permission)
    h.on_method("Geolocator", "get_current_position", lambda a: position)


async def test_the_service_page_opens_the_form_prefilled(vw: VisitWorld) -> None:
    async with vw.harness(f"/home/services/{KTP}") as h:
        await h.click(identifier="service-visit")
        assert h.route == f"{FORM}?service={KTP}", h.outline()
        assert h.input(identifier=f"visit-form-service-{KTP}").value is True
        assert h.input(identifier="visit-form-district").value == "357901"
        assert h.input(identifier="visit-form-regency").value == "3579"
        assert h.input(identifier="visit-form-village").value == "Sisir"
        assert h.input(identifier="visit-form-phone").value == "081234567890"
        assert h.exists(identifier="visit-form-phone-filled")
        assert h.exists(identifier="visit-form-need-nik-filled")  # the profile holds the NIK
        assert not h.exists(identifier="visit-form-need-kk-filled")  # no KK in the wallet
        assert "Kartu Keluarga" in h.text_of(identifier="visit-form-bring")
        h.assert_accessible()


async def test_elderly_is_offered_for_the_mother_and_refused_for_the_citizen(
    vw: VisitWorld,
) -> None:
    async with vw.harness(FORM) as h:
        await h.select(vw.mother["id"], identifier="visit-form-subject")
        assert "Sumarni" in h.text_of(identifier="visit-form-age")
        assert (
            h.resolve(h.find(type=ft.RadioGroup), ft.RadioGroup).value == "elderly"
        )  # pre-checked: she is over 60
        await h.select("self", identifier="visit-form-subject")
        await h.click(identifier="visit-form-reason-elderly")
        why = h.text_of(identifier="visit-form-reason-error")
        assert "60" in why and "Siti Aminah" in why and "berusia" in why, why
        await h.click(identifier="visit-form-submit")
        assert h.route == FORM and vw.wire.requests == []
        assert h.exists(identifier="visit-form-error")
        h.assert_accessible()


async def test_a_denied_position_falls_back_to_the_district_and_notes(vw: VisitWorld) -> None:
    async with vw.harness(FORM) as h:
        geolocator(h, "denied")
        await h.click(identifier="visit-form-locate")
        assert t("visits.where.denied") in h.text_of(identifier="visit-form-position-denied")
        assert h.input(identifier="visit-form-district").value == "357901"
        await h.type("Rumah cat hijau di sebelah masjid", identifier="visit-form-landmark")
        assert h.input(identifier="visit-form-landmark").value.startswith("Rumah cat hijau")
        assert not h.exists(identifier="visit-form-position")
        h.assert_accessible()


async def test_an_allowed_position_is_shown_with_its_accuracy(vw: VisitWorld) -> None:
    async with vw.harness(FORM) as h:
        fix = {"latitude": -7.8712, "longitude": 112.5271, "accuracy": 14.6}
        geolocator(h, "whileInUse", fix)
        await h.click(identifier="visit-form-locate")
        assert "15 m" in h.text_of(identifier="visit-form-position")
        assert not h.exists(identifier="visit-form-locate")
        await h.click(identifier="visit-form-position-clear")
        assert h.exists(identifier="visit-form-locate")
        assert not h.exists(identifier="visit-form-position")
        geolocator(h, "whileInUse", {"latitude": 48.85, "longitude": 2.35, "accuracy": 20})
        await h.click(identifier="visit-form-locate")  # a desktop's guess in Paris: not used
        assert h.exists(identifier="visit-form-position-outside")


async def pick_day(h: FletHarness, index: int, day: Any) -> None:
    await h.click(identifier=f"visit-form-date-{index}")
    await h.pick_date(day)


async def test_a_request_for_the_elderly_mother_reaches_the_server(vw: VisitWorld) -> None:
    first, second, third = working_days(3)
    async with vw.harness("/home") as h:
        await h.click(identifier="home-tile-visits")
        assert h.route == "/home/visits" and h.exists(identifier="visits-empty")
        await h.click(identifier="visits-new")
        await h.select(vw.mother["id"], identifier="visit-form-subject")
        await h.set_checked(True, identifier=f"visit-form-service-{KTP}")
        await pick_day(h, 0, first)
        await pick_day(h, 1, second)
        await h.click(identifier="visit-form-window-1-afternoon")
        await h.click(identifier="visit-form-date-add")
        await pick_day(h, 2, third)
        assert h.text_of(identifier="visit-form-date-2").endswith(str(third.year))
        await h.type("Rumah cat hijau di sebelah masjid", identifier="visit-form-landmark")
        h.assert_accessible()
        await h.click(identifier="visit-form-submit")
        assert h.route.startswith("/home/visits/"), h.outline()
        assert t("visits.status.requested") in h.texts()
        assert "Sumarni" in h.text_of(identifier="visit-subject")
        assert h.exists(identifier="visit-waiting") and h.exists(identifier="visit-cancel")
        assert "WIB" in h.text_of(identifier="visit-update-0")  # Kota Batu: the center's zone
        h.assert_accessible()
    assert await vw.visit_count() == 1 and len(vw.wire.requests) == 1


async def test_without_signal_the_request_waits_and_goes_out_once(vw: VisitWorld) -> None:
    first, second = working_days(2)
    vw.wire.offline = True
    async with vw.harness(FORM) as h:
        await h.select(vw.mother["id"], identifier="visit-form-subject")
        await h.set_checked(True, identifier=f"visit-form-service-{KTP}")
        await pick_day(h, 0, first)
        await pick_day(h, 1, second)
        await h.click(identifier="visit-form-submit")
        assert h.route == "/home/visits", h.outline()
        assert t("visits.outbox_waiting") in h.text_of(identifier="visits-outbox-0")
        assert await vw.visit_count() == 0
        vw.wire.offline = False
        await h.click(identifier="visits-refresh")
        assert not h.exists(identifier="visits-outbox-0")
        assert len(ids(h, "visits-item-")) == 1
    assert await vw.visit_count() == 1 and len(set(vw.wire.requests)) == 1


async def test_the_visit_shows_its_team_and_can_be_cancelled(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    team = await field_team(vw, size=2)
    day = working_days(1, after=4)[0]
    await schedule(vw, team, visit["id"], day)
    async with vw.harness("/home/visits") as h:
        assert t("visits.status.scheduled") in h.text_of(identifier=f"visits-item-{visit['id']}")
        await h.click(identifier=f"visits-item-{visit['id']}")
        assert team.name in h.text_of(identifier="visit-team")
        assert "Petugas" in h.text_of(identifier="visit-officer-0")
        assert h.exists(identifier="visit-officer-1")
        assert str(day.day) in h.text_of(identifier="visit-date")
        assert h.exists(identifier="visit-check-officer")
        h.assert_accessible()
        await h.click(identifier="visit-cancel")
        await h.type("Ibu sudah dibawa ke MPP", identifier="visit-cancel-note")
        await h.click(identifier="visit-cancel-confirm")
        assert h.text_of(identifier="visit-notice") == t("visit.cancelled")
        assert not h.exists(identifier="visit-cancel")
        assert "Ibu sudah dibawa ke MPP" in h.text_of(identifier="visit-timeline")


async def test_ask_for_another_date_from_the_visit(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    days = working_days(2, after=12)
    async with vw.harness(f"/home/visits/{visit['id']}") as h:
        await h.click(identifier="visit-new-date")
        await h.click(identifier="visit-new-date-0")
        await h.pick_date(days[0])
        await h.click(identifier="visit-new-date-send")
        assert h.exists(identifier="visit-new-dates-error")  # one date is not enough
        await h.click(identifier="visit-new-date-1")
        await h.pick_date(days[1])
        await h.click(identifier="visit-new-date-send")
        assert h.text_of(identifier="visit-notice") == t("visit.new_date_asked")
        assert t("visits.status.reschedule_requested") in h.texts()


async def test_the_inbox_names_the_visit_and_opens_it(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    async with vw.harness("/home/notifications") as h:
        [item] = ids(h, "notifications-item-")
        text = h.text_of(identifier=item)
        assert visit["number"] in text and t("visits.status.requested") in text
        await h.click(identifier=item)
        assert h.route == f"/home/visits/{visit['id']}"
