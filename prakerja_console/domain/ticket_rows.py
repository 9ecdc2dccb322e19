"""A ticket's wire row and events, read into its SLA clocks: one rule for both sides.

The central stores due times on the ticket row whenever they can move (creation,
priority or category change, every pause and resume); the console recomputes
them the same way for an action it has queued but the central has not answered,
and reads the clocks for its countdowns. Both call :func:`due_columns`, so the
queue never disagrees with the central about when a ticket breaches.

A ticket's status history is its creation (``new``) plus its ``status`` events,
whose ``data`` is ``{"from": …, "to": …}`` (compact JSON). Malformed event data
(a newer central, a damaged row) is skipped rather than trusted or fatal: the
clock then runs as if that change had not happened, which can only show a
ticket as later, never hide a breach.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from prakerja_console.domain.epoch import moment
from prakerja_console.domain.regions import time_zone_of
from prakerja_console.domain.sla import SlaClock, StatusChange, current_due_times
from prakerja_console.domain.tickets import Category, Priority, Status

STATUS_EVENT = "status"


def event_data(values: Mapping[str, Any]) -> str:
    """The compact JSON ``data`` of an event, as both sides write it."""
    return json.dumps(values, separators=(",", ":"))


def status_change_data(before: str, after: str) -> str:
    """The ``data`` of a status event."""
    return event_data({"from": before, "to": after})


def status_changes(row: Mapping[str, Any], to: Status, now: int) -> dict[str, Any]:
    """The columns a move to ``to`` sets on a ticket row at ``now``.

    Resolving stops both clocks (a ticket settled on the phone was answered when it
    was resolved); reopening clears ``resolved_at``.
    """
    changes: dict[str, Any] = {"status": to.value}
    if to is Status.RESOLVED:
        changes["resolved_at"] = now
        if row["first_responded_at"] is None:
            changes["first_responded_at"] = now
    elif to is Status.OPEN and row["resolved_at"] is not None:
        changes["resolved_at"] = None
    return changes


def _status_to(data: str | None) -> Status | None:
    if not data:
        return None
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    target = parsed.get("to") if isinstance(parsed, dict) else None
    return Status.from_code(target) if isinstance(target, str) else None


def status_history(
    created_at: int, events: Iterable[tuple[str, str | None, int]]
) -> list[StatusChange]:
    """Creation plus every readable status event, from ``(kind, data, at)`` triples."""
    history = [StatusChange(moment(created_at), Status.NEW)]
    for kind, data, at in events:
        if kind != STATUS_EVENT:
            continue
        status = _status_to(data)
        if status is not None:
            history.append(StatusChange(moment(at), status))
    return history


def clock_of(row: Mapping[str, Any]) -> SlaClock:
    """The SLA clocks of a ticket row (wire columns), in its applicant's time zone."""
    return SlaClock(
        category=Category.from_code(row["category"]),
        priority=Priority.from_code(row["priority"]),
        created_at=moment(int(row["created_at"])),
        zone=time_zone_of(row.get("province_code")),
    )


def due_columns(
    row: Mapping[str, Any], events: Iterable[tuple[str, str | None, int]], now: int
) -> dict[str, int]:
    """``first_response_due`` and ``resolution_due`` for a ticket row at ``now``.

    ``row`` holds the ticket's current (or about to be written) category,
    priority, creation time and province; ``events`` its status events so far,
    including the one being written.
    """
    clock = clock_of(row)
    due = current_due_times(
        clock.category,
        clock.priority,
        clock.created_at,
        clock.zone,
        status_history(int(row["created_at"]), events),
        moment(now),
    )
    return {
        "first_response_due": int(due.first_response.timestamp()),
        "resolution_due": int(due.resolution.timestamp()),
    }
