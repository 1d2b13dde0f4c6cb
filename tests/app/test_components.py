"""Pure builder functions in app/components: data in, control out; compared as controls."""

from typing import Any

import flet as ft

from app.components.a11y import with_id
from app.components.buttons import choice_buttons, icon_button, primary_button
from app.components.fields import password_input, radio_choice, text_input
from app.components.layout import screen
from app.components.style import BODY_SIZE
from app.components.tiles import coming_soon_tile


def test_with_id_gives_a_stable_semantics_identifier_and_key():
    wrapped: Any = with_id(ft.Text("Halo"), "home-greeting")
    assert wrapped.identifier == "home-greeting"
    assert wrapped.content.key == "home-greeting"


def test_primary_button_is_large_and_named_by_its_text():
    wrapped: Any = primary_button("login-submit", "Masuk", None)
    button: Any = wrapped.content
    assert isinstance(wrapped.content, ft.FilledButton)
    assert button.height >= 48
    assert button.content.value == "Masuk" and button.content.size >= 16


def test_icon_button_has_an_accessible_name():
    wrapped: Any = icon_button("nav-settings", ft.Icons.SETTINGS, "Pengaturan", None)
    assert wrapped.label == "Pengaturan" and wrapped.content.tooltip == "Pengaturan"
    assert wrapped.content.width >= 48 and wrapped.content.height >= 48


def test_text_input_shows_its_error_under_itself():
    field: Any = text_input("register-nik", "NIK", "123", None, error="NIK harus 16 angka.").content
    assert field == ft.TextField(
        key="register-nik",
        label="NIK",
        value="123",
        error="NIK harus 16 angka.",
        text_size=BODY_SIZE,
        label_style=ft.TextStyle(size=BODY_SIZE),
        error_style=ft.TextStyle(size=16),
        hint_style=ft.TextStyle(size=16),
        error_max_lines=3,
    )


def test_password_toggle_reveals_and_is_named():
    hidden: Any = password_input(
        "login-password",
        "Kata sandi",
        "x",
        None,
        shown=False,
        on_toggle=None,
        show_label="Tampilkan",
        hide_label="Sembunyikan",
    ).content
    assert hidden.password is True
    assert hidden.suffix.identifier == "login-password-toggle"
    assert hidden.suffix.label == "Tampilkan"
    shown: Any = password_input(
        "login-password",
        "Kata sandi",
        "x",
        None,
        shown=True,
        on_toggle=None,
        show_label="Tampilkan",
        hide_label="Sembunyikan",
    ).content
    assert shown.password is False and shown.suffix.label == "Sembunyikan"


def test_radio_choice_ids_and_error():
    column: Any = radio_choice(
        "register-sex",
        "Jenis kelamin",
        [("female", "Perempuan"), ("male", "Laki-laki")],
        "",
        None,
        error="Wajib diisi.",
    )
    group: Any = column.controls[1]
    ids = [s.identifier for s in group.content.controls]
    assert ids == ["register-sex-female", "register-sex-male"]
    assert group.value is None
    assert column.controls[-1].value == "Wajib diisi."


def test_choice_buttons_fill_the_selected_option():
    row: Any = choice_buttons(
        "settings-language", [("id", "Bahasa Indonesia"), ("en", "English")], "en", print
    )
    kinds = {s.identifier: type(s.content) for s in row.controls}
    assert kinds == {
        "settings-language-id": ft.OutlinedButton,
        "settings-language-en": ft.FilledButton,
    }


def test_screen_scrolls_and_has_no_fixed_width():
    view: Any = screen("/home", "SatuPintu", [ft.Text("x")])
    assert view.route == "/home" and view.scroll == ft.ScrollMode.AUTO
    assert view.appbar.title.value == "SatuPintu"
    frame: Any = view.controls[0].controls[0]
    assert frame.width is None and frame.col["xs"] == 12
    bare: Any = screen("/", "t", [], show_appbar=False)
    assert bare.appbar is None


def test_coming_soon_tile_reads_title_and_badge():
    tile: Any = coming_soon_tile(
        "home-tile-my-qr", ft.Icons.QR_CODE_2, "Kode QR Saya", "Segera hadir"
    )
    assert tile.identifier == "home-tile-my-qr"
    assert tile.label == "Kode QR Saya, Segera hadir"
