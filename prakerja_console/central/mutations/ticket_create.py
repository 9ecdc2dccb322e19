"""``ticket.create``: file a new call-centre ticket, about an applicant or not yet.

The console may have created the ticket offline, under a local id: the
mutation's id becomes the ticket's ``client_ref``, so the console recognises the
central's row when it arrives and later actions it queued on the ticket
(``ticket_ref``) find it. The ticket belongs to its applicant's province; a
ticket about no one yet belongs to its creator's scope (nationwide: nobody's
province, so only nationwide users see it until the applicant is named).
SLA due times are computed at once, in the applicant's time zone.
"""

from __future__ import annotations

from prakerja_console.central import records
from prakerja_console.central.mutations.base import Context, CreateHandler
from prakerja_console.central.mutations.ticket_common import (
    actor_of,
    add_event,
    by_the_rules,
    check_assignee,
    load_applicant,
)
from prakerja_console.central.records import Record
from prakerja_console.central.scope import scope_of
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.ticket_rows import due_columns
from prakerja_console.domain.tickets import (
    Category,
    Channel,
    Priority,
    Status,
    check_assignment,
    check_body,
    check_new_ticket,
)
from prakerja_console.sync.protocol import MutationType, Table, TicketCreatePayload


class _NewTicket:
    """The ticket about to be filed, as the assignment rule reads it."""

    id = None
    status = Status.NEW.value
    assignee = None
    merged_into = None

    def __init__(self, applicant_id: int | None, province_code: str | None) -> None:
        self.applicant_id = applicant_id
        self.province_code = province_code


def _create(ctx: Context, payload: TicketCreatePayload) -> Record:
    category = Category.from_code(payload.category)
    priority = Priority.from_code(payload.priority)
    description = (
        payload.description if payload.description and payload.description.strip() else None
    )
    with by_the_rules():
        check_new_ticket(category, Channel.from_code(payload.channel), priority, payload.subject)
        if description is not None:
            check_body(description)
    if payload.applicant_id is not None:
        province = load_applicant(ctx, payload.applicant_id).values["province_code"]
    else:
        province = ctx.principal.scope
    if payload.assignee is not None:
        with by_the_rules():
            check_assignment(
                _NewTicket(payload.applicant_id, province), actor_of(ctx), payload.assignee
            )
        check_assignee(ctx, payload.assignee, province)
    values = {
        "client_ref": ctx.mutation.id,
        "applicant_id": payload.applicant_id,
        "category": category.value,
        "channel": payload.channel,
        "priority": priority.value,
        "status": Status.NEW.value,
        "subject": payload.subject.strip(),
        "assignee": payload.assignee,
        "created_by": ctx.principal.username,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "province_code": province,
    }
    values |= due_columns(values, (), ctx.now)
    ticket = records.insert(ctx.tx, Table.TICKETS, values, scope_of(province))
    if payload.assignee is not None:
        add_event(ctx, ticket, "assign", data={"from": None, "to": payload.assignee})
    if description is not None:
        add_event(ctx, ticket, "note", body=description)
    return ticket


HANDLER = CreateHandler(
    mutation_type=MutationType.TICKET_CREATE,
    permission=Permission.WORK_TICKETS,
    payload=TicketCreatePayload,
    create=_create,
)
