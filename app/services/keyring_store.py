"""Services layer: token store on the desktop keyring, only if the backend is really secure."""

import asyncio
import logging
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from app.services.tokens import MemoryTokenStore, TokenStore

log = logging.getLogger(__name__)
SERVICE = "satupintu"
USERNAME = "session-token"

# Backends that keep secrets in an OS-protected store.
SECURE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
)
# Plaintext/obfuscated files (keyrings.alt), and backends that store nothing.
REJECTED_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


def _module_in(cls: type, prefixes: tuple[str, ...]) -> bool:
    module = cls.__module__ or ""
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _priority(backend: object) -> float:
    try:
        return float(getattr(backend, "priority", 0))
    except Exception:  # keyring raises from `priority` when the backend is unusable
        return 0.0


def is_secure_keyring(backend: object) -> bool:
    """True only for an OS secret store; a chainer must consist of such stores only."""
    if isinstance(backend, ChainerBackend):
        chain = list(backend.backends)
        return bool(chain) and all(is_secure_keyring(b) for b in chain)
    mro = type(backend).__mro__
    if any(_module_in(cls, REJECTED_MODULES) for cls in mro):
        return False
    if not any(_module_in(cls, SECURE_MODULES) for cls in mro):
        return False
    return _priority(backend) > 0


class KeyringTokenStore:
    """Token in the desktop's secret store; keyring calls block, so they run in a thread."""

    kind = "keyring"

    def __init__(self, backend: KeyringBackend) -> None:
        self._backend = backend
        self._memory = MemoryTokenStore()  # keeps this run signed in if the keyring fails

    async def load(self) -> str | None:
        token = await self._call(self._backend.get_password, SERVICE, USERNAME)
        return token if isinstance(token, str) and token else await self._memory.load()

    async def save(self, token: str) -> None:
        await self._memory.save(token)
        await self._call(self._backend.set_password, SERVICE, USERNAME, token)

    async def clear(self) -> None:
        await self._memory.clear()
        await self._call(self._backend.delete_password, SERVICE, USERNAME)

    async def _call(self, fn: Any, *args: str) -> Any:
        try:
            return await asyncio.to_thread(fn, *args)
        except Exception:  # a locked or missing entry must not break the app
            log.warning("keyring call %s failed", getattr(fn, "__name__", fn), exc_info=True)
            return None


def desktop_token_store(backend: object | None = None) -> TokenStore:
    """The keyring store when the active backend is secure; otherwise memory, never a file."""
    chosen = backend if backend is not None else keyring.get_keyring()
    if isinstance(chosen, KeyringBackend) and is_secure_keyring(chosen):
        return KeyringTokenStore(chosen)
    log.info("no secure keyring (%s); keeping the token in memory", type(chosen).__name__)
    return MemoryTokenStore()
