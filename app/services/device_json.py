"""Services layer: JSON models in the device's string store (secure storage on phones and web,
memory on desktop — never a plaintext file); a failing store degrades to memory; no flet."""

import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from app.services.tokens import SecureStorageBackend

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class DeviceJson:
    """get/set/remove of one pydantic model per key, with an in-memory copy as the fallback."""

    def __init__(self, backend: SecureStorageBackend) -> None:
        self._backend = backend
        self._memory: dict[str, str] = {}

    async def read(self, key: str, model: type[M]) -> M | None:
        try:
            raw = await self._backend.get(key)
        except Exception:
            log.warning("device storage read failed", exc_info=True)
            raw = None
        raw = raw or self._memory.get(key)
        if not raw:
            return None
        try:
            return model.model_validate_json(raw)
        except ValidationError:  # written by another app version
            log.info("stored %s unreadable; ignoring it", key)
            return None

    async def write(self, key: str, value: BaseModel) -> None:
        raw = value.model_dump_json()
        self._memory[key] = raw
        try:
            await self._backend.set(key, raw)
        except Exception:
            log.warning("device storage write failed; kept in memory", exc_info=True)

    async def remove(self, key: str) -> None:
        self._memory.pop(key, None)
        try:
            await self._backend.remove(key)
        except Exception:
            log.warning("device storage delete failed", exc_info=True)
