"""Queued actions as the screens see them: what was asked, and what the central said.

The wire's mutation types and outbox statuses are plain strings; the screens get
them as enums here (tolerantly: a type this console does not know still shows),
so the UI never needs the protocol or the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from prakerja_console.domain.epoch import moment
from prakerja_console.services.rows import known


class ActionType(StrEnum):
    """The mutation types a console queues (``sync.protocol.MutationType`` values).

    Spelt out rather than derived: importing the protocol (pydantic) would slow the
    console's first paint, which needs only these names. ``tests/services/
    test_outbox_types.py`` keeps them equal to the wire's.
    """

    RESEND_VERIFICATION_EMAIL = "applicant.resend_verification_email"
    REQUEST_REVERIFICATION = "applicant.request_reverification"
    ADD_NOTE = "applicant.add_note"
    REVEAL_PII = "audit.reveal_pii"
    TICKET_CREATE = "ticket.create"
    TICKET_REPLY = "ticket.reply"
    TICKET_NOTE = "ticket.note"
    TICKET_SET_STATUS = "ticket.set_status"
    TICKET_SET_PRIORITY = "ticket.set_priority"
    TICKET_SET_CATEGORY = "ticket.set_category"
    TICKET_ASSIGN = "ticket.assign"
    TICKET_ESCALATE = "ticket.escalate"
    TICKET_MERGE = "ticket.merge"
    TICKET_LINK_CASE = "ticket.link_case"
    TICKET_SET_APPLICANT = "ticket.set_applicant"
    UNKNOWN = "unknown"


class QueueStatus(StrEnum):
    """Where a queued action stands (the outbox's ``status``)."""

    PENDING = "pending"
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


# The payload field a conflict of this type may be resolved by merging (the note's text):
# ``store.effects.ACTIONS[type].merge_field``, kept equal by the same test.
MERGEABLE = {ActionType.ADD_NOTE: "body"}


@dataclass(frozen=True, slots=True)
class QueuedAction:
    """One outbox action. ``message`` is the central's text (outside text: sanitise it)."""

    id: str
    seq: int
    type: ActionType
    type_code: str
    status: QueueStatus
    created_at: datetime | None
    actor: str
    applicant_id: int | None
    reason_code: str | None
    message: str | None
    payload: Mapping[str, Any]
    current: Mapping[str, Any] | None

    @property
    def open_conflict(self) -> bool:
        return self.status is QueueStatus.CONFLICT

    @property
    def merge_text(self) -> str | None:
        """My text, for a conflict that may be resolved by merging; None otherwise."""
        field = MERGEABLE.get(self.type)
        value = self.payload.get(field) if field else None
        return value if isinstance(value, str) else None


def queued_action(action: Any) -> QueuedAction:
    """From the store's ``OutboxAction`` record."""
    return QueuedAction(
        id=action.id,
        seq=action.seq,
        type=known(ActionType, action.type) or ActionType.UNKNOWN,
        type_code=action.type,
        status=known(QueueStatus, action.status) or QueueStatus.PENDING,
        created_at=moment(action.created_at),
        actor=action.actor,
        applicant_id=action.applicant_id,
        reason_code=action.reason_code,
        message=action.message,
        payload=dict(action.payload or {}),
        current=dict(action.current) if action.current else None,
    )
