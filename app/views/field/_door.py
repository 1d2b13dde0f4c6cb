"""Views layer: the door check on the visit screen — scan the citizen's QR (camera or a
photo), checked offline with the day's keys against the person visited."""

import flet as ft

from app.components.buttons import secondary_button
from app.components.context import Translate, use_t
from app.components.feedback import message_banner
from app.components.labels import known_text
from app.components.officer import block
from app.components.qr import card_text, verdict_card
from app.components.qr_scanner import QrScanner
from app.components.style import BODY_SIZE
from app.state.field import DoorCheck
from app.state.field_day import FieldDayStore


def door_text(t: Translate, check: DoorCheck) -> str:
    if check.verdict == "invalid":
        problem = known_text(t, f"qr.problem.{check.problem}", t("qr.problem.generic"))
        return t("field.verify.invalid", problem=problem)
    return t(f"field.verify.{check.verdict}", name=check.name or "")


def door_card(t: Translate, check: DoorCheck) -> ft.Control:
    """Green only for the person visited; anything else is a clear red warning."""
    text = door_text(t, check)
    identifier = f"field-verify-{check.verdict}"
    return verdict_card(identifier, check.matched, t("field.verify.title"), [card_text(text)])


@ft.component
def DoorCheckPart(store: FieldDayStore, visit_id: str) -> ft.Control:
    t = use_t()
    check = store.door if store.door and store.door.visit_id == visit_id else None

    async def on_image(data: bytes, from_camera: bool) -> bool:
        found = await store.check_door_image(visit_id, data, quiet_if_empty=from_camera)
        return found is not None

    rows: list[ft.Control] = []
    if store.draft(visit_id).verified:
        rows.append(message_banner("field-verified", t("field.verify.done"), error=False))
    if check is None:
        rows += [
            ft.Text(t("field.verify.intro"), size=BODY_SIZE),
            QrScanner("field-verify", on_image, store.decoding),
        ]
    else:
        again = secondary_button(
            "field-verify-again", t("field.verify.again"), store.clear_door, icon=ft.Icons.REFRESH
        )
        rows += [door_card(t, check), again]
    return block("field-verify", t("field.verify.title"), rows)
