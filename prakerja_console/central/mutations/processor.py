"""Apply a device's mutation batch: in order, exactly once, each in its own transaction.

Every device numbers its mutations 1, 2, 3 … and the central remembers, for
good, the last seq it processed per device and the result of every mutation id.
So a batch resent after a lost answer, or an office's week-old outbox sent
twice, is answered ``duplicate`` with the stored result and applied never again;
a seq that skips ahead means the client lost track, and the batch stops with 409
``sequence_gap`` naming the seq expected. Each mutation commits together with the
device's new last seq and its stored result, so a crash between two mutations
leaves a consistent prefix applied.

On PostgreSQL two concurrent batches of one device could read the same last seq;
the unique keys on the mutation id and on (device, seq) then refuse the second
commit, and its retry is answered ``duplicate``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import ValidationError

from prakerja_console.central import records
from prakerja_console.central.auth import Principal
from prakerja_console.central.database import Database, Reader, Writer
from prakerja_console.central.errors import ApiError
from prakerja_console.central.mutations import Handlers
from prakerja_console.central.mutations.base import (
    Context,
    CreateHandler,
    MutationHandler,
    RejectCode,
    RejectedError,
)
from prakerja_console.central.scope import may_see
from prakerja_console.domain.roles import allowed
from prakerja_console.domain.text import N_
from prakerja_console.sync.protocol import (
    ErrorCode,
    Mutation,
    MutationBatch,
    MutationResponse,
    MutationResult,
)


def _last_seq(tx: Reader, device_id: str) -> int:
    found = tx.scalar("SELECT last_seq FROM devices WHERE device_id = ?", (device_id,))
    return 0 if found is None else int(found)


def _advance(tx: Writer, device_id: str, seq: int, now: int) -> None:
    tx.execute(
        "INSERT INTO devices (device_id, last_seq, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (device_id)"
        " DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at",
        (device_id, seq, now),
    )


def _stored(tx: Reader, mutation: Mutation) -> MutationResult | None:
    """The answer already given to this action (by its id, the idempotency key)."""
    text = tx.scalar("SELECT result FROM idempotency WHERE mutation_id = ?", (mutation.id,))
    return None if text is None else MutationResult.model_validate_json(text)


def _remember(
    tx: Writer, mutation: Mutation, device_id: str, result: MutationResult, now: int
) -> None:
    tx.execute(
        "INSERT INTO idempotency (mutation_id, device_id, seq, result, processed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (mutation.id, device_id, mutation.seq, result.model_dump_json(), now),
    )


def _duplicate(mutation: Mutation, stored: MutationResult | None) -> MutationResult:
    if stored is None:  # processed before results were kept: only the fact is known
        return MutationResult(
            id=mutation.id,
            seq=mutation.seq,
            status="duplicate",
            message=N_("This action was already processed."),
        )
    return stored.model_copy(
        update={
            "id": mutation.id,
            "seq": mutation.seq,
            "status": "duplicate",
            "original_status": stored.status,
        }
    )


def _rejected(mutation: Mutation, code: str, message: str) -> MutationResult:
    return MutationResult(
        id=mutation.id, seq=mutation.seq, status="rejected", reason_code=code, message=message
    )


def _applied(mutation: Mutation, record: records.Record) -> MutationResult:
    return MutationResult(
        id=mutation.id,
        seq=mutation.seq,
        status="applied",
        entity_id=record.id,
        entity_version=record.version,
    )


def _run(
    handler: MutationHandler[Any],
    payload: Any,
    tx: Writer,
    principal: Principal,
    mutation: Mutation,
    now: int,
) -> MutationResult:
    try:
        table, key = handler.target(payload)
        target = (
            records.load(tx, table, key)
            if isinstance(key, int)
            else records.load_by_ref(tx, table, key)
        )
        if target is None:
            raise RejectedError(RejectCode.NOT_FOUND, N_("The record does not exist."))
        if not may_see(principal.scope, target.scope):
            raise RejectedError(
                RejectCode.OUT_OF_SCOPE, N_("The record belongs to a province outside your scope.")
            )
        if (
            not handler.commutative
            and mutation.base_version is not None
            and mutation.base_version < target.version
            and (handler.conflicts is None or handler.conflicts(payload, target))
        ):
            return MutationResult(
                id=mutation.id,
                seq=mutation.seq,
                status="conflict",
                reason_code=RejectCode.STALE_BASE_VERSION,
                message=N_("The record changed after you looked at it; check the current data."),
                entity_id=target.id,
                entity_version=target.version,
                current=target.values,
            )
        with tx.savepoint():
            touched = handler.apply(Context(tx, principal, now, mutation), payload, target)
    except RejectedError as refusal:
        return _rejected(mutation, refusal.reason_code, refusal.message)
    return _applied(mutation, touched)


def _create(
    handler: CreateHandler[Any],
    payload: Any,
    tx: Writer,
    principal: Principal,
    mutation: Mutation,
    now: int,
) -> MutationResult:
    try:
        with tx.savepoint():
            created = handler.create(Context(tx, principal, now, mutation), payload)
    except RejectedError as refusal:
        return _rejected(mutation, refusal.reason_code, refusal.message)
    return _applied(mutation, created)


def _decide(
    tx: Writer, principal: Principal, mutation: Mutation, now: int, handlers: Handlers
) -> MutationResult:
    handler = handlers.get(mutation.type)
    if handler is None:
        return _rejected(
            mutation, RejectCode.UNKNOWN_TYPE, N_("The central does not know this action.")
        )
    if not allowed(principal.role, handler.permission):
        return _rejected(mutation, RejectCode.FORBIDDEN, N_("Your role may not do this action."))
    try:
        payload = handler.payload.model_validate(mutation.payload)
    except ValidationError:
        return _rejected(
            mutation, RejectCode.INVALID_PAYLOAD, N_("The action's data is not valid.")
        )
    if isinstance(handler, CreateHandler):
        return _create(handler, payload, tx, principal, mutation, now)
    return _run(handler, payload, tx, principal, mutation, now)


class SeqProblem(Enum):
    """Why a mutation was not processed: its number does not continue the device's log."""

    GAP = "gap"  # skips ahead: earlier actions are missing
    REUSED = "reused"  # a number already processed, carried by an action never seen


def _process_one(
    tx: Writer, principal: Principal, mutation: Mutation, now: int, handlers: Handlers
) -> MutationResult | SeqProblem:
    """Process one mutation in ``tx``; a :class:`SeqProblem` when its seq does not fit.

    An unknown id under an already-processed seq is not a duplicate: a mirror restored
    from a backup numbers new actions again from where the backup stood. Answering
    "duplicate" would hand it another action's result and lose the new one silently.
    """
    device_id = principal.device_id
    last_seq = _last_seq(tx, device_id)
    stored = _stored(tx, mutation)
    if stored is not None:
        if mutation.seq == last_seq + 1:  # a known id resent under the next seq: keep it dense
            _advance(tx, device_id, mutation.seq, now)
        return _duplicate(mutation, stored)
    if mutation.seq <= last_seq:
        return SeqProblem.REUSED
    if mutation.seq > last_seq + 1:
        return SeqProblem.GAP
    result = _decide(tx, principal, mutation, now, handlers)
    _advance(tx, device_id, mutation.seq, now)
    _remember(tx, mutation, device_id, result, now)
    return result


def process_batch(
    db: Database, principal: Principal, batch: MutationBatch, now: int, handlers: Handlers
) -> MutationResponse:
    """Process ``batch`` in order; raises a 409 :class:`ApiError` when a seq does not fit."""
    if batch.device_id != principal.device_id:
        raise ApiError(403, ErrorCode.FORBIDDEN, "this access token was issued to another device")
    results: list[MutationResult] = []
    for mutation in batch.mutations:
        with db.write() as tx:
            result = _process_one(tx, principal, mutation, now, handlers)
        if isinstance(result, SeqProblem):
            with db.read() as tx:
                expected = _last_seq(tx, principal.device_id) + 1
            code, said = (
                (ErrorCode.SEQUENCE_GAP, f"mutation seq {mutation.seq} skips ahead")
                if result is SeqProblem.GAP
                else (
                    ErrorCode.SEQUENCE_REUSED,
                    f"mutation seq {mutation.seq} was already used by another action",
                )
            )
            raise ApiError(
                409,
                code,
                f"{said}: resend from seq {expected}",
                {
                    "expected_seq": expected,
                    "results": [done.model_dump(mode="json") for done in results],
                },
            )
        results.append(result)
    with db.read() as tx:
        return MutationResponse(results=results, device_seq=_last_seq(tx, principal.device_id))
