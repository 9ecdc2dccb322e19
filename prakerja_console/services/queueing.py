"""What the two action services share: the operator, the clock, and writing to the outbox.

:class:`~.actions.ActionService` (applicants) and
:class:`~.ticket_actions.TicketActions` (tickets) check different rules, then
queue the same way: one outbox action with its local effect, on this thread's
writer connection, the outbox's refusals and SQLite's failures turned into the
services' plain-words errors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from prakerja_console.services.errors import ActionRefusedError, MirrorUnavailableError
from prakerja_console.services.mirror import Mirror, unreadable
from prakerja_console.services.outbox import ActionType
from prakerja_console.services.session import Operator

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Receipt:
    """A queued action: its idempotency key and its place in the device's sequence."""

    action_id: str
    seq: int
    type: ActionType


def write_outbox(
    mirror: Mirror, clock: Callable[[], datetime], step: Callable[[sqlite3.Connection, int], T]
) -> T:
    """Run an outbox step on the writer connection at the clock's "now" (epoch seconds).

    The outbox's refusals and SQLite's failures become the services' plain-words errors.
    """
    # Heavy (pydantic, SQLAlchemy): imported on the first action, in a worker thread.
    from prakerja_console.store.outbox import OutboxError

    try:
        return step(mirror.writer(), int(clock().timestamp()))
    except OutboxError as error:
        raise ActionRefusedError(error.message) from error
    except sqlite3.Error as error:
        raise MirrorUnavailableError(unreadable(mirror.path, error)) from error


class QueueingService:
    """Queues actions for the logged-in operator; call it from a worker thread."""

    def __init__(
        self,
        mirror: Mirror,
        operator: Callable[[], Operator | None],
        clock: Callable[[], datetime],
    ) -> None:
        self._mirror = mirror
        self._operator = operator
        self._clock = clock

    def _write(self, step: Callable[[sqlite3.Connection, int], T]) -> T:
        return write_outbox(self._mirror, self._clock, step)

    def _enqueue(
        self,
        kind: ActionType,
        payload: Mapping[str, Any],
        *,
        actor: str,
        entity_id: int | None,
        entity_ref: str | None = None,
        base_version: int | None = None,
    ) -> Receipt:
        """Queue one action of ``kind`` (its local effect in the same transaction)."""
        from prakerja_console.store.outbox import NewAction, enqueue
        from prakerja_console.sync.protocol import MutationType

        new = NewAction(
            type=MutationType(kind.value),
            payload=payload,
            entity_id=entity_id,
            entity_ref=entity_ref,
            base_version=base_version,
        )
        queued = self._write(lambda conn, now: enqueue(conn, new, actor=actor, now=now))
        return Receipt(queued.id, queued.seq, kind)
