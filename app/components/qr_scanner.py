"""Components layer: the QR scanner used by "Pindai QR" and "Periksa Petugas": the camera (frame
stream on phones, a take_picture loop on the web) or a picked image file."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

import flet as ft
import flet_camera as fc

from app.components.buttons import primary_button, secondary_button
from app.components.context import Translate, use_t
from app.components.feedback import busy_indicator
from app.components.files import read_picked
from app.components.hooks import use_once
from app.components.style import BODY_SIZE

log = logging.getLogger(__name__)
# Called with image bytes and whether they came from the camera; returns True when the
# scan produced a verdict (the camera stops then).
OnImage = Callable[[bytes, bool], Awaitable[bool]]
PICTURE_INTERVAL = 0.4  # seconds between pictures where frames cannot be streamed


def clock_text(at: datetime, now: datetime | None = None) -> str:
    """Local time "14.05", with the date "29/11 14.05" when it is not today."""
    local = at.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone().date()
    if local.date() == today:
        return local.strftime("%H.%M")
    return local.strftime("%d/%m %H.%M")


def countdown_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def camera_supported() -> bool:
    """flet-camera runs on Android, iOS and the web, not in the desktop client."""
    page = ft.context.page
    return bool(page.web) or (page.platform is not None and page.platform.is_mobile())


@ft.control("Camera")
class PinnedCamera(fc.Camera):  # type: ignore[misc]  # flet_camera ships no types
    """flet-camera's Camera that still reaches its page after the screen re-renders.

    Its methods go through `self.page`, which walks weak parent references; when a screen
    re-renders, the component above the held Camera can keep a reference to a parent that
    was rebuilt and collected, although the Camera itself stays on screen under the same
    id. The page it was created on is remembered for that case.
    """

    def pin(self, page: ft.Page) -> None:
        self._pinned_page = page

    @property
    def page(self) -> ft.Page:
        try:
            return cast(ft.Page, super().page)
        except RuntimeError:
            pinned: ft.Page | None = getattr(self, "_pinned_page", None)
            if pinned is None:
                raise
            return pinned


@ft.component
def CameraFeed(prefix: str, on_image: OnImage, label: str) -> ft.Control:
    """The live camera, made once per scan (its methods are called between renders)."""
    done = ft.use_ref(False)
    latest: Any = ft.use_ref(cast(Any, lambda: on_image))  # a callable initial value is a factory
    latest.current = on_image  # the parent passes a new closure on every render

    async def on_frame(e: fc.CameraImageEvent) -> None:
        if not done.current and await latest.current(bytes(e.bytes), True):
            done.current = True

    camera = use_once(lambda: PinnedCamera(preview_enabled=True, on_stream_image=on_frame))
    camera.pin(ft.context.page)
    view = use_once(lambda: camera_view(prefix, camera, label))

    async def picture_loop() -> None:
        while not done.current:
            try:
                data = await camera.take_picture()
            except Exception:  # camera closed under us (screen left, permission revoked)
                log.info("take_picture failed; camera loop stops", exc_info=not done.current)
                return
            if await latest.current(bytes(data), True):
                done.current = True
            else:
                await asyncio.sleep(PICTURE_INTERVAL)

    async def start() -> None:
        cameras = await camera.get_available_cameras()
        if not cameras:
            return
        back = [c for c in cameras if c.lens_direction == fc.CameraLensDirection.BACK]
        await camera.initialize(
            (back or cameras)[0], fc.ResolutionPreset.MEDIUM, enable_audio=False
        )
        if await camera.supports_image_streaming():
            await camera.start_image_stream()  # phones: JPEG frames a few times a second
        else:
            await picture_loop()

    def stop() -> None:
        done.current = True

    ft.use_effect(start, [], cleanup=stop)
    return view


def camera_view(prefix: str, camera: fc.Camera, label: str) -> ft.Semantics:
    camera.key = f"{prefix}-camera"
    box = ft.Container(content=camera, height=320, border_radius=12)
    return ft.Semantics(identifier=f"{prefix}-camera", label=label, content=box)


@ft.component
def QrScanner(prefix: str, on_image: OnImage, busy: bool) -> ft.Control:
    """Buttons to scan with the camera or pick a file; ids `{prefix}-camera-start|-stop`,
    `{prefix}-pick-file`, `{prefix}-camera`, `{prefix}-decoding`."""
    t = use_t()
    scanning, set_scanning = ft.use_state(False)
    picker = use_once(ft.FilePicker)  # a device service: keep the reference

    async def got_image(data: bytes, from_camera: bool) -> bool:
        found = await on_image(data, from_camera)
        if found:
            set_scanning(False)
        return found

    async def pick() -> None:
        files = await picker.pick_files(
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["jpg", "jpeg", "png"],
            with_data=True,
        )
        data = await read_picked(files[0]) if files else None
        if data:
            await got_image(data, False)

    return ft.Column(scanner_controls(prefix, t, scanning, set_scanning, pick, got_image, busy))


def scanner_controls(
    prefix: str,
    t: Translate,
    scanning: bool,
    set_scanning: Callable[[bool], None],
    pick: Callable[[], Awaitable[None]],
    got_image: OnImage,
    busy: bool,
) -> list[ft.Control]:
    controls: list[ft.Control] = []
    if camera_supported():
        if scanning:
            controls += [
                ft.Text(t("qr.scan.scanning"), size=BODY_SIZE),
                CameraFeed(prefix, got_image, t("qr.scan.camera_view")),
                secondary_button(
                    f"{prefix}-camera-stop",
                    t("qr.scan.camera_stop"),
                    lambda: set_scanning(False),
                    icon=ft.Icons.STOP,
                ),
            ]
        else:
            controls.append(
                primary_button(
                    f"{prefix}-camera-start",
                    t("qr.scan.camera_start"),
                    lambda: set_scanning(True),
                    icon=ft.Icons.QR_CODE_SCANNER,
                )
            )
    else:
        controls.append(ft.Text(t("qr.scan.camera_unavailable"), size=BODY_SIZE))
    controls.append(
        secondary_button(
            f"{prefix}-pick-file", t("qr.scan.pick_file"), pick, icon=ft.Icons.IMAGE, disabled=busy
        )
    )
    if busy and not scanning:
        controls.append(busy_indicator(t("qr.scan.decoding")))
    return controls
