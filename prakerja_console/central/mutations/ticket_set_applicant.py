"""``ticket.set_applicant``: name the applicant of a ticket opened before the caller was found.

The ticket takes the applicant's province — and so does its history, whose
rows move into that province's scope (announced as changed, so the province's
mirrors receive them) — and its SLA due times move to the applicant's time zone.
Does not commute: it conflicts when someone named an applicant meanwhile.
"""

from __future__ import annotations

from prakerja_console.central.mutations.base import Context, MutationHandler
from prakerja_console.central.mutations.ticket_common import (
    RecordTicket,
    actor_of,
    add_event,
    by_the_rules,
    changed_since_seen,
    load_applicant,
    ticket_target,
    update_ticket,
)
from prakerja_console.central.records import Record
from prakerja_console.central.scope import scope_of
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.tickets import check_set_applicant
from prakerja_console.sync.protocol import MutationType, Table, TicketSetApplicantPayload


def _move_scope(ctx: Context, ticket: Record, scope: str) -> Record:
    """The ticket and its events into ``scope`` (rows, and the change log's scope)."""
    ctx.tx.execute("UPDATE tickets SET scope = ? WHERE id = ?", (scope, ticket.id))
    events = ctx.tx.all("SELECT id FROM ticket_events WHERE ticket_id = ?", (ticket.id,))
    ctx.tx.execute("UPDATE ticket_events SET scope = ? WHERE ticket_id = ?", (scope, ticket.id))
    ctx.tx.changed_many(Table.TICKET_EVENTS, [(int(event_id), scope) for (event_id,) in events])
    return Record(ticket.table, ticket.values, scope)


def _apply(ctx: Context, payload: TicketSetApplicantPayload, ticket: Record) -> Record:
    applicant = load_applicant(ctx, payload.applicant_id)
    province = applicant.values["province_code"]
    with by_the_rules():
        check_set_applicant(RecordTicket(ticket), actor_of(ctx), applicant.id, province)
    moved = (
        _move_scope(ctx, ticket, scope_of(province))
        if scope_of(province) != ticket.scope
        else ticket
    )
    event = add_event(ctx, moved, "applicant", data={"applicant": applicant.id})
    update_ticket(ctx, moved, {"applicant_id": applicant.id, "province_code": province}, redue=True)
    return event


HANDLER = MutationHandler(
    mutation_type=MutationType.TICKET_SET_APPLICANT,
    permission=Permission.WORK_TICKETS,
    payload=TicketSetApplicantPayload,
    commutative=False,
    target=ticket_target,
    apply=_apply,
    conflicts=changed_since_seen("applicant_id", "seen_applicant_id"),
)
