"""Components layer: the catalog on a screen — `use_catalog` (the app's `CatalogStore`: what is
at hand at once, revalidated with the server's ETag) and its standard progress / offline /
retry rows."""

from datetime import datetime

import flet as ft

from app.components.a11y import with_id
from app.components.context import Translate, use_deps
from app.components.feedback import message_banner
from app.components.store_status import status_rows, use_store
from app.state.catalog import CatalogStore

SERVICES_PATH = "/home/services"


def use_catalog(*, revalidate: bool) -> CatalogStore:
    """The catalog store (the screen re-renders when it changes), loaded when the screen
    opens: the server is asked when `revalidate`, when nothing is at hand, or when it was not
    asked yet in this app session (a deep link to a detail screen)."""
    store = use_store(use_deps().catalog_source)

    async def load() -> None:
        await store.load(revalidate=revalidate)

    ft.use_effect(load, [])
    return store


def saved_date(when: datetime) -> str:
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def catalog_rows(t: Translate, store: CatalogStore, prefix: str) -> list[ft.Control]:
    """Progress (`{prefix}-progress`), the offline banner with the date of the copy, and the
    no-catalog problem with "Coba lagi" (the store status, as on every screen)."""
    busy_key = "catalog.checking" if store.loaded else "catalog.loading"
    rows = status_rows(
        t, store, prefix, busy_key=busy_key, retry=store.retry, retry_key="catalog.retry"
    )
    if store.busy:
        rows[0] = with_id(rows[0], f"{prefix}-progress")
    if store.loaded is not None and store.loaded.offline:
        text = t("catalog.offline", date=saved_date(store.loaded.confirmed_at))
        rows.insert(int(store.busy), message_banner(f"{prefix}-offline", text, error=False))
    return rows
