"""Views layer: photograph a document with flet-camera (Android, iOS and the web; the desktop
client has no camera control, so there the file picker is the way in)."""

from collections.abc import Awaitable, Callable
from typing import Any, cast

import flet as ft
import flet_camera as fc

from app.components.buttons import primary_button, secondary_button
from app.views.context import use_t


def camera_supported() -> bool:
    page = ft.context.page
    return bool(page.web) or (page.platform is not None and page.platform.is_mobile())


@ft.component
def DocumentCamera(
    on_photo: Callable[[bytes], Awaitable[None]], on_close: Callable[[], Any]
) -> ft.Control:
    """A live preview with "Jepret" (take one picture) and "Tutup kamera"."""
    t = use_t()
    camera = cast(fc.Camera, ft.use_state(cast(Any, lambda: fc.Camera(preview_enabled=True)))[0])
    ready, set_ready = ft.use_state(False)

    async def start() -> None:
        cameras = await camera.get_available_cameras()
        if not cameras:
            return
        back = [c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK]
        # HIGH ≈ 720p: legible for a KTP/KK; the photo is shrunk to ~300 KB before upload
        await camera.initialize((back or cameras)[0], fc.ResolutionPreset.HIGH, enable_audio=False)
        set_ready(True)

    async def shoot() -> None:
        data = await camera.take_picture()
        await on_photo(bytes(data))

    ft.use_effect(start, [])
    camera.key = "documents-camera-view"
    preview = ft.Semantics(
        identifier="documents-camera-view",
        label=t("documents.camera_view"),
        content=ft.Container(content=camera, height=320, border_radius=12),
    )
    return ft.Column(
        [
            preview,
            primary_button(
                "documents-camera-shoot",
                t("documents.camera_shoot"),
                shoot,
                disabled=not ready,
                icon=ft.Icons.CAMERA,
            ),
            secondary_button("documents-camera-close", t("documents.camera_cancel"), on_close),
        ],
        spacing=8,
    )
