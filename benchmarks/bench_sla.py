"""SLA arithmetic: due times for new tickets, and the countdown of a ticket-list page.

The central and the data generator compute due times for every ticket they
create; the ticket list reads two clocks per visible row on every refresh, inside
the 100 ms keystroke-to-paint budget. The baseline is the plainest correct way:
walking the calendar day by day.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from benchmarks.context import BenchContext
from benchmarks.figures import Figure, percentile
from prakerja_console.domain.business_calendar import (
    OFFICE_HOURS,
    business_time_between,
)
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.sla import SLA_TARGETS, SlaClock, StatusChange, due_times
from prakerja_console.domain.tickets import Category, Priority, Status

PAGE_ROWS = 100
# The list's whole keystroke-to-paint budget is 100 ms (DESIGN.md §5); the SLA
# column may take a twentieth of it.
PAGE_BUDGET_MS = 5.0


def _walk_between(a: datetime, b: datetime, zone: TimeZoneName) -> timedelta:
    """Business time by walking each day: the baseline."""
    total, day = timedelta(0), a.astimezone(zone.zone).date()
    last = b.astimezone(zone.zone).date()
    while day <= last:
        if OFFICE_HOURS.is_business_day(day):
            opening = datetime.combine(day, OFFICE_HOURS.opens, tzinfo=zone.zone)
            closing = datetime.combine(day, OFFICE_HOURS.closes, tzinfo=zone.zone)
            total += max(timedelta(0), min(b, closing) - max(a, opening))
        day += timedelta(days=1)
    return total


def _walk_add(start: datetime, duration: timedelta, zone: TimeZoneName) -> datetime:
    """A due time by walking each day: the baseline."""
    local = start.astimezone(zone.zone)
    day, left = local.date(), duration
    while True:
        if OFFICE_HOURS.is_business_day(day):
            opening = datetime.combine(day, OFFICE_HOURS.opens, tzinfo=zone.zone)
            closing = datetime.combine(day, OFFICE_HOURS.closes, tzinfo=zone.zone)
            begin = max(opening, local)
            if begin <= closing and begin + left <= closing:
                return begin + left
            left -= max(timedelta(0), closing - begin)
        day += timedelta(days=1)


def _per_call_us(calls: list[Callable[[], object]]) -> float:
    started = time.perf_counter()
    for call in calls:
        call()
    return (time.perf_counter() - started) / len(calls) * 1e6


def _cold_first_due_ms() -> float:
    """A fresh interpreter's first due time: importing holidays and building a year."""
    code = (
        "import time\n"
        "from datetime import datetime, timezone\n"
        "from prakerja_console.domain.sla import due_times\n"
        "from prakerja_console.domain.tickets import Category, Priority\n"
        "from prakerja_console.domain.regions import TimeZoneName\n"
        "t = time.perf_counter()\n"
        "due_times(Category.OTHER, Priority.NORMAL, datetime.now(timezone.utc), TimeZoneName.WIB)\n"
        "print((time.perf_counter() - t) * 1000)\n"
    )
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return min(samples)


def run(context: BenchContext) -> list[Figure]:
    rng = random.Random(context.seed)
    tickets = 2_000 if context.quick else 20_000
    zones = list(TimeZoneName)
    span = int(
        (datetime(2031, 1, 1, tzinfo=UTC) - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds()
    )
    created = [
        (
            datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(span)),
            rng.choice(zones),
            rng.choice(list(Category)),
            rng.choice(list(Priority)),
        )
        for _ in range(tickets)
    ]
    # Warm the per-year tables both ways use, so only the arithmetic is timed.
    for year in range(2020, 2033):
        OFFICE_HOURS.is_business_day(date(year, 1, 1))
        due_times(Category.OTHER, Priority.LOW, datetime(year, 1, 1, tzinfo=UTC), TimeZoneName.WIB)

    for at, zone, category, priority in created[:200]:  # the baseline does the same work
        expected = _walk_add(at, SLA_TARGETS[category, priority].resolution.on(OFFICE_HOURS), zone)
        assert due_times(category, priority, at, zone).resolution == expected

    due_us = _per_call_us([lambda c=c: due_times(c[2], c[3], c[0], c[1]) for c in created])
    walk_due_us = _per_call_us(
        [
            lambda c=c: (
                _walk_add(c[0], SLA_TARGETS[c[2], c[3]].first_response.on(OFFICE_HOURS), c[1]),
                _walk_add(c[0], SLA_TARGETS[c[2], c[3]].resolution.on(OFFICE_HOURS), c[1]),
            )
            for c in created
        ]
    )

    # A year-old breached ticket: the overdue business time over a long span.
    year_pairs = [(c[0], c[0] + timedelta(days=365), c[1]) for c in created[:2_000]]
    between_us = _per_call_us(
        [lambda p=p: business_time_between(p[0], p[1], OFFICE_HOURS, p[2]) for p in year_pairs]
    )
    walk_between_us = _per_call_us([lambda p=p: _walk_between(*p) for p in year_pairs])

    # A ticket-list page: both clocks of 100 rows with a short status history each.
    page_ms: list[float] = []
    for page in range(50 if context.quick else 200):
        rows = created[page * PAGE_ROWS % (tickets - PAGE_ROWS) :][:PAGE_ROWS]
        now = rows[0][0] + timedelta(days=2, hours=rng.randrange(48))
        started = time.perf_counter()
        for at, zone, category, priority in rows:
            clock = SlaClock(category, priority, at, zone)
            history = [
                StatusChange(at + timedelta(hours=1), Status.OPEN),
                StatusChange(at + timedelta(hours=5), Status.PENDING_APPLICANT),
            ]
            clock.first_response(now, at + timedelta(hours=1))
            clock.resolution(now, history)
        page_ms.append((time.perf_counter() - started) * 1000)

    return [
        Figure(
            "sla.due_times per ticket",
            round(due_us, 2),
            "µs",
            baseline=round(walk_due_us, 2),
            note=f"{tickets:,} tickets created 2020–2030 in all three zones; baseline walks each day",
        ),
        Figure(
            "sla.business_time_between, one-year span",
            round(between_us, 2),
            "µs",
            baseline=round(walk_between_us, 2),
            note="per-year business-day tables and bisection vs a day-by-day walk",
        ),
        Figure(
            f"sla.ticket page countdown ({PAGE_ROWS} rows) p95",
            round(percentile(page_ms, 0.95), 3),
            "ms",
            budget=PAGE_BUDGET_MS,
            note="both clocks per row, resolution replayed from a status history",
        ),
        Figure(
            "sla.first due time in a fresh process",
            round(_cold_first_due_ms(), 1),
            "ms",
            note="imports holidays lazily and builds the year's tables; paid once per process",
        ),
    ]
