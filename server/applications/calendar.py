"""Server layer: local dates and due dates in working days (weekends and holidays excluded)."""

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, timezone

# Service standards count days in the MPP's local time; WIB (UTC+7, no daylight saving) is
# used for the whole country: an application filed late evening in WITA/WIT counts a day
# earlier at most, which errs on the citizen's side.
LOCAL = timezone(timedelta(hours=7), "WIB")


def local_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(LOCAL).date()


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date `days` working days after `start`; 0 days = the same day. Filed on a
    weekend or holiday, the count starts on the next working day (when the office opens)."""
    due = start
    while not is_working_day(due, holidays):
        due += timedelta(days=1)
    remaining = days
    while remaining > 0:
        due += timedelta(days=1)
        if is_working_day(due, holidays):
            remaining -= 1
    return due


def search_window(start: date, days: int) -> date:
    """An end date surely past the due date, to load the holidays in between at once."""
    return start + timedelta(days=days * 2 + 30)
