"""Composition root: settings → one http client → ApiClient → device store → one store per
feature → AppDeps → ft.run. The only wiring; everything is built once per app session."""

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
from app.services.api import ApiClient
from app.services.application_list_cache import ApplicationListCache
from app.services.catalog_cache import CatalogCache
from app.services.device_store import DeviceStore, MemoryBackend, StorageBackend
from app.services.field_device import FieldDevice
from app.services.i18n import Catalog
from app.services.identity_store import IdentityStore
from app.services.session_memory import SessionMemory
from app.services.tokens import TokenStore, choose_token_store
from app.services.visit_cache import VisitCache
from app.settings import DEFAULT_APP_PORT, AppSettings
from app.state.access_log import AccessLogStore
from app.state.application_detail import ApplicationStore
from app.state.application_fix import FixStore
from app.state.application_list import ApplicationsStore
from app.state.applications import ApplicationsHub
from app.state.apply import ApplyStore
from app.state.attachments import AttachmentUploads
from app.state.auth import AuthController
from app.state.auth_form import AuthFormStore
from app.state.catalog import CatalogStore
from app.state.documents import DocumentsStore
from app.state.family import FamilyStore
from app.state.field_day import FieldDayStore
from app.state.identity import CredentialStore, MyQrStore, ScanStore
from app.state.my_data import MyDataStore
from app.state.officer_application import OfficerApplicationStore
from app.state.officer_queue import OfficerQueueStore
from app.state.password import PasswordStore
from app.state.profile import ProfileStore
from app.state.session import Session
from app.state.visit_board import VisitBoardStore
from app.state.visit_detail import VisitStore
from app.state.visit_list import VisitsStore
from app.state.visit_plan import VisitPlanStore
from app.state.visit_request import VisitRequestStore
from contracts.identity import TokenKind


def _on_device(page: ft.Page) -> bool:
    """Web and phones keep data on the user's device (Flutter secure storage)."""
    return bool(page.web) or (page.platform is not None and page.platform.is_mobile())


def _device_backend(on_device: bool, keep_alive: list[Any]) -> StorageBackend:
    """Chosen once: secure storage on phones and web (kept referenced, or Flet drops it);
    memory on desktop — a plaintext file would let anyone with the disk read it."""
    if not on_device:
        return MemoryBackend()
    storage: StorageBackend = SecureStorage()
    keep_alive.append(storage)
    return storage


def _device_name(page: ft.Page) -> str:
    where = "web" if page.web else (page.platform.value if page.platform else "desktop")
    return f"SatuPintu ({where})"


def build_deps(
    page: ft.Page,
    settings: AppSettings,
    http: httpx.AsyncClient,
    texts: Catalog,
    token_store: TokenStore | None = None,
) -> AppDeps:
    """One app session's objects. Every store holding personal data is registered for
    sign-out here, when it is built (not when a screen first renders)."""
    keep_alive: list[Any] = []
    on_device = _on_device(page)
    device = DeviceStore(_device_backend(on_device, keep_alive))
    session = Session(language=settings.language)
    api = ApiClient(http, language=lambda: session.language)
    tokens = token_store or choose_token_store(device, on_device=on_device)
    device_name = settings.device_name or _device_name(page)
    memory = SessionMemory(device)  # the last account (personal: auth wipes it) and language
    auth = AuthController(session, api, tokens, device_name=device_name, memory=memory)

    def owner() -> str:
        return session.account.id if session.account else ""

    identity = IdentityStore(device)
    catalog_store = CatalogStore(api, CatalogCache(device))  # public: kept at sign-out
    applications = ApplicationsHub(api, device, owner)
    application = ApplicationStore(api)
    officer_queue = OfficerQueueStore(api)
    visit_cache = VisitCache(device)  # personal: the list and the last detail of each visit
    visit_board = VisitBoardStore(api)
    deps = AppDeps(
        session=session,
        auth=auth,
        catalog=texts,
        device=device,
        identity=identity,
        my_qr=MyQrStore(api, identity, owner),
        citizen_scan=ScanStore(api, identity, owner, TokenKind.CITIZEN),
        officer_check=ScanStore(api, identity, owner, TokenKind.OFFICER),
        credential=CredentialStore(api, identity, owner),
        catalog_source=catalog_store,
        applications=applications,
        applications_list=ApplicationsStore(api, ApplicationListCache(device), applications),
        application=application,
        apply=ApplyStore(api, applications, catalog_store, AttachmentUploads(api)),
        fix=FixStore(api, application, AttachmentUploads(api)),
        documents=DocumentsStore(api),
        my_data=MyDataStore(api, auth.session_expired),
        officer_queue=officer_queue,
        officer_application=OfficerApplicationStore(api, officer_queue),
        profile=ProfileStore(api),
        family=FamilyStore(api),
        access_log=AccessLogStore(api),
        auth_form=AuthFormStore(auth),
        password=PasswordStore(auth.change_password),
        visits=VisitsStore(api, visit_cache, applications),
        visit=VisitStore(api, visit_cache, owner),
        visit_request=VisitRequestStore(api, applications, AttachmentUploads(api)),
        visit_board=visit_board,
        visit_plan=VisitPlanStore(api, visit_board),
        settings=settings,
        field_day=FieldDayStore(api, FieldDevice(device), owner),
        keep_alive=keep_alive,
    )
    for personal in (
        deps.identity,
        deps.my_qr,
        deps.citizen_scan,
        deps.officer_check,
        deps.credential,
        deps.applications_list,  # before the hub: it reads whose list it is from the hub
        deps.visits,  # the same
        deps.visit,
        deps.visit_request,
        deps.applications,
        deps.application,
        deps.apply,
        deps.fix,
        deps.documents,
        deps.my_data,
        deps.officer_queue,
        deps.officer_application,
        deps.profile,
        deps.family,
        deps.access_log,
        deps.auth_form,
        deps.password,
        deps.visit_board,
        deps.visit_plan,
        deps.field_day,  # the day's citizens, keys, photos and what was not sent
    ):
        auth.on_sign_out.append(personal.forget)
    auth.on_expiry_instead[deps.field_day.forget] = deps.field_day.put_away
    auth.on_back_online.append(deps.applications.reconnected)
    auth.on_back_online.append(deps.field_day.reconnected)
    return deps


def _watch_page(page: ft.Page, deps: AppDeps) -> None:
    """Web: the tab came back online → revalidate a session that started offline, send what
    waits; the session ended → stop timers (on the web the app runs on the server: a closed
    tab must not poll forever)."""

    async def connected(_: Any) -> None:
        if deps.session.offline:
            await deps.auth.revalidate()  # once confirmed, on_back_online sends what waits
        else:
            await deps.applications.reconnected()
            await deps.field_day.reconnected()

    def closed(_: Any) -> None:
        deps.applications.close()
        deps.field_day.close()

    page.on_connect = connected
    page.on_close = closed


def build_main(
    settings: AppSettings,
    http: httpx.AsyncClient | None = None,
    token_store: TokenStore | None = None,
) -> Callable[[ft.Page], Awaitable[None]]:
    """The `main(page)` Flet runs per session; tests inject an ASGI-bound client and a store."""
    texts = Catalog.load()
    client = http or httpx.AsyncClient(base_url=settings.api_url, timeout=settings.timeout_seconds)

    async def main(page: ft.Page) -> None:
        page.title = texts.text(settings.language, "app.name")
        page.theme = theme()
        page.theme_mode = ft.ThemeMode.LIGHT
        deps = build_deps(page, settings, client, texts, token_store)
        _watch_page(page, deps)
        page.render_views(App, deps)

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
