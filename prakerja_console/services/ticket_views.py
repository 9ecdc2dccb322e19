"""Tickets as the screens get them: domain enums, aware moments, SLA readings.

The store hands over plain rows; this module reads their codes tolerantly (a code
a newer central sends is ``UNKNOWN``, shown as unknown, never a crash), turns
epoch seconds into aware datetimes and reads the SLA clocks at the moment the
caller passes. Texts from outside (subjects, bodies, names) stay raw here: the
screen sanitises them where it shows them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from prakerja_console.domain.epoch import moment
from prakerja_console.domain.regions import TimeZoneName, time_zone_of
from prakerja_console.domain.sla import SlaState, SlaStatus, sla_state
from prakerja_console.domain.text import N_
from prakerja_console.domain.ticket_rows import clock_of, status_history
from prakerja_console.domain.tickets import Category, Channel, Priority, Status


class SlaClockName(StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"

    @property
    def label(self) -> str:
        return _CLOCK_LABELS[self]


_CLOCK_LABELS = {
    SlaClockName.FIRST_RESPONSE: N_("First response"),
    SlaClockName.RESOLUTION: N_("Resolution"),
}


@dataclass(frozen=True, slots=True)
class SlaReading:
    """The clock that matters now, read at a moment (``due`` None while paused)."""

    clock: SlaClockName
    state: SlaState
    due: datetime | None


@dataclass(frozen=True, slots=True)
class TicketKey:
    """How the console names a ticket: its id (negative while only local) and, for a
    ticket created offline, the ``client_ref`` that follows it to the central's id."""

    id: int
    ref: str | None = None


class EventKind(StrEnum):
    REPLY = "reply"
    NOTE = "note"
    STATUS = "status"
    ASSIGN = "assign"
    PRIORITY = "priority"
    CATEGORY = "category"
    ESCALATE = "escalate"
    MERGE = "merge"
    LINK = "link"
    APPLICANT = "applicant"
    UNKNOWN = "unknown"


class TicketCodes(NamedTuple):
    """A ticket's codes exactly as the central sent them (kept beside the enums, which
    read a code this console does not know as ``UNKNOWN``): an action names the value
    it saw by these."""

    category: str
    channel: str
    priority: str
    status: str


@dataclass(frozen=True, slots=True)
class TicketSummary:
    """One ticket: a queue line, and the detail's header. Satisfies ``domain.tickets.TicketView``."""

    id: int
    client_ref: str | None
    applicant_id: int | None
    applicant_name: str | None
    category: Category
    channel: Channel
    priority: Priority
    status: Status
    codes: TicketCodes
    subject: str
    assignee: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    merged_into: int | None
    verification_case_id: int | None
    province_code: str | None
    version: int
    pending: bool
    sla: SlaReading | None  # None: no clock runs (finished, merged)

    @property
    def key(self) -> TicketKey:
        return TicketKey(self.id, self.client_ref)

    @property
    def number(self) -> int | None:
        """The central's ticket number; None while the ticket exists only here."""
        return self.id if self.id > 0 else None

    @property
    def zone(self) -> TimeZoneName:
        """The applicant's time zone: the ticket's moments are shown in it."""
        return time_zone_of(self.province_code)

    @property
    def is_active(self) -> bool:
        return self.merged_into is None and self.status not in (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    kind: EventKind
    kind_code: str
    author: str
    body: str | None
    data: dict[str, Any]  # the structured change; empty when missing or unreadable
    at: datetime
    pending: bool


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else moment(epoch)


def _read(now: datetime, due: int, target: timedelta, zone: TimeZoneName) -> SlaState:
    return sla_state(now, moment(due), False, target=target, zone=zone)


def line_sla(row: Any, now: datetime) -> SlaReading | None:
    """The clock a queue line shows, from its row alone (no history needed).

    Before the first response its clock counts; after it, the resolution clock,
    paused (without a countdown, which needs the history) while the ticket waits
    for the applicant.
    """
    status = Status.from_code(row.status)
    if row.merged_into is not None or status in (Status.RESOLVED, Status.CLOSED):
        return None
    clock = clock_of(_columns(row))
    zone = clock.zone
    if row.first_responded_at is None and row.first_response_due is not None:
        budget = clock.target.first_response.on(clock.calendar)
        state = _read(now, row.first_response_due, budget, zone)
        return SlaReading(SlaClockName.FIRST_RESPONSE, state, moment(row.first_response_due))
    if status is Status.PENDING_APPLICANT:
        return SlaReading(SlaClockName.RESOLUTION, SlaState(SlaStatus.PAUSED), None)
    if row.resolution_due is None:
        return None
    budget = clock.target.resolution.on(clock.calendar)
    state = _read(now, row.resolution_due, budget, zone)
    return SlaReading(SlaClockName.RESOLUTION, state, moment(row.resolution_due))


def _columns(row: Any) -> dict[str, Any]:
    return {
        "category": row.category,
        "priority": row.priority,
        "created_at": row.created_at,
        "province_code": row.province_code,
    }


def summary_of(row: Any, now: datetime) -> TicketSummary:
    """From the store's ``TicketLine``."""
    return TicketSummary(
        id=row.id,
        client_ref=row.client_ref,
        applicant_id=row.applicant_id,
        applicant_name=row.applicant_name,
        category=Category.from_code(row.category),
        channel=Channel.from_code(row.channel),
        priority=Priority.from_code(row.priority),
        status=Status.from_code(row.status),
        codes=TicketCodes(row.category, row.channel, row.priority, row.status),
        subject=row.subject,
        assignee=row.assignee,
        created_by=row.created_by,
        created_at=moment(row.created_at),
        updated_at=moment(row.updated_at),
        first_responded_at=_when(row.first_responded_at),
        resolved_at=_when(row.resolved_at),
        merged_into=row.merged_into,
        verification_case_id=row.verification_case_id,
        province_code=row.province_code,
        version=row.version,
        pending=row.pending,
        sla=line_sla(row, now),
    )


def _data(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def event_of(row: Any) -> EventView:
    """From the store's ``TicketEvent``."""
    kind = next((member for member in EventKind if member.value == row.kind), EventKind.UNKNOWN)
    return EventView(
        id=row.id,
        kind=kind,
        kind_code=row.kind,
        author=row.author,
        body=row.body,
        data=_data(row.data),
        at=moment(row.at),
        pending=row.pending,
    )


@dataclass(frozen=True, slots=True)
class Clocks:
    """Both clocks of a ticket, read with its full status history (the detail's header)."""

    first_response: SlaState
    resolution: SlaState


def clocks_of(summary: TicketSummary, row: Any, events: Any, now: datetime) -> Clocks:
    """Both clocks: the due times the central stored, read at ``now``; a paused clock (and a
    ticket whose row has none) replays its status history for the business time left."""
    clock = clock_of(_columns(row))
    zone = clock.zone
    answered = summary.first_responded_at or summary.resolved_at
    if answered is None and row.first_response_due is not None:
        budget = clock.target.first_response.on(clock.calendar)
        first = _read(now, row.first_response_due, budget, zone)
    else:
        first = clock.first_response(now, answered)
    history = status_history(row.created_at, ((e.kind, e.data, e.at) for e in events))
    resolution = clock.resolution(now, history)
    if resolution.status is not SlaStatus.PAUSED and row.resolution_due is not None:
        budget = clock.target.resolution.on(clock.calendar)
        resolution = _read(now, row.resolution_due, budget, zone)
    return Clocks(first, resolution)
