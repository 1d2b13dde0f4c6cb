"""Components layer: words for values — languages, roles, and catalog texts with a fallback for
values a newer server may send; data in, text out."""

from collections.abc import Callable

from contracts.enums import Role

Translate = Callable[..., str]


def language_options(t: Translate) -> list[tuple[str, str]]:
    return [("id", t("language.id")), ("en", t("language.en"))]


def role_label(role: Role, t: Translate) -> str:
    labels = {
        Role.CITIZEN: t("role.citizen"),
        Role.FIELD: t("role.field"),
        Role.BACK_OFFICE: t("role.back_office"),
        Role.COORDINATOR: t("role.coordinator"),
        Role.ADMIN: t("role.admin"),
    }
    return labels[role]


def known_text(t: Translate, key: str, fallback: str) -> str:
    """Catalog text for `key`, or `fallback` for values a newer server may send."""
    text = t(key)
    return fallback if text == key else text
