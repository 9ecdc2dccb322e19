"""What a mutation handler is, and the ways it can say no.

A handler is data plus one function: the mutation type it serves, the
permission it needs, its payload model, the record it targets, whether it
commutes with concurrent changes, and ``apply``. Everything the handlers share
(role, scope, payload validation, stale base versions, sequence and
idempotency) is checked once in :mod:`.processor`, so a new handler (a ticket
action) is one small module that only states its own domain rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel

from prakerja_console.central.auth import Principal
from prakerja_console.central.database import Writer
from prakerja_console.central.records import Record
from prakerja_console.domain.roles import Permission
from prakerja_console.sync.protocol import Mutation, MutationType, Table

P = TypeVar("P", bound=BaseModel)


class RejectCode(StrEnum):
    """``reason_code`` of a rejected (or conflicting) mutation, shared by all handlers."""

    UNKNOWN_TYPE = "unknown_mutation_type"
    FORBIDDEN = "forbidden"  # the role does not hold the permission
    INVALID_PAYLOAD = "invalid_payload"
    NOT_FOUND = "not_found"
    OUT_OF_SCOPE = "out_of_scope"  # the record belongs to another province
    STALE_BASE_VERSION = "stale_base_version"  # conflict: the record changed meanwhile


class RejectedError(Exception):
    """The mutation is refused; nothing it wrote is kept, its seq is still consumed."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True, slots=True)
class Context:
    """What a handler may use: the transaction, who acts, when, and the raw mutation."""

    tx: Writer
    principal: Principal
    now: int
    mutation: Mutation


@dataclass(frozen=True, slots=True)
class MutationHandler(Generic[P]):
    """One mutation type's rule.

    ``target`` names the record the mutation acts on — by id, or by the
    ``client_ref`` string a console gave a record it created offline — and its
    scope and version are checked before ``apply``; ``apply`` returns the record it
    created or changed, or raises :class:`RejectedError`. ``commutative`` handlers
    (appending a note) apply whatever the base version; the others answer
    ``conflict`` when the target changed after the client read it — or, when
    ``conflicts`` is given, only if it says the change the client saw is
    overtaken (the field it changes is no longer what the client saw).
    """

    mutation_type: MutationType
    permission: Permission
    payload: type[P]
    commutative: bool
    target: Callable[[P], tuple[Table, int | str]]
    apply: Callable[[Context, P, Record], Record]
    conflicts: Callable[[P, Record], bool] | None = None


@dataclass(frozen=True, slots=True)
class CreateHandler(Generic[P]):
    """A mutation that creates a record and so has no target to load, scope or version.

    ``create`` checks whatever the new record refers to itself (an applicant's
    scope) and returns the record, or raises :class:`RejectedError`.
    """

    mutation_type: MutationType
    permission: Permission
    payload: type[P]
    create: Callable[[Context, P], Record]
