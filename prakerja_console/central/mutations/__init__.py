"""Mutation handlers, one module each, behind a registry keyed by mutation type.

Adding a mutation (the ticket actions) is one module exposing ``HANDLER`` and one
line in :data:`HANDLERS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from prakerja_console.central.mutations import (
    add_note,
    request_reverification,
    resend_verification_email,
    reveal_pii,
    ticket_assign,
    ticket_create,
    ticket_escalate,
    ticket_link_case,
    ticket_merge,
    ticket_note,
    ticket_reply,
    ticket_set_applicant,
    ticket_set_category,
    ticket_set_priority,
    ticket_set_status,
)
from prakerja_console.central.mutations.base import CreateHandler, MutationHandler

Handler = MutationHandler[Any] | CreateHandler[Any]
Handlers = Mapping[str, Handler]


def registry_of(handlers: Iterable[Handler]) -> Handlers:
    """Handlers keyed by their type's wire value; a type registered twice is an error."""
    found: dict[str, Handler] = {}
    for handler in handlers:
        if handler.mutation_type.value in found:
            raise ValueError(f"two handlers for {handler.mutation_type.value}")
        found[handler.mutation_type.value] = handler
    return found


HANDLERS: Handlers = registry_of(
    [
        resend_verification_email.HANDLER,
        request_reverification.HANDLER,
        add_note.HANDLER,
        reveal_pii.HANDLER,
        ticket_create.HANDLER,
        ticket_reply.HANDLER,
        ticket_note.HANDLER,
        ticket_set_status.HANDLER,
        ticket_set_priority.HANDLER,
        ticket_set_category.HANDLER,
        ticket_assign.HANDLER,
        ticket_escalate.HANDLER,
        ticket_merge.HANDLER,
        ticket_link_case.HANDLER,
        ticket_set_applicant.HANDLER,
    ]
)
