"""Views layer: pieces of the officer's application detail — citizen, service, answers,
attachments (opened on demand: each view is access-logged), revision items, result and
timeline."""

from collections.abc import Callable, Mapping
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.context import Translate
from app.components.officer import (
    block,
    day_text,
    due_line,
    fact,
    labelled,
    status_chip,
    timeline_entry,
)
from app.components.style import SMALL_SIZE
from app.state.documents import size_text
from app.state.officer import AnswerRow, requirement_label
from contracts.applications import AttachmentOut, OfficerApplicationDetail
from contracts.catalog import PublicService

Handler = Callable[..., Any]
IMAGE_TYPES = ("image/jpeg", "image/png")


def citizen_block(t: Translate, d: OfficerApplicationDetail) -> ft.Control:
    rows: list[ft.Control] = [
        fact("review-citizen-name", t("review.citizen.name", name=d.citizen_name), bold=True),
        fact("review-citizen-nik", t("review.citizen.nik", nik=d.citizen_nik_masked or "—")),
        fact("review-citizen-phone", t("review.citizen.phone", phone=d.citizen_phone or "—")),
    ]
    if d.subject_name != d.citizen_name:
        rows.append(fact("review-subject", t("review.citizen.subject", name=d.subject_name)))
    return block("review-citizen", t("review.section.citizen"), rows)


def service_block(t: Translate, lang: str, d: OfficerApplicationDetail) -> ft.Control:
    rows: list[ft.Control] = [
        fact("review-service", d.service_name.get(lang), bold=True),
        fact("review-tracking", t("review.tracking", number=d.tracking_number)),
        ft.Row(
            [ft.Text(t("review.status_label"), size=SMALL_SIZE), status_chip(t, d.status)],
            spacing=8,
        ),
        with_id(due_line(t, d.due_date, d.overdue), "review-due"),
        ft.Text(t("review.submitted", date=day_text(d.submitted_at.date())), size=SMALL_SIZE),
    ]
    if d.rejection_reason:
        rows.append(fact("review-rejection", t("review.rejection", reason=d.rejection_reason)))
    return block("review-summary", t("review.section.service"), rows)


def answer_item(t: Translate, row: AnswerRow) -> ft.Control:
    column = labelled(row.label, row.value)
    if row.prefilled:
        column.controls.append(
            ft.Text(t("review.prefilled"), size=SMALL_SIZE, color=ft.Colors.GREEN_800)
        )
    return with_id(column, f"review-answer-{row.code}")


def answers_block(t: Translate, rows: list[AnswerRow]) -> ft.Control:
    items: list[ft.Control] = [answer_item(t, r) for r in rows]
    if not items:
        items = [ft.Text(t("review.no_answers"), size=SMALL_SIZE)]
    return block("review-answers", t("review.section.answers"), items)


def named(node: ft.Semantics, label: str) -> ft.Semantics:
    """A short visible button text; the accessible name says which attachment it is for."""
    node.label = label
    return node


def attachment_row(
    t: Translate,
    index: int,
    name: str,
    att: AttachmentOut,
    data: bytes | None,
    on_open: Handler,
    on_save: Handler,
) -> ft.Control:
    meta = t(
        "review.attachment.meta", type=t(f"documents.type.{att.type}"), size=size_text(att.size)
    )
    rows: list[ft.Control] = [labelled(name, att.title or meta)]
    if att.title:
        rows.append(ft.Text(meta, size=SMALL_SIZE))
    if data is None:
        rows.append(
            named(
                secondary_button(
                    f"review-attachment-open-{index}",
                    t("review.attachment.open_short"),
                    on_open,
                    icon=ft.Icons.VISIBILITY,
                ),
                t("review.attachment.open", name=name),
            )
        )
    else:
        if att.media_type in IMAGE_TYPES:
            label = t("review.attachment.image", name=name)
            image = ft.Image(src=data, fit=ft.BoxFit.CONTAIN, height=320, semantics_label=label)
            node = with_id(image, f"review-attachment-image-{index}", label)
            node.image = True
            rows.append(node)
        rows.append(
            named(
                secondary_button(
                    f"review-attachment-save-{index}",
                    t("review.attachment.save_short"),
                    on_save,
                    icon=ft.Icons.DOWNLOAD,
                ),
                t("review.attachment.save", name=name),
            )
        )
    return with_id(ft.Column(rows, spacing=6), f"review-attachment-{index}")


def attachments_block(
    t: Translate,
    lang: str,
    d: OfficerApplicationDetail,
    service: PublicService | None,
    opened: Mapping[str, bytes],
    handlers: Callable[[AttachmentOut], tuple[Handler, Handler]],
) -> ft.Control:
    rows: list[ft.Control] = [ft.Text(t("review.attachments_note"), size=SMALL_SIZE)]
    for i, att in enumerate(d.attachments):
        on_open, on_save = handlers(att)
        name = requirement_label(service, att.requirement, lang)
        rows.append(attachment_row(t, i, name, att, opened.get(att.document_id), on_open, on_save))
    if not d.attachments:
        rows = [ft.Text(t("review.no_attachments"), size=SMALL_SIZE)]
    return block("review-attachments", t("review.section.attachments"), rows)


def revision_block(
    t: Translate, d: OfficerApplicationDetail, names: Mapping[str, str]
) -> list[Any]:
    if not d.revision_items:
        return []
    rows: list[ft.Control] = []
    for i, item in enumerate(d.revision_items):
        where = names.get(item.target or "", item.target or t("review.revision.general"))
        rows.append(fact(f"review-revision-item-{i}", f"{where}: {item.message}"))
    return [block("review-revision", t("review.section.revision"), rows)]


def result_block(t: Translate, d: OfficerApplicationDetail) -> list[Any]:
    result = d.result
    if result is None:
        return []
    rows: list[ft.Control] = []
    if result.document_id:
        rows.append(fact("review-result-document", t("review.result.document")))
    if result.pickup_instructions:
        text = t("review.result.pickup", text=result.pickup_instructions)
        rows.append(fact("review-result-pickup", text))
    return [block("review-result", t("review.section.result"), rows)]


def timeline_block(t: Translate, d: OfficerApplicationDetail) -> ft.Control:
    entries = [timeline_entry(t, i, u) for i, u in enumerate(reversed(d.updates))]
    return block("review-timeline", t("review.section.timeline"), entries)
