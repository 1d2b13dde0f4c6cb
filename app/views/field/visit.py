"""Views layer: one visit of "Hari ini" — who and where, on the way / arrived, the door check
of the citizen's QR, the services' checklists, photos and notes, the outcome, filing an
application on the citizen's behalf; everything works offline (queued on the device)."""

import flet as ft

from app.components.context import Translate, use_deps, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import heading, screen
from app.components.officer import block, fact
from app.components.store_status import status_rows, use_store
from app.state.field import Stop
from app.state.field_day import FieldDayStore
from app.views.field._apply import ApplyPart
from app.views.field._door import DoorCheckPart
from app.views.field._finish import FinishPart, move_buttons
from app.views.field._parts import address, contact_row, refused_block, status_word, sync_rows
from app.views.field._work import PhotosPart, checklist, tick_handler
from contracts.visits import VisitStatus

FILING = (VisitStatus.ARRIVED, VisitStatus.COMPLETED)


def who_block(t: Translate, stop: Stop) -> ft.Control:
    visit = stop.visit
    rows: list[ft.Control] = [
        fact("field-visit-subject", t("field.visit.subject", name=visit.subject.name), bold=True),
        fact("field-visit-number", t("field.visit.number", number=visit.number)),
        fact(
            "field-visit-reason",
            t("field.visit.reason", reason=t(f"field.why.{visit.reason.value}")),
        ),
    ]
    if visit.subject.nik_masked:
        rows.append(fact("field-visit-nik", t("field.visit.nik", nik=visit.subject.nik_masked)))
    rows.append(fact("field-visit-address", address(visit.location)))
    if visit.location.landmark:
        rows.append(
            fact("field-visit-landmark", t("field.stop.landmark", landmark=visit.location.landmark))
        )
    if visit.notes:
        rows.append(fact("field-visit-notes", t("field.visit.notes", notes=visit.notes)))
    rows.append(contact_row(t, visit))
    status = t("field.stop.status", status=status_word(t, stop.status))
    rows.append(fact("field-visit-status", status, bold=True))
    return block("field-visit", t("field.visit.title"), rows)


def work_parts(t: Translate, lang: str, store: FieldDayStore, stop: Stop) -> list[ft.Control]:
    """What is done at the door: only while the visit is open."""
    visit = stop.visit
    if not stop.status.is_open:
        return []
    checked = store.draft(visit.id).checked
    tick = tick_handler(store, visit.id)
    lists = [checklist(t, lang, s, checked, tick) for s in visit.services if s.checklist]
    photos = [PhotosPart(store, visit.id)] if stop.status is VisitStatus.ARRIVED else []
    return [
        DoorCheckPart(store, visit.id),
        *lists,
        *photos,
    ]  # the server takes photos from "arrived"


@ft.component
def FieldVisitScreen():
    t, lang = use_t(), use_session().language
    store = use_store(use_deps().field_day)
    visit_id = str(ft.use_route_params().get("visit_id", ""))
    ft.use_effect(store.load, [])
    stop = store.stop(visit_id)
    body: list[ft.Control] = [heading(t("field.visit.title"))]
    body += status_rows(t, store, "field", busy_key="field.loading", retry=store.download)
    if stop is None:
        if not store.busy:
            body.append(message_banner("field-visit-missing", t("field.visit.missing")))
        return screen(ft.use_view_path(), t("field.visit.title"), body)
    zone = store.day.zone if store.day else None
    body += [who_block(t, stop), *sync_rows(t, store, zone), *refused_block(t, store, visit_id)]
    body += [*move_buttons(t, store, stop), *work_parts(t, lang, store, stop)]
    body.append(FinishPart(store, stop, lang))
    if stop.status in FILING:  # the server files at the door or after a completed visit
        body.append(ApplyPart(store, stop.visit, lang))
    return screen(ft.use_view_path(), t("field.visit.title"), body)
