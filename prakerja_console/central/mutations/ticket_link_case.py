"""``ticket.link_case``: tie a ticket to the verification case a regional office works on.

Does not commute: it conflicts when the linked case changed since the agent saw it.
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import (
    Context,
    MutationHandler,
    RejectCode,
    RejectedError,
)
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
from prakerja_console.central.scope import may_see
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_
from prakerja_console.domain.tickets import check_link_case
from prakerja_console.sync.protocol import MutationType, Table, TicketLinkCasePayload


def _apply(ctx: Context, payload: TicketLinkCasePayload, ticket: Record) -> Record:
    case = records.load(ctx.tx, Table.VERIFICATION_CASES, payload.case_id)
    if case is None or not may_see(ctx.principal.scope, case.scope):
        raise RejectedError(RejectCode.NOT_FOUND, N_("There is no such verification case."))
    with by_the_rules():
        check_link_case(
            RecordTicket(ticket),
            actor_of(ctx),
            ticket.values["verification_case_id"],
            case.id,
            int(case.values["applicant_id"]),
        )
    event = add_event(ctx, ticket, "link", data={"case": case.id})
    update_ticket(ctx, ticket, {"verification_case_id": case.id})
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_LINK_CASE,
    permission=Permission.WORK_TICKETS,
    payload=TicketLinkCasePayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("verification_case_id", "seen_case_id"),
)
