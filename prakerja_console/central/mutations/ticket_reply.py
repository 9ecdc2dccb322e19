"""``ticket.reply``: a public answer to the applicant.

Replies only accumulate, so they commute with every other change: two agents
answering at once both get through. The first reply stops the first-response
clock.
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_event,
    by_the_rules,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import check_conversation
from prakerja_console.sync.protocol import MutationType, TicketTextPayload


def _apply(ctx: Context, payload: TicketTextPayload, ticket: Record) -> Record:
    with by_the_rules():
        check_conversation(RecordTicket(ticket), actor_of(ctx), payload.body)
    event = add_event(ctx, ticket, "reply", body=payload.body)
    changes = {} if ticket.values["first_responded_at"] else {"first_responded_at": ctx.now}
    update_ticket(ctx, ticket, changes)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_REPLY,
    permission=Permission.WORK_TICKETS,
    payload=TicketTextPayload,
    commutative=True,
    target=ticket_target,
    apply=_apply,
)
