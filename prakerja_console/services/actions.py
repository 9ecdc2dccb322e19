"""Actions on an applicant, queued in the outbox with their local effect.

Each action is checked here before it is written — the role must hold the
permission and the applicant must be in the user's scope (the central checks
again; the console checks first so nothing doomed is queued) — then written to
the outbox in one transaction with its optimistic effect, on this thread's
``OUTBOX`` connection. The sync engine pushes it later; until the central
answers, the detail screen shows it as queued.

Revealing personal data writes its audit record to the outbox *before* the value
is returned: an unmasked value is never shown without a record of who, what
and why.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prakerja_console.domain import action_text
from prakerja_console.domain.applicant import Registry
from prakerja_console.domain.roles import Permission
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.applicant import PiiField
from prakerja_console.services.errors import (
    ActionRefusedError,
    MirrorUnavailableError,
    NotFoundError,
)
from prakerja_console.services.mirror import unreadable
from prakerja_console.services.outbox import ActionType
from prakerja_console.services.queueing import QueueingService, Receipt
from prakerja_console.services.session import Operator

_PERMISSION = {
    ActionType.RESEND_VERIFICATION_EMAIL: Permission.RESEND_VERIFICATION_EMAIL,
    ActionType.REQUEST_REVERIFICATION: Permission.REQUEST_REVERIFICATION,
    ActionType.ADD_NOTE: Permission.ADD_NOTE,
    ActionType.REVEAL_PII: Permission.REVEAL_PII,
}


@dataclass(frozen=True, slots=True)
class Revealed:
    field: PiiField
    value: str
    receipt: Receipt


def check_note(text: str) -> Message | None:
    """Why a note cannot be saved as typed, or None (the domain's rule, as the central's)."""
    refusal = action_text.check_note(text)
    return None if refusal is None else refusal.message


def check_reveal_reason(text: str) -> Message | None:
    """Why a reason for revealing personal data is not enough, or None (the domain's rule)."""
    refusal = action_text.check_reveal_reason(text)
    return None if refusal is None else refusal.message


class ActionService(QueueingService):
    """Queues actions on applicants for the logged-in operator; call it from a worker thread."""

    def resend_verification_email(self, applicant_id: int, seen_version: int) -> Receipt:
        return self._queue(
            ActionType.RESEND_VERIFICATION_EMAIL,
            applicant_id,
            {"applicant_id": applicant_id},
            base_version=seen_version,
        )

    def request_reverification(
        self, applicant_id: int, registry: Registry, seen_version: int
    ) -> Receipt:
        if registry is Registry.UNKNOWN:
            raise ActionRefusedError(Message(N_("Choose a registry to verify with.")))
        return self._queue(
            ActionType.REQUEST_REVERIFICATION,
            applicant_id,
            {"applicant_id": applicant_id, "registry": registry.value},
            base_version=seen_version,
        )

    def add_note(self, applicant_id: int, body: str) -> Receipt:
        problem = check_note(body)
        if problem is not None:
            raise ActionRefusedError(problem)
        return self._queue(
            ActionType.ADD_NOTE, applicant_id, {"applicant_id": applicant_id, "body": body.strip()}
        )

    def reveal(self, applicant_id: int, field: PiiField, reason: str) -> Revealed:
        """Record why ``field`` is revealed (in the outbox), then return its value."""
        problem = check_reveal_reason(reason)
        if problem is not None:
            raise ActionRefusedError(problem)
        values = self._applicant(applicant_id)
        # Role and scope first: a refused user must not learn whether the field is filled.
        self._check(ActionType.REVEAL_PII, values.get("province_code"))
        value = values.get(field.value)
        if not value:
            raise ActionRefusedError(
                Message(
                    N_("There is no {field} on record to reveal."), {"field": Message(field.label)}
                )
            )
        receipt = self._queue(
            ActionType.REVEAL_PII,
            applicant_id,
            {
                "table": "applicants",
                "record_id": applicant_id,
                "field": field.value,
                "reason": reason.strip(),
            },
            known=values,
        )
        return Revealed(field, value, receipt)

    # -- internals ----------------------------------------------------------------

    def _applicant(self, applicant_id: int) -> dict[str, str | None]:
        from prakerja_console.store.screen_queries import applicant_pii  # heavy: off the UI thread

        try:
            found = applicant_pii(self._mirror.reader(), applicant_id)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error
        if found is None:
            raise NotFoundError(
                Message(N_("Applicant {id} is not in the mirror (any more)."), {"id": applicant_id})
            )
        return found

    def _check(self, action: ActionType, province_code: str | None) -> Operator:
        operator = self._operator()
        if operator is None:
            raise ActionRefusedError(
                Message(N_("Nobody is logged in on this mirror; log in to act on applicants."))
            )
        permission = _PERMISSION[action]
        if not operator.may(permission):
            raise ActionRefusedError(
                Message(
                    N_("Your role ({role}) may not do this."),
                    {"role": Message(operator.role.label)},
                )
            )
        if not operator.may_touch(permission, province_code):
            raise ActionRefusedError(
                Message(
                    N_("This applicant is outside your area ({scope})."),
                    {"scope": operator.scope_name or ""},
                )
            )
        return operator

    def _queue(
        self,
        action: ActionType,
        applicant_id: int,
        payload: Mapping[str, Any],
        *,
        base_version: int | None = None,
        known: Mapping[str, str | None] | None = None,
    ) -> Receipt:
        values = known if known is not None else self._applicant(applicant_id)
        operator = self._check(action, values.get("province_code"))
        return self._enqueue(
            action,
            payload,
            actor=operator.username,
            entity_id=applicant_id,
            base_version=base_version,
        )
