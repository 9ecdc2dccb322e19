"""Optimistic local effects of the ticket actions (registered in ``effects.ACTIONS``).

Each effect does what the central's handler will do, on the mirror, so the agent
sees it at once and while offline: a new ticket is a local row (negative id,
``client_ref`` = the action id, which the central keeps as the ticket's
``client_ref``); replies, notes and every change add local event rows, shown as
queued; changes patch the ticket row in place (pre-image kept, undone and
re-applied on every rebase). Due times are recomputed with the same function
the central uses (:func:`prakerja_console.domain.ticket_rows.due_columns`).

A later action names a ticket created offline by its ``client_ref``; after the
central's row arrives the same reference finds that row instead of the local
one, so queued actions follow the ticket through reconciliation.

Effects do not judge: the service checked the rules before queuing, the central
checks them again, and a refused action's effect is undone. An action whose
ticket is not in the mirror (any more) has no visible effect.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from prakerja_console.domain.ticket_rows import (
    STATUS_EVENT,
    due_columns,
    event_data,
    status_change_data,
    status_changes,
)
from prakerja_console.domain.tickets import Status
from prakerja_console.sync.protocol import (
    MutationType,
    Table,
    TicketAssignPayload,
    TicketCategoryPayload,
    TicketCreatePayload,
    TicketEscalatePayload,
    TicketLinkCasePayload,
    TicketMergePayload,
    TicketPriorityPayload,
    TicketSetApplicantPayload,
    TicketStatusPayload,
    TicketTarget,
    TicketTextPayload,
    columns_of,
)

if TYPE_CHECKING:  # effects imports this module to register the actions below
    from prakerja_console.store.effects import EffectWriter

TicketAction = tuple[
    type[BaseModel], Callable[["EffectWriter", Any], None], Callable[[Any], int | None]
]
"""(payload model, effect, the applicant it concerns): ``effects.ActionKind``'s fields."""

_TICKET_COLUMNS = columns_of(Table.TICKETS)
_SELECT = ", ".join(_TICKET_COLUMNS)


def find_ticket(
    conn: sqlite3.Connection, ticket_id: int | None, ticket_ref: str | None
) -> dict[str, Any] | None:
    """A ticket by id, or by the client_ref it was created offline with (the central's row
    once it has arrived, else the local one)."""
    if ticket_id is not None:
        row = conn.execute(f"SELECT {_SELECT} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    else:
        row = conn.execute(
            f"SELECT {_SELECT} FROM tickets WHERE client_ref = ? ORDER BY id DESC LIMIT 1",
            (ticket_ref,),
        ).fetchone()
    return None if row is None else dict(zip(_TICKET_COLUMNS, row, strict=True))


def _target(writer: EffectWriter, payload: TicketTarget) -> dict[str, Any] | None:
    return find_ticket(writer.conn, payload.ticket_id, payload.ticket_ref)


def _status_events(conn: sqlite3.Connection, ticket_id: int) -> list[tuple[str, str | None, int]]:
    """The ticket's status events in the order they happened.

    The SLA replay keeps ties of one second in the order given, so the order must
    be the real one: the central's rows (ids ascending) before the local ones, and
    local ids count down from -1 as effects add them (the ticket detail's order too).
    """
    rows = conn.execute(
        "SELECT kind, data, at FROM ticket_events WHERE ticket_id = ? AND kind = ?"
        " ORDER BY at, id < 0, abs(id)",
        (ticket_id, STATUS_EVENT),
    ).fetchall()
    return [(kind, data, at) for kind, data, at in rows]


def _event(
    writer: EffectWriter,
    ticket: Mapping[str, Any],
    kind: str,
    *,
    body: str | None = None,
    data: str | None = None,
) -> None:
    writer.insert_local(
        Table.TICKET_EVENTS,
        {
            "ticket_id": ticket["id"],
            "kind": kind,
            "author": writer.action.actor,
            "body": body,
            "data": data,
            "at": writer.action.created_at,
        },
    )


def _change(
    writer: EffectWriter,
    ticket: Mapping[str, Any],
    changes: Mapping[str, Any],
    *,
    redue: bool = False,
) -> None:
    """Patch the ticket (after its events are written, so the status history is complete)."""
    values: dict[str, Any] = {**changes, "updated_at": writer.action.created_at}
    if redue:
        values |= due_columns(
            {**ticket, **changes},
            _status_events(writer.conn, ticket["id"]),
            writer.action.created_at,
        )
    writer.patch(Table.TICKETS, ticket["id"], values)


# -- one effect per action ---------------------------------------------------------------


def _create(writer: EffectWriter, payload: TicketCreatePayload) -> None:
    province = None
    if payload.applicant_id is not None:
        found = writer.conn.execute(
            "SELECT province_code FROM applicants WHERE id = ?", (payload.applicant_id,)
        ).fetchone()
        province = found[0] if found else None
    else:
        (province,) = writer.conn.execute("SELECT scope FROM sync_state WHERE id = 1").fetchone()
    now = writer.action.created_at
    values = {
        "applicant_id": payload.applicant_id,
        "category": payload.category,
        "channel": payload.channel,
        "priority": payload.priority,
        "status": Status.NEW.value,
        "subject": payload.subject.strip(),
        "assignee": payload.assignee,
        "created_by": writer.action.actor,
        "created_at": now,
        "updated_at": now,
        "province_code": province,
    }
    values |= due_columns(values, (), now)
    ticket_id = writer.insert_local(Table.TICKETS, values)
    ticket = {"id": ticket_id}
    if payload.assignee is not None:
        _event(writer, ticket, "assign", data=event_data({"from": None, "to": payload.assignee}))
    if payload.description and payload.description.strip():
        _event(writer, ticket, "note", body=payload.description)


def _text(kind: str) -> Callable[[EffectWriter, TicketTextPayload], None]:
    def effect(writer: EffectWriter, payload: TicketTextPayload) -> None:
        ticket = _target(writer, payload)
        if ticket is None:
            return
        _event(writer, ticket, kind, body=payload.body)
        first = kind == "reply" and ticket["first_responded_at"] is None
        _change(writer, ticket, {"first_responded_at": writer.action.created_at} if first else {})

    return effect


def _set_status(writer: EffectWriter, payload: TicketStatusPayload) -> None:
    ticket = _target(writer, payload)
    if ticket is None:
        return
    to = Status.from_code(payload.status)
    _event(writer, ticket, STATUS_EVENT, data=status_change_data(ticket["status"], to.value))
    _change(writer, ticket, status_changes(ticket, to, writer.action.created_at), redue=True)


def _field(
    column: str, kind: str, value: Callable[[Any], Any]
) -> Callable[[EffectWriter, Any], None]:
    """An effect that sets one column and records the change (priority, category …)."""

    def effect(writer: EffectWriter, payload: Any) -> None:
        ticket = _target(writer, payload)
        if ticket is None:
            return
        new = value(payload)
        _event(writer, ticket, kind, data=event_data({"from": ticket[column], "to": new}))
        _change(writer, ticket, {column: new}, redue=column in ("priority", "category"))

    return effect


def _escalate(writer: EffectWriter, payload: TicketEscalatePayload) -> None:
    ticket = _target(writer, payload)
    if ticket is None:
        return
    _event(writer, ticket, "escalate", body=payload.reason.strip())
    to = Status.ESCALATED.value
    _event(writer, ticket, STATUS_EVENT, data=status_change_data(ticket["status"], to))
    _change(writer, ticket, {"status": to}, redue=True)


def _merge(writer: EffectWriter, payload: TicketMergePayload) -> None:
    ticket = _target(writer, payload)
    survivor = find_ticket(writer.conn, payload.into_id, payload.into_ref)
    if ticket is None or survivor is None:
        return
    closed = Status.CLOSED.value
    _event(writer, ticket, "merge", data=event_data({"into": survivor["id"]}))
    _event(writer, ticket, STATUS_EVENT, data=status_change_data(ticket["status"], closed))
    _event(writer, survivor, "merge", data=event_data({"from": ticket["id"]}))
    _change(writer, ticket, {"status": closed, "merged_into": survivor["id"]}, redue=True)
    _change(writer, survivor, {})


def _link_case(writer: EffectWriter, payload: TicketLinkCasePayload) -> None:
    ticket = _target(writer, payload)
    if ticket is None:
        return
    _event(writer, ticket, "link", data=event_data({"case": payload.case_id}))
    _change(writer, ticket, {"verification_case_id": payload.case_id})


def _set_applicant(writer: EffectWriter, payload: TicketSetApplicantPayload) -> None:
    ticket = _target(writer, payload)
    if ticket is None:
        return
    found = writer.conn.execute(
        "SELECT province_code FROM applicants WHERE id = ?", (payload.applicant_id,)
    ).fetchone()
    changes = {
        "applicant_id": payload.applicant_id,
        "province_code": found[0] if found else ticket["province_code"],
    }
    _event(writer, ticket, "applicant", data=event_data({"applicant": payload.applicant_id}))
    _change(writer, ticket, changes, redue=True)


def _no_applicant(_payload: BaseModel) -> None:
    return None


def _applicant_of(payload: TicketCreatePayload | TicketSetApplicantPayload) -> int | None:
    return payload.applicant_id


TICKET_ACTIONS: Mapping[str, TicketAction] = {
    MutationType.TICKET_CREATE: (TicketCreatePayload, _create, _applicant_of),
    MutationType.TICKET_REPLY: (TicketTextPayload, _text("reply"), _no_applicant),
    MutationType.TICKET_NOTE: (TicketTextPayload, _text("note"), _no_applicant),
    MutationType.TICKET_SET_STATUS: (TicketStatusPayload, _set_status, _no_applicant),
    MutationType.TICKET_SET_PRIORITY: (
        TicketPriorityPayload,
        _field("priority", "priority", lambda payload: payload.priority),
        _no_applicant,
    ),
    MutationType.TICKET_SET_CATEGORY: (
        TicketCategoryPayload,
        _field("category", "category", lambda payload: payload.category),
        _no_applicant,
    ),
    MutationType.TICKET_ASSIGN: (
        TicketAssignPayload,
        _field("assignee", "assign", lambda payload: payload.assignee),
        _no_applicant,
    ),
    MutationType.TICKET_ESCALATE: (TicketEscalatePayload, _escalate, _no_applicant),
    MutationType.TICKET_MERGE: (TicketMergePayload, _merge, _no_applicant),
    MutationType.TICKET_LINK_CASE: (TicketLinkCasePayload, _link_case, _no_applicant),
    MutationType.TICKET_SET_APPLICANT: (TicketSetApplicantPayload, _set_applicant, _applicant_of),
}
"""The ticket actions' local handling, registered in ``effects.ACTIONS``."""
