"""Components layer: the catalog on a screen — `use_catalog` (what is at hand at once, revalidated
with the server's ETag) and its standard progress / offline / retry rows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import primary_button
from app.components.context import Translate, use_deps
from app.components.feedback import busy_indicator, message_banner
from app.services.errors import ApiError
from app.state.catalog import CatalogSource, Loaded


def use_catalog_source() -> CatalogSource:
    return use_deps().catalog_source


@dataclass(frozen=True)
class CatalogLoad:
    """What a catalog screen shows: the catalog (if any), progress, and an error text."""

    loaded: Loaded | None
    busy: bool
    error: str | None
    retry: Callable[[], Any]


def use_catalog(t: Translate, *, revalidate: bool) -> CatalogLoad:
    """Show what is at hand at once; ask the server (ETag) when `revalidate`, when nothing is
    at hand, or when it was not asked yet in this session (a deep link to a detail screen).
    The offline flag and date come with the result."""
    source = use_catalog_source()
    revalidate = revalidate or not source.checked
    loaded, set_loaded = ft.use_state(source.latest)
    busy, set_busy = ft.use_state(loaded is None or revalidate)
    no_error: str | None = None
    error, set_error = ft.use_state(no_error)

    async def load(force: bool = revalidate) -> None:
        set_error(None)
        saved = await source.saved()
        if saved is not None:
            set_loaded(saved)
        if saved is not None and not force:
            set_busy(False)
            return
        set_busy(True)
        try:
            set_loaded(await source.refresh())
        except ApiError:
            set_error(t("catalog.no_copy"))
        finally:
            set_busy(False)

    async def retry() -> None:
        await load(True)

    ft.use_effect(load, [])
    return CatalogLoad(loaded, busy, error, retry)


SERVICES_PATH = "/home/services"


def saved_date(when: datetime) -> str:
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def catalog_rows(t: Translate, load: CatalogLoad, prefix: str) -> list[ft.Control]:
    """Progress, the offline banner and the no-catalog error with its retry button."""
    rows: list[ft.Control] = []
    if load.busy:
        key = "catalog.checking" if load.loaded else "catalog.loading"
        rows.append(with_id(busy_indicator(t(key)), f"{prefix}-progress"))
    if load.loaded is not None and load.loaded.offline:
        text = t("catalog.offline", date=saved_date(load.loaded.confirmed_at))
        rows.append(message_banner(f"{prefix}-offline", text, error=False))
    if load.error and load.loaded is None:
        rows.append(message_banner(f"{prefix}-error", load.error))
        rows.append(
            primary_button(f"{prefix}-retry", t("catalog.retry"), load.retry, icon=ft.Icons.REFRESH)
        )
    return rows
