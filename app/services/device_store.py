"""Services layer: the one place the app keeps things on the device — a get/set/remove string
store (Flet secure storage on phones and web, memory on desktop: never a plaintext file), with
the one safe read/write every feature uses; no flet imports.

The backend is chosen once per app session, in `app/main.py`. A failing backend never breaks
a feature: every value is also kept in memory for this run and the failure is logged.
"""

import asyncio
import logging
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class StorageBackend(Protocol):
    """The part of flet_secure_storage.SecureStorage the device store needs (duck-typed)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def remove(self, key: str) -> None: ...


class MemoryBackend:
    """Keeps values for this run only: the desktop, where no secure storage exists."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.values.get(key)

    async def set(self, key: str, value: str) -> None:
        self.values[key] = value

    async def remove(self, key: str) -> None:
        self.values.pop(key, None)


class DeviceStore:
    """Strings and pydantic models by key. `off_thread` moves big (de)serialising (the
    ~180 KB catalog) off the UI thread."""

    def __init__(self, backend: StorageBackend) -> None:
        self._backend = backend
        self._memory: dict[str, str] = {}

    async def read_text(self, key: str) -> str | None:
        try:
            raw = await self._backend.get(key)
        except Exception:  # a platform store may fail in many ways; it must not break the app
            log.warning("device storage read failed", exc_info=True)
            raw = None
        return raw or self._memory.get(key)

    async def write_text(self, key: str, value: str) -> None:
        self._memory[key] = value
        try:
            await self._backend.set(key, value)
        except Exception:
            log.warning("device storage write failed; kept in memory", exc_info=True)

    async def remove(self, key: str) -> None:
        self._memory.pop(key, None)
        try:
            await self._backend.remove(key)
        except Exception:
            log.warning("device storage delete failed", exc_info=True)

    async def read(self, key: str, model: type[M], *, off_thread: bool = False) -> M | None:
        raw = await self.read_text(key)
        if not raw:
            return None
        try:
            if off_thread:
                return await asyncio.to_thread(model.model_validate_json, raw)
            return model.model_validate_json(raw)
        except ValidationError:  # written by another app version: fetch again
            log.info("stored %s unreadable; ignoring it", key)
            return None

    async def write(self, key: str, value: BaseModel, *, off_thread: bool = False) -> None:
        raw = (
            await asyncio.to_thread(value.model_dump_json)
            if off_thread
            else value.model_dump_json()
        )
        await self.write_text(key, raw)
