"""Services layer: where the session token lives (device store, keyring or memory); no flet."""

from typing import Protocol

from app.services.device_store import DeviceStore

TOKEN_KEY = "satupintu.session_token"


class TokenStore(Protocol):
    """Keeps the opaque bearer token between app starts (or only in memory)."""

    kind: str

    async def load(self) -> str | None: ...

    async def save(self, token: str) -> None: ...

    async def clear(self) -> None: ...


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


class DeviceTokenStore:
    """Token in the device store (secure storage on phones and web); its safe read/write
    keeps the session for this run even when the platform store fails."""

    kind = "secure-storage"

    def __init__(self, device: DeviceStore, key: str = TOKEN_KEY) -> None:
        self._device = device
        self._key = key

    async def load(self) -> str | None:
        return await self._device.read_text(self._key)

    async def save(self, token: str) -> None:
        await self._device.write_text(self._key, token)

    async def clear(self) -> None:
        await self._device.remove(self._key)


def choose_token_store(
    device: DeviceStore, *, on_device: bool, keyring_backend: object | None = None
) -> TokenStore:
    """Phones and web → the device store; desktop → a real secure keyring, else memory."""
    from app.services.keyring_store import desktop_token_store

    if on_device:
        return DeviceTokenStore(device)
    return desktop_token_store(keyring_backend)
