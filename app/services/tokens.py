"""Services layer: where the session token lives (secure storage, keyring or memory); no flet."""

import logging
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)
TOKEN_KEY = "satupintu.session_token"


class TokenStore(Protocol):
    """Keeps the opaque bearer token between app starts (or only in memory)."""

    kind: str

    async def load(self) -> str | None: ...

    async def save(self, token: str) -> None: ...

    async def clear(self) -> None: ...


class SecureStorageBackend(Protocol):
    """The part of flet_secure_storage.SecureStorage the token store needs (duck-typed)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def remove(self, key: str) -> None: ...


class MemoryTokenStore:
    """Keeps the token for this run only; the user logs in again next time. Never a file."""

    kind = "memory"

    def __init__(self, token: str | None = None) -> None:
        self._token = token

    async def load(self) -> str | None:
        return self._token

    async def save(self, token: str) -> None:
        self._token = token

    async def clear(self) -> None:
        self._token = None


class SecureStorageTokenStore:
    """Token in the platform's secure storage (Keychain, Keystore, libsecret, web storage).

    A failing backend never breaks the session: the token is also kept in memory
    and the failure is logged, so at worst the user logs in again next start.
    """

    kind = "secure-storage"

    def __init__(self, backend: SecureStorageBackend, key: str = TOKEN_KEY) -> None:
        self._backend = backend
        self._key = key
        self._memory = MemoryTokenStore()

    async def load(self) -> str | None:
        try:
            token = await self._backend.get(self._key)
        except Exception:
            log.warning("secure storage read failed", exc_info=True)
            return await self._memory.load()
        return token or await self._memory.load()

    async def save(self, token: str) -> None:
        await self._memory.save(token)
        try:
            await self._backend.set(self._key, token)
        except Exception:
            log.warning("secure storage write failed; token kept in memory", exc_info=True)

    async def clear(self) -> None:
        await self._memory.clear()
        try:
            await self._backend.remove(self._key)
        except Exception:
            log.warning("secure storage delete failed", exc_info=True)


def choose_token_store(
    *,
    client_side_storage: bool,
    secure_storage: Callable[[], SecureStorageBackend],
    keyring_backend: object | None = None,
) -> TokenStore:
    """Phones and web → secure storage; desktop → a real secure keyring, else memory."""
    from app.services.keyring_store import desktop_token_store

    if client_side_storage:
        return SecureStorageTokenStore(secure_storage())
    return desktop_token_store(keyring_backend)
