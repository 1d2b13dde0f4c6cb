"""Tests: due dates count working days, skipping weekends and listed holidays."""

from datetime import UTC, date, datetime

from server.applications.calendar import add_working_days, local_today

FRI, SAT = date(2026, 11, 27), date(2026, 11, 28)


def test_weekends_are_skipped() -> None:
    assert add_working_days(FRI, 1, set()) == date(2026, 11, 30)  # Monday
    assert add_working_days(FRI, 5, set()) == date(2026, 12, 4)


def test_holidays_are_skipped() -> None:
    christmas = {date(2026, 12, 24), date(2026, 12, 25)}
    assert add_working_days(date(2026, 12, 23), 1, christmas) == date(2026, 12, 28)


def test_zero_days_is_the_same_or_next_working_day() -> None:
    assert add_working_days(FRI, 0, set()) == FRI
    assert add_working_days(SAT, 0, set()) == date(2026, 11, 30)
    assert add_working_days(SAT, 1, set()) == date(2026, 12, 1)


def test_local_day_is_wib() -> None:
    assert local_today(datetime(2026, 11, 27, 17, 30, tzinfo=UTC)) == SAT  # 00:30 WIB
