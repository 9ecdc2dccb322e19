"""Business time: the hours an SLA clock runs, in the applicant's own time zone.

A ticket from Jayapura is due by Jayapura's office hours, not Jakarta's, so every
function takes the applicant's zone (``domain.regions.time_zone_of``). Days off
are the calendar's non-working weekdays plus Indonesia's public holidays and
*cuti bersama* (joint leave days) as the ``holidays`` package knows them.

How the arithmetic works: every business day is equally long (Indonesian civil
time has had no daylight saving since 1964, and a :class:`BusinessCalendar` has
one opening and one closing time), so an instant's business position is "business
days before its date × day length + time into its own business day". Counting
business days uses a sorted table per (calendar, year), so both directions
(:func:`add_business_time`, :func:`business_time_between`) cost a few bisections
instead of a walk over every day, even for tickets that are months old.

Business instants form closed intervals ``[opens, closes]`` per business day: a
clock that starts outside them starts at the next opening, and a due time that
lands exactly on a closing time is due that day, not at the next opening.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from prakerja_console.domain.regions import TimeZoneName

_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)


def require_aware(value: datetime, name: str) -> None:
    """Refuse a naive datetime: business time means nothing without knowing the zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime, got the naive {value.isoformat()}"
        )


def _since_midnight(moment: time | datetime) -> timedelta:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return timedelta(0, seconds, moment.microsecond)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When the office works: opening and closing wall-clock times and working weekdays.

    ``workdays`` are ``date.weekday()`` numbers (Monday is 0). Public holidays and
    cuti bersama are always days off.
    """

    opens: time = time(8, 0)
    closes: time = time(17, 0)
    workdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    # Derived once: the countdown of a ticket page reads them thousands of times.
    _opens_at: timedelta = field(init=False, repr=False, compare=False)
    _length: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opening and closing times are wall-clock times, without a zone")
        if self.opens >= self.closes:
            raise ValueError(f"the office must open before it closes ({self.opens}–{self.closes})")
        if not self.workdays or not self.workdays <= frozenset(range(7)):
            raise ValueError(f"workdays must be weekday numbers 0–6, got {sorted(self.workdays)}")
        object.__setattr__(self, "_opens_at", _since_midnight(self.opens))
        object.__setattr__(self, "_length", _since_midnight(self.closes) - self._opens_at)

    @property
    def day_length(self) -> timedelta:
        """Business time in one working day (9 hours by default)."""
        return self._length

    def is_business_day(self, day: date) -> bool:
        """Whether the office works on ``day``: a working weekday that is no holiday."""
        return day.weekday() in self.workdays and day not in _days_off(day.year)


OFFICE_HOURS = BusinessCalendar()
"""The call centre's default: Monday–Friday 08:00–17:00 local time."""


def add_business_time(
    start: datetime, duration: timedelta, calendar: BusinessCalendar, zone: TimeZoneName
) -> datetime:
    """The moment ``duration`` of business time after ``start``, in ``zone``'s local time.

    The result is always a business instant (never in a weekend, a holiday or
    outside hours), so a zero duration from outside hours gives the next opening.
    """
    require_aware(start, "start")
    if duration < _ZERO:
        raise ValueError(f"duration must not be negative, got {duration}")
    local = start.astimezone(zone.zone)
    today = local.date()
    if calendar.is_business_day(today) and local.time() <= calendar.closes:
        first_day, offset = today, _into_day(calendar, local)
    else:  # a day off, or after closing: the clock starts at the next opening
        first_day, offset = _nth_business_day(calendar, today + _ONE_DAY, 0), _ZERO
    target = offset + duration
    length = calendar.day_length
    # Days to move past whole business days; the remainder lands in (0, length], so
    # a due time exactly at closing stays on its day.
    days_ahead = 0 if target <= _ZERO else -(-target // length) - 1
    remainder = target - days_ahead * length
    due_day = _nth_business_day(calendar, first_day, days_ahead)
    return datetime.combine(due_day, calendar.opens, tzinfo=zone.zone) + remainder


def business_time_between(
    a: datetime, b: datetime, calendar: BusinessCalendar, zone: TimeZoneName
) -> timedelta:
    """Business time from ``a`` to ``b`` in ``zone``; negative when ``b`` is before ``a``."""
    require_aware(a, "a")
    require_aware(b, "b")
    if b < a:
        return -business_time_between(b, a, calendar, zone)
    local_a, local_b = a.astimezone(zone.zone), b.astimezone(zone.zone)
    whole_days = _business_days_between(calendar, local_a.date(), local_b.date())
    return (
        whole_days * calendar.day_length
        + _into_day(calendar, local_b)
        - _into_day(calendar, local_a)
    )


def _into_day(calendar: BusinessCalendar, local: datetime) -> timedelta:
    """Business time elapsed on ``local``'s own date by that moment (0 on a day off)."""
    if not calendar.is_business_day(local.date()):
        return _ZERO
    elapsed = _since_midnight(local) - calendar._opens_at
    return min(max(elapsed, _ZERO), calendar._length)


@cache
def _days_off(year: int) -> frozenset[date]:
    """Indonesia's public holidays and cuti bersama of one year, as far as ``holidays`` knows.

    Islamic holidays follow the moon sighting announced each year; for years the
    package has no decree for it *estimates* them (names end in "(estimated)"),
    and it lists cuti bersama only for years whose joint-leave decree it carries
    (2027 at the time of writing). Later years therefore count a few days too
    many as business days until the package is updated.
    """
    # Imported here: it costs ~35 ms, which the console's start-up should not pay
    # before the first SLA is computed.
    import holidays

    found = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(found)


@cache
def _business_ordinals(calendar: BusinessCalendar, year: int) -> tuple[int, ...]:
    """The ``date.toordinal()`` of every business day of ``year``, ascending."""
    day, ordinals = date(year, 1, 1), []
    while day.year == year:
        if calendar.is_business_day(day):
            ordinals.append(day.toordinal())
        day += _ONE_DAY
    return tuple(ordinals)


def _business_days_between(calendar: BusinessCalendar, first: date, last: date) -> int:
    """Business days in ``[first, last)``."""
    count = 0
    for year in range(first.year, last.year + 1):
        table = _business_ordinals(calendar, year)
        low = bisect.bisect_left(table, first.toordinal()) if year == first.year else 0
        high = bisect.bisect_left(table, last.toordinal()) if year == last.year else len(table)
        count += high - low
    return count


def _nth_business_day(calendar: BusinessCalendar, first: date, n: int) -> date:
    """The ``n``-th business day on or after ``first`` (``n=0``: the first such day)."""
    year = first.year
    table = _business_ordinals(calendar, year)
    index = bisect.bisect_left(table, first.toordinal()) + n
    while index >= len(table):
        index -= len(table)
        year += 1
        table = _business_ordinals(calendar, year)
    return date.fromordinal(table[index])
