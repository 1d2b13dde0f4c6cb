"""Views layer: "Periksa petugas" at the door of a jemput bola visit — scan the officer's card
QR and say plainly whether this is a genuine officer AND one of the team assigned to this
visit; offline: the card is checked with the cached keys and the team comes from the visit
as last synced on this device."""

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.feedback import message_banner
from app.components.layout import heading, screen
from app.components.qr import card_text, verdict_card
from app.components.qr_scanner import QrScanner
from app.components.scan_notes import keys_note, problem_text
from app.components.store_status import use_store
from app.components.style import BODY_SIZE
from app.state.identity import ScanOutcome
from app.state.visit_detail import Door, DoorCheck, door_check
from contracts.visits import VisitDetail


def refused_card(t: Translate, outcome: ScanOutcome) -> ft.Control:
    wrong = outcome.problem == "token_wrong_kind"
    reason = t("qr.check.wrong_kind") if wrong else problem_text(t, outcome.problem)
    lines = [card_text(reason, bold=True), card_text(t("visit.door.refused_advice"))]
    return verdict_card("visit-door-refused", False, t("visit.door.refused"), lines)


def door_card(
    t: Translate, check: DoorCheck, outcome: ScanOutcome, detail: VisitDetail | None
) -> ft.Control:
    if check.door is Door.REFUSED:
        return refused_card(t, outcome)
    name = card_text(check.officer or "", bold=True)
    team = detail.team.name if detail and detail.team else ""
    if check.door is Door.ASSIGNED:
        lines = [name, card_text(t("visit.door.team", team=team))]
        return verdict_card("visit-door-assigned", True, t("visit.door.assigned"), lines)
    key = "not_assigned" if check.door is Door.NOT_ASSIGNED else "no_team"
    lines = [name, card_text(t(f"visit.door.{key}_advice"))]
    title = t(f"visit.door.{key}")
    return verdict_card(f"visit-door-{key.replace('_', '-')}", False, title, lines, warn=True)


def team_note(t: Translate, detail: VisitDetail | None) -> list[ft.Control]:
    if detail is None:
        return [message_banner("visit-door-no-visit", t("visit.door.no_visit"))]
    if detail.team is None:
        return [message_banner("visit-door-unscheduled", t("visit.door.unscheduled"), error=False)]
    names = ", ".join(o.name for o in detail.team.officers)
    text = t("visit.door.expected", team=detail.team.name, names=names)
    return [with_id(ft.Text(text, size=BODY_SIZE), "visit-door-expected")]


@ft.component
def VisitCheckOfficerScreen():
    t, deps = use_t(), use_deps()
    scan = use_store(deps.officer_check)
    visit = use_store(deps.visit)
    visit_id = ft.use_route_params().get("id", "")

    async def prepare() -> None:
        await scan.prepare()
        await visit.open(visit_id)  # the device's copy at once; the server's when reachable

    async def on_image(data: bytes, from_camera: bool) -> bool:
        return await scan.check_image(data, quiet_if_empty=from_camera) is not None

    ft.use_effect(prepare, [visit_id])
    detail = visit.detail if visit.visit_id == visit_id else None
    body: list[ft.Control] = [
        heading(t("visit.door.title")),
        ft.Text(t("visit.door.intro"), size=BODY_SIZE),
        *team_note(t, detail),
        *keys_note(t, scan),
    ]
    if scan.outcome is None:
        if scan.keys_at is None and not scan.online:
            body.append(message_banner("visit-door-no-keys", t("qr.problem.no_keys")))
        body.append(QrScanner("visit-door", on_image, scan.busy))
    else:
        check = door_check(scan.outcome, detail)
        body += [
            door_card(t, check, scan.outcome, detail),
            secondary_button(
                "visit-door-again", t("qr.scan.again"), scan.reset, icon=ft.Icons.REFRESH
            ),
        ]
    return screen(ft.use_view_path(), t("visit.door.title"), body)
