"""What the ticket handlers share: the ticket as the rules read it, and how a change is written.

Every ticket change is written the same way: first its append-only
``ticket_events`` row(s), then the ticket row itself (``updated_at``, and the SLA
due times recomputed from the status history whenever they can move), so the
history the clocks replay always includes the change being made. The rules are
``domain.tickets``; a :class:`~prakerja_console.domain.tickets.TicketRuleError`
becomes a rejection whose ``reason_code`` is the rule and whose message is the
rule's own (a catalogue msgid when it has no values to fill).

A handler answers with the row it *created* (the event of a reply, the status
event of a status change, the ticket of ``ticket.create``): that is the row the
console's optimistic copy waits for before it retires its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel

from prakerja_console.central import records
from prakerja_console.central.mutations.base import (
    Context,
    MutationHandler,
    RejectCode,
    RejectedError,
)
from prakerja_console.central.records import Record
from prakerja_console.central.scope import may_see
from prakerja_console.domain.roles import Permission, Role, allowed, in_scope
from prakerja_console.domain.text import N_
from prakerja_console.domain.ticket_rows import (
    STATUS_EVENT,
    due_columns,
    event_data,
    status_change_data,
)
from prakerja_console.domain.tickets import Actor, Category, Priority, TicketRuleError, TicketView
from prakerja_console.sync.protocol import MutationType, Table, TicketTarget

UNKNOWN_USER = "unknown_user"
ASSIGNEE_CANNOT_WORK = "assignee_cannot_work"


class RecordTicket:
    """A central ticket row as :class:`~prakerja_console.domain.tickets.TicketView`."""

    __slots__ = ("_values",)

    def __init__(self, record: Record) -> None:
        self._values = record.values

    @property
    def id(self) -> int | None:
        return int(self._values["id"])

    @property
    def status(self) -> str:
        return str(self._values["status"])

    @property
    def assignee(self) -> str | None:
        value = self._values["assignee"]
        return None if value is None else str(value)

    @property
    def applicant_id(self) -> int | None:
        value = self._values["applicant_id"]
        return None if value is None else int(value)

    @property
    def merged_into(self) -> int | None:
        value = self._values["merged_into"]
        return None if value is None else int(value)

    @property
    def province_code(self) -> str | None:
        value = self._values["province_code"]
        return None if value is None else str(value)


def actor_of(ctx: Context) -> Actor:
    return Actor(ctx.principal.username, ctx.principal.role, ctx.principal.scope)


@contextmanager
def by_the_rules() -> Iterator[None]:
    """Turn a ticket rule's refusal into the mutation's rejection."""
    try:
        yield
    except TicketRuleError as error:
        raise RejectedError(error.rule.value, error.message.render()) from error


def ticket_target(payload: TicketTarget) -> tuple[Table, int | str]:
    """The ticket an action names: its id, or the client_ref it was created offline with."""
    if payload.ticket_id is not None:
        return Table.TICKETS, payload.ticket_id
    assert payload.ticket_ref is not None  # the payload model requires one of the two
    return Table.TICKETS, payload.ticket_ref


def changed_since_seen(column: str, seen: str) -> Callable[[BaseModel, Record], bool]:
    """A ``conflicts`` hook: the ticket's ``column`` is no longer what the agent saw.

    A stale base version alone is not a conflict: a colleague's reply, or this
    device's own earlier change to another field, does not overtake a status change.
    """

    def conflicts(payload: BaseModel, ticket: Record) -> bool:
        return bool(ticket.values[column] != getattr(payload, seen))

    return conflicts


def load_ticket(ctx: Context, ticket_id: int | None, ticket_ref: str | None) -> Record:
    """Another ticket an action names (a merge's survivor), checked for existence and scope."""
    found = (
        records.load(ctx.tx, Table.TICKETS, ticket_id)
        if ticket_id is not None
        else records.load_by_ref(ctx.tx, Table.TICKETS, ticket_ref or "")
    )
    if found is None:
        raise RejectedError(RejectCode.NOT_FOUND, N_("The other ticket does not exist."))
    if not may_see(ctx.principal.scope, found.scope):
        raise RejectedError(
            RejectCode.OUT_OF_SCOPE,
            N_("The other ticket belongs to a province outside your scope."),
        )
    return found


def load_applicant(ctx: Context, applicant_id: int) -> Record:
    found = records.load(ctx.tx, Table.APPLICANTS, applicant_id)
    if found is None:
        raise RejectedError(RejectCode.NOT_FOUND, N_("The applicant does not exist."))
    if not may_see(ctx.principal.scope, found.scope):
        raise RejectedError(
            RejectCode.OUT_OF_SCOPE, N_("The applicant belongs to a province outside your scope.")
        )
    return found


def check_assignee(ctx: Context, username: str, province_code: str | None) -> None:
    """The assignee must be a user who works tickets of this ticket's province."""
    row = ctx.tx.one("SELECT role, province_code FROM users WHERE username = ?", (username,))
    if row is None:
        raise RejectedError(UNKNOWN_USER, N_("There is no user with that name."))
    role, scope = row
    works = role in {member.value for member in Role} and allowed(
        Role(role), Permission.WORK_TICKETS
    )
    if not works or not in_scope(scope, province_code):
        raise RejectedError(
            ASSIGNEE_CANNOT_WORK, N_("That user does not work on tickets of this region.")
        )


def add_event(
    ctx: Context,
    ticket: Record,
    kind: str,
    *,
    body: str | None = None,
    data: Mapping[str, Any] | str | None = None,
) -> Record:
    """Append one event to the ticket's history, by the acting user, now."""
    text = event_data(data) if isinstance(data, Mapping) else data
    return records.insert(
        ctx.tx,
        Table.TICKET_EVENTS,
        {
            "ticket_id": ticket.id,
            "kind": kind,
            "author": ctx.principal.username,
            "body": body,
            "data": text,
            "at": ctx.now,
        },
        ticket.scope,
    )


def add_status_event(ctx: Context, ticket: Record, to: str) -> Record:
    return add_event(
        ctx, ticket, STATUS_EVENT, data=status_change_data(str(ticket.values["status"]), to)
    )


def _status_events(ctx: Context, ticket_id: int) -> list[tuple[str, str | None, int]]:
    rows = ctx.tx.all(
        'SELECT kind, data, "at" FROM ticket_events WHERE ticket_id = ? AND kind = ? ORDER BY id',
        (ticket_id, STATUS_EVENT),
    )
    return [(str(kind), data, int(at)) for kind, data, at in rows]


def update_ticket(
    ctx: Context, ticket: Record, changes: Mapping[str, Any], *, redue: bool = False
) -> Record:
    """Write ``changes`` (and ``updated_at``); with ``redue``, recompute the SLA due times.

    Call it after the change's events are written, so the status history is complete.
    """
    values: dict[str, Any] = {**changes, "updated_at": ctx.now}
    if redue:
        values |= due_columns({**ticket.values, **changes}, _status_events(ctx, ticket.id), ctx.now)
    return records.update(ctx.tx, ticket, values)


Code = TypeVar("Code", Category, Priority)


def refile_handler(
    mutation_type: MutationType,
    payload: type[TicketTarget],
    column: str,
    vocabulary: type[Code],
    check: Callable[[TicketView, Actor, Code, Code], None],
) -> MutationHandler[Any]:
    """The handler of a change to one coded column whose SLA targets depend on it.

    Priority and category both set the targets, so the due times move at once; the
    event is named after the column. Does not commute: it conflicts when the column
    changed since the agent saw it (``seen_<column>`` in the payload).
    """

    def apply(ctx: Context, change: Any, ticket: Record) -> Record:
        current = vocabulary.from_code(ticket.values[column])
        to = vocabulary.from_code(getattr(change, column))
        with by_the_rules():
            check(RecordTicket(ticket), actor_of(ctx), current, to)
        event = add_event(ctx, ticket, column, data={"from": ticket.values[column], "to": to.value})
        update_ticket(ctx, ticket, {column: to.value}, redue=True)
        return event

    return MutationHandler(
        mutation_type=mutation_type,
        permission=Permission.WORK_TICKETS,
        payload=payload,
        commutative=False,
        target=ticket_target,
        apply=apply,
        conflicts=changed_since_seen(column, f"seen_{column}"),
    )
