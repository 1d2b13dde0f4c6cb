"""Components layer: the app's dependencies (built once per app session in app/main.py) and
the session, handed to screens through Flet contexts; `use_t` for texts."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import flet as ft

from app.services.device_store import DeviceStore
from app.services.errors import ApiError
from app.services.i18n import Catalog
from app.services.identity_store import IdentityStore
from app.settings import AppSettings
from app.state.access_log import AccessLogStore
from app.state.application_detail import ApplicationStore
from app.state.application_fix import FixStore
from app.state.application_list import ApplicationsStore
from app.state.applications import ApplicationsHub
from app.state.apply import ApplyStore
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
from app.state.store import Note
from app.state.visit_board import VisitBoardStore
from app.state.visit_detail import VisitStore
from app.state.visit_list import VisitsStore
from app.state.visit_plan import VisitPlanStore
from app.state.visit_request import VisitRequestStore

Translate = Callable[..., str]


@dataclass
class AppDeps:
    """Everything screens need: the session, its controller and one store per feature.
    `keep_alive` holds device services so Flet keeps them (see FLET.md)."""

    session: Session
    auth: AuthController
    catalog: Catalog  # the UI texts (i18n)
    device: DeviceStore
    identity: IdentityStore  # the stored QR batch, keys and officer card (device)
    my_qr: MyQrStore  # Kode QR Saya
    citizen_scan: ScanStore  # Pindai QR (officers scan citizens)
    officer_check: ScanStore  # Periksa Petugas (citizens check officers)
    credential: CredentialStore  # Kartu Petugas
    catalog_source: CatalogStore  # the service catalog (public)
    applications: ApplicationsHub
    applications_list: ApplicationsStore  # Permohonan Saya
    application: ApplicationStore
    apply: ApplyStore
    fix: FixStore  # the fix of the open application
    documents: DocumentsStore
    my_data: MyDataStore
    officer_queue: OfficerQueueStore
    officer_application: OfficerApplicationStore
    profile: ProfileStore
    family: FamilyStore
    access_log: AccessLogStore
    auth_form: AuthFormStore  # sign-in and sign-up status; the session is `auth`'s
    password: PasswordStore
    visits: VisitsStore  # Jemput Bola Saya
    visit: VisitStore  # the open visit (and its door check's team)
    visit_request: VisitRequestStore  # Minta Jemput Bola
    visit_board: VisitBoardStore  # Jemput bola: the coordinator's board
    visit_plan: VisitPlanStore  # Jemput bola: one team's day plan
    field_day: FieldDayStore  # "Hari ini": the field officer's offline day
    settings: AppSettings = field(default_factory=AppSettings)  # e.g. the map's tile source
    keep_alive: list[Any] = field(default_factory=list)


DepsContext = ft.create_context(cast("AppDeps | None", None))
SessionContext = ft.create_context(cast("Session | None", None))


def use_deps() -> AppDeps:
    deps = ft.use_context(DepsContext)
    if deps is None:
        raise RuntimeError("screen rendered outside the App component")
    return deps


def use_session() -> Session:
    """The session store; reading it here re-renders the screen when it changes."""
    session = ft.use_context(SessionContext)
    if session is None:
        raise RuntimeError("screen rendered outside the App component")
    return session


def use_t() -> Translate:
    """`t("key", **params)` in the session's current language."""
    deps = use_deps()
    session = use_session()

    def t(key: str, **params: object) -> str:
        return deps.catalog.text(session.language, key, **params)

    return t


def error_text(error: ApiError, t: Translate) -> str:
    """The server's localised message when it sent one; our catalog text otherwise.
    (For screens not yet on a store; stores keep a `Note`, shown by `say`.)"""
    return error.message or t(error.catalog_key)


def say(t: Translate, note: Note) -> str:
    """A store's note in the current language (the server's own words when it sent them)."""
    if note.text:
        return note.text
    named = {name: t(key) for name, key in note.named.items()}
    return t(note.key, **note.params, **named)
