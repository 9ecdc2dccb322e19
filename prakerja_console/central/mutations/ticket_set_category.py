"""``ticket.set_category``: refile a ticket; two categories have tighter SLA targets.

Does not commute: it conflicts when the category changed since the agent saw it.
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
from prakerja_console.domain.tickets import Category, check_category
from prakerja_console.sync.protocol import MutationType, TicketCategoryPayload


def _apply(ctx: Context, payload: TicketCategoryPayload, ticket: Record) -> Record:
    current = Category.from_code(ticket.values["category"])
    to = Category.from_code(payload.category)
    with by_the_rules():
        check_category(RecordTicket(ticket), actor_of(ctx), current, to)
    event = add_event(
        ctx, ticket, "category", data={"from": ticket.values["category"], "to": to.value}
    )
    update_ticket(ctx, ticket, {"category": to.value}, redue=True)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_SET_CATEGORY,
    permission=Permission.WORK_TICKETS,
    payload=TicketCategoryPayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("category", "seen_category"),
)
