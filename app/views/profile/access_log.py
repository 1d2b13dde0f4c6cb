"""Views layer: "Siapa yang mengakses data saya": staff reads of my data, newest first."""

import flet as ft

from app.components.buttons import secondary_button
from app.components.context import Translate, use_deps, use_t
from app.components.labels import known_text
from app.components.layout import screen
from app.components.store_status import status_rows, use_store
from app.components.style import BODY_SIZE, SMALL_SIZE
from app.state.access_log import AccessLogList, AccessLogStore, local_time
from contracts.access import AccessLogEntry


def when_text(t: Translate, entry: AccessLogEntry) -> str:
    at = local_time(entry.at)
    month = t(f"access.month.{at.month}")
    when = t("access.when_value", day=at.day, month=month, year=at.year, clock=at.clock)
    return f"{when} {at.zone}" if at.zone else when


def fields_text(t: Translate, entry: AccessLogEntry) -> str:
    names = [known_text(t, f"access.field.{f}", f.replace("_", " ")) for f in entry.fields]
    return ", ".join(names) if names else t("access.fields_none")


def who_text(t: Translate, entry: AccessLogEntry) -> str:
    role = known_text(t, f"role.{entry.actor_role}", entry.actor_role)
    if entry.agency_code:
        return t("access.who_agency", role=role, agency=entry.agency_code)
    return role


def labelled(label: str, value: str) -> ft.Text:
    """ "Label: value" with the label bold; one Text so screen readers read it as one line."""
    return ft.Text(
        spans=[
            ft.TextSpan(f"{label}: ", style=ft.TextStyle(weight=ft.FontWeight.W_600)),
            ft.TextSpan(value),
        ],
        size=BODY_SIZE,
    )


def entry_card(t: Translate, index: int, entry: AccessLogEntry) -> ft.Control:
    purpose = known_text(t, f"access.purpose.{entry.purpose.value}", entry.purpose.value)
    column = ft.Column(
        [
            ft.Text(entry.actor_name, size=BODY_SIZE + 2, weight=ft.FontWeight.BOLD),
            ft.Text(who_text(t, entry), size=SMALL_SIZE),
            labelled(t("access.when"), when_text(t, entry)),
            labelled(t("access.purpose"), purpose),
            labelled(t("access.fields"), fields_text(t, entry)),
        ],
        spacing=6,
    )
    card = ft.Card(content=ft.Container(content=column, padding=16))
    identifier = f"access-log-entry-{index}"
    card.key = identifier
    return ft.Semantics(identifier=identifier, container=True, content=card)


def log_rows(t: Translate, log: AccessLogList) -> list[ft.Control]:
    body: list[ft.Control] = [ft.Text(t("access.intro"), size=BODY_SIZE)]
    body += [entry_card(t, i, e) for i, e in enumerate(log.entries)]
    if log.loaded and not log.entries:
        empty = ft.Text(t("access.empty"), size=BODY_SIZE)
        empty.key = "access-log-empty"
        body.append(ft.Semantics(identifier="access-log-empty", content=empty))
    return body


def more_rows(t: Translate, store: AccessLogStore) -> list[ft.Control]:
    """ "Tampilkan lebih banyak" while older pages exist (a failed page offers "Coba lagi")."""
    if store.problem is not None or not store.log.next_before:
        return []
    return [secondary_button("access-log-more", t("access.more"), store.more, disabled=store.busy)]


@ft.component
def AccessLogScreen():
    deps, t = use_deps(), use_t()
    store = use_store(deps.access_log)
    ft.use_effect(store.load, [])
    body = log_rows(t, store.log) + more_rows(t, store)
    body += status_rows(t, store, "access-log", retry=store.retry)
    return screen(ft.use_view_path(), t("access.title"), body)
