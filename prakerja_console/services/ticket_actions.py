"""Ticket actions, checked by the ticket rules and queued in the outbox with their local effect.

The console checks the same rules the central checks (``domain.tickets``) before
anything is queued, so an agent learns at once why something is refused and
nothing doomed waits in the outbox; the central checks again when the action
arrives. Every action names the ticket as the agent saw it: its version (the
``base_version``) and the value it changes (``seen_*``), so a colleague's
concurrent change to the same field comes back as a conflict for a person to
resolve — keep mine, take theirs, or keep what I meant as an internal note —
never as a silent overwrite.

A ticket created here, offline or not, is named by its ``client_ref`` until the
central's row arrives; every action on it meanwhile carries that reference.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.tickets import (
    Category,
    Channel,
    Priority,
    Status,
    TicketRuleError,
    check_assignment,
    check_body,
    check_category,
    check_conversation,
    check_escalation,
    check_link_case,
    check_merge,
    check_new_ticket,
    check_priority,
    check_set_applicant,
    check_transition,
)
from prakerja_console.domain.tickets_caller import CallerId, CallerNik
from prakerja_console.services.errors import (
    ActionRefusedError,
    MirrorUnavailableError,
    NotFoundError,
)
from prakerja_console.services.mirror import unreadable
from prakerja_console.services.outbox import ActionType, QueuedAction
from prakerja_console.services.queueing import QueueingService, Receipt
from prakerja_console.services.session import Operator
from prakerja_console.services.ticket_views import TicketKey, TicketSummary
from prakerja_console.services.tickets import actor_of

_NOBODY = N_("Nobody is logged in on this mirror; log in to work on tickets.")
_NO_ROLE = N_("Your role ({role}) does not work on tickets.")
_NO_SUCH_NIK = N_(
    "No applicant with this NIK is in the mirror. Check the digits with the caller, "
    "or find them with F1 Lookup."
)
_NIK_OF_MANY = N_(
    "More than one registration has this NIK; ask the caller for their registration id "
    "(PK-…), or find them with F1 Lookup."
)


@dataclass(frozen=True, slots=True)
class TicketDraft:
    """A ticket the agent is filing (the create form's fields, not yet checked)."""

    category: Category
    channel: Channel
    priority: Priority
    subject: str
    applicant_id: int | None = None
    description: str = ""
    take_it: bool = True  # assign it to myself at once


@dataclass(frozen=True, slots=True)
class Created:
    """A queued ``ticket.create``: the receipt, and the key of the ticket shown at once."""

    receipt: Receipt
    key: TicketKey


def check_draft(draft: TicketDraft) -> Message | None:
    """Why the form cannot be filed as filled in, or None (the central's rules, run here)."""
    try:
        check_new_ticket(draft.category, draft.channel, draft.priority, draft.subject)
    except TicketRuleError as error:
        return error.message
    return None


class TicketActions(QueueingService):
    """Queues ticket actions for the logged-in operator; call it from a worker thread."""

    # -- filing ---------------------------------------------------------------------------

    def create(self, draft: TicketDraft) -> Created:
        operator = self._working()
        problem = check_draft(draft)
        if problem is not None:
            raise ActionRefusedError(problem)
        description = draft.description if draft.description.strip() else None
        if description is not None:
            self._rule(lambda: check_body(description))
        if draft.applicant_id is not None:
            known, province = self._applicant_province(draft.applicant_id)
            if not known:
                raise NotFoundError(
                    Message(
                        N_("Applicant {id} is not in the mirror (any more)."),
                        {"id": draft.applicant_id},
                    )
                )
            if not operator.may_touch(Permission.WORK_TICKETS, province):
                raise ActionRefusedError(
                    Message(
                        N_("This applicant is outside your area ({scope})."),
                        {"scope": operator.scope_name or ""},
                    )
                )
        receipt = self._queue(
            ActionType.TICKET_CREATE,
            {
                "applicant_id": draft.applicant_id,
                "category": draft.category.value,
                "channel": draft.channel.value,
                "priority": draft.priority.value,
                "subject": draft.subject.strip(),
                "description": description,
                "assignee": operator.username if draft.take_it else None,
            },
            entity_id=None,
            entity_ref=None,
            base_version=None,
        )
        from prakerja_console.store.ticket_queries import find_ticket_id

        local = self._read(lambda conn: find_ticket_id(conn, None, receipt.action_id))
        return Created(receipt, TicketKey(local or 0, receipt.action_id))

    # -- writing on a ticket ------------------------------------------------------------------

    def reply(self, ticket: TicketSummary, body: str) -> Receipt:
        return self._text(ActionType.TICKET_REPLY, ticket, body)

    def note(self, ticket: TicketSummary, body: str) -> Receipt:
        return self._text(ActionType.TICKET_NOTE, ticket, body)

    def _text(self, kind: ActionType, ticket: TicketSummary, body: str) -> Receipt:
        operator = self._working()
        self._rule(lambda: check_conversation(ticket, actor_of(operator), body))
        return self._on(ticket, kind, {"body": body})

    # -- changing it ------------------------------------------------------------------------------

    def set_status(self, ticket: TicketSummary, to: Status) -> Receipt:
        operator = self._working()
        self._rule(lambda: check_transition(ticket, to, actor_of(operator)))
        payload = {"status": to.value, "seen_status": ticket.codes.status}
        return self._on(ticket, ActionType.TICKET_SET_STATUS, payload)

    def set_priority(self, ticket: TicketSummary, to: Priority) -> Receipt:
        operator = self._working()
        self._rule(lambda: check_priority(ticket, actor_of(operator), ticket.priority, to))
        payload = {"priority": to.value, "seen_priority": ticket.codes.priority}
        return self._on(ticket, ActionType.TICKET_SET_PRIORITY, payload)

    def set_category(self, ticket: TicketSummary, to: Category) -> Receipt:
        operator = self._working()
        self._rule(lambda: check_category(ticket, actor_of(operator), ticket.category, to))
        payload = {"category": to.value, "seen_category": ticket.codes.category}
        return self._on(ticket, ActionType.TICKET_SET_CATEGORY, payload)

    def assign(self, ticket: TicketSummary, assignee: str | None) -> Receipt:
        """Take (``assignee`` = me), give up (None), or — a supervisor — hand to someone."""
        operator = self._working()
        self._rule(lambda: check_assignment(ticket, actor_of(operator), assignee))
        payload = {"assignee": assignee, "seen_assignee": ticket.assignee}
        return self._on(ticket, ActionType.TICKET_ASSIGN, payload)

    def take(self, ticket: TicketSummary) -> Receipt:
        return self.assign(ticket, self._working().username)

    def escalate(self, ticket: TicketSummary, reason: str) -> Receipt:
        operator = self._working()
        self._rule(lambda: check_escalation(ticket, actor_of(operator), reason))
        payload = {"reason": reason.strip(), "seen_status": ticket.codes.status}
        return self._on(ticket, ActionType.TICKET_ESCALATE, payload)

    def merge(self, ticket: TicketSummary, into: TicketSummary) -> Receipt:
        """Close ``ticket`` (the duplicate) into ``into``, where work goes on."""
        operator = self._working()
        self._rule(lambda: check_merge(ticket, into, actor_of(operator)))
        survivor: dict[str, Any] = (
            {"into_id": into.id} if into.id > 0 else {"into_ref": into.client_ref}
        )
        payload = {**survivor, "seen_status": ticket.codes.status}
        return self._on(ticket, ActionType.TICKET_MERGE, payload)

    def link_case(self, ticket: TicketSummary, case_id: int) -> Receipt:
        from prakerja_console.store.ticket_queries import case_applicant

        operator = self._working()
        known, applicant_id = self._read(lambda conn: case_applicant(conn, case_id))
        if not known:
            raise NotFoundError(
                Message(N_("Verification case {id} is not in the mirror."), {"id": case_id})
            )
        self._rule(
            lambda: check_link_case(
                ticket, actor_of(operator), ticket.verification_case_id, case_id, applicant_id
            )
        )
        payload = {"case_id": case_id, "seen_case_id": ticket.verification_case_id}
        return self._on(ticket, ActionType.TICKET_LINK_CASE, payload)

    def caller(self, ticket: TicketSummary, typed: CallerNik | CallerId) -> int:
        """The applicant the caller of a blank ticket named, once the rules allow naming them.

        A NIK must belong to exactly one applicant in the mirror: a NIK claimed by two
        registrations (a duplicate, or someone else's NIK used) does not say which one
        is on the phone, so the agent asks for the registration id instead.
        """
        from prakerja_console.store.queries import find_by_nik

        if isinstance(typed, CallerId):
            applicant_id = typed.applicant_id
        else:
            nik = typed.nik
            found = self._read(lambda conn: find_by_nik(conn, nik, limit=2)).items
            if not found:
                raise NotFoundError(Message(_NO_SUCH_NIK))
            if len(found) > 1:
                raise ActionRefusedError(Message(_NIK_OF_MANY))
            applicant_id = found[0].id
        self._check_applicant(ticket, applicant_id)
        return applicant_id

    def set_applicant(self, ticket: TicketSummary, applicant_id: int) -> Receipt:
        self._check_applicant(ticket, applicant_id)
        payload = {"applicant_id": applicant_id, "seen_applicant_id": ticket.applicant_id}
        return self._on(ticket, ActionType.TICKET_SET_APPLICANT, payload)

    def _check_applicant(self, ticket: TicketSummary, applicant_id: int) -> None:
        operator = self._working()
        known, province = self._applicant_province(applicant_id)
        if not known:
            raise NotFoundError(
                Message(
                    N_("Applicant {id} is not in the mirror (any more)."),
                    {"id": f"PK-{applicant_id:07d}"},  # as typed, not grouped like an amount
                )
            )
        self._rule(lambda: check_set_applicant(ticket, actor_of(operator), applicant_id, province))

    # -- conflicts ------------------------------------------------------------------------------

    def keep_mine(self, action: QueuedAction) -> Receipt:
        """Send my change again, on top of the central's version (its rules then decide)."""
        from prakerja_console.store.outbox import keep_mine

        operator = self._working()
        queued = self._write(
            lambda conn, now: keep_mine(conn, action.id, actor=operator.username, now=now)
        )
        return Receipt(queued.id, queued.seq, action.type)

    def take_theirs(self, action: QueuedAction) -> None:
        """Keep the central's version; my change is dropped."""
        from prakerja_console.store.outbox import take_theirs

        self._write(lambda conn, now: take_theirs(conn, action.id, now=now))

    def merge_note(self, ticket: TicketSummary, action: QueuedAction, text: str) -> Receipt:
        """Keep the central's version and what I meant as an internal note on the ticket."""
        from prakerja_console.store.outbox import NewAction, replace_conflict
        from prakerja_console.sync.protocol import MutationType

        operator = self._working()
        self._rule(lambda: check_conversation(ticket, actor_of(operator), text))
        note = NewAction(
            type=MutationType.TICKET_NOTE,
            payload={**_target(ticket), "body": text},
            entity_id=ticket.id if ticket.id > 0 else None,
            entity_ref=None if ticket.id > 0 else ticket.client_ref,
            base_version=ticket.version,
        )
        queued = self._write(
            lambda conn, now: replace_conflict(
                conn, action.id, note, actor=operator.username, now=now
            )
        )
        return Receipt(queued.id, queued.seq, ActionType.TICKET_NOTE)

    # -- internals ----------------------------------------------------------------------------

    def _working(self) -> Operator:
        operator = self._operator()
        if operator is None:
            raise ActionRefusedError(Message(_NOBODY))
        if not operator.may(Permission.WORK_TICKETS):
            raise ActionRefusedError(Message(_NO_ROLE, {"role": Message(operator.role.label)}))
        return operator

    @staticmethod
    def _rule(check: Callable[[], None]) -> None:
        try:
            check()
        except TicketRuleError as error:
            raise ActionRefusedError(error.message) from error

    def _on(self, ticket: TicketSummary, kind: ActionType, payload: Mapping[str, Any]) -> Receipt:
        local = ticket.id < 0
        return self._queue(
            kind,
            {**_target(ticket), **payload},
            entity_id=None if local else ticket.id,
            entity_ref=ticket.client_ref if local else None,
            base_version=ticket.version,
        )

    def _queue(
        self,
        kind: ActionType,
        payload: Mapping[str, Any],
        *,
        entity_id: int | None,
        entity_ref: str | None,
        base_version: int | None,
    ) -> Receipt:
        operator = self._working()
        return self._enqueue(
            kind,
            payload,
            actor=operator.username,
            entity_id=entity_id,
            entity_ref=entity_ref,
            base_version=base_version,
        )

    def _applicant_province(self, applicant_id: int) -> tuple[bool, str | None]:
        from prakerja_console.store.screen_queries import applicant_province

        found: tuple[bool, str | None] = self._read(
            lambda conn: applicant_province(conn, applicant_id)
        )
        return found

    def _read(self, query: Callable[[sqlite3.Connection], Any]) -> Any:
        try:
            return query(self._mirror.reader())
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error


def _target(ticket: TicketSummary) -> dict[str, Any]:
    """How the payload names the ticket: its number, or (only here so far) its client_ref."""
    return {"ticket_id": ticket.id} if ticket.id > 0 else {"ticket_ref": ticket.client_ref}
