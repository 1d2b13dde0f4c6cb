"""Views layer: one service's Standar Pelayanan — summary, requirements, steps, time, fee,
product, complaints, legal basis, channels, where it is offered — and "Ajukan Permohonan"."""

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import primary_button, secondary_button
from app.components.catalog import (
    CHANNEL_ICONS,
    body_text,
    channel_name,
    channels_text,
    days_text,
    fee_amount,
    hours_text,
    ordered_channels,
    section,
)
from app.components.catalog_context import SERVICES_PATH, catalog_rows, use_catalog
from app.components.context import Translate, use_session, use_t
from app.components.feedback import message_banner
from app.components.layout import heading, screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.catalog_browse import agency_of, centers_for, service_by_code
from contracts.catalog import (
    Catalog,
    Channel,
    PublicService,
    Requirement,
    RequirementKind,
    ServiceCenter,
)

REQUIREMENT_ICONS = {
    RequirementKind.PROFILE: ft.Icons.VERIFIED_USER,
    RequirementKind.DOCUMENT: ft.Icons.FOLDER,
    RequirementKind.UPLOAD: ft.Icons.UPLOAD_FILE,
}


def requirement_source(t: Translate, req: Requirement) -> str:
    if req.kind is RequirementKind.PROFILE:
        return t("catalog.req.profile")
    if req.kind is RequirementKind.DOCUMENT and req.document_type is not None:
        return t("catalog.req.document", type=t(f"documents.type.{req.document_type.value}"))
    return t("catalog.req.upload")


def requirement_row(t: Translate, language: str, req: Requirement) -> ft.Control:
    lines: list[ft.Control] = [ft.Text(req.label.get(language), size=BODY_SIZE)]
    source = requirement_source(t, req)
    if not req.required:
        source = f"{source} · {t('catalog.req.optional')}"
    colour = ft.Colors.GREEN_800 if req.kind is RequirementKind.PROFILE else ft.Colors.PRIMARY
    lines.append(ft.Text(source, size=SMALL_SIZE, color=colour, weight=ft.FontWeight.W_600))
    if req.note:
        lines.append(ft.Text(req.note.get(language), size=SMALL_SIZE))
    row = ft.Row(
        [ft.Icon(REQUIREMENT_ICONS[req.kind], size=24), ft.Column(lines, spacing=2, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    return with_id(row, f"service-requirement-{req.code}")


def step_row(t: Translate, number: int, text: str) -> ft.Control:
    badge = ft.Container(
        content=ft.Text(str(number), size=BODY_SIZE, weight=ft.FontWeight.BOLD),
        width=36,
        height=36,
        border_radius=18,
        bgcolor=ft.Colors.PRIMARY_CONTAINER,
        alignment=ft.Alignment.CENTER,
    )
    row = ft.Row(
        [badge, ft.Text(text, size=BODY_SIZE, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    node = with_id(row, f"service-step-{number}", t("catalog.step", number=number, text=text))
    return node


def channel_row(t: Translate, channel: Channel) -> ft.Control:
    about = t(f"catalog.channel_about.{channel.value}")
    row = ft.Row(
        [
            ft.Icon(CHANNEL_ICONS[channel], size=24),
            ft.Column(
                [
                    ft.Text(channel_name(t, channel), size=BODY_SIZE, weight=ft.FontWeight.W_600),
                    ft.Text(about, size=SMALL_SIZE),
                ],
                spacing=2,
                expand=True,
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    return with_id(row, f"service-channel-{channel.value}")


def center_card(t: Translate, center: ServiceCenter) -> ft.Control:
    lines: list[ft.Control] = [
        ft.Text(center.name, size=BODY_SIZE, weight=ft.FontWeight.W_600),
        ft.Text(center.address, size=SMALL_SIZE, selectable=True),
        *[ft.Text(hours_text(t, h), size=SMALL_SIZE) for h in center.opening_hours],
    ]
    if center.phone:
        lines.append(ft.Text(t("catalog.phone", phone=center.phone), size=SMALL_SIZE))
    card = ft.Card(content=ft.Container(content=ft.Column(lines, spacing=4), padding=12))
    return with_id(card, f"service-center-{center.code}")


def apply_block(t: Translate, service: PublicService) -> list[ft.Control]:
    """The big apply button when the service is online; otherwise which channel to use; and
    "Minta jemput bola" when officers bring it to the home."""
    rows: list[ft.Control]
    if Channel.ONLINE in service.channels:
        target = f"{SERVICES_PATH}/{service.code}/apply"
        rows = [
            primary_button("service-apply", t("catalog.apply"), go_to(target), icon=ft.Icons.SEND),
            ft.Text(t("catalog.apply_hint"), size=SMALL_SIZE),
        ]
    else:
        text = t("catalog.not_online", channels=channels_text(t, service))
        rows = [message_banner("service-not-online", text, error=False)]
    return rows + visit_block(t, service)


def visit_block(t: Translate, service: PublicService) -> list[ft.Control]:
    if Channel.JEMPUT_BOLA not in service.channels:
        return []
    target = f"/home/visits/new?service={service.code}"
    return [
        secondary_button(
            "service-visit",
            t("visits.request_from_service"),
            go_to(target),
            icon=ft.Icons.HOME_WORK,
        ),
        ft.Text(t("visits.request_hint"), size=SMALL_SIZE),
    ]


def fee_lines(t: Translate, language: str, service: PublicService) -> list[ft.Control]:
    """The amount in bold, its note (e.g. what varies) below it."""
    amount = ft.Text(fee_amount(t, service), size=BODY_SIZE, weight=ft.FontWeight.W_600)
    note = service.fee.note
    return [amount, body_text(note.get(language))] if note else [amount]


def facts(t: Translate, language: str, service: PublicService) -> list[ft.Control]:
    legal = [body_text(f"• {law}") for law in service.legal_basis]
    return [
        section("service-days", t("catalog.section.days"), [body_text(days_text(t, service.days))]),
        section("service-fee", t("catalog.section.fee"), fee_lines(t, language, service)),
        section(
            "service-product",
            t("catalog.section.product"),
            [body_text(service.product.get(language))],
        ),
        section(
            "service-complaint",
            t("catalog.section.complaint"),
            [body_text(service.complaint.get(language))],
        ),
        section(
            "service-legal",
            t("catalog.section.legal"),
            legal or [body_text(t("catalog.legal_none"))],
        ),
    ]


def detail_body(
    t: Translate, language: str, catalog: Catalog, service: PublicService
) -> list[ft.Control]:
    agency = agency_of(catalog, service.agency)
    agency_name = agency.name.get(language) if agency else service.agency
    requirements = [requirement_row(t, language, r) for r in service.requirements]
    steps = [step_row(t, i, s.get(language)) for i, s in enumerate(service.steps, start=1)]
    centers = [center_card(t, c) for c in centers_for(catalog, service)]
    return [
        with_id(heading(service.name.get(language)), "service-title"),
        ft.Text(t("catalog.agency_line", name=agency_name), size=BODY_SIZE),
        *apply_block(t, service),
        section(
            "service-summary",
            t("catalog.section.summary"),
            [body_text(service.summary.get(language))],
        ),
        section(
            "service-requirements",
            t("catalog.section.requirements"),
            requirements or [body_text(t("catalog.requirements_none"))],
        ),
        section("service-steps", t("catalog.section.steps"), steps),
        *facts(t, language, service),
        section(
            "service-channels",
            t("catalog.section.channels"),
            [channel_row(t, c) for c in ordered_channels(service)],
        ),
        section(
            "service-centers",
            t("catalog.section.centers"),
            centers or [body_text(t("catalog.centers_none"))],
        ),
    ]


@ft.component
def ServiceDetailScreen():
    t, language = use_t(), use_session().language
    code = ft.use_route_params().get("code", "")
    catalog = use_catalog(revalidate=False)
    loaded = catalog.loaded
    body = catalog_rows(t, catalog, "service")
    service = service_by_code(loaded.catalog, code) if loaded else None
    if loaded is not None and service is None:
        body.append(message_banner("service-not-found", t("catalog.not_found")))
    if loaded is not None and service is not None:
        body += detail_body(t, language, loaded.catalog, service)
    return screen(ft.use_view_path(), t("catalog.detail_title"), body)
