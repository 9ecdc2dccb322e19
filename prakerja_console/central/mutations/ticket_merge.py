"""``ticket.merge``: close a duplicate by merging it into the ticket work continues on.

The duplicate is closed with ``merged_into`` set (it never changes again); both
tickets get a ``merge`` event so each conversation says where the other went.
Does not commute: it conflicts when the duplicate's status changed since the
agent saw it.
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
    load_ticket,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import Status, check_merge
from prakerja_console.sync.protocol import MutationType, TicketMergePayload


def _apply(ctx: Context, payload: TicketMergePayload, ticket: Record) -> Record:
    survivor = load_ticket(ctx, payload.into_id, payload.into_ref)
    with by_the_rules():
        check_merge(RecordTicket(ticket), RecordTicket(survivor), actor_of(ctx))
    event = add_event(ctx, ticket, "merge", data={"into": survivor.id})
    add_status_event(ctx, ticket, Status.CLOSED.value)
    add_event(ctx, survivor, "merge", data={"from": ticket.id})
    update_ticket(
        ctx, ticket, {"status": Status.CLOSED.value, "merged_into": survivor.id}, redue=True
    )
    update_ticket(ctx, survivor, {})
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_MERGE,
    permission=Permission.WORK_TICKETS,
    payload=TicketMergePayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("status", "seen_status"),
)
