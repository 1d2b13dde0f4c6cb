"""Views layer: sections of one jemput bola visit — schedule and team, place, what to show at
the door, the timeline of update records in the center's zone, the cancel dialog; builders,
no I/O."""

from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.applications import small
from app.components.buttons import primary_button, secondary_button
from app.components.catalog import section
from app.components.context import Translate
from app.components.fields import text_input
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.components.visits import day_text, status_text, window_text, zoned_text
from app.services.regions import path_names
from contracts.visits import VisitDetail, VisitStatus, VisitUpdateOut


def line(identifier: str, label: str, value: str) -> ft.Control:
    column = ft.Column([ft.Text(label, size=SMALL_SIZE), ft.Text(value, size=BODY_SIZE)], spacing=2)
    return with_id(column, identifier)


def officer_rows(t: Translate, d: VisitDetail) -> list[ft.Control]:
    team = d.team
    if team is None:
        return []
    rows: list[ft.Control] = [line("visit-team", t("visit.team"), team.name)]
    for i, officer in enumerate(team.officers):
        text = ft.Text(f"• {officer.name}", size=BODY_SIZE)
        rows.append(with_id(text, f"visit-officer-{i}"))
    return rows


def schedule_section(t: Translate, d: VisitDetail) -> ft.Control:
    if d.scheduled_date is None:
        waiting = ft.Text(t("visit.waiting_schedule"), size=BODY_SIZE)
        rows: list[ft.Control] = [with_id(waiting, "visit-waiting")]
        rows += [
            small(f"• {day_text(t, p.date)} · {window_text(t, p.window)}") for p in d.preferred
        ]
        return section("visit-schedule", t("visit.schedule"), rows)
    rows = [line("visit-date", t("visit.date"), day_text(t, d.scheduled_date))]
    if d.window is not None:
        rows.append(line("visit-window", t("visit.window"), window_text(t, d.window)))
    if d.planned_arrival is not None:
        arrival = zoned_text(t, d.planned_arrival, d.zone)
        rows.append(line("visit-arrival", t("visit.arrival"), arrival))
    rows += officer_rows(t, d)
    return section("visit-schedule", t("visit.schedule"), rows)


def outcome_rows(t: Translate, d: VisitDetail) -> list[ft.Control]:
    if d.status is not VisitStatus.NOT_COMPLETED or d.not_completed_reason is None:
        return []
    reason = t(f"visit.not_completed.{d.not_completed_reason.value}")
    return [line("visit-not-completed", t("visit.not_completed_title"), reason)]


def about_section(t: Translate, d: VisitDetail) -> ft.Control:
    reason = t(f"visits.reason.{d.reason.value}")
    if d.reason_note:
        reason = f"{reason}: {d.reason_note}"
    rows = [
        line("visit-number", t("visit.number"), d.number),
        line("visit-subject", t("visit.subject"), d.subject_name),
        line("visit-reason", t("visit.reason"), reason),
        line("visit-phone", t("visit.phone"), d.contact_phone),
    ]
    if d.notes:
        rows.append(line("visit-notes", t("visit.notes"), d.notes))
    return section("visit-about", t("visit.about"), rows)


def place_section(t: Translate, d: VisitDetail) -> ft.Control:
    place = d.location
    parts = [place.street, place.village, *path_names(place.district_code)]
    rows = [small(", ".join(p for p in parts if p))]
    if place.landmark:
        rows.append(small(t("visit.landmark", text=place.landmark)))
    if place.latitude is not None:
        rows.append(small(t("visit.position_saved")))
    return section("visit-place", t("visit.place"), rows)


def bring_section(t: Translate, language: str, d: VisitDetail) -> list[ft.Control]:
    items = [small(f"• {b.get(language)}") for b in d.bring]
    services = [small(f"• {s.name.get(language)}") for s in d.services]
    return [
        section("visit-services", t("visit.services"), services),
        *([section("visit-bring", t("visit.bring"), items)] if items else []),
    ]


def update_row(t: Translate, i: int, u: VisitUpdateOut, zone: str) -> ft.Control:
    who = u.actor_name or t(f"application.actor.{u.actor.value}")
    lines: list[ft.Control] = [
        ft.Text(status_text(t, u.status), size=BODY_SIZE, weight=ft.FontWeight.W_600),
        small(f"{zoned_text(t, u.occurred_at or u.at, zone)} · {who}"),
    ]
    if u.date is not None:
        when = day_text(t, u.date)
        lines.append(small(f"{when} · {window_text(t, u.window)}" if u.window else when))
    if u.reason is not None:
        lines.append(small(t(f"visit.not_completed.{u.reason.value}")))
    if u.note:
        lines.append(ft.Text(u.note, size=SMALL_SIZE))
    row = ft.Row(
        [
            ft.Icon(ft.Icons.CIRCLE, size=14, color=ft.Colors.PRIMARY),
            ft.Column(lines, spacing=2, expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    return with_id(row, f"visit-update-{i}")


def timeline_section(t: Translate, d: VisitDetail) -> ft.Control:
    newest = sorted(d.updates, key=lambda u: u.at, reverse=True)
    rows = [update_row(t, i, u, d.zone) for i, u in enumerate(newest)]
    return section("visit-timeline", t("visit.timeline"), rows)


def cancel_dialog(
    t: Translate, note: str, on_note: Any, on_confirm: Any, on_cancel: Any
) -> ft.AlertDialog:
    field = text_input("visit-cancel-note", t("visit.cancel_note"), note, on_note)
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("visit.cancel_title")),
        content=ft.Column(
            [ft.Text(t("visit.cancel_body"), size=BODY_SIZE), field], tight=True, spacing=12
        ),
        actions=[
            secondary_button("visit-cancel-dismiss", t("visit.cancel_keep"), on_cancel),
            primary_button("visit-cancel-confirm", t("visit.cancel"), on_confirm),
        ],
    )
