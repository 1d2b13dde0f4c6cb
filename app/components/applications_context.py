"""Components layer: one applications hub per signed-in account — outbox sender, drafts and inbox,
on the device's secure storage (memory on desktop: never a plaintext file)."""

import inspect
import logging
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import flet as ft
from flet_secure_storage import SecureStorage

from app.components.context import AppDeps, use_deps, use_session
from app.services.device_json import DeviceJson
from app.services.drafts import Drafts
from app.services.errors import ApiError
from app.services.identity_store import MemoryBackend
from app.services.outbox import Outbox
from app.state.applications import OutboxSender
from app.state.auth import AuthController
from app.state.notifications import InboxSync


@dataclass
class ApplicationsHub:
    owner: str
    sender: OutboxSender
    drafts: Drafts
    inbox: InboxSync

    def close(self) -> None:
        self.sender.close()
        self.inbox.close()


log = logging.getLogger(__name__)
_STORES: "WeakKeyDictionary[AuthController, DeviceJson]" = WeakKeyDictionary()
_HUBS: "WeakKeyDictionary[AuthController, ApplicationsHub]" = WeakKeyDictionary()


def _backend(deps: AppDeps) -> Any:
    page = ft.context.page
    if page.web or (page.platform is not None and page.platform.is_mobile()):
        storage = SecureStorage()
        deps.keep_alive.append(storage)  # Flet drops device services nobody references
        return storage
    return MemoryBackend()


def _store(deps: AppDeps) -> DeviceJson:
    store = _STORES.get(deps.auth)
    if store is None:
        store = _STORES[deps.auth] = DeviceJson(_backend(deps))
    return store


def _new_hub(deps: AppDeps, owner: str) -> ApplicationsHub:
    store = _store(deps)
    api = deps.auth.api
    sender = OutboxSender(api, Outbox(store, owner))
    hub = ApplicationsHub(owner, sender, Drafts(store, owner), InboxSync(api))
    hub_ref = hub

    async def stop() -> None:  # the outbox stays on the device for this account's next login
        hub_ref.close()
        _HUBS.pop(deps.auth, None)

    deps.auth.on_sign_out.append(stop)
    _watch_page(hub)
    return hub


def _watch_page(hub: ApplicationsHub) -> None:
    """Web: the tab came back online → send what waits; the session ended → stop timers
    (on the web the app runs on the server: a closed tab must not poll forever)."""
    page = ft.context.page
    before_close, before_connect = page.on_close, page.on_connect

    async def closed(e: Any) -> None:
        hub.close()
        if before_close is not None:
            await _call(before_close, e)

    async def connected(e: Any) -> None:
        if before_connect is not None:
            await _call(before_connect, e)
        try:
            await hub.sender.flush()
        except ApiError as exc:
            log.info("outbox flush on reconnect failed: %s", exc.code)

    page.on_close = closed
    page.on_connect = connected


async def _call(handler: Any, e: Any) -> None:
    result = handler(e)
    if inspect.isawaitable(result):
        await result


def use_applications() -> ApplicationsHub:
    deps, session = use_deps(), use_session()
    owner = session.account.id if session.account else ""
    hub = _HUBS.get(deps.auth)
    if hub is None or hub.owner != owner:
        if hub is not None:
            hub.close()
        hub = _HUBS[deps.auth] = _new_hub(deps, owner)
    return hub
