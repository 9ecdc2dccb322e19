"""Business time in the applicant's zone: office hours, weekends, holidays, cuti bersama."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_console.domain.business_calendar import (
    OFFICE_HOURS,
    BusinessCalendar,
    add_business_time,
    business_time_between,
)
from prakerja_console.domain.regions import TimeZoneName

WIB, WITA, WIT = TimeZoneName.WIB, TimeZoneName.WITA, TimeZoneName.WIT
HOUR = timedelta(hours=1)
DAY = OFFICE_HOURS.day_length  # nine business hours
TICK = timedelta(microseconds=1)


def local(
    zone: TimeZoneName, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone.zone)


def add(start: datetime, duration: timedelta, zone: TimeZoneName = WIB) -> datetime:
    return add_business_time(start, duration, OFFICE_HOURS, zone)


def between(a: datetime, b: datetime, zone: TimeZoneName = WIB) -> timedelta:
    return business_time_between(a, b, OFFICE_HOURS, zone)


# -- the calendar value -------------------------------------------------------------------


def test_default_calendar_is_weekdays_eight_to_five() -> None:
    assert OFFICE_HOURS.opens == time(8)
    assert OFFICE_HOURS.closes == time(17)
    assert OFFICE_HOURS.workdays == frozenset({0, 1, 2, 3, 4})
    assert OFFICE_HOURS.day_length == timedelta(hours=9)


def test_a_business_day_is_a_working_weekday_without_a_holiday() -> None:
    assert OFFICE_HOURS.is_business_day(date(2024, 3, 4))  # Monday
    assert not OFFICE_HOURS.is_business_day(date(2024, 3, 9))  # Saturday
    assert not OFFICE_HOURS.is_business_day(date(2024, 8, 17))  # Independence Day
    assert not OFFICE_HOURS.is_business_day(date(2024, 4, 8))  # cuti bersama before Lebaran
    saturdays_too = BusinessCalendar(workdays=frozenset(range(6)))
    assert saturdays_too.is_business_day(date(2024, 3, 9))


@pytest.mark.parametrize(
    "arguments",
    [
        {"opens": time(17), "closes": time(8)},
        {"opens": time(9), "closes": time(9)},
        {"workdays": frozenset()},
        {"workdays": frozenset({7})},
        {"opens": time(8, tzinfo=UTC)},
    ],
)
def test_impossible_calendars_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"open|workdays|wall-clock"):
        BusinessCalendar(**arguments)  # type: ignore[arg-type]


# -- worked examples ----------------------------------------------------------------------


def test_time_runs_within_the_day_and_carries_over_the_night() -> None:
    assert add(local(WIB, 2024, 3, 4, 10), 2 * HOUR) == local(WIB, 2024, 3, 4, 12)
    assert add(local(WIB, 2024, 3, 4, 16), 2 * HOUR) == local(WIB, 2024, 3, 5, 9)


def test_the_weekend_is_skipped() -> None:
    friday_four_pm = local(WIB, 2024, 3, 8, 16)
    assert add(friday_four_pm, 2 * HOUR) == local(WIB, 2024, 3, 13, 9)  # Mon 11 + Tue 12 off
    assert add(local(WIB, 2024, 3, 1, 16), 2 * HOUR) == local(WIB, 2024, 3, 4, 9)


def test_lebaran_and_its_cuti_bersama_are_skipped() -> None:
    # 8–12 and 15 April 2024: Idul Fitri and joint leave; the office reopens on the 16th.
    assert add(local(WIB, 2024, 4, 5, 16), 2 * HOUR) == local(WIB, 2024, 4, 16, 9)


def test_a_start_outside_hours_starts_the_clock_at_the_next_opening() -> None:
    assert add(local(WIB, 2024, 3, 4, 6, 30), HOUR) == local(WIB, 2024, 3, 4, 9)
    assert add(local(WIB, 2024, 3, 4, 22), HOUR) == local(WIB, 2024, 3, 5, 9)
    assert add(local(WIB, 2024, 3, 2, 10), HOUR) == local(WIB, 2024, 3, 4, 9)  # Saturday
    assert add(local(WIB, 2024, 3, 2, 10), timedelta(0)) == local(WIB, 2024, 3, 4, 8)


def test_a_due_time_exactly_at_closing_counts_as_that_day() -> None:
    assert add(local(WIB, 2024, 3, 4, 16), HOUR) == local(WIB, 2024, 3, 4, 17)
    assert add(local(WIB, 2024, 3, 4, 8), DAY) == local(WIB, 2024, 3, 4, 17)
    assert add(local(WIB, 2024, 3, 4, 17), timedelta(0)) == local(WIB, 2024, 3, 4, 17)
    assert add(local(WIB, 2024, 3, 4, 17), TICK) == local(WIB, 2024, 3, 5, 8) + TICK


def test_the_applicants_zone_decides_the_office_hours() -> None:
    # 09:30 UTC on a Monday is 16:30 in Jakarta, 17:30 in Makassar, 18:30 in Jayapura.
    created = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert add(created, HOUR, WIB) == local(WIB, 2024, 3, 5, 8, 30)
    assert add(created, HOUR, WITA) == local(WITA, 2024, 3, 5, 9)
    assert add(created, HOUR, WIT) == local(WIT, 2024, 3, 5, 9)
    assert add(created, HOUR, WIT).tzinfo is WIT.zone


def test_business_time_between_counts_only_office_hours() -> None:
    assert between(local(WIB, 2024, 3, 4, 10), local(WIB, 2024, 3, 4, 12)) == 2 * HOUR
    assert between(local(WIB, 2024, 3, 8, 16), local(WIB, 2024, 3, 13, 9)) == 2 * HOUR
    assert between(local(WIB, 2024, 3, 4, 18), local(WIB, 2024, 3, 5, 7)) == timedelta(0)
    assert between(local(WIB, 2024, 3, 4, 8), local(WIB, 2024, 3, 11, 8)) == 5 * DAY
    assert between(local(WIB, 2024, 3, 4, 12), local(WIB, 2024, 3, 4, 10)) == -2 * HOUR


def test_a_year_long_span_counts_every_business_day() -> None:
    start, end = local(WIB, 2024, 1, 1), local(WIB, 2025, 1, 1)
    business_days = sum(
        OFFICE_HOURS.is_business_day(date(2024, 1, 1) + timedelta(days=n)) for n in range(366)
    )
    assert between(start, end) == business_days * DAY
    assert add(start, business_days * DAY) == local(WIB, 2024, 12, 31, 17)


def test_naive_datetimes_are_refused_by_name() -> None:
    naive = datetime(2024, 3, 4, 10)
    with pytest.raises(ValueError, match="start must be a timezone-aware datetime"):
        add(naive, HOUR)
    with pytest.raises(ValueError, match="b must be a timezone-aware"):
        between(local(WIB, 2024, 3, 4, 10), naive)


def test_negative_durations_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add(local(WIB, 2024, 3, 4, 10), -HOUR)


# -- properties over 2020–2030, all three zones --------------------------------------------


@cache
def days_off(year: int) -> frozenset[date]:
    """Independent of the code under test: straight from the holidays package."""
    return frozenset(
        holidays.country_holidays("ID", years=year, categories=("public", "government"))
    )


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in days_off(day.year)


def reference_between(a: datetime, b: datetime, zone: TimeZoneName) -> timedelta:
    """Business time walked day by day: slow and obvious."""
    total, day = timedelta(0), a.astimezone(zone.zone).date()
    while day <= b.astimezone(zone.zone).date():
        if is_business_day(day):
            opening = datetime.combine(day, time(8), tzinfo=zone.zone)
            closing = datetime.combine(day, time(17), tzinfo=zone.zone)
            total += max(timedelta(0), min(b, closing) - max(a, opening))
        day += timedelta(days=1)
    return total


zones = st.sampled_from(list(TimeZoneName))
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
edges = st.sampled_from(
    [time(0), time(7, 59, 59, 999_999), time(8), time(12, 30), time(17), time(17, 0, 0, 1)]
)


@st.composite
def starts(draw: st.DrawFn) -> tuple[datetime, TimeZoneName]:
    """Creation times anywhere, with extra weight on openings, closings and midnight."""
    zone = draw(zones)
    anywhere = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))
    on_an_edge = st.builds(lambda day, at: datetime.combine(day, at, tzinfo=zone.zone), days, edges)
    return draw(st.one_of(anywhere, on_an_edge)), zone


durations = st.one_of(
    st.timedeltas(timedelta(0), timedelta(hours=60)),
    st.integers(0, 15).map(lambda n: n * DAY),  # whole days: due exactly at a closing
    st.integers(0, 20).map(lambda n: n * HOUR),
)
bounded = settings(max_examples=150, deadline=None)


@bounded
@given(starts(), durations)
def test_a_due_time_is_always_inside_business_hours(
    start_zone: tuple[datetime, TimeZoneName], duration: timedelta
) -> None:
    start, zone = start_zone
    due = add(start, duration, zone).astimezone(zone.zone)
    assert due >= start
    assert is_business_day(due.date()), f"{due} is a weekend or holiday"
    assert time(8) <= due.time() <= time(17), f"{due} is outside office hours"


@bounded
@given(starts(), durations)
def test_adding_then_measuring_gives_the_duration_back_and_no_sooner(
    start_zone: tuple[datetime, TimeZoneName], duration: timedelta
) -> None:
    start, zone = start_zone
    due = add(start, duration, zone)
    assert between(start, due, zone) == duration
    if duration:
        assert between(start, due - TICK, zone) < duration


@bounded
@given(starts(), durations, durations)
def test_more_business_time_never_gives_an_earlier_due_time(
    start_zone: tuple[datetime, TimeZoneName], first: timedelta, second: timedelta
) -> None:
    start, zone = start_zone
    shorter, longer = sorted([first, second])
    assert add(start, shorter, zone) <= add(start, longer, zone)


@bounded
@given(starts(), st.timedeltas(timedelta(0), timedelta(days=10)), durations)
def test_a_later_start_never_gives_an_earlier_due_time(
    start_zone: tuple[datetime, TimeZoneName], delay: timedelta, duration: timedelta
) -> None:
    start, zone = start_zone
    assert add(start, duration, zone) <= add(start + delay, duration, zone)


@bounded
@given(starts(), st.timedeltas(-timedelta(days=40), timedelta(days=40)))
def test_business_time_between_agrees_with_a_day_by_day_walk(
    start_zone: tuple[datetime, TimeZoneName], span: timedelta
) -> None:
    a, zone = start_zone
    b = a + span
    expected = reference_between(a, b, zone) if b >= a else -reference_between(b, a, zone)
    assert between(a, b, zone) == expected
