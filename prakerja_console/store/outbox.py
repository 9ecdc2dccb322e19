"""The outbox: local actions queued for the central, each with its optimistic effect.

:func:`enqueue` writes the action, allocates its device sequence number and applies
its local effect in **one transaction** (use an ``OUTBOX`` connection: a queued
action must survive a power cut once the user has seen it queued). The sync engine
then sends :func:`pending_batch` in sequence order and hands the central's answers
to :func:`record_results`.

A conflict is shown to a person and resolved by *taking theirs* (the action is
dropped), *keeping mine* (the same change, re-queued against the central's current
version) or *merging* text (a new action with the merged text). A resolution never
overwrites anything: the conflicting action stays as it was, pointing at the
action that resolved it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

from prakerja_console.domain.text import N_, Message
from prakerja_console.store import effects
from prakerja_console.store.connection import transaction
from prakerja_console.store.records import OutboxAction, select_list
from prakerja_console.store.state import update_state
from prakerja_console.sync.protocol import Mutation, MutationResult, MutationType

MAX_BATCH = 500  # the central accepts at most this many mutations per request


class Status(StrEnum):
    PENDING = "pending"
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class Resolution(StrEnum):
    THEIRS = "theirs"
    MINE = "mine"
    MERGED = "merged"


class OutboxError(ValueError):
    """A request the outbox cannot honour, with a message for the user."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclass(frozen=True, slots=True)
class NewAction:
    """An action the user asked for, before it is queued."""

    type: MutationType
    payload: Mapping[str, Any] = field(default_factory=dict)
    entity_id: int | None = None
    entity_ref: str | None = None
    base_version: int | None = None


@dataclass(frozen=True, slots=True)
class Queued:
    """The receipt of a queued action."""

    id: str
    seq: int


def enqueue(
    conn: sqlite3.Connection,
    action: NewAction,
    *,
    actor: str,
    now: int,
    action_id: str | None = None,
) -> Queued:
    """Queue ``action`` and apply its local effect, atomically.

    ``action_id`` is the idempotency key (a fresh UUID4 unless a deterministic
    test passes one). Raises :class:`pydantic.ValidationError` for a bad payload
    and :class:`ValueError` for a type with no local handling.
    """
    with transaction(conn):
        return _enqueue(conn, action, actor=actor, now=now, action_id=action_id)


def _enqueue(
    conn: sqlite3.Connection,
    action: NewAction,
    *,
    actor: str,
    now: int,
    action_id: str | None,
) -> Queued:
    kind = effects.kind_of(action.type)
    payload = kind.payload.model_validate(dict(action.payload))
    queued_id = action_id or str(uuid.uuid4())
    (seq,) = conn.execute(
        "UPDATE sync_state SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq"
    ).fetchone()
    conn.execute(
        "INSERT INTO outbox (id, seq, type, entity_id, entity_ref, base_version, payload,"
        " created_at, actor, applicant_id, status, settled)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (
            queued_id,
            seq,
            action.type.value,
            action.entity_id if action.entity_id is not None else kind.subject(payload),
            action.entity_ref,
            action.base_version,
            orjson.dumps(payload.model_dump(mode="json")).decode(),
            now,
            actor,
            kind.subject(payload),
            Status.PENDING.value,
        ),
    )
    effects.apply_effect(conn, _load(conn, queued_id))
    return Queued(queued_id, seq)


def _load(conn: sqlite3.Connection, action_id: str) -> OutboxAction:
    row = conn.execute(
        f"SELECT {select_list(OutboxAction)} FROM outbox WHERE id = ?", (action_id,)
    ).fetchone()
    if row is None:
        raise OutboxError(Message(N_("No queued action with id {id}"), {"id": action_id[:64]}))
    return OutboxAction.from_row(row)


_MUTATION_COLUMNS = "id, seq, type, entity_id, entity_ref, base_version, payload, created_at"


def pending_batch(conn: sqlite3.Connection, limit: int = MAX_BATCH) -> list[Mutation]:
    """The oldest pending actions, in sequence order, as the wire expects them."""
    rows = conn.execute(
        f"SELECT {_MUTATION_COLUMNS} FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
        (max(1, min(limit, MAX_BATCH)),),
    ).fetchall()
    return _mutations(rows)


def batch_from(conn: sqlite3.Connection, seq: int, limit: int = MAX_BATCH) -> list[Mutation]:
    """Actions from ``seq`` on, answered or not, in sequence order.

    For a central that answers ``sequence_gap`` with an ``expected_seq`` below the
    first pending action: it lost actions it had answered (restored from a
    backup), and the device's log must be dense, so they are sent again. Their
    recorded answers stay (:func:`record_results` ignores answers to answered
    actions).
    """
    rows = conn.execute(
        f"SELECT {_MUTATION_COLUMNS} FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?",
        (seq, max(1, min(limit, MAX_BATCH))),
    ).fetchall()
    return _mutations(rows)


def renumber_pending(conn: sqlite3.Connection, first_seq: int) -> int:
    """Give the pending actions the numbers ``first_seq, first_seq + 1 …``, in their order.

    For a central that answers ``sequence_reused``: this mirror went back in time
    (restored from a backup) and numbered new actions again with numbers the
    central already processed for other actions. Ids (the idempotency keys) stay,
    so nothing can be applied twice; only the place in the device's log moves.
    Returns how many actions were renumbered.
    """
    with transaction(conn):
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM outbox WHERE status = ? ORDER BY seq", (Status.PENDING.value,)
            )
        ]
        # Two steps, so the unique index on seq never sees two actions with one number.
        conn.execute("UPDATE outbox SET seq = -seq WHERE status = ?", (Status.PENDING.value,))
        conn.executemany(
            "UPDATE outbox SET seq = ? WHERE id = ?",
            [(first_seq + offset, action_id) for offset, action_id in enumerate(ids)],
        )
        if ids:
            conn.execute(
                "UPDATE sync_state SET last_seq = MAX(last_seq, ?) WHERE id = 1",
                (first_seq + len(ids) - 1,),
            )
    return len(ids)


def _mutations(rows: Sequence[tuple[Any, ...]]) -> list[Mutation]:
    return [
        Mutation(
            id=row[0],
            seq=row[1],
            type=row[2],
            entity_id=row[3],
            entity_ref=row[4],
            base_version=row[5],
            payload=orjson.loads(row[6]),
            created_at=row[7],
        )
        for row in rows
    ]


def record_results(
    conn: sqlite3.Connection, results: Sequence[MutationResult], *, now: int
) -> None:
    """Store the central's answers; undo the effects of conflicts and rejections.

    Answers for actions already answered are ignored (a retried push may be
    answered twice); an answer for an unknown action, or with the wrong sequence
    number, is a protocol error and nothing is recorded.
    """
    with transaction(conn):
        failed: list[str] = []
        for result in results:
            row = conn.execute(
                "SELECT seq, status FROM outbox WHERE id = ?", (result.id,)
            ).fetchone()
            if row is None or row[0] != result.seq:
                raise OutboxError(
                    Message(
                        N_("The central answered for an action this device did not send: {id}"),
                        {"id": result.id[:64]},
                    )
                )
            if row[1] != Status.PENDING:
                continue
            status: str = result.status
            if status == "duplicate" and result.original_status in ("conflict", "rejected"):
                status = result.original_status  # a retry of an action the central refused
            conn.execute(
                "UPDATE outbox SET status = ?, reason_code = ?, message = ?, result_entity_id = ?,"
                " result_entity_version = ?, current = ?, acked_at = ? WHERE id = ?",
                (
                    status,
                    result.reason_code,
                    result.message,
                    result.entity_id,
                    result.entity_version,
                    None if result.current is None else orjson.dumps(result.current).decode(),
                    now,
                    result.id,
                ),
            )
            if status in (Status.CONFLICT, Status.REJECTED):
                failed.append(result.id)
        update_state(conn, last_push_at=now)
        effects.refresh(conn, settle=failed)


def queued_count(conn: sqlite3.Connection) -> int:
    """Actions not yet answered by the central (the header's "queued")."""
    (count,) = conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()
    return int(count)


def pending_actors(conn: sqlite3.Connection) -> dict[str, int]:
    """Who queued the actions still waiting, and how many each.

    The central attributes an action to whoever's token sends it, so a device that
    changes hands must not send one person's queue under another's name.
    """
    rows = conn.execute(
        "SELECT actor, count(*) FROM outbox WHERE status = 'pending' GROUP BY actor ORDER BY actor"
    ).fetchall()
    return {actor: int(count) for actor, count in rows}


# -- conflict resolution ------------------------------------------------------------


def _conflict(conn: sqlite3.Connection, action_id: str) -> OutboxAction:
    action = _load(conn, action_id)
    if action.status != Status.CONFLICT or action.resolution is not None:
        raise OutboxError(
            Message(N_("This action is not an open conflict: {id}"), {"id": action_id[:64]})
        )
    return action


def _resolve(
    conn: sqlite3.Connection, action_id: str, resolution: Resolution, now: int, by: str | None
) -> None:
    conn.execute(
        "UPDATE outbox SET resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
        (resolution.value, now, by, action_id),
    )


def take_theirs(conn: sqlite3.Connection, action_id: str, *, now: int) -> None:
    """Accept the central's version: the action is dropped, nothing is re-sent."""
    with transaction(conn):
        _conflict(conn, action_id)
        _resolve(conn, action_id, Resolution.THEIRS, now, None)


def _requeue(
    conn: sqlite3.Connection,
    action_id: str,
    resolution: Resolution,
    *,
    actor: str,
    now: int,
    new_id: str | None,
    replace: Mapping[str, Any],
) -> Queued:
    with transaction(conn):
        action = _conflict(conn, action_id)
        base_version = action.current.get("version") if action.current else None
        queued = _enqueue(
            conn,
            NewAction(
                type=MutationType(action.type),
                payload={**action.payload, **replace},
                entity_id=action.entity_id,
                entity_ref=action.entity_ref,
                base_version=base_version if isinstance(base_version, int) else None,
            ),
            actor=actor,
            now=now,
            action_id=new_id,
        )
        _resolve(conn, action_id, resolution, now, queued.id)
    return queued


def keep_mine(
    conn: sqlite3.Connection,
    action_id: str,
    *,
    actor: str,
    now: int,
    new_id: str | None = None,
) -> Queued:
    """Send my change again, on top of the central's current version."""
    return _requeue(
        conn, action_id, Resolution.MINE, actor=actor, now=now, new_id=new_id, replace={}
    )


def merge_text(
    conn: sqlite3.Connection,
    action_id: str,
    text: str,
    *,
    actor: str,
    now: int,
    new_id: str | None = None,
) -> Queued:
    """Send a new action whose text is ``text`` (what the person merged from both sides)."""
    action = _load(conn, action_id)
    merge_field = effects.kind_of(action.type).merge_field
    if merge_field is None:
        raise OutboxError(
            Message(N_("This kind of action has no text to merge: {type}"), {"type": action.type})
        )
    return _requeue(
        conn,
        action_id,
        Resolution.MERGED,
        actor=actor,
        now=now,
        new_id=new_id,
        replace={merge_field: text},
    )


def replace_conflict(
    conn: sqlite3.Connection,
    action_id: str,
    replacement: NewAction,
    *,
    actor: str,
    now: int,
    new_id: str | None = None,
) -> Queued:
    """Resolve a conflict by queuing a different action in its place, atomically.

    For changes with no text of their own to merge (a ticket's status, its
    assignee): the central's version stands, and what the person meant is kept
    as, say, an internal note on the ticket. Recorded as a merge, pointing at
    the replacement.
    """
    with transaction(conn):
        _conflict(conn, action_id)
        queued = _enqueue(conn, replacement, actor=actor, now=now, action_id=new_id)
        _resolve(conn, action_id, Resolution.MERGED, now, queued.id)
    return queued
