"""Views layer: sections of the application detail screen; builders, no I/O."""

from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.applications import small, status_text, when
from app.components.buttons import primary_button, secondary_button
from app.components.catalog import section
from app.components.context import Translate
from app.components.navigation import go_to
from app.components.qr import qr_image
from app.components.style import BODY_SIZE, SMALL_SIZE
from contracts.applications import ApplicationDetail, ApplicationStatus, ApplicationUpdateOut
from contracts.catalog import PublicService


def day(value: Any) -> str:
    return str(value.strftime("%d/%m/%Y"))


def line(label: str, value: str) -> ft.Control:
    return ft.Column(
        [ft.Text(label, size=SMALL_SIZE), ft.Text(value, size=BODY_SIZE)],
        spacing=2,
    )


def facts_section(t: Translate, d: ApplicationDetail, receipt: bytes | None) -> list[ft.Control]:
    due = day(d.due_date) + (f" · {t('applications.overdue')}" if d.overdue else "")
    rows: list[ft.Control] = [
        with_id(line(t("application.tracking"), d.tracking_number), "application-tracking"),
        line(t("application.subject"), d.subject_name),
        line(t("application.submitted"), when(d.submitted_at)),
        with_id(line(t("application.due"), due), "application-due"),
    ]
    if receipt is not None:
        label = t("application.receipt_label", number=d.tracking_number)
        rows += [
            qr_image("application-receipt-qr", receipt, label),
            small(t("application.receipt_hint")),
        ]
    return [section("application-receipt", t("application.receipt"), rows)]


def revision_section(
    t: Translate, d: ApplicationDetail, on_fix: Any, hide_button: bool
) -> list[ft.Control]:
    if d.status != ApplicationStatus.NEEDS_REVISION:
        return []
    items: list[ft.Control] = [
        with_id(
            ft.Text(f"• {item.message}", size=BODY_SIZE),
            f"application-revision-item-{i}",
        )
        for i, item in enumerate(d.revision_items)
    ]
    box = ft.Container(
        content=ft.Column(
            [
                ft.Text(t("application.revision_title"), size=BODY_SIZE, weight=ft.FontWeight.BOLD),
                *items,
            ],
            spacing=6,
        ),
        bgcolor=ft.Colors.AMBER_100,
        border_radius=12,
        padding=16,
    )
    box.key = "application-revision"
    controls: list[ft.Control] = [ft.Semantics(identifier="application-revision", content=box)]
    if not hide_button:
        controls.append(
            primary_button("application-fix", t("application.fix"), on_fix, icon=ft.Icons.EDIT)
        )
    return controls


def result_section(t: Translate, d: ApplicationDetail, pickup: bytes | None) -> list[ft.Control]:
    if d.status == ApplicationStatus.REJECTED:
        reason = d.rejection_reason or "-"
        return [
            section(
                "application-rejection",
                t("application.rejected"),
                [ft.Text(reason, size=BODY_SIZE)],
            )
        ]
    result = d.result
    if d.status != ApplicationStatus.COMPLETED or result is None:
        return []
    rows: list[ft.Control] = []
    if result.document_id:
        rows.append(small(t("application.result_in_wallet")))
        rows.append(
            primary_button(
                "application-result-document",
                t("application.result_open"),
                go_to("/home/documents"),
                icon=ft.Icons.FOLDER,
            )
        )
    if result.pickup_instructions:
        rows.append(
            with_id(ft.Text(result.pickup_instructions, size=BODY_SIZE), "application-pickup-text")
        )
    if pickup is not None:
        label = t("application.pickup_label", number=d.tracking_number)
        rows += [
            qr_image("application-pickup-qr", pickup, label),
            small(t("application.pickup_hint")),
        ]
    return [section("application-result", t("application.result"), rows)]


def answer_text(
    t: Translate, language: str, service: PublicService | None, code: str, value: Any
) -> tuple[str, str]:
    field = service.form.field(code) if service else None
    label = field.label.get(language) if field else code
    if isinstance(value, bool):
        return label, t("apply.yes") if value else t("apply.no")
    if field is not None and field.options:
        option = next((o for o in field.options if o.key == value), None)
        return label, option.label.get(language) if option else str(value)
    return label, str(value)


def answers_section(
    t: Translate, language: str, d: ApplicationDetail, service: PublicService | None
) -> list[ft.Control]:
    rows: list[ft.Control] = []
    for code, value in d.answers.items():
        label, text = answer_text(t, language, service, code, value)
        rows.append(with_id(line(label, text), f"application-answer-{code}"))
    return [section("application-answers", t("application.answers"), rows or [small("-")])]


def attachments_section(t: Translate, d: ApplicationDetail) -> list[ft.Control]:
    rows: list[ft.Control] = []
    for a in d.attachments:
        kind = t(f"documents.type.{a.type}")
        text = f"{kind} · {a.title}" if a.title else kind
        rows.append(with_id(line(a.requirement, text), f"application-attachment-{a.requirement}"))
    return [section("application-attachments", t("application.attachments"), rows)] if rows else []


def update_row(t: Translate, i: int, u: ApplicationUpdateOut) -> ft.Control:
    who = u.actor_name or t(f"application.actor.{u.actor.value}")
    lines: list[ft.Control] = [
        ft.Text(status_text(t, u.status), size=BODY_SIZE, weight=ft.FontWeight.W_600),
        small(f"{when(u.at)} · {who}"),
    ]
    if u.note:
        lines.append(ft.Text(u.note, size=SMALL_SIZE))
    lines += [ft.Text(f"• {item.message}", size=SMALL_SIZE) for item in u.items]
    row = ft.Row(
        [
            ft.Icon(ft.Icons.CIRCLE, size=14, color=ft.Colors.PRIMARY),
            ft.Column(lines, spacing=2, expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    return with_id(row, f"application-update-{i}")


def timeline_section(t: Translate, d: ApplicationDetail) -> ft.Control:
    newest = sorted(d.updates, key=lambda u: u.at, reverse=True)
    return section(
        "application-timeline",
        t("application.timeline"),
        [update_row(t, i, u) for i, u in enumerate(newest)],
    )


def withdraw_dialog(t: Translate, on_confirm: Any, on_cancel: Any) -> ft.AlertDialog:
    return ft.AlertDialog(
        modal=True,
        title=ft.Text(t("application.withdraw_title")),
        content=ft.Text(t("application.withdraw_body"), size=BODY_SIZE),
        actions=[
            secondary_button("application-withdraw-cancel", t("common.cancel"), on_cancel),
            primary_button("application-withdraw-confirm", t("application.withdraw"), on_confirm),
        ],
    )
