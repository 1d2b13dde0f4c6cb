"""Composition root: settings → http client → services → state → ft.run (the only wiring)."""

import os
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import flet as ft
import httpx
from flet_secure_storage import SecureStorage

from app.components.context import AppDeps
from app.components.style import theme
from app.routes import App
from app.services.i18n import Catalog
from app.services.tokens import TokenStore, choose_token_store
from app.settings import DEFAULT_APP_PORT, AppSettings
from app.state.auth import AuthController
from app.state.session import Session


def _client_side_storage(page: ft.Page) -> bool:
    """Web and phones keep the token on the user's device (Flutter secure storage)."""
    return bool(page.web) or (page.platform is not None and page.platform.is_mobile())


def _token_store(page: ft.Page, keep_alive: list[Any]) -> TokenStore:
    def secure_storage() -> SecureStorage:
        storage = SecureStorage()
        keep_alive.append(storage)  # Flet drops device services nobody references
        return storage

    return choose_token_store(
        client_side_storage=_client_side_storage(page), secure_storage=secure_storage
    )


def _device_name(page: ft.Page) -> str:
    where = "web" if page.web else (page.platform.value if page.platform else "desktop")
    return f"SatuPintu ({where})"


def build_main(
    settings: AppSettings,
    http: httpx.AsyncClient | None = None,
    token_store: TokenStore | None = None,
) -> Callable[[ft.Page], Awaitable[None]]:
    """The `main(page)` Flet runs per session; tests inject an ASGI-bound client and a store."""
    catalog = Catalog.load()
    client = http or httpx.AsyncClient(base_url=settings.api_url, timeout=settings.timeout_seconds)

    async def main(page: ft.Page) -> None:
        page.title = catalog.text(settings.language, "app.name")
        page.theme = theme()
        page.theme_mode = ft.ThemeMode.LIGHT
        keep_alive: list[Any] = []
        store = token_store or _token_store(page, keep_alive)
        session = Session(language=settings.language)
        device = settings.device_name or _device_name(page)
        auth = AuthController(session, client, store, device_name=device)
        page.render_views(App, AppDeps(session, auth, catalog, keep_alive))

    return main


def run_app(
    api_url: str, *, web: bool, host: str = "127.0.0.1", port: int = DEFAULT_APP_PORT
) -> None:
    """Run the app: a browser app served at host:port (web) or the desktop client.

    `no_cdn=True` always: without it the web page fetches its renderer from a CDN and
    never renders offline.
    """
    settings = replace(AppSettings.from_env(os.environ), api_url=api_url.rstrip("/"))
    ft.run(
        build_main(settings),
        host=host,
        port=port,
        view=ft.AppView.WEB_BROWSER if web else ft.AppView.FLET_APP,
        no_cdn=True,
    )
