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
        assert h.find(type=ft.RadioGroup).value == "elderly"  # pre-checked: she is over 60
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

