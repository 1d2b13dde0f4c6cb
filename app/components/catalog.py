"""Components layer: builders for the service catalog screens (cards, filter chips, detail
sections); data in, controls out."""

from collections.abc import Callable, Sequence
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.style import BODY_SIZE, SMALL_SIZE
from contracts.catalog import Channel, OpeningHours, PublicService, ServiceSource

Translate = Callable[..., str]
Handler = Callable[..., Any]

CHANNEL_ICONS = {
    Channel.ONLINE: ft.Icons.PHONE_ANDROID,
    Channel.COUNTER: ft.Icons.STOREFRONT,
    Channel.JEMPUT_BOLA: ft.Icons.DIRECTIONS_CAR,
    Channel.KIOSK: ft.Icons.TOUCH_APP,
}


CHANNEL_ORDER = (Channel.ONLINE, Channel.COUNTER, Channel.JEMPUT_BOLA, Channel.KIOSK)


def ordered_channels(service: ServiceSource) -> list[Channel]:
    return [c for c in CHANNEL_ORDER if c in service.channels]


def rupiah(amount: int) -> str:
    """350000 → "Rp350.000" (Indonesian thousands separator)."""
    return f"Rp{amount:,}".replace(",", ".")


def day_ranges(days: tuple[int, ...]) -> list[tuple[int, int]]:
    """ISO weekdays as runs: (1, 2, 3, 4, 5, 7) → [(1, 5), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def channel_name(t: Translate, channel: Channel) -> str:
    return t(f"catalog.channel.{channel.value}")


def channels_text(t: Translate, service: ServiceSource) -> str:
    return ", ".join(channel_name(t, c) for c in ordered_channels(service))


def days_text(t: Translate, days: int) -> str:
    return t("catalog.same_day") if days == 0 else t("catalog.days", days=days)


def fee_amount(t: Translate, service: ServiceSource) -> str:
    return t("catalog.fee_free") if service.fee.amount == 0 else rupiah(service.fee.amount)


def fee_text(t: Translate, service: ServiceSource, language: str) -> str:
    """The amount with its note (the detail screen; cards show the amount only)."""
    note = service.fee.note.get(language) if service.fee.note else ""
    amount = fee_amount(t, service)
    return f"{amount} ({note})" if note else amount


def channel_icons(t: Translate, service: ServiceSource) -> ft.Row:
    """The service's channels as icon + name (icons alone are not enough to read)."""
    badges: list[ft.Control] = [
        ft.Row(
            [ft.Icon(CHANNEL_ICONS[c], size=20), ft.Text(channel_name(t, c), size=SMALL_SIZE)],
            spacing=4,
            tight=True,
        )
        for c in ordered_channels(service)
    ]
    return ft.Row(badges, spacing=12, run_spacing=4, wrap=True)


def fact_row(icon: ft.IconData, text: str) -> ft.Row:
    return ft.Row(
        [ft.Icon(icon, size=20), ft.Text(text, size=SMALL_SIZE, expand=True)],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def service_card(
    t: Translate, language: str, service: PublicService, agency: str, on_click: Handler
) -> ft.Semantics:
    """A large card: name, agency, time, fee and channels; the whole card opens the detail."""
    name = service.name.get(language)
    days, fee = days_text(t, service.days), fee_amount(t, service)
    body = ft.Column(
        [
            ft.Text(name, size=BODY_SIZE, weight=ft.FontWeight.W_600),
            ft.Text(agency, size=SMALL_SIZE, color=ft.Colors.PRIMARY),
            fact_row(ft.Icons.SCHEDULE, days),
            fact_row(ft.Icons.PAYMENTS, fee),
            channel_icons(t, service),
        ],
        spacing=6,
    )
    box = ft.Container(content=body, padding=16, on_click=on_click, ink=True, border_radius=12)
    card = ft.Card(content=box)
    channels = channels_text(t, service)
    label = t("catalog.card_label", name=name, agency=agency, days=days, fee=fee, channels=channels)
    identifier = f"services-item-{service.code}"
    card.key = identifier
    return ft.Semantics(identifier=identifier, label=label, button=True, content=card)


def channel_chips(
    t: Translate, active: Channel | None, on_pick: Callable[[Channel], Any]
) -> ft.Row:
    """One chip per channel; tapping the active one clears the filter."""
    chips: list[ft.Control] = []
    for channel in CHANNEL_ORDER:
        on = channel is active
        chip = ft.Chip(
            label=ft.Text(channel_name(t, channel), size=SMALL_SIZE),
            leading=ft.Icon(ft.Icons.CHECK if on else CHANNEL_ICONS[channel], size=20),
            bgcolor=ft.Colors.SECONDARY_CONTAINER if on else None,
            on_click=lambda _e, c=channel: on_pick(c),
            height=48,
        )
        label = t("catalog.channel_filter", channel=channel_name(t, channel))
        node = with_id(chip, f"services-channel-{channel.value}", label)
        node.selected = on
        chips.append(node)
    return ft.Row(chips, wrap=True, spacing=8, run_spacing=8)


def picker(
    identifier: str, label: str, value: str, options: Sequence[tuple[str, str]], on_select: Handler
) -> ft.Semantics:
    """A full-width dropdown whose first option ("" key) means "all". `expand` only works on
    a Row's direct child, so the Semantics node wraps the Row."""
    dropdown = ft.Dropdown(
        label=label,
        value=value,
        options=[ft.DropdownOption(key=k, text=text) for k, text in options],
        on_select=on_select,
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        expand=True,
    )
    dropdown.key = identifier
    return ft.Semantics(identifier=identifier, content=ft.Row([dropdown]))


def section(identifier: str, title: str, controls: Sequence[ft.Control]) -> ft.Semantics:
    """A titled block of the detail screen; screen readers can jump between them."""
    column = ft.Column(
        [ft.Text(title, size=20, weight=ft.FontWeight.BOLD), *controls],
        spacing=8,
    )
    column.key = identifier
    return ft.Semantics(identifier=identifier, container=True, header=False, content=column)


def body_text(text: str) -> ft.Text:
    return ft.Text(text, size=BODY_SIZE, selectable=True)


def hours_text(t: Translate, hours: OpeningHours) -> str:
    names = [
        t(f"catalog.weekday.{a}")
        if a == b
        else f"{t(f'catalog.weekday.{a}')}–{t(f'catalog.weekday.{b}')}"
        for a, b in day_ranges(hours.days)
    ]
    return t("catalog.hours", days=", ".join(names), opens=hours.opens, closes=hours.closes)
