"""Views layer: "Layanan" — browse the service catalog by category and agency, search it,
filter by channel; works offline from the device copy."""

from dataclasses import replace
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import secondary_button
from app.components.catalog import channel_chips, picker, service_card
from app.components.catalog_context import SERVICES_PATH, catalog_rows, use_catalog
from app.components.context import Translate, use_session, use_t
from app.components.fields import text_input
from app.components.layout import screen
from app.components.navigation import go_to
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.catalog import Loaded
from app.state.catalog_browse import Filters, agencies_in, agency_of, browse, categories_in
from contracts.catalog import Catalog, Category, Channel


def filter_controls(
    t: Translate, catalog: Catalog, filters: Filters, set_filters: Any
) -> list[ft.Control]:
    def on_query(e: Any) -> None:
        set_filters(lambda f: replace(f, query=e.control.value or ""))

    def on_channel(channel: Channel) -> None:
        set_filters(lambda f: replace(f, channel=None if f.channel is channel else channel))

    def on_category(e: Any) -> None:
        value = e.control.value or ""
        set_filters(lambda f: replace(f, category=Category(value) if value else None))

    def on_agency(e: Any) -> None:
        set_filters(lambda f: replace(f, agency=e.control.value or None))

    everything = ("", t("catalog.all"))
    categories = [(c.value, t(f"catalog.category.{c.value}")) for c in categories_in(catalog)]
    agencies = [(a.code, a.short_name) for a in agencies_in(catalog)]
    category = filters.category.value if filters.category else ""
    return [
        text_input(
            "services-search",
            t("catalog.search_label"),
            filters.query,
            on_query,
            hint=t("catalog.search_hint"),
            keyboard=ft.KeyboardType.TEXT,
        ),
        ft.Text(t("catalog.channel_label"), size=SMALL_SIZE),
        channel_chips(t, filters.channel, on_channel),
        picker(
            "services-category",
            t("catalog.category_label"),
            category,
            [everything, *categories],
            on_category,
        ),
        picker(
            "services-agency",
            t("catalog.agency_label"),
            filters.agency or "",
            [everything, *agencies],
            on_agency,
        ),
    ]


def result_controls(
    t: Translate, language: str, loaded: Loaded, filters: Filters, clear: Any
) -> list[ft.Control]:
    catalog = loaded.catalog
    found = browse(catalog, filters, language)
    count = ft.Text(t("catalog.count", count=len(found)), size=BODY_SIZE)
    counted = with_id(count, "services-count")
    counted.live_region = True  # the new count is read out as the citizen types
    rows: list[ft.Control] = [counted]
    if not found:
        empty = ft.Text(t("catalog.empty"), size=BODY_SIZE)
        rows += [
            with_id(empty, "services-empty"),
            secondary_button("services-clear", t("catalog.clear_filters"), clear),
        ]
    for service in found:
        agency = agency_of(catalog, service.agency)
        short = agency.short_name if agency else service.agency
        open_detail = go_to(f"{SERVICES_PATH}/{service.code}")
        rows.append(service_card(t, language, service, short, open_detail))
    return rows


@ft.component
def ServicesScreen():
    t, language = use_t(), use_session().language
    catalog = use_catalog(revalidate=True)
    filters, set_filters = ft.use_state(Filters())  # transient: what the citizen looks for
    body: list[ft.Control] = [ft.Text(t("catalog.intro"), size=BODY_SIZE)]
    body += catalog_rows(t, catalog, "services")
    if catalog.loaded is not None:
        body += filter_controls(t, catalog.loaded.catalog, filters, set_filters)
        body += result_controls(
            t, language, catalog.loaded, filters, lambda: set_filters(Filters())
        )
    return screen(ft.use_view_path(), t("catalog.title"), body)
