"""``ticket.set_status``: move a ticket along its life (``domain.tickets.TRANSITIONS``).

Does not commute: it conflicts when the status changed since the agent saw it.
Waiting for the applicant pauses the resolution clock and going back to work
resumes it, so the due times are recomputed from the status history on every
change (the columns a move sets: ``domain.ticket_rows.status_changes``).
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_status_event,
    by_the_rules,
    changed_since_seen,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.ticket_rows import status_changes
from prakerja_console.domain.tickets import Status, check_transition
from prakerja_console.sync.protocol import MutationType, TicketStatusPayload


def _apply(ctx: Context, payload: TicketStatusPayload, ticket: Record) -> Record:
    to = Status.from_code(payload.status)
    with by_the_rules():
        check_transition(RecordTicket(ticket), to, actor_of(ctx))
    event = add_status_event(ctx, ticket, to.value)
    update_ticket(ctx, ticket, status_changes(ticket.values, to, ctx.now), redue=True)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_SET_STATUS,
    permission=Permission.WORK_TICKETS,
    payload=TicketStatusPayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("status", "seen_status"),
)
