"""Self-tests for the headless Flet harness, against a small toy app."""

from __future__ import annotations

import asyncio

import flet as ft
import flet_secure_storage as fss
import pytest

from tests.app.harness import AppError, FletHarness, MethodCall

# ---------------------------------------------------------------- toy app


def field(identifier: str, control: ft.Control) -> ft.Semantics:
    return ft.Semantics(identifier=identifier, content=control)


@ft.component
def Home():
    name, set_name = ft.use_state("")
    submitted, set_submitted = ft.use_state("")
    count, set_count = ft.use_state(0)
    token, set_token = ft.use_state("(none)")
    size, set_size = ft.use_state("")
    storage = ft.use_memo(lambda: fss.SecureStorage(), [])

    async def load_token():
        set_token(await storage.get("token") or "(none)")

    ft.use_effect(load_token, [])

    async def increment():
        await asyncio.sleep(0.01)  # pretend I/O
        set_count(count + 1)

    async def save_token():
        await storage.set("token", f"t-{name}")
        set_token(await storage.get("token") or "(none)")

    def boom():
        raise ValueError("kaboom")

    def resized(e: ft.PageResizeEvent) -> None:
        set_size(f"{int(e.width)}x{int(e.height)}")

    ft.context.page.on_resize = resized

    return ft.View(
        route="/",
        controls=[
            ft.Text("Home", key="title"),
            field(
                "home-name",
                ft.TextField(
                    label="Name",
                    value=name,
                    on_change=lambda e: set_name(e.control.value),
                    on_submit=lambda e: set_submitted(e.data),
                ),
            ),
            ft.Text(f"Hello {name}"),
            ft.Text(f"Submitted {submitted}"),
            ft.Text(f"Token {token}"),
            ft.Text(f"Size {size}"),
            field("home-inc", ft.Button(f"Count {count}", on_click=increment)),
            field("home-save", ft.Button(content=ft.Text("Save token"), on_click=save_token)),
            field("home-boom", ft.Button("Boom", on_click=boom)),
            field(
                "home-about",
                ft.Button("About", on_click=lambda: ft.context.page.navigate("/about")),
            ),
            field(
                "home-locked",
                ft.Button("Locked", disabled=True, on_click=lambda: set_count(99)),
            ),
        ],
    )


@ft.component
def About():
    color, set_color = ft.use_state("")
    size, set_size = ft.use_state("")
    agreed, set_agreed = ft.use_state(False)
    return ft.View(
        route="/about",
        appbar=ft.AppBar(title=ft.Text("About")),
        controls=[
            field(
                "about-color",
                ft.Dropdown(
                    label="Color",
                    options=[ft.DropdownOption(key="r", text="Red"), ft.DropdownOption("Blue")],
                    on_select=lambda e: set_color(e.control.value),
                ),
            ),
            ft.RadioGroup(
                value=size,
                on_change=lambda e: set_size(e.control.value),
                content=ft.Row(
                    [
                        field("about-size-s", ft.Radio(value="s", label="Small")),
                        field("about-size-l", ft.Radio(value="l", label="Large")),
                    ]
                ),
            ),
            field(
                "about-agree",
                ft.Checkbox(label="I agree", value=agreed, on_change=lambda e: set_agreed(e.data)),
            ),
            ft.Text(f"Picked {color}/{size}/{agreed}"),
        ],
    )


@ft.component
def App():
    return ft.Router(
        [ft.Route(component=Home, children=[ft.Route(path="about", component=About)])],
        manage_views=True,
    )


async def main(page: ft.Page) -> None:
    page.title = "Toy"
    page.render_views(App)


# ---------------------------------------------------------------- tests


async def test_start_renders_first_view_over_the_wire():
    async with FletHarness(main, width=360, height=640) as h:
        assert h.view_routes == ["/"]
        assert "Hello " in h.texts()
        assert h.page.width == 360 and h.page.platform == ft.PagePlatform.ANDROID
        # the client got the whole tree: the register reply, then patches with our controls
        assert h.messages[0][0].name == "REGISTER_CLIENT"
        assert any("home-name" in repr(body) for _, body in h.messages)
        field_ctl = h.input(identifier="home-name")
        assert field_ctl._i in h.session.index  # mounted, i.e. the diff saw it
        h.assert_accessible()


async def test_typing_sends_value_patch_then_change_and_submit():
    async with FletHarness(main) as h:
        tf = await h.type("Ann", identifier="home-name")
        assert tf.value == "Ann"
        assert h.find(text="Hello Ann")
        await h.type("Budi", identifier="home-name", submit=True)
        assert h.has_text("Submitted Budi")
        assert h.input(label="Name").value == "Budi"


async def test_async_click_handler_is_awaited_by_settle():
    async with FletHarness(main) as h:
        await h.click(identifier="home-inc")
        await h.click(text="Count 1")
        assert h.exists(text="Count 2")
        assert not h.exists(text="Count 1")


async def test_navigation_push_route_and_system_back():
    async with FletHarness(main) as h:
        await h.click(identifier="home-about")
        assert h.route == "/about"
        assert h.view_routes == ["/", "/about"]
        assert h.find(type=ft.AppBar)
        assert MethodCall("Page", "push_route", {"route": "/about"}) in h.method_calls
        assert await h.back() is True
        assert h.route == "/" and h.view_routes == ["/"]
        assert await h.back() is False  # nothing left to pop


async def test_deep_link_and_client_route_change():
    async with FletHarness(main, route="/about") as h:
        assert h.view_routes == ["/", "/about"]
        await h.navigate("/")
        assert h.view_routes == ["/"]
        assert h.exists(identifier="home-name")


async def test_handler_exception_fails_the_test_by_default():
    async with FletHarness(main) as h:
        with pytest.raises(AppError, match="kaboom"):
            await h.click(identifier="home-boom")
        assert h.errors == []  # raised errors are consumed
        await h.click(identifier="home-inc")  # the session is still usable
        assert h.has_text("Count 1")


async def test_errors_can_be_inspected_instead_of_raised():
    async with FletHarness(main, raise_errors=False) as h:
        await h.click(identifier="home-boom")
        assert len(h.errors) == 1 and "ValueError: kaboom" in h.errors[0]
        h.errors.clear()


async def test_errors_left_over_fail_on_exit():
    h = FletHarness(main, raise_errors=False)
    with pytest.raises(AppError, match="kaboom"):
        async with h:
            await h.click(identifier="home-boom")


async def test_crashing_main_and_effects_are_reported():
    async def bad_main(page: ft.Page) -> None:
        raise RuntimeError("no main for you")

    with pytest.raises(AppError, match="no main for you"):
        async with FletHarness(bad_main):
            pass
    loop = asyncio.get_running_loop()  # a failed start-up still restores the loop
    assert loop.get_task_factory() is None and loop.get_exception_handler() is None

    @ft.component
    def Broken():
        async def effect():
            raise KeyError("effect went wrong")

        ft.use_effect(effect, [])
        return ft.Text("ok")

    async def effect_main(page: ft.Page) -> None:
        page.render(Broken)

    with pytest.raises(AppError, match="effect went wrong"):
        async with FletHarness(effect_main):
            pass


async def test_secure_storage_round_trip_through_fake():
    h = FletHarness(main)
    h.secure_storage["token"] = "seeded"
    async with h:
        assert h.has_text("Token seeded")  # loaded by an async effect on mount
        await h.type("ann", identifier="home-name")
        await h.click(text="Save token")  # a tap on the label reaches the button
        assert h.secure_storage == {"token": "t-ann"}
        assert h.has_text("Token t-ann")
        names = [(c.control_type, c.name) for c in h.method_calls]
        assert ("SecureStorage", "set") in names and ("SecureStorage", "get") in names


async def test_unfaked_service_call_is_an_error_and_fakes_can_be_added():
    async def paste() -> None:
        await ft.Clipboard().get_files()

    async def clip_main(page: ft.Page) -> None:
        page.add(ft.Semantics(identifier="paste", content=ft.Button("Paste", on_click=paste)))

    async with FletHarness(clip_main) as h:
        with pytest.raises(AppError, match=r"no fake for Clipboard\.get_files"):
            await h.click(identifier="paste")
        h.on_method("Clipboard", "get_files", lambda args: ["a.txt"])
        await h.click(identifier="paste")


async def test_dropdown_radio_and_checkbox_inputs():
    async with FletHarness(main, route="/about") as h:
        await h.select("Red", identifier="about-color")
        await h.click(identifier="about-size-l")
        await h.click(label="I agree")
        assert h.has_text("Picked r/l/True")
        await h.select("Blue", identifier="about-color")
        await h.select("s", type=ft.RadioGroup)
        await h.set_checked(False, identifier="about-agree")
        assert h.has_text("Picked Blue/s/False")
        with pytest.raises(AssertionError, match="no option 'Green'"):
            await h.select("Green", identifier="about-color")
        h.assert_accessible()


async def test_finders_and_helpful_failures():
    async with FletHarness(main) as h:
        assert isinstance(h.find(key="title"), ft.Text)
        assert len(h.find_all(type=ft.Button)) == 5
        assert isinstance(h.find(text_contains="Hello"), ft.Text)
        assert h.text_of(identifier="home-save") == "Save token"
        with pytest.raises(AssertionError, match="nothing clickable"):
            await h.click(key="title")
        with pytest.raises(
            AssertionError, match=r"found 0(.|\n)*Semantics\(identifier='home-inc'\)"
        ):
            h.find(identifier="nope")
        with pytest.raises(AssertionError, match="is disabled"):
            await h.click(identifier="home-locked")
        assert not h.exists(text="Count 99")


async def test_viewport_resize_event():
    async with FletHarness(main, width=360, height=640) as h:
        await h.resize(1024, 768)
        assert h.page.width == 1024
        assert h.has_text("Size 1024x768")


async def test_assert_accessible_reports_each_problem():
    async def sloppy(page: ft.Page) -> None:
        page.add(
            ft.IconButton(ft.Icons.ADD, on_click=lambda: None),  # no name, no identifier
            ft.Semantics(identifier="pair", content=ft.Row([ft.Button("A"), ft.Button("B")])),
            ft.Semantics(identifier="dup", content=ft.TextField(label="One")),
            ft.Semantics(identifier="dup", content=ft.TextField(hint_text="hint is no label")),
            ft.Semantics(
                identifier="ok", content=ft.IconButton(ft.Icons.ADD, tooltip="Add", on_click=print)
            ),
            ft.Container(ft.Text("Tap me"), on_click=lambda: None),
        )

    async with FletHarness(sloppy) as h:
        with pytest.raises(AssertionError) as info:
            h.assert_accessible()
        msg = str(info.value).split("screen:")[0]
        assert "duplicate semantics identifier 'dup'" in msg
        assert msg.count("IconButton()") == 2  # no name + no identifier
        assert "identifier 'pair' is shared" in msg
        assert "TextField(): no accessible name" in msg
        assert "Container(): not inside a Semantics" in msg
        assert "'ok'" not in msg and "label='One'" not in msg


async def test_dialogs_block_the_view_and_are_dismissed_like_the_client_does() -> None:
    @ft.component
    def Confirm():
        asking, set_asking = ft.use_state(False)
        answer, set_answer = ft.use_state("none")

        def close(value: str) -> None:
            set_answer(value)
            set_asking(False)

        ft.use_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text("Sure?"),
                actions=[field("dlg-yes", ft.TextButton("Yes", on_click=lambda: close("yes")))],
            )
            if asking
            else None
        )
        return ft.Column(
            [
                field("ask", ft.Button("Ask", on_click=lambda: set_asking(True))),
                ft.Text(f"Answer {answer}"),
            ]
        )

    async def dialog_main(page: ft.Page) -> None:
        page.render(Confirm)

    async with FletHarness(dialog_main) as h:
        await h.click(identifier="ask")
        assert len(h.dialogs) == 1
        assert not h.exists(identifier="ask")  # behind the modal barrier
        assert h.exists(identifier="ask", scope="all")
        h.assert_accessible()
        await h.click(identifier="dlg-yes")
        assert h.has_text("Answer yes")
        # the fake client reported 'dismiss', so use_dialog dropped the dialog for good
        assert h.page._dialogs.controls == []
        await h.click(identifier="ask")
        await h.dismiss_dialog()
        assert h.page._dialogs.controls == [] and h.has_text("Answer yes")
