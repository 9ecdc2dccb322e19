"""Service-level targets for tickets, and the clocks that count them down.

Two clocks run from a ticket's creation, both in business time of the
applicant's zone (:mod:`prakerja_console.domain.business_calendar`): the **first
response** clock stops at the first reply; the **resolution** clock stops when the
ticket is resolved and is *paused* while the ticket waits for the applicant (the
UI shows "⏸ dijeda"), because the call centre cannot be late while the ball is in
the applicant's court.

Decisions recorded here:

* Targets come from the priority (:data:`BASE_TARGETS`). Two categories get the
  targets of one priority higher (:data:`TIGHTER_CATEGORIES`): a failed incentive
  is the applicant's money not arriving, and a blocked account cannot join a wave
  that is open for only a few days, so both hurt more the longer they wait.
* An unknown priority (a newer central) counts as normal and an unknown category
  like any other category; an unknown status keeps the clock running, so a
  breach is never hidden by a value this console does not understand.
* While a ticket is resolved or closed the resolution clock is stopped too; if
  it is reopened, it continues with the business time that was left.
* A pause that begins after the due time does not rescue a breached ticket.
* "Due soon" starts when the business time left is at most the larger of 25% of
  the target and 30 minutes (:class:`DueSoonMargin`), so a one-hour target warns
  half an hour ahead rather than 15 minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from prakerja_console.domain.business_calendar import (
    OFFICE_HOURS,
    BusinessCalendar,
    add_business_time,
    business_time_between,
    require_aware,
)
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.text import N_
from prakerja_console.domain.tickets import Category, Priority, Status

_ZERO = timedelta(0)


@dataclass(frozen=True, slots=True)
class BusinessSpan:
    """A target in business days and hours; a day is as long as the calendar's working day."""

    days: int = 0
    hours: int = 0

    def on(self, calendar: BusinessCalendar) -> timedelta:
        return self.days * calendar.day_length + timedelta(hours=self.hours)


@dataclass(frozen=True, slots=True)
class SlaTarget:
    first_response: BusinessSpan
    resolution: BusinessSpan


BASE_TARGETS: Mapping[Priority, SlaTarget] = {
    Priority.URGENT: SlaTarget(BusinessSpan(hours=1), BusinessSpan(hours=8)),
    Priority.HIGH: SlaTarget(BusinessSpan(hours=4), BusinessSpan(days=2)),
    Priority.NORMAL: SlaTarget(BusinessSpan(hours=8), BusinessSpan(days=3)),
    Priority.LOW: SlaTarget(BusinessSpan(days=2), BusinessSpan(days=5)),
}
TIGHTER_CATEGORIES = frozenset({Category.INCENTIVE_FAILED, Category.ACCOUNT_BLOCKED})
_ONE_STEP_UP = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
    Priority.URGENT: Priority.URGENT,
}


def _target_priority(category: Category, priority: Priority) -> Priority:
    known = Priority.NORMAL if priority is Priority.UNKNOWN else priority
    return _ONE_STEP_UP[known] if category in TIGHTER_CATEGORIES else known


SLA_TARGETS: Mapping[tuple[Category, Priority], SlaTarget] = {
    (category, priority): BASE_TARGETS[_target_priority(category, priority)]
    for category in Category
    for priority in Priority
}
"""Every (category, priority) pair's targets, for the help screen and reports."""


@dataclass(frozen=True, slots=True)
class DueTimes:
    first_response: datetime
    resolution: datetime


def due_times(
    category: Category,
    priority: Priority,
    created_at: datetime,
    zone: TimeZoneName,
    calendar: BusinessCalendar = OFFICE_HOURS,
) -> DueTimes:
    """When the first response and the resolution are due, before any pause."""
    target = SLA_TARGETS[category, priority]
    return DueTimes(
        first_response=add_business_time(
            created_at, target.first_response.on(calendar), calendar, zone
        ),
        resolution=add_business_time(created_at, target.resolution.on(calendar), calendar, zone),
    )


# ---------------------------------------------------------------------------
# Pauses of the resolution clock
# ---------------------------------------------------------------------------

PAUSING_STATUSES = frozenset({Status.PENDING_APPLICANT, Status.RESOLVED, Status.CLOSED})


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a ticket's status history: from ``at`` on, it had ``status``."""

    at: datetime
    status: Status


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch with the resolution clock stopped; ``end`` is None while it lasts."""

    start: datetime
    end: datetime | None = None


def pauses_from_history(changes: Iterable[StatusChange]) -> tuple[Pause, ...]:
    """The pauses a status history implies, in time order (history may arrive unordered)."""
    replayed = list(changes)
    for change in replayed:  # before sorting, which would fail less clearly on a naive one
        require_aware(change.at, "StatusChange.at")
    pauses: list[Pause] = []
    paused_since: datetime | None = None
    for change in sorted(replayed, key=lambda change: change.at):
        pausing = change.status in PAUSING_STATUSES
        if pausing and paused_since is None:
            paused_since = change.at
        elif not pausing and paused_since is not None:
            pauses.append(Pause(paused_since, change.at))
            paused_since = None
    if paused_since is not None:
        pauses.append(Pause(paused_since))
    return tuple(pauses)


def resolution_due_after_pauses(
    created_at: datetime,
    budget: timedelta,
    pauses: Iterable[Pause],
    zone: TimeZoneName,
    calendar: BusinessCalendar = OFFICE_HOURS,
    now: datetime | None = None,
) -> datetime:
    """When ``budget`` of business time from ``created_at`` runs out, not counting pauses.

    A pause still going on (``end`` None) is taken to end at ``now``: the result is
    then the due time if work resumed now, and the business time from ``now`` to it
    is what is left on the paused clock. Pauses never make a due time earlier.
    """
    require_aware(created_at, "created_at")
    stretches = list(pauses)
    for pause in stretches:  # before sorting, which would fail less clearly on a naive one
        require_aware(pause.start, "Pause.start")
    cursor, remaining = created_at, budget
    due = add_business_time(cursor, remaining, calendar, zone)
    for pause in sorted(stretches, key=lambda pause: pause.start):
        if pause.start >= due:
            break  # the budget ran out before this pause: it cannot rescue the ticket
        end = _pause_end(pause, now)
        if end <= cursor:
            continue  # inside an earlier, overlapping pause
        remaining -= business_time_between(cursor, max(pause.start, cursor), calendar, zone)
        cursor = end
        due = add_business_time(cursor, remaining, calendar, zone)
    return due


def _pause_end(pause: Pause, now: datetime | None) -> datetime:
    if pause.end is not None:
        require_aware(pause.end, "Pause.end")
        return max(pause.end, pause.start)
    if now is None:
        raise ValueError("a pause is still going on: pass `now` to read the clock")
    require_aware(now, "now")
    return max(now, pause.start)


def current_due_times(
    category: Category,
    priority: Priority,
    created_at: datetime,
    zone: TimeZoneName,
    history: Sequence[StatusChange],
    now: datetime,
    calendar: BusinessCalendar = OFFICE_HOURS,
) -> DueTimes:
    """The due times a ticket carries at ``now``, the values stored on its row.

    Recomputed on every change that can move them (priority, category, each
    pause and resume): the first response from creation, the resolution moved by
    the pauses in ``history`` so far. While a pause lasts the resolution is due as
    if work resumed at ``now``; once the ticket is resolved or closed, as it stood
    when its clock stopped, so a later change of priority does not pretend that
    time spent resolved counted.
    """
    target = SLA_TARGETS[category, priority]
    pauses = pauses_from_history(history)
    latest = sorted(history, key=lambda change: change.at)[-1].status if history else None
    read_at = pauses[-1].start if latest in {Status.RESOLVED, Status.CLOSED} else now
    return DueTimes(
        first_response=add_business_time(
            created_at, target.first_response.on(calendar), calendar, zone
        ),
        resolution=resolution_due_after_pauses(
            created_at, target.resolution.on(calendar), pauses, zone, calendar, read_at
        ),
    )


# ---------------------------------------------------------------------------
# Reading a clock
# ---------------------------------------------------------------------------


class SlaStatus(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return _SLA_LABELS[self]


_SLA_LABELS = {
    SlaStatus.OK: N_("On time"),
    SlaStatus.DUE_SOON: N_("Due soon"),
    SlaStatus.BREACHED: N_("SLA breached"),
    SlaStatus.PAUSED: N_("Paused"),
}


@dataclass(frozen=True, slots=True)
class DueSoonMargin:
    """How much business time left counts as "due soon": ``fraction`` of the target, at least
    ``minimum``."""

    fraction: float = 0.25
    minimum: timedelta = timedelta(minutes=30)

    def of(self, target: timedelta) -> timedelta:
        return max(target * self.fraction, self.minimum)


DEFAULT_MARGIN = DueSoonMargin()


@dataclass(frozen=True, slots=True)
class SlaState:
    """A clock as the countdown shows it. ``remaining`` and ``overdue`` are business time;
    at most one of them is non-zero."""

    status: SlaStatus
    remaining: timedelta = _ZERO
    overdue: timedelta = _ZERO


def sla_state(
    now: datetime,
    due: datetime,
    paused: bool,
    *,
    target: timedelta,
    zone: TimeZoneName,
    calendar: BusinessCalendar = OFFICE_HOURS,
    margin: DueSoonMargin = DEFAULT_MARGIN,
) -> SlaState:
    """Read a clock due at ``due`` at the moment ``now``.

    Breached means ``now`` is past ``due`` (even in the evening, when no business
    time has passed since: then ``overdue`` is still zero). A breached clock
    stays breached while paused.
    """
    require_aware(now, "now")
    require_aware(due, "due")
    if now > due:
        return SlaState(SlaStatus.BREACHED, overdue=business_time_between(due, now, calendar, zone))
    remaining = business_time_between(now, due, calendar, zone)
    if paused:
        return SlaState(SlaStatus.PAUSED, remaining=remaining)
    soon = remaining <= margin.of(target)
    return SlaState(SlaStatus.DUE_SOON if soon else SlaStatus.OK, remaining=remaining)


@dataclass(frozen=True, slots=True)
class SlaClock:
    """One ticket's two clocks, for the ticket list and the ticket header.

    Targets follow the ticket's *current* category and priority, counted from its
    creation, so changing the priority moves the due times at once.
    """

    category: Category
    priority: Priority
    created_at: datetime
    zone: TimeZoneName
    calendar: BusinessCalendar = OFFICE_HOURS
    margin: DueSoonMargin = DEFAULT_MARGIN

    @property
    def target(self) -> SlaTarget:
        return SLA_TARGETS[self.category, self.priority]

    def due(self) -> DueTimes:
        """Due times at creation, the values the central stores on a new ticket."""
        return due_times(self.category, self.priority, self.created_at, self.zone, self.calendar)

    def first_response(self, now: datetime, responded_at: datetime | None) -> SlaState:
        """The first-response clock; once answered, whether the answer came in time.

        A ticket resolved without a written reply (settled on the phone) was answered
        when it was resolved: pass that moment as ``responded_at``.
        """
        budget = self.target.first_response.on(self.calendar)
        due = add_business_time(self.created_at, budget, self.calendar, self.zone)
        if responded_at is not None:
            return self._stopped(responded_at, due)
        return self._read(now, due, paused=False, budget=budget)

    def resolution(self, now: datetime, history: Sequence[StatusChange]) -> SlaState:
        """The resolution clock after replaying the status history.

        A resolved or closed ticket is read at the moment its clock stopped (when it
        was resolved, or set to wait for the applicant just before): ``OK`` with the
        business time that was left, or ``BREACHED``.
        """
        budget = self.target.resolution.on(self.calendar)
        pauses = pauses_from_history(history)
        # Sorted stably like pauses_from_history, so both agree on ties.
        latest = sorted(history, key=lambda change: change.at)[-1].status if history else None
        if latest in {Status.RESOLVED, Status.CLOSED}:
            stopped_at = pauses[-1].start
            due = resolution_due_after_pauses(
                self.created_at, budget, pauses, self.zone, self.calendar, stopped_at
            )
            return self._stopped(stopped_at, due)
        due = resolution_due_after_pauses(
            self.created_at, budget, pauses, self.zone, self.calendar, now
        )
        return self._read(now, due, paused=latest in PAUSING_STATUSES, budget=budget)

    def _read(self, now: datetime, due: datetime, *, paused: bool, budget: timedelta) -> SlaState:
        return sla_state(
            now,
            due,
            paused,
            target=budget,
            zone=self.zone,
            calendar=self.calendar,
            margin=self.margin,
        )

    def _stopped(self, at: datetime, due: datetime) -> SlaState:
        require_aware(at, "at")
        if at > due:
            return SlaState(
                SlaStatus.BREACHED,
                overdue=business_time_between(due, at, self.calendar, self.zone),
            )
        return SlaState(
            SlaStatus.OK, remaining=business_time_between(at, due, self.calendar, self.zone)
        )
