"""Components layer: how every screen shows a store — subscribe to it, and the same progress,
error banner, "Coba lagi" and notice rows for its status (app/state/store.py)."""

from collections.abc import Callable
from typing import Any, TypeVar

import flet as ft

from app.components.buttons import primary_button
from app.components.context import Translate, say
from app.components.feedback import busy_indicator, message_banner
from app.components.files import progress_row
from app.state.store import Store

S = TypeVar("S", bound=Store)


def use_store(store: S) -> S:
    """The calling component re-renders whenever the store changes (it is observable)."""
    ft.use_state(store)
    return store


def status_rows(
    t: Translate,
    store: Store,
    prefix: str,
    *,
    busy_key: str = "common.loading",
    progress: float | None = None,
    retry: Callable[[], Any] | None = None,
    retry_key: str = "common.retry",
    notice_id: str | None = None,
) -> list[ft.Control]:
    """Progress (the upload bar when a fraction is known), the problem (`{prefix}-error`),
    "Coba lagi" (`{prefix}-retry`, when `retry` is given and the failure may pass) and the
    notice (`{prefix}-notice` or `notice_id`)."""
    rows: list[ft.Control] = []
    if progress is not None:
        rows.append(progress_row(t, progress))
    elif store.busy:
        rows.append(busy_indicator(t(busy_key)))
    if store.problem is not None:
        rows.append(message_banner(f"{prefix}-error", say(t, store.problem)))
        if retry is not None and store.can_retry and not store.busy:
            label = t(retry_key)
            rows.append(primary_button(f"{prefix}-retry", label, retry, icon=ft.Icons.REFRESH))
    if store.notice is not None:
        notice = say(t, store.notice)
        rows.append(message_banner(notice_id or f"{prefix}-notice", notice, error=False))
    return rows
