"""Views layer: pieces of the field officer's screens — times in the day's zone, status words,
a stop of the route with call / WhatsApp, the sync banner, refused steps; builders, no I/O."""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import icon_button, primary_button, secondary_button
from app.components.context import Translate
from app.components.feedback import message_banner
from app.components.officer import block, fact
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.services.field_device import EntryKind, QueueEntry
from app.state.field import Stop, call_url, whatsapp_url
from app.state.field_day import FieldDayStore
from contracts.visits import FieldDay, FieldVisit, VisitLocationOut, VisitStatus
from contracts.zones import zone_label

Handler = Callable[..., Any]


def clock(at: datetime, zone: str) -> str:
    """14.05 in the place's zone (the zone's label is shown beside it)."""
    return at.astimezone(ZoneInfo(zone)).strftime("%H.%M")


def status_word(t: Translate, status: VisitStatus) -> str:
    return t(f"field.status.{status.value}")


def address(location: VisitLocationOut) -> str:
    return ", ".join(p for p in (location.street, location.village) if p) or "—"


def launcher(url: str) -> Handler:
    async def launch() -> None:
        await ft.UrlLauncher().launch_url(url)

    return launch


def contact_row(t: Translate, visit: FieldVisit) -> ft.Row:
    """Call and WhatsApp the contact phone the citizen gave (ids field-call|wa-{visit})."""
    name = visit.subject.name
    call = icon_button(
        f"field-call-{visit.id}",
        ft.Icons.CALL,
        t("field.call", name=name),
        launcher(call_url(visit.contact_phone)),
    )
    chat = icon_button(
        f"field-wa-{visit.id}",
        ft.Icons.CHAT,
        t("field.whatsapp", name=name),
        launcher(whatsapp_url(visit.contact_phone)),
    )
    return ft.Row([call, chat, ft.Text(visit.contact_phone, size=SMALL_SIZE)], wrap=True)


def stop_heading(t: Translate, day: FieldDay, order: int, stop: Stop) -> str:
    if stop.plan is None:
        return t("field.stop.unplanned")
    time = clock(stop.plan.arrival, day.zone)
    return t("field.stop.order", order=order, time=time, zone=zone_label(day.zone))


def stop_lines(t: Translate, lang: str, stop: Stop) -> list[ft.Control]:
    visit = stop.visit
    lines: list[ft.Control] = [
        ft.Text(visit.subject.name, size=BODY_SIZE, weight=ft.FontWeight.BOLD),
        ft.Text(address(visit.location), size=BODY_SIZE),
    ]
    if visit.location.landmark:
        landmark = t("field.stop.landmark", landmark=visit.location.landmark)
        lines.append(ft.Text(landmark, size=SMALL_SIZE))
    services = ", ".join(s.name.get(lang) for s in visit.services)
    bring = ", ".join(b.get(lang) for s in visit.services for b in s.bring)
    lines.append(ft.Text(t("field.stop.services", services=services), size=SMALL_SIZE))
    if bring:
        lines.append(ft.Text(t("field.stop.bring", items=bring), size=SMALL_SIZE))
    status = t("field.stop.status", status=status_word(t, stop.status))
    lines.append(with_id(ft.Text(status, size=BODY_SIZE), f"field-stop-status-{visit.id}"))
    return lines


def stop_card(
    t: Translate, lang: str, day: FieldDay, order: int, stop: Stop, on_open: Handler
) -> ft.Control:
    """One stop: when, who, where, what to do and bring, its status, call and open."""
    visit = stop.visit
    heading = ft.Text(stop_heading(t, day, order, stop), size=BODY_SIZE, weight=ft.FontWeight.W_600)
    open_button = primary_button(
        f"field-stop-open-{visit.id}", t("field.stop.open", name=visit.subject.name), on_open
    )
    column = ft.Column(
        [heading, *stop_lines(t, lang, stop), contact_row(t, visit), open_button], spacing=6
    )
    card = ft.Card(content=ft.Container(content=column, padding=16))
    card.key = f"field-stop-{visit.id}"
    return ft.Semantics(identifier=f"field-stop-{visit.id}", container=True, content=card)


def sync_rows(t: Translate, store: FieldDayStore, zone: str | None) -> list[ft.Control]:
    """How many steps wait, when the server last heard from this phone, "Kirim sekarang"."""
    waiting = [e for e in store.entries if e.state.value == "pending"]
    text = t("field.sync.pending", count=len(waiting)) if waiting else t("field.sync.all_sent")
    if store.synced_at is None:
        last = t("field.sync.never")
    else:
        shown_zone = zone or "Asia/Jakarta"
        at = clock(store.synced_at, shown_zone)
        last = t("field.sync.last", time=at, zone=zone_label(shown_zone))
    rows: list[ft.Control] = [message_banner("field-sync", f"{text} {last}", error=False)]
    if store.sending:
        rows.append(ft.Text(t("field.sync.sending"), size=SMALL_SIZE))
    elif waiting:
        rows.append(secondary_button("field-send", t("field.sync.send_now"), store.sync))
    refused = store.attention()
    if refused:
        rows.append(
            message_banner("field-attention", t("field.sync.attention", count=len(refused)))
        )
    return rows


def entry_text(t: Translate, entry: QueueEntry) -> str:
    error = entry.error or ""
    if entry.kind is EntryKind.PHOTO:
        return t("field.entry.photo", error=error)
    if entry.kind is EntryKind.APPLICATION:
        return t("field.entry.application", error=error)
    action = entry.action.action.value if entry.action else ""
    return t("field.entry.action", action=t(f"field.action.{action}"), error=error)


def bound(action: Callable[[str], Any], key: str) -> Handler:
    """A click handler calling `action(key)` (Flet passes no argument to a 0-ary one)."""

    async def handler() -> None:
        await action(key)

    return handler


def refused_block(t: Translate, store: FieldDayStore, visit_id: str) -> list[ft.Control]:
    """Steps of this visit the server refused: send again or drop (the later ones wait)."""
    rows: list[ft.Control] = []
    for entry in store.attention():
        if entry.visit_id != visit_id:
            continue
        again, drop = bound(store.again, entry.key), bound(store.discard, entry.key)
        rows += [
            fact(f"field-entry-{entry.key}", entry_text(t, entry)),
            ft.Row(
                [
                    secondary_button(
                        f"field-entry-again-{entry.key}", t("field.entry.again"), again
                    ),
                    secondary_button(
                        f"field-entry-drop-{entry.key}", t("field.entry.discard"), drop
                    ),
                ],
                wrap=True,
            ),
        ]
    return [block("field-refused", t("field.entry.title"), rows)] if rows else []
