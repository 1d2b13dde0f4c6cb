"""Screen tests: "Periksa petugas" at the door of a jemput bola visit, without signal — the
card of an officer of the visit's team → "petugas yang ditugaskan"; a genuine card of an
officer who is not in that team → warned; a tampered card → refused. The cards are real
(signed by the server), decoded from photos and verified with the keys cached on the phone;
the team is the visit as last synced on the phone."""

from __future__ import annotations

from tests.app.harness import FletHarness
from tests.app.screen_support import db_url, t  # noqa: F401
from tests.app.test_screens_qr import photo_of, pick_answers, tampered
from tests.app.test_visits_support import (
    VisitWorld,
    field_team,
    file_visit,
    officer_card,
    schedule,
    visit_world,  # noqa: F401
    working_days,
)


async def scan(h: FletHarness, card: str) -> None:
    pick_answers(h, photo_of(card))
    await h.click(identifier="visit-door-pick-file")


async def test_the_door_check_knows_the_assigned_officer_offline(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    team = await field_team(vw, "Tim Jemput Bola 1")
    other = await field_team(vw, "Tim Jemput Bola 2")  # genuine officers, another visit's
    await schedule(vw, team, visit["id"], working_days(1, after=3)[0])
    assigned = await officer_card(vw, team.officers[0])
    stranger = await officer_card(vw, other.officers[0])
    async with vw.harness(f"/home/visits/{visit['id']}") as h:
        await h.click(identifier="visit-check-officer")  # online once: keys and visit kept
        assert team.name in h.text_of(identifier="visit-door-expected")
        await h.back()
        vw.wire.no_signal = True  # at the door: nothing gets through
        await h.click(identifier="visit-check-officer")
        assert h.exists(identifier="scan-offline-keys")
        await scan(h, assigned)
        verdict = h.text_of(identifier="visit-door-assigned")
        assert t("visit.door.assigned") in verdict and "Petugas Tim Jemput Bola 1 1" in verdict
        h.assert_accessible()
        await h.click(identifier="visit-door-again")
        await scan(h, stranger)
        verdict = h.text_of(identifier="visit-door-not-assigned")
        assert t("visit.door.not_assigned") in verdict and "Tim Jemput Bola 2" in verdict
        await h.click(identifier="visit-door-again")
        await scan(h, tampered(assigned))
        assert t("visit.door.refused") in h.text_of(identifier="visit-door-refused")
        assert not h.exists(identifier="visit-door-assigned")


async def test_before_the_visit_is_scheduled_no_officer_is_expected(vw: VisitWorld) -> None:
    visit = await file_visit(vw)
    team = await field_team(vw)
    card = await officer_card(vw, team.officers[0])
    async with vw.harness(f"/home/visits/{visit['id']}/check-officer") as h:
        assert h.exists(identifier="visit-door-unscheduled")
        await scan(h, card)
        assert t("visit.door.no_team") in h.text_of(identifier="visit-door-no-team")
