"""``ticket.set_priority``: the SLA targets follow the priority, so the due times move at once.

Does not commute: it conflicts when the priority changed since the agent saw it.
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_event,
    by_the_rules,
    changed_since_seen,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import Priority, check_priority
from prakerja_console.sync.protocol import MutationType, TicketPriorityPayload


def _apply(ctx: Context, payload: TicketPriorityPayload, ticket: Record) -> Record:
    current = Priority.from_code(ticket.values["priority"])
    to = Priority.from_code(payload.priority)
    with by_the_rules():
        check_priority(RecordTicket(ticket), actor_of(ctx), current, to)
    event = add_event(
        ctx, ticket, "priority", data={"from": ticket.values["priority"], "to": to.value}
    )
    update_ticket(ctx, ticket, {"priority": to.value}, redue=True)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_SET_PRIORITY,
    permission=Permission.WORK_TICKETS,
    payload=TicketPriorityPayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("priority", "seen_priority"),
)
