"""Views layer: photograph an attachment in the apply form (phones and web) — the QR scanner's
pinned camera, so its methods still reach the page after the form re-renders."""

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
import flet_camera as fc

from app.components.buttons import primary_button, secondary_button
from app.views.context import use_t
from app.views.identity_context import use_once
from app.views.qr_scanner import PinnedCamera


@ft.component
def CameraPreview(camera: fc.Camera, label: str) -> ft.Semantics:
    camera.key = "apply-camera-view"
    box = ft.Container(content=camera, height=320, border_radius=12)
    return ft.Semantics(identifier="apply-camera-view", label=label, content=box)


@ft.component
def AttachmentCamera(
    on_photo: Callable[[bytes], Awaitable[None]], on_close: Callable[[], Any]
) -> ft.Control:
    """A live preview with "Jepret" and "Tutup kamera"; ids `apply-camera-*`."""
    t = use_t()
    camera = use_once(lambda: PinnedCamera(preview_enabled=True))
    camera.pin(ft.context.page)
    preview = use_once(lambda: CameraPreview(camera, t("documents.camera_view")))
    ready, set_ready = ft.use_state(False)

    async def start() -> None:
        cameras = await camera.get_available_cameras()
        if not cameras:
            return
        back = [c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK]
        # HIGH ≈ 720p: legible for a letter or a KK; shrunk to ~300 KB before upload
        await camera.initialize((back or cameras)[0], fc.ResolutionPreset.HIGH, enable_audio=False)
        set_ready(True)

    async def shoot() -> None:
        data = await camera.take_picture()
        await on_photo(bytes(data))

    ft.use_effect(start, [])
    return ft.Column(
        [
            preview,
            primary_button(
                "apply-camera-shoot",
                t("documents.camera_shoot"),
                shoot,
                disabled=not ready,
                icon=ft.Icons.CAMERA,
            ),
            secondary_button("apply-camera-close", t("documents.camera_cancel"), on_close),
        ],
        spacing=8,
    )
