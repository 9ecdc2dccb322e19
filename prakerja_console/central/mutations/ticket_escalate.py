"""``ticket.escalate``: hand a ticket to the supervisors, saying why.

Written as an ``escalate`` event carrying the reason, then the status change to
``escalated`` (the history the SLA clock replays). Does not commute: it
conflicts when the status changed since the agent saw it.
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_event,
    add_status_event,
    by_the_rules,
    changed_since_seen,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import Status, check_escalation
from prakerja_console.sync.protocol import MutationType, TicketEscalatePayload


def _apply(ctx: Context, payload: TicketEscalatePayload, ticket: Record) -> Record:
    with by_the_rules():
        check_escalation(RecordTicket(ticket), actor_of(ctx), payload.reason)
    add_event(ctx, ticket, "escalate", body=payload.reason.strip())
    event = add_status_event(ctx, ticket, Status.ESCALATED.value)
    update_ticket(ctx, ticket, {"status": Status.ESCALATED.value}, redue=True)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_ESCALATE,
    permission=Permission.WORK_TICKETS,
    payload=TicketEscalatePayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("status", "seen_status"),
)
