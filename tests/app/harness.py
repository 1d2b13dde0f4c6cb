"""Headless Flet test harness: drives a real flet Session over an in-memory fake client."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import inspect
import traceback
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page, context
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    Message,
    MessageAction,
    configure_encode_object_for_msgpack,
    decode_ext_from_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

__all__ = [
    "AppError",
    "FletHarness",
    "MethodCall",
    "accessibility_problems",
]

T = TypeVar("T", bound=BaseControl)
MethodHandler = Callable[[dict[str, Any]], Any]

# Wire encoder exactly as the real transports use it (flet_web FletApp.send_message).
_ENCODE = cast(Any, configure_encode_object_for_msgpack)(BaseControl)
_PAGE_VAR = cast(Any, _context_page)  # ContextVar[Page | None], typed as None upstream

# Controls that are interactive by nature (a user can act on them even without a handler).
_INPUT_TYPES: tuple[type[BaseControl], ...] = (
    ft.TextField,
    ft.Dropdown,
    ft.Checkbox,
    ft.Switch,
    ft.Radio,
    ft.Slider,
)
_BUTTON_TYPES: tuple[type[BaseControl], ...] = (
    ft.Button,
    ft.OutlinedButton,
    ft.TextButton,
    ft.IconButton,
    ft.FloatingActionButton,
    ft.CupertinoButton,
    ft.MenuItemButton,
    ft.PopupMenuButton,
    ft.SegmentedButton,
    ft.Chip,
)
_INTERACTIVE_TYPES = _INPUT_TYPES + _BUTTON_TYPES
_TAP_HANDLERS = ("on_click", "on_long_press", "on_tap")
# Dialog controls that do not put a modal barrier over the view.
_NON_BLOCKING_DIALOGS: tuple[type[BaseControl], ...] = (ft.SnackBar, ft.Banner)


class AppError(AssertionError):
    """The app reported an error to the client (handler/effect exception, crashed task)."""


@dataclasses.dataclass
class MethodCall:
    """One client method invocation the app made (services, page methods)."""

    control_type: str
    name: str
    args: dict[str, Any]


# --------------------------------------------------------------------------------------
# Control-tree helpers (pure functions, usable without a harness)
# --------------------------------------------------------------------------------------


def _controls_in(value: Any) -> Iterator[BaseControl]:
    if isinstance(value, BaseControl):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _controls_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _controls_in(item)


def _children(control: BaseControl) -> Iterator[BaseControl]:
    """Rendered children: public dataclass fields holding controls; a component's body."""
    if type(control).__name__ == "Component" and hasattr(control, "_b"):
        yield from _controls_in(control._b)
        return
    for f in dataclasses.fields(control):
        if f.name.startswith("_") or f.name == "data" or f.metadata.get("skip", False):
            continue
        yield from _controls_in(getattr(control, f.name, None))


def _unwrap(control: BaseControl) -> Any:
    while type(control).__name__ == "Component" and hasattr(control, "_b"):
        control = control._b
    return control


def _walk(
    roots: list[BaseControl],
    *,
    include_hidden: bool = False,
) -> Iterator[tuple[BaseControl, tuple[BaseControl, ...]]]:
    """Depth-first (control, ancestors) pairs; skips invisible subtrees by default."""
    stack: list[tuple[BaseControl, tuple[BaseControl, ...]]] = [(r, ()) for r in reversed(roots)]
    seen: set[int] = set()
    while stack:
        control, ancestors = stack.pop()
        if id(control) in seen:
            continue
        seen.add(id(control))
        if not include_hidden and getattr(control, "visible", True) is False:
            continue
        yield control, ancestors
        path = (*ancestors, control)
        stack.extend((c, path) for c in reversed(list(_children(control))))


def _str_or_texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, ft.Tooltip):
        return _str_or_texts(value.message)
    if isinstance(value, BaseControl):
        return [t for c, _ in _walk([value]) for t in own_texts(c)]
    return []


def own_texts(control: BaseControl) -> list[str]:
    """Strings a control itself renders (Text value/spans, string content, text)."""
    out: list[str] = []
    if isinstance(control, (ft.Text, ft.Markdown)) and isinstance(control.value, str):
        out.append(control.value)
    if isinstance(control, (ft.Text, ft.TextSpan)):
        if isinstance(control, ft.TextSpan) and control.text:
            out.append(control.text)
        for span in control.spans or []:
            out.extend(own_texts(span))
    content = getattr(control, "content", None)
    if isinstance(content, str) and content:
        out.append(content)
    text = getattr(control, "text", None)
    if isinstance(text, str) and text and not isinstance(control, ft.TextSpan):
        out.append(text)
    return [t for t in out if t]


def labels(control: BaseControl) -> list[str]:
    """Accessible-name candidates carried by the control itself (not its content)."""
    out: list[str] = []
    for name in ("label", "semantics_label", "tooltip"):
        out.extend(_str_or_texts(getattr(control, name, None)))
    return out


def _key_str(control: BaseControl) -> str | None:
    key = getattr(control, "key", None)
    if key is None:
        return None
    return str(getattr(key, "value", key))


def _has_handler(control: BaseControl, *names: str) -> bool:
    return any(getattr(control, n, None) is not None for n in names)


def is_interactive(control: BaseControl) -> bool:
    """A control the user can act on: inputs, buttons, anything with a tap handler."""
    if isinstance(control, _INTERACTIVE_TYPES):
        return True
    return _has_handler(control, *_TAP_HANDLERS)


def accessible_name(control: BaseControl, ancestors: tuple[BaseControl, ...]) -> str | None:
    """The name a screen reader would announce, or None."""
    names = labels(control)
    if not isinstance(control, _INPUT_TYPES):
        # Buttons, tiles and clickable containers are named by what they render.
        names += own_texts(control)
        names += [t for c, _ in _walk(list(_children(control))) for t in own_texts(c)]
        names += [t for c, _ in _walk(list(_children(control))) for t in labels(c)]
    for anc in reversed(ancestors):
        if isinstance(anc, ft.Semantics) and anc.label:
            names.append(anc.label)
            break
    names = [n.strip() for n in names if n and n.strip()]
    return names[0] if names else None


def _identifier_owner(
    control: BaseControl, ancestors: tuple[BaseControl, ...]
) -> ft.Semantics | None:
    for node in (control, *reversed(ancestors)):
        if isinstance(node, ft.Semantics) and node.identifier:
            return node
    return None


def accessibility_problems(roots: list[BaseControl]) -> list[str]:
    """Project rule: each interactive control has an accessible name and its own
    semantics identifier (carried, or on a Semantics wrapping only that control);
    identifiers are unique."""
    problems: list[str] = []
    nodes = list(_walk(roots))
    ids: dict[str, int] = {}
    for c, _ in nodes:
        if isinstance(c, ft.Semantics) and c.identifier:
            ids[c.identifier] = ids.get(c.identifier, 0) + 1
    problems += [f"duplicate semantics identifier {i!r} ({n}x)" for i, n in ids.items() if n > 1]
    for c, ancestors in nodes:
        if not is_interactive(c) or (isinstance(c, ft.Semantics) and not c.identifier):
            continue
        what = describe(c)
        if accessible_name(c, ancestors) is None:
            problems.append(f"{what}: no accessible name (label/text/tooltip/Semantics label)")
        owner = _identifier_owner(c, ancestors)
        if owner is None:
            problems.append(f"{what}: not inside a Semantics(identifier=...)")
            continue
        others = [
            o
            for o, o_anc in _walk([owner])
            if o is not c and o is not owner and c not in o_anc and is_interactive(o)
        ]
        others = [o for o in others if o not in ancestors]
        if others:
            problems.append(
                f"{what}: identifier {owner.identifier!r} is shared with "
                + ", ".join(describe(o) for o in others)
            )
    return problems


def describe(control: BaseControl) -> str:
    """Short one-line description of a control for messages."""
    bits: list[str] = []
    if isinstance(control, ft.Semantics) and control.identifier:
        bits.append(f"identifier={control.identifier!r}")
    if _key_str(control) is not None:
        bits.append(f"key={_key_str(control)!r}")
    for t in own_texts(control)[:1]:
        bits.append(f"text={t[:40]!r}")
    for t in labels(control)[:1]:
        bits.append(f"label={t[:40]!r}")
    value = getattr(control, "value", None)
    if isinstance(control, _INPUT_TYPES) and value not in (None, ""):
        bits.append(f"value={str(value)[:40]!r}")
    error = getattr(control, "error", None)
    if error:
        bits.append(f"error={str(error)[:40]!r}")
    if getattr(control, "disabled", False):
        bits.append("disabled")
    return f"{type(control).__name__}({', '.join(bits)})"


def outline(roots: list[BaseControl], *, limit: int = 400) -> str:
    """Indented tree of the visible controls (components unwrapped), for failure messages."""
    lines: list[str] = []
    for c, ancestors in _walk(roots):
        if type(c).__name__ == "Component":
            continue
        depth = sum(1 for a in ancestors if type(a).__name__ != "Component")
        lines.append("  " * depth + describe(c))
        if len(lines) >= limit:
            lines.append("  ...")
            break
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Fake client connection
# --------------------------------------------------------------------------------------


class _FakeClientConnection(Connection):
    """Connection whose 'client' is the harness: every outgoing message is serialized with
    msgpack + Flet's control encoder (as flet_web does), then decoded and handed over."""

    def __init__(self, harness: FletHarness, loop: asyncio.AbstractEventLoop) -> None:
        cast(Any, super()).__init__()
        self._harness = harness
        self.loop = loop
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="flet-harness")
        self.pubsubhub = PubSubHub(loop=loop, executor=self.executor)
        self.page_name = ""
        self.page_url = "http://harness.local"
        self.local_data_transport = True

    def send_message(self, message: Message) -> None:
        packed = msgpack.packb([message.action, message.body], default=_ENCODE)
        action, body = msgpack.unpackb(
            packed, ext_hook=decode_ext_from_msgpack, strict_map_key=False
        )
        self._harness._on_server_message(MessageAction(action), body)

    def get_upload_url(self, file_name: str, expires: int) -> str:
        return f"http://harness.local/upload/{file_name}"

    def dispose(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


# --------------------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------------------


class FletHarness:
    """Run `main(page)` against a real `flet` Session with an in-memory fake client.

    ```python
    async with FletHarness(main, width=360, height=640) as h:
        await h.type("3507014101900001", identifier="login-nik")
        await h.click(identifier="login-submit")
        assert h.route == "/home" and h.has_text("Selamat datang")
        h.assert_accessible()
    ```

    Every interaction waits until the app is idle (`settle()`), then raises `AppError` if
    the app reported an error to the client (unless `raise_errors=False`).

    Finders (`find`, `find_all`, `exists`, `input`, `text_of`) take `identifier=` (an
    `ft.Semantics` identifier), `key=`, `text=`, `text_contains=`, `label=`, `tooltip=`,
    `type=` and search what the user can reach (`scope="top"`: the top view, or the open
    modal dialog) unless `scope="all"`. Actions: `type`, `submit`, `click`, `long_press`,
    `select`, `set_checked`, `pick_date`, `dismiss_dialog`, `navigate`, `back`, `resize`.
    Services: `secure_storage`, `shared_preferences`, `clipboard`, `launched_urls` fakes;
    `on_method(type, name, fn)` for others (unfaked calls are errors when `strict_methods`).

    Flet internals this relies on (pin flet==1.0.5): `Session` (constructor,
    `apply_page_patch`, `get_page_patch`, `dispatch_event`, `apply_patch`,
    `handle_invoke_method_results`, `after_event`, `error`, `index`, `close`, and the private
    `_Session__updates_task` / `_Session__updates_ready`), the `Connection` base class,
    `flet.messaging.protocol` (wire encoder/decoder, message shapes), the `_context_page`
    context var, `context.reset_auto_update`, `Page._dialogs`, and the client behaviour
    mirrored from flet_web's FletApp and the Flutter client (event names and payloads).
    """

    def __init__(
        self,
        main: Callable[[ft.Page], Any],
        *,
        route: str = "/",
        width: float = 360,
        height: float = 640,
        platform: str = "android",
        raise_errors: bool = True,
        strict_methods: bool = True,
        settle_timeout: float = 10.0,
        background_tasks: tuple[str, ...] = (),
    ) -> None:
        self._main = main
        self._initial_route = route
        self._width = width
        self._height = height
        self._platform = platform
        self.raise_errors = raise_errors
        self.strict_methods = strict_methods
        self.settle_timeout = settle_timeout
        self.background_tasks = set(background_tasks)

        self.errors: list[str] = []
        self.method_calls: list[MethodCall] = []
        self.messages: list[tuple[MessageAction, Any]] = []
        self.secure_storage: dict[str, str] = {}
        self.shared_preferences: dict[str, Any] = {}
        self.clipboard: str | None = None
        self.launched_urls: list[str] = []
        self._handlers: dict[tuple[str, str], MethodHandler] = {}
        self._install_default_fakes()

        self._tasks: set[asyncio.Task[Any]] = set()
        self._shown_dialogs: set[int] = set()
        self._session: Session | None = None
        self._conn: _FakeClientConnection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._prev_factory: Any = None
        self._prev_exc_handler: Any = None
        self._ctx_token: Any = None
        self._registered: dict[str, Any] | None = None

    # ---------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> FletHarness:
        try:
            await self.start()
        except BaseException:
            await self.close(check=False)  # restore the loop even if start-up failed
            raise
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.close(check=exc_type is None)

    async def start(self) -> None:
        """Register the client, run `main(page)` like flet_web does, and settle."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._prev_factory = loop.get_task_factory()
        self._prev_exc_handler = loop.get_exception_handler()
        loop.set_task_factory(cast(Any, self._task_factory))
        loop.set_exception_handler(self._loop_exception)

        self._conn = _FakeClientConnection(self, loop)
        session = Session(self._conn)
        self._session = session
        self._ctx_token = _PAGE_VAR.set(session.page)

        # REGISTER_CLIENT, in the order flet_web's FletApp handles it.
        self._client_send(
            MessageAction.REGISTER_CLIENT,
            {
                "session_id": "",
                "page_name": "",
                "page": {
                    "route": self._initial_route,
                    "pwa": False,
                    "web": False,
                    "debug": False,
                    "wasm": False,
                    "multi_view": False,
                    "platform_brightness": "light",
                    "width": self._width,
                    "height": self._height,
                    "platform": self._platform,
                },
            },
        )
        await self.settle()

    async def close(self, *, check: bool = True) -> None:
        """Close the session, cancel leftover tasks, restore the event loop."""
        loop = self._loop
        if loop is None:
            return
        try:
            if self._session is not None:
                cast(Any, self._session).close()
            for _ in range(5):
                await asyncio.sleep(0)
            leftovers = [t for t in self._tasks if not t.done()]
            for t in leftovers:
                t.cancel()
            if leftovers:
                await asyncio.wait(leftovers, timeout=1)
            self._collect_task_errors()
        finally:
            loop.set_task_factory(self._prev_factory)
            loop.set_exception_handler(self._prev_exc_handler)
            if self._ctx_token is not None:
                try:
                    _context_page.reset(self._ctx_token)
                except ValueError:  # exited from another context (fixture teardown)
                    _PAGE_VAR.set(None)
            if self._conn is not None:
                self._conn.dispose()
            self._loop = None
        if check:
            self.check_errors()

    def _task_factory(
        self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **kwargs: Any
    ) -> asyncio.Task[Any]:
        if self._prev_factory is not None:
            task: asyncio.Task[Any] = self._prev_factory(loop, coro, **kwargs)
        else:
            task = asyncio.Task(coro, loop=loop, **kwargs)
        self._tasks.add(task)
        return task

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, ctx: dict[str, Any]) -> None:
        exc = ctx.get("exception")
        detail = "".join(traceback.format_exception(exc)) if exc else ""
        self.errors.append(f"event loop: {ctx.get('message', '')}\n{detail}")

    # ---------------------------------------------------------------- properties

    @property
    def session(self) -> Session:
        assert self._session is not None, "harness not started"
        return self._session

    @property
    def page(self) -> ft.Page:
        page: ft.Page = self.session.page
        return page

    @property
    def route(self) -> str:
        return self.page.route or "/"

    @property
    def views(self) -> list[ft.View]:
        """The rendered view stack (components unwrapped), bottom first."""
        out: list[ft.View] = []

        def collect(value: Any) -> None:
            value = _unwrap(value) if isinstance(value, BaseControl) else value
            if isinstance(value, ft.View):
                out.append(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    collect(item)

        collect(self.page.views)
        return out

    @property
    def view_routes(self) -> list[str]:
        return [v.route for v in self.views]

    @property
    def top_view(self) -> ft.View:
        views = self.views
        assert views, "no views rendered"
        return views[-1]

    @property
    def dialogs(self) -> list[BaseControl]:
        """Open dialogs / snack bars / bottom sheets (page.show_dialog, ft.use_dialog)."""
        return [d for d in self.page._dialogs.controls if getattr(d, "open", False)]

    def roots(self, scope: str = "top") -> list[BaseControl]:
        """What the user can reach. 'top': the top view, open snack bars/banners and the
        overlay — or, while a modal dialog/sheet/picker is open, only the topmost one
        (its barrier blocks the view). 'all': every view and every open dialog."""
        dialogs = self.dialogs
        if scope == "all":
            return [*self.views, *dialogs, *self.page.overlay]
        passive = [d for d in dialogs if isinstance(d, _NON_BLOCKING_DIALOGS)]
        blocking = [d for d in dialogs if not isinstance(d, _NON_BLOCKING_DIALOGS)]
        if blocking:
            return [blocking[-1], *passive]
        return [self.top_view, *passive, *self.page.overlay]

    # ---------------------------------------------------------------- settling & errors

    def _is_background(self, task: asyncio.Task[Any]) -> bool:
        if task is getattr(self._session, "_Session__updates_task", None):
            return True
        coro = task.get_coro()
        name = getattr(coro, "__qualname__", "") or getattr(coro, "__name__", "")
        return any(b in name for b in self.background_tasks)

    def _updates_pending(self) -> bool:
        ready = getattr(self._session, "_Session__updates_ready", None)
        return bool(ready is not None and ready.is_set())

    def _collect_task_errors(self) -> None:
        for t in [t for t in self._tasks if t.done()]:
            self._tasks.discard(t)
            if t.cancelled():
                continue
            exc = t.exception()
            if exc is not None:
                detail = "".join(traceback.format_exception(exc))
                self.errors.append(f"task {t.get_name()} crashed:\n{detail}")

    async def settle(self, timeout: float | None = None) -> None:  # noqa: ASYNC109
        """Wait until every task the app started (handlers, effects, service calls) is
        done and no UI update is queued; then raise `AppError` if errors were reported."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.settle_timeout if timeout is None else timeout)
        quiet_rounds = 0
        while quiet_rounds < 2:
            await asyncio.sleep(0)
            self._collect_task_errors()
            pending = [t for t in self._tasks if not t.done() and not self._is_background(t)]
            if pending:
                quiet_rounds = 0
                remaining = deadline - loop.time()
                if remaining <= 0:
                    names = ", ".join(sorted({_task_label(t) for t in pending}))
                    raise TimeoutError(f"app did not settle; still running: {names}")
                await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            elif self._updates_pending() or self._dismiss_closed_dialogs():
                quiet_rounds = 0
            else:
                quiet_rounds += 1
        self._collect_task_errors()
        if self.raise_errors:
            self.check_errors()

    def _dismiss_closed_dialogs(self) -> bool:
        """The client pops a dialog the server closed (open=False) and then reports
        'dismiss' — which `ft.use_dialog`/`page.show_dialog` wait for to drop it."""
        sent = False
        for d in list(self.page._dialogs.controls):
            if getattr(d, "open", False):
                self._shown_dialogs.add(d._i)
            elif d._i in self._shown_dialogs and d._i in self.session.index:
                self._shown_dialogs.discard(d._i)
                self._event(d, "dismiss")
                sent = True
        return sent

    def check_errors(self) -> None:
        """Raise `AppError` with every error reported so far (and forget them)."""
        if self.errors:
            errors, self.errors = self.errors, []
            raise AppError("the app reported errors:\n\n" + "\n\n".join(errors))

    # ---------------------------------------------------------------- server -> client

    def _on_server_message(self, action: MessageAction, body: Any) -> None:
        self.messages.append((action, body))
        if action == MessageAction.REGISTER_CLIENT:
            self._registered = body
        elif action == MessageAction.SESSION_CRASHED:
            self.errors.append(body["message"])
        elif action == MessageAction.INVOKE_METHOD:
            asyncio.get_running_loop().create_task(self._answer_invoke(body))

    async def _answer_invoke(self, body: dict[str, Any]) -> None:
        await asyncio.sleep(0)  # a real client answers asynchronously
        control = self.session.index.get(body["control_id"])
        control_type = getattr(control, "_c", None) or "?"
        name = body["name"]
        args = body.get("args") or {}
        self.method_calls.append(MethodCall(control_type, name, args))
        handler = self._handlers.get((control_type, name))
        result: Any = None
        error: str | None = None
        if handler is None:
            error = f"harness has no fake for {control_type}.{name}({args})"
            if self.strict_methods:
                self.errors.append(error + " — register one with h.on_method()")
        else:
            try:
                result = handler(args)
                if inspect.isawaitable(result):
                    result = await result
            except Exception as e:
                error = str(e) or type(e).__name__
        # results travel over the wire too
        result = msgpack.unpackb(
            msgpack.packb(result, default=_ENCODE),
            ext_hook=decode_ext_from_msgpack,
            strict_map_key=False,
        )
        self._client_send(
            MessageAction.INVOKE_METHOD,
            {
                "control_id": body["control_id"],
                "call_id": body["call_id"],
                "result": result,
                "error": error,
            },
        )
        if handler is not None and control_type == "Page" and name == "push_route":
            self._client_route_changed(args["route"])

    def on_method(
        self, control_type: str, name: str, handler: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Answer `control_type.name(args)` invocations (e.g. "Geolocator", "get_position")
        with `handler(args)` (sync or async; raise to send an error back)."""
        self._handlers[(control_type, name)] = handler

    def _install_default_fakes(self) -> None:
        ss = self.secure_storage
        self.on_method("SecureStorage", "get_availability", lambda a: True)

        def ss_set(a: dict[str, Any]) -> None:
            ss[a["key"]] = a["value"]

        self.on_method("SecureStorage", "set", ss_set)
        self.on_method("SecureStorage", "get", lambda a: ss.get(a["key"]))
        self.on_method("SecureStorage", "get_all", lambda a: dict(ss))
        self.on_method("SecureStorage", "contains_key", lambda a: a["key"] in ss)
        self.on_method("SecureStorage", "remove", lambda a: ss.pop(a["key"], None) and None)
        self.on_method("SecureStorage", "clear", lambda a: ss.clear())

        sp = self.shared_preferences

        def sp_set(a: dict[str, Any]) -> bool:
            sp[a["key"]] = a["value"]
            return True

        def sp_clear(a: dict[str, Any]) -> bool:
            sp.clear()
            return True

        self.on_method("SharedPreferences", "set", sp_set)
        self.on_method("SharedPreferences", "get", lambda a: sp.get(a["key"]))
        self.on_method("SharedPreferences", "contains_key", lambda a: a["key"] in sp)
        self.on_method("SharedPreferences", "remove", lambda a: sp.pop(a["key"], None) is not None)
        self.on_method(
            "SharedPreferences",
            "get_keys",
            lambda a: [k for k in sp if k.startswith(a.get("key_prefix") or "")],
        )
        self.on_method("SharedPreferences", "clear", sp_clear)

        def set_clip(a: dict[str, Any]) -> None:
            self.clipboard = a.get("data")

        self.on_method("Clipboard", "set", set_clip)
        self.on_method("Clipboard", "get", lambda a: self.clipboard)
        self.on_method("UrlLauncher", "launch_url", lambda a: self.launched_urls.append(a["url"]))
        self.on_method("UrlLauncher", "can_launch_url", lambda a: True)
        self.on_method("Page", "push_route", lambda a: None)

    # ---------------------------------------------------------------- client -> server

    def _client_send(self, action: MessageAction, body: dict[str, Any]) -> None:
        """Mirror flet_web FletApp.__on_message for one decoded client message."""
        packed = msgpack.packb([action.value, body], default=_ENCODE)
        raw_action, body = msgpack.unpackb(
            packed, ext_hook=decode_ext_from_msgpack, strict_map_key=False
        )
        action = MessageAction(raw_action)
        session = self.session
        if action == MessageAction.REGISTER_CLIENT:
            _PAGE_VAR.set(session.page)
            session.apply_page_patch(body["page"])
            self._conn_send_register(session)
            asyncio.get_running_loop().create_task(self._run_main())
        elif action == MessageAction.CONTROL_EVENT:
            asyncio.get_running_loop().create_task(
                session.dispatch_event(body["target"], body["name"], body["data"])
            )
        elif action == MessageAction.UPDATE_CONTROL_PROPS:
            session.apply_patch(body["id"], body["props"])
        elif action == MessageAction.INVOKE_METHOD:
            session.handle_invoke_method_results(
                body["control_id"], body["call_id"], body["result"], body["error"]
            )

    def _conn_send_register(self, session: Session) -> None:
        from flet.messaging.protocol import RegisterClientResponseBody

        assert self._conn is not None
        self._conn.send_message(
            Message(
                MessageAction.REGISTER_CLIENT,
                RegisterClientResponseBody(
                    session_id=session.id,
                    page_patch=cast(Any, session).get_page_patch(),
                    error="",
                ),
            )
        )

    async def _run_main(self) -> None:
        """Same sequence as flet_web's FletApp.__on_session_created."""
        session = self.session
        main = self._main
        try:
            _PAGE_VAR.set(session.page)
            cast(Any, context).reset_auto_update()
            if inspect.iscoroutinefunction(main):
                await main(session.page)
            elif inspect.isasyncgenfunction(main):
                async for _ in main(session.page):
                    await session.after_event(session.page)
            elif inspect.isgeneratorfunction(main):
                for _ in main(session.page):
                    await session.after_event(session.page)
            else:
                main(session.page)
            await session.after_event(session.page)
        except Exception as e:
            session.error(f"main() failed: {e}\n{traceback.format_exc()}")

    def _event(self, control: BaseControl, name: str, data: Any = None) -> None:
        """Like the client's triggerControlEvent: only sent if a handler is attached."""
        if getattr(control, f"on_{name}", None) is not None:
            self._client_send(
                MessageAction.CONTROL_EVENT, {"target": control._i, "name": name, "data": data}
            )

    def _props(self, control: BaseControl, props: dict[str, Any]) -> None:
        self._client_send(MessageAction.UPDATE_CONTROL_PROPS, {"id": control._i, "props": props})

    def _client_route_changed(self, route: str) -> None:
        self._props(self.page, {"route": route})
        self._client_send(
            MessageAction.CONTROL_EVENT,
            {"target": self.page._i, "name": "route_change", "data": {"route": route}},
        )

    # ---------------------------------------------------------------- finding

    def find_all(
        self,
        *,
        identifier: str | None = None,
        key: str | None = None,
        text: str | None = None,
        text_contains: str | None = None,
        label: str | None = None,
        tooltip: str | None = None,
        type: type[BaseControl] | tuple[type[BaseControl], ...] | None = None,
        scope: str = "top",
        include_hidden: bool = False,
    ) -> list[BaseControl]:
        """Every control in scope matching all given criteria, in tree order."""
        criteria = (identifier, key, text, text_contains, label, tooltip, type)
        assert any(c is not None for c in criteria), "give at least one criterion"
        found: list[BaseControl] = []
        for c, _ in _walk(self.roots(scope), include_hidden=include_hidden):
            if type is not None and not isinstance(c, type):
                continue
            if identifier is not None and not (
                isinstance(c, ft.Semantics) and c.identifier == identifier
            ):
                continue
            if key is not None and _key_str(c) != key:
                continue
            if text is not None and text not in own_texts(c):
                continue
            if text_contains is not None and not any(text_contains in t for t in own_texts(c)):
                continue
            if label is not None and label not in labels(c):
                continue
            if tooltip is not None and tooltip not in _str_or_texts(getattr(c, "tooltip", None)):
                continue
            found.append(c)
        return found

    def find(self, **criteria: Any) -> BaseControl:
        """Exactly one control matching the criteria (see `find_all`), else AssertionError
        with an outline of the screen."""
        found = self.find_all(**criteria)
        if len(found) != 1:
            scope = criteria.get("scope", "top")
            raise AssertionError(
                f"expected exactly one control matching {criteria}, found {len(found)}"
                f" (route {self.route!r}); screen:\n{outline(self.roots(scope))}"
            )
        return found[0]

    def exists(self, **criteria: Any) -> bool:
        return bool(self.find_all(**criteria))

    def resolve(self, control: BaseControl, kind: type[T] | tuple[type[T], ...]) -> T:
        """`control` itself if it is a `kind`, else its first visible descendant that is."""
        for c, _ in _walk([control]):
            if isinstance(c, kind):
                return c
        raise AssertionError(f"no {kind} in {describe(control)}:\n{outline([control])}")

    def input(self, **criteria: Any) -> Any:
        """The input control (TextField, Dropdown, Checkbox, Switch, Radio, Slider,
        RadioGroup) at/inside the matched control — e.g. to read `.value` or `.error`."""
        return self.resolve(self.find(**criteria), (*_INPUT_TYPES, ft.RadioGroup))

    def texts(self, scope: str = "top") -> list[str]:
        """All visible strings (Text values, string contents, labels of inputs, input
        errors), in tree order."""
        out: list[str] = []
        for c, _ in _walk(self.roots(scope)):
            out.extend(own_texts(c))
            if isinstance(c, _INPUT_TYPES):
                out.extend(_str_or_texts(getattr(c, "label", None)))
                out.extend(_str_or_texts(getattr(c, "error", None)))
                out.extend(_str_or_texts(getattr(c, "helper", None)))
        return out

    def text_of(self, **criteria: Any) -> str:
        """The visible strings of the matched control and its content, space-joined."""
        return " ".join(t for c, _ in _walk([self.find(**criteria)]) for t in own_texts(c))

    def has_text(self, fragment: str, scope: str = "top") -> bool:
        return any(fragment in t for t in self.texts(scope))

    def outline(self, scope: str = "top") -> str:
        return outline(self.roots(scope))

    def assert_accessible(self) -> None:
        """Fail unless every interactive control on screen has an accessible name and its
        own semantics identifier, and identifiers are unique."""
        problems = accessibility_problems(self.roots())
        if problems:
            raise AssertionError(
                f"accessibility problems on {self.route!r}:\n  - "
                + "\n  - ".join(problems)
                + f"\nscreen:\n{self.outline()}"
            )

    # ---------------------------------------------------------------- acting

    def _check_enabled(self, control: BaseControl) -> None:
        for c, ancestors in _walk(self.roots("all")):
            if c is control:
                chain = (*ancestors, c)
                if any(getattr(a, "disabled", False) for a in chain):
                    raise AssertionError(f"{describe(control)} is disabled")
                if control._i not in self.session.index:
                    raise AssertionError(f"{describe(control)} was never sent to the client")
                return
        raise AssertionError(f"{describe(control)} is not on screen")

    async def type(self, text: str, *, submit: bool = False, **criteria: Any) -> ft.TextField:
        """Type into a TextField: focus, value patch + 'change' (as the client does), blur;
        optionally 'submit' (Enter)."""
        field = self.resolve(self.find(**criteria), ft.TextField)
        self._check_enabled(field)
        if field.read_only:
            raise AssertionError(f"{describe(field)} is read-only")
        self._event(field, "focus")
        self._props(field, {"value": text})
        self._event(field, "change", text)
        if submit:
            self._event(field, "submit", text)
        self._event(field, "blur")
        await self.settle()
        return field

    async def submit(self, **criteria: Any) -> None:
        """Press Enter in a TextField ('submit' event with the current value)."""
        field = self.resolve(self.find(**criteria), ft.TextField)
        self._check_enabled(field)
        self._event(field, "submit", field.value or "")
        await self.settle()

    def _clickable(self, control: BaseControl) -> BaseControl:
        """The control a tap on `control` reaches: itself or its first clickable
        descendant; else (a tap on a button's label) its nearest clickable ancestor."""

        def clickable(c: BaseControl) -> bool:
            return isinstance(c, (ft.Radio, ft.Checkbox, ft.Switch)) or _has_handler(c, "on_click")

        for c, _ in _walk([control]):
            if clickable(c):
                return c
        for c in reversed(self._ancestors(control)):
            if clickable(c):
                return c
        raise AssertionError(f"nothing clickable at {describe(control)}:\n{outline([control])}")

    def _ancestors(self, control: BaseControl) -> tuple[BaseControl, ...]:
        for c, ancestors in _walk(self.roots("all")):
            if c is control:
                return ancestors
        return ()

    async def click(self, **criteria: Any) -> None:
        """Tap a button/container/tile/radio/checkbox/switch (at or inside the match)."""
        target = self._clickable(self.find(**criteria))
        self._check_enabled(target)
        if isinstance(target, ft.Radio):
            group = self._radio_group(target)
            self._props(group, {"value": target.value})
            self._event(group, "change", target.value)
        elif isinstance(target, (ft.Checkbox, ft.Switch)):
            new = not bool(target.value)
            self._props(target, {"value": new})
            self._event(target, "change", new)
        else:
            self._event(target, "click")
        await self.settle()

    async def long_press(self, **criteria: Any) -> None:
        target = self.find(**criteria)
        for c, _ in _walk([target]):
            if _has_handler(c, "on_long_press"):
                self._check_enabled(c)
                self._event(c, "long_press")
                await self.settle()
                return
        raise AssertionError(f"no on_long_press in {describe(target)}")

    def _radio_group(self, radio: ft.Radio) -> ft.RadioGroup:
        for c, ancestors in _walk(self.roots("all")):
            if c is radio:
                for a in reversed(ancestors):
                    if isinstance(a, ft.RadioGroup):
                        return a
        raise AssertionError(f"{describe(radio)} is not inside a RadioGroup")

    async def select(self, option: str, **criteria: Any) -> None:
        """Choose `option` (key or text) in a Dropdown, or a value in a RadioGroup."""
        node = self.find(**criteria)
        target = self.resolve(node, (ft.Dropdown, ft.RadioGroup))
        self._check_enabled(target)
        if isinstance(target, ft.Dropdown):
            keys = {(o.key if o.key is not None else o.text): o for o in target.options or []}
            by_text = {o.text: k for k, o in keys.items() if o.text is not None}
            value = option if option in keys else by_text.get(option)
            if value is None:
                raise AssertionError(f"{describe(target)} has no option {option!r}: {list(keys)}")
            if getattr(keys[value], "disabled", False):
                raise AssertionError(f"option {option!r} is disabled")
            self._props(target, {"value": value})
            self._event(target, "select", value)
        else:
            values = [r.value for r, _ in _walk([target]) if isinstance(r, ft.Radio)]
            if option not in values:
                raise AssertionError(f"{describe(target)} has no radio {option!r}: {values}")
            self._props(target, {"value": option})
            self._event(target, "change", option)
        await self.settle()

    async def set_checked(self, checked: bool, **criteria: Any) -> None:
        """Set a Checkbox/Switch to `checked` (clicks only if it must change)."""
        target: Any = self.resolve(self.find(**criteria), (ft.Checkbox, ft.Switch))
        self._check_enabled(target)
        if bool(target.value) != checked:
            self._props(target, {"value": checked})
            self._event(target, "change", checked)
        await self.settle()

    async def navigate(self, route: str) -> None:
        """The client's URL changes (deep link, address bar): route patch + route_change."""
        self._client_route_changed(route)
        await self.settle()

    async def back(self) -> bool:
        """System back button: pops the top view ('view_pop') if the stack can pop.
        Returns False when there is nothing to pop (Android would leave the app)."""
        views = self.views
        if len(views) < 2 or not views[-1].can_pop or self.page.on_view_pop is None:
            return False
        self._client_send(
            MessageAction.CONTROL_EVENT,
            {"target": self.page._i, "name": "view_pop", "data": {"route": views[-1].route}},
        )
        await self.settle()
        return True

    async def dismiss_dialog(self) -> None:
        """Dismiss the topmost open dialog/snack bar (barrier tap / timeout)."""
        dialogs = self.dialogs
        assert dialogs, "no open dialog"
        dialog = dialogs[-1]
        self._shown_dialogs.discard(dialog._i)
        self._props(dialog, {"open": False})
        self._event(dialog, "dismiss")
        await self.settle()

    async def pick_date(self, value: datetime.date | None) -> None:
        """Answer the open DatePicker as the client does: close it with `value`
        (None = cancel): value/open patch, 'change' (if picked), 'dismiss'."""
        pickers = [d for d in self.dialogs if isinstance(d, ft.DatePicker)]
        assert pickers, f"no open DatePicker; screen:\n{self.outline()}"
        picker = pickers[-1]
        self._shown_dialogs.discard(picker._i)
        picked = None
        if value is not None:
            # Dart sends a local midnight DateTime (msgpack ext type 1, ISO text)
            iso = datetime.datetime(value.year, value.month, value.day).isoformat()
            picked = msgpack.ExtType(1, iso.encode())
        self._props(
            picker, {"value": picked if picked is not None else picker.value, "open": False}
        )
        if picked is not None:
            self._event(picker, "change", picked)
        self._event(picker, "dismiss", picked is None)
        await self.settle()

    async def resize(self, width: float, height: float) -> None:
        """The viewport changes size: page width/height patch + 'resize' event."""
        self._props(self.page, {"width": width, "height": height})
        self._event(self.page, "resize", {"width": width, "height": height})
        await self.settle()

    async def run(self, fn: Callable[[], Awaitable[Any]]) -> Any:
        """Run a coroutine function inside the app's page context, then settle."""
        _PAGE_VAR.set(self.page)
        result = await fn()
        await self.settle()
        return result


def _task_label(task: asyncio.Task[Any]) -> str:
    coro = task.get_coro()
    return getattr(coro, "__qualname__", None) or task.get_name()
