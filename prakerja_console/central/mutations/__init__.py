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
)
from prakerja_console.central.mutations.base import MutationHandler

Handlers = Mapping[str, MutationHandler[Any]]


def registry_of(handlers: Iterable[MutationHandler[Any]]) -> Handlers:
    """Handlers keyed by their type's wire value; a type registered twice is an error."""
    found: dict[str, MutationHandler[Any]] = {}
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
    ]
)
