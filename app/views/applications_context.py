"""Views layer: one applications hub per signed-in account — outbox sender, drafts and inbox,
on the device's secure storage (memory on desktop: never a plaintext file)."""

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import flet as ft
from flet_secure_storage import SecureStorage

from app.services.device_json import DeviceJson
from app.services.drafts import Drafts
from app.services.identity_store import MemoryBackend
from app.services.outbox import Outbox
from app.state.applications import OutboxSender
from app.state.auth import AuthController
from app.state.notifications import InboxSync
from app.views.context import AppDeps, use_deps, use_session


@dataclass
class ApplicationsHub:
    owner: str
    sender: OutboxSender
    drafts: Drafts
    inbox: InboxSync


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
        hub_ref.sender.close()
        _HUBS.pop(deps.auth, None)

    deps.auth.on_sign_out.append(stop)
    return hub


def use_applications() -> ApplicationsHub:
    deps, session = use_deps(), use_session()
    owner = session.account.id if session.account else ""
    hub = _HUBS.get(deps.auth)
    if hub is None or hub.owner != owner:
        if hub is not None:
            hub.sender.close()
        hub = _HUBS[deps.auth] = _new_hub(deps, owner)
    return hub
