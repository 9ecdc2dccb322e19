"""``ticket.assign``: take a ticket, give it up, or (a supervisor) hand it to someone.

Does not commute: two agents taking the same free ticket at once is the classic
conflict, and the second one must see that a colleague already has it.
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_event,
    by_the_rules,
    changed_since_seen,
    check_assignee,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import check_assignment
from prakerja_console.sync.protocol import MutationType, TicketAssignPayload


def _apply(ctx: Context, payload: TicketAssignPayload, ticket: Record) -> Record:
    with by_the_rules():
        check_assignment(RecordTicket(ticket), actor_of(ctx), payload.assignee)
    if payload.assignee is not None:
        check_assignee(ctx, payload.assignee, ticket.values["province_code"])
    event = add_event(
        ctx, ticket, "assign", data={"from": ticket.values["assignee"], "to": payload.assignee}
    )
    update_ticket(ctx, ticket, {"assignee": payload.assignee})
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_ASSIGN,
    permission=Permission.WORK_TICKETS,
    payload=TicketAssignPayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("assignee", "seen_assignee"),
)
