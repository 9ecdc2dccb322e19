"""Running the sync engine for the console, and what the sync screen reads and resolves.

The engine (``sync/engine.py``) is plugged in from outside: the console asks of
it only :meth:`SyncEngine.sync_once` and a :meth:`SyncEngine.run` loop that calls
back with its status. Its status objects are read by attribute name — ``online``,
``syncing``, ``progress`` (``done``/``total``/``table``) and ``problem`` (a
:class:`~prakerja_console.domain.text.Message`) — through :func:`link_from_status`,
so neither the UI nor this module imports the engine's types; an engine that
reports differently passes its own ``read_status``.

"Sync now" while the loop runs never starts a second, overlapping sync: it ends
the engine's current ``run`` (the loop's stop event) and starts it again, and a
fresh ``run`` syncs at once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from prakerja_console.domain.epoch import moment
from prakerja_console.domain.text import N_, Message
from prakerja_console.services.errors import (
    ActionRefusedError,
    MirrorUnavailableError,
    SyncFailedError,
    SyncUnavailableError,
)
from prakerja_console.services.mirror import Mirror, unreadable
from prakerja_console.services.outbox import QueuedAction, queued_action
from prakerja_console.services.queueing import Receipt, write_outbox
from prakerja_console.services.session import Operator, operator_from
from prakerja_console.services.status import LinkState, MirrorFacts, SyncProgress

QUEUE_LIMIT = 100
# When the engine's run loop ends by itself (it should only end when stopped), wait
# this long before starting it again, so a broken engine cannot spin.
RESTART_PAUSE_SECONDS = 5.0


class SyncEngine(Protocol):
    """What the console needs of the sync engine."""

    def sync_once(self) -> object:
        """One push-then-pull round; returns the engine's report, whose ``problem`` (a
        :class:`Message`, or None when all went well) is read by name like the status's."""

    def run(self, stop: threading.Event, on_status: Callable[[Any], None]) -> None:
        """Sync until ``stop`` is set, calling ``on_status`` whenever the status changes."""


def link_from_status(status: object) -> LinkState:
    """The engine's status as the header needs it (attributes it lacks read as unknown)."""
    online = getattr(status, "online", None)
    problem = getattr(status, "problem", None)
    return LinkState(
        available=True,
        online=online if isinstance(online, bool) else None,
        syncing=getattr(status, "syncing", False) is True,
        progress=_progress(getattr(status, "progress", None)),
        problem=problem if isinstance(problem, Message) else None,
    )


def _progress(value: object) -> SyncProgress | None:
    done, total = getattr(value, "done", None), getattr(value, "total", None)
    if not isinstance(done, int) or not isinstance(total, int):
        return None
    table = getattr(value, "table", "")
    return SyncProgress(done, total, table if isinstance(table, str) else "")


class SyncService:
    """The engine, the mirror's sync facts, the queue and conflict resolution."""

    def __init__(
        self,
        mirror: Mirror,
        engine: SyncEngine | None,
        clock: Callable[[], datetime],
        read_status: Callable[[object], LinkState] = link_from_status,
    ) -> None:
        self._mirror = mirror
        self._engine = engine
        self._clock = clock
        self._read_status = read_status
        self._lock = threading.Lock()  # one sync_once at a time
        self._stop = threading.Event()
        self._round = threading.Event()
        self._running = False

    @property
    def available(self) -> bool:
        return self._engine is not None

    # -- the engine ---------------------------------------------------------------

    def sync_once(self) -> object:
        """One round now (blocking: call it from a worker); the engine's report.

        A round that ended with a problem raises SyncFailedError saying it in plain
        words, so nobody is told "finished" when nothing was sent. Raises
        SyncUnavailableError without an engine.
        """
        engine = self._require_engine()
        with self._lock:
            report = engine.sync_once()
        problem = getattr(report, "problem", None)
        if isinstance(problem, Message):
            raise SyncFailedError(
                Message(N_("Sync did not finish: {problem}"), {"problem": problem})
            )
        return report

    def run(self, on_link: Callable[[LinkState], None]) -> None:
        """Keep syncing until :meth:`stop` (blocking: run it in a worker thread)."""
        engine = self._require_engine()
        self._running = True
        try:
            while not self._stop.is_set():
                self._round = threading.Event()
                if self._stop.is_set():
                    break
                engine.run(self._round, lambda status: on_link(self._read_status(status)))
                if not self._round.is_set():
                    self._stop.wait(RESTART_PAUSE_SECONDS)
        finally:
            self._running = False

    def sync_now(self) -> bool:
        """Make the running loop sync at once; False when no loop runs (use sync_once)."""
        if not self._running:
            return False
        self._round.set()
        return True

    def stop(self) -> None:
        """End :meth:`run` (after the engine's current step)."""
        self._stop.set()
        self._round.set()

    def _require_engine(self) -> SyncEngine:
        if self._engine is None:
            raise SyncUnavailableError(
                Message(
                    N_(
                        "Sync is not set up on this console: log in with prakerja-console login "
                        "and start the console with a server."
                    )
                )
            )
        return self._engine

    # -- what the mirror says -----------------------------------------------------

    def facts(self) -> MirrorFacts:
        """Queue, conflicts, last exchanges and the logged-in user, in one reading."""
        from prakerja_console.store.queries import header_facts  # heavy; off the UI thread

        try:
            found = header_facts(self._mirror.reader())
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error
        return MirrorFacts(
            queued=found.queued,
            conflicts=found.conflicts,
            last_pull_at=moment(found.last_pull_at),
            last_push_at=moment(found.last_push_at),
            cursor=found.cursor,
            snapshot_in_progress=found.snapshot_in_progress,
            operator=operator_from(found.username, found.role, found.scope),
        )

    def queue(self, limit: int = QUEUE_LIMIT) -> tuple[QueuedAction, ...]:
        """Actions that need a person's eye: queued, rejected, and open conflicts."""
        from prakerja_console.store.records import OutboxAction
        from prakerja_console.store.screen_queries import queue_rows

        try:
            rows = queue_rows(self._mirror.reader(), limit)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self._mirror.path, error)) from error
        return tuple(queued_action(OutboxAction.from_row(row)) for row in rows)

    # -- conflicts ------------------------------------------------------------------

    def take_theirs(self, action: QueuedAction) -> None:
        """Keep the central's version; my action is dropped."""
        from prakerja_console.store.outbox import take_theirs

        write_outbox(
            self._mirror, self._clock, lambda conn, now: take_theirs(conn, action.id, now=now)
        )

    def keep_mine(self, action: QueuedAction, operator: Operator) -> Receipt:
        """Send my change again on top of the central's current version."""
        from prakerja_console.store.outbox import keep_mine

        queued = write_outbox(
            self._mirror,
            self._clock,
            lambda conn, now: keep_mine(conn, action.id, actor=operator.username, now=now),
        )
        return Receipt(queued.id, queued.seq, action.type)

    def merge(self, action: QueuedAction, text: str, operator: Operator) -> Receipt:
        """Send a new action whose text is ``text`` (merged by the person from both sides)."""
        from prakerja_console.services.actions import check_note
        from prakerja_console.store.outbox import merge_text

        problem = check_note(text)
        if problem is not None:
            raise ActionRefusedError(problem)
        queued = write_outbox(
            self._mirror,
            self._clock,
            lambda conn, now: merge_text(
                conn, action.id, text.strip(), actor=operator.username, now=now
            ),
        )
        return Receipt(queued.id, queued.seq, action.type)
