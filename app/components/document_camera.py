"""Components layer: photograph a document with flet-camera (Android, iOS and the web; the desktop
client has no camera control, so there the file picker is the way in). The QR scanner's pinned
camera is used, so "Jepret" still reaches the page after the screen re-renders."""

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
import flet_camera as fc

from app.components.buttons import primary_button, secondary_button
from app.components.context import use_t
from app.components.hooks import use_once
from app.components.qr_scanner import PinnedCamera, camera_supported

__all__ = ["DocumentCamera", "camera_supported"]


@ft.component
def CameraPreview(camera: fc.Camera, identifier: str, label: str) -> ft.Semantics:
    camera.key = identifier
    box = ft.Container(content=camera, height=320, border_radius=12)
    return ft.Semantics(identifier=identifier, label=label, content=box)


@ft.component
def DocumentCamera(
    on_photo: Callable[[bytes], Awaitable[None]],
    on_close: Callable[[], Any],
    prefix: str = "documents",
) -> ft.Control:
    """A live preview with "Jepret" (take one picture) and "Tutup kamera"; ids
    `<prefix>-camera-view|shoot|close` (documents: the wallet, apply: an attachment)."""
    t = use_t()
    camera = use_once(lambda: PinnedCamera(preview_enabled=True))
    camera.pin(ft.context.page)
    view_id = f"{prefix}-camera-view"
    preview = use_once(lambda: CameraPreview(camera, view_id, t("documents.camera_view")))
    ready, set_ready = ft.use_state(False)

    async def start() -> None:
        cameras = await camera.get_available_cameras()
        if not cameras:
            return
        back = [c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK]
        # HIGH ≈ 720p: legible for a KTP/KK or a letter; shrunk to ~300 KB before upload
        await camera.initialize((back or cameras)[0], fc.ResolutionPreset.HIGH, enable_audio=False)
        set_ready(True)

    async def shoot() -> None:
        data = await camera.take_picture()
        await on_photo(bytes(data))

    ft.use_effect(start, [])
    shoot_button = primary_button(
        f"{prefix}-camera-shoot",
        t("documents.camera_shoot"),
        shoot,
        disabled=not ready,
        icon=ft.Icons.CAMERA,
    )
    close_button = secondary_button(
        f"{prefix}-camera-close", t("documents.camera_cancel"), on_close
    )
    return ft.Column([preview, shoot_button, close_button], spacing=8)
