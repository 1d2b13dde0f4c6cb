"""Tests: the one way browser tests drive the Flet web app — find controls by semantics
identifier and wait on state (a marker visible, a value kept, a screen gone), never on a short
fixed delay: a loaded CI machine is slow, not wrong.

Every wait has the same generous bound, STATE_TIMEOUT; a tap that moves to another screen is
repeated while the page has not moved (a tap landing mid-transition is lost now and then)."""

import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

STATE_TIMEOUT = 60.0  # seconds: the most any one step may take on a loaded machine
STATE_TIMEOUT_MS = int(STATE_TIMEOUT * 1000)
RETAP_AFTER_MS = 15_000  # a navigation tap not answered by then is tapped again
SETTLE_TIMEOUT = 5.0  # best effort only: a marker still moving after this is used as it is

expect.set_options(timeout=STATE_TIMEOUT_MS)  # every expect(...) in the browser tests


def by_id(page: Page, identifier: str) -> Locator:
    return page.locator(f"[flt-semantics-identifier='{identifier}']")


def tap(page: Page, identifier: str) -> None:
    """Tap a control that does not leave the screen (or whose effect is checked after)."""
    by_id(page, identifier).click()


def wait_for_screen(page: Page, identifier: str) -> Locator:
    """A screen's marker is visible (up to STATE_TIMEOUT) and its transition has settled."""
    marker = by_id(page, identifier)
    expect(marker).to_be_visible(timeout=STATE_TIMEOUT_MS)
    settled_box(marker)
    return marker


def tap_until(page: Page, identifier: str, next_identifier: str) -> Locator:
    """Tap `identifier` until the screen marked `next_identifier` shows: tapped again only
    while the tapped control is still on screen (the page did not move). For navigation,
    never for a submit (a second submit must not be sent by the test)."""
    return tap_locator_until(page, by_id(page, identifier), next_identifier)


def tap_locator_until(page: Page, target: Locator, next_identifier: str) -> Locator:
    marker = by_id(page, next_identifier)
    deadline = time.monotonic() + STATE_TIMEOUT
    while True:
        target.click()
        try:
            expect(marker).to_be_visible(timeout=RETAP_AFTER_MS)
            break
        except AssertionError:
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0:
                raise
            if not target.is_visible():  # the page moved: the next screen is just slow
                expect(marker).to_be_visible(timeout=left_ms)
                break
    settled_box(marker)
    return marker


def settled_box(marker: Locator, timeout: float = SETTLE_TIMEOUT) -> None:
    """Wait until the element stops moving (Flutter's page transition slides it in)."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        box = marker.bounding_box()
        if box is not None and box == last:
            return
        last = box
        time.sleep(0.15)


def fill(page: Page, identifier: str, value: str, attempts: int = 3) -> None:
    """Click the field, fill it, check the value stuck (Flutter can drop a fill); a text
    field or a multi-line one (<textarea>)."""
    field = by_id(page, identifier).locator("input, textarea").first
    for _ in range(attempts):
        field.click()
        field.fill(value)
        if field.input_value() == value:
            return
    expect(field).to_have_value(value)


def screenshot(page: Page, path: Path, timeout: float = SETTLE_TIMEOUT) -> Path:
    """Semantics nodes appear before the canvas paints: shoot until two frames match."""
    deadline, last = time.monotonic() + timeout, b""
    while time.monotonic() < deadline:
        shot = page.screenshot()
        if shot == last:
            break
        last = shot
        time.sleep(0.25)
    path.write_bytes(last)
    return path


def submit_until_left(
    page: Page, values: dict[str, str], submit_id: str, attempts: int = 3
) -> None:
    """Fill and submit until the form's screen goes away: Flutter web now and then drops a
    value typed into a field that has just lost focus (seen: an empty password or phone on
    submit; the device's own check then refuses the form and nothing is sent). A submit whose
    values are still in the fields is waited for, never sent again."""
    submit = by_id(page, submit_id)
    for _ in range(attempts):
        for identifier, value in values.items():
            if not _still_typed(page, identifier, value):
                fill(page, identifier, value)
        tap(page, submit_id)
        if _screen_left(page, submit, values):
            return
    expect(submit).to_be_hidden()


def _screen_left(page: Page, submit: Locator, typed: dict[str, str]) -> bool:
    """True once the form is gone; False as soon as a typed value was dropped."""
    deadline = time.monotonic() + STATE_TIMEOUT
    while time.monotonic() < deadline:
        if submit.is_hidden():
            return True
        if not all(_still_typed(page, ident, value) for ident, value in typed.items()):
            return False
        time.sleep(0.3)
    return False


def _still_typed(page: Page, identifier: str, value: str) -> bool:
    try:
        field = by_id(page, identifier).locator("input, textarea").first
        return field.input_value(timeout=2_000) == value
    except PlaywrightError:  # the field is going away with its screen
        return True
