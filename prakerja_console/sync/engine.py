"""The sync engine: push the outbox, then pull the central's changes, round after round.

:meth:`SyncEngine.sync_once` is one round and returns a :class:`SyncReport`;
:meth:`SyncEngine.run` repeats rounds until its stop event is set, every
``interval`` seconds while all is well and with a growing, jittered pause after
failures, and reports a :class:`SyncStatus` through a callback whenever it
changes (the TUI's header and the ``sync`` command consume it).

Push comes first so the pull that follows already brings the central's rows that
the pushed actions changed. A round never raises for what the central or the
network did, nor for a mirror it could not read or write: every such failure ends
the round with a plain-words ``problem`` and leaves the mirror at its last good
cursor with the outbox intact. Offline is a normal state: ``run`` keeps trying
and resumes by itself.

Deterministic by construction: the wall clock, the monotonic clock, the sleep,
the random source and (through the client) the HTTP transport are passed in.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.outbox import OutboxError, queued_count
from prakerja_console.store.queries import checksums
from prakerja_console.store.rows import RowError
from prakerja_console.store.snapshot import SnapshotIncompleteError
from prakerja_console.store.state import device_state, set_session
from prakerja_console.sync.backoff import Clock, Retrier, Sleep, asked_delay
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.collector import collections_spaced
from prakerja_console.sync.errors import OfflineError, SyncError
from prakerja_console.sync.protocol import Checksum, TableChecksum
from prakerja_console.sync.pull import pull
from prakerja_console.sync.push import push
from prakerja_console.sync.report import Progress, SyncReport, SyncStatus, Tally
from prakerja_console.sync.rounds import EngineSettings, Round
from prakerja_console.sync.tokens import TokenKeeper

StatusCallback = Callable[[SyncStatus], None]


def _ignore(_: SyncStatus) -> None:
    """The status callback of a round nobody watches."""


def _mirror_problem(error: sqlite3.Error) -> Message:
    """A mirror that cannot be read or written (a full disk, a lock held too long): the
    round's problem, never the end of the loop; what was committed and queued stays."""
    return Message(
        N_(
            "The mirror could not be read or written ({error}); nothing was lost, sync will try again."
        ),
        {"error": str(error)[:200]},
    )


class SyncEngine:
    """Push-then-pull sync of one mirror with one central.

    ``conn`` is the engine's own ``SYNC`` connection to the mirror (the engine
    closes it); ``client`` talks to the central with ``tokens``.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        client: CentralClient,
        tokens: TokenKeeper,
        *,
        clock: Clock,
        monotonic: Clock,
        sleep: Sleep,
        rng: random.Random,
        settings: EngineSettings | None = None,
    ) -> None:
        self._conn = conn
        self._client = client
        self._tokens = tokens
        self._wall = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._rng = rng
        self.settings = settings or EngineSettings()
        self._lock = threading.Lock()  # one round at a time on the one connection
        self._status = SyncStatus()
        self._asked: float | None = None  # the pause the central last asked for (Retry-After)

    def close(self) -> None:
        """Close the connection and the client, once a running round has ended."""
        with self._lock:
            self._client.close()
            self._conn.close()

    # -- rounds ---------------------------------------------------------------------

    def sync_once(
        self, stop: threading.Event | None = None, on_status: StatusCallback | None = None
    ) -> SyncReport:
        """One push-then-pull round, now; setting ``stop`` cuts its waits short."""
        return self._round(stop or threading.Event(), on_status or _ignore)

    def run(
        self,
        stop: threading.Event,
        on_status: StatusCallback,
        on_report: Callable[[SyncReport], None] | None = None,
    ) -> None:
        """Sync until ``stop`` is set; a round starts at once, ``on_report`` hears each."""
        failures = 0
        while not stop.is_set():
            report = self._round(stop, on_status)
            if on_report is not None:
                on_report(report)
            if stop.is_set():
                return
            if report.ok:
                failures = 0
                pause = self.settings.interval
            else:
                failures += 1
                pause = self.settings.idle_backoff.delay(failures, self._rng, self._asked)
            self._publish(on_status, retry_in=None if report.ok else pause)
            if self._sleep(stop, pause):
                return

    def _round(self, stop: threading.Event, on_status: StatusCallback) -> SyncReport:
        with self._lock:
            started, began = self._wall(), self._monotonic()
            tally = Tally()
            self._asked = None
            self._publish(on_status, syncing=True, progress=None, retry_in=None)
            try:
                problem = self._attempt(stop, on_status, tally)
                queued = queued_count(self._conn)
                cursor = device_state(self._conn).cursor
            except sqlite3.Error as error:  # the mirror itself, outside push and pull
                problem = _mirror_problem(error)
                queued, cursor = self._status.queued, None
            ended = self._wall()
            self._publish(
                on_status,
                syncing=False,
                progress=None,
                retry_in=None,
                online=tally.online,
                queued=queued,
                problem=problem,
                last_success=ended if problem is None else self._status.last_success,
            )
            return SyncReport(
                started_at=started,
                duration=self._monotonic() - began,
                pulled=tally.pulled,
                changed=tally.changed,
                snapshot_reason=tally.snapshot_reason,
                pushed=dict(tally.pushed),
                refusals=tuple(tally.refusals),
                queued=queued,
                cursor=cursor,
                online=tally.online,
                problem=problem,
            )

    def _attempt(
        self, stop: threading.Event, on_status: StatusCallback, tally: Tally
    ) -> Message | None:
        """Push, then pull; the first problem met, in plain words (None: all went well)."""

        def waiting(error: SyncError, seconds: float) -> None:
            tally.online = not isinstance(error, OfflineError)
            self._publish(on_status, online=tally.online, problem=error.message, retry_in=seconds)

        def progress(step: Progress) -> None:
            self._publish(on_status, progress=step)

        retrier = Retrier(
            self.settings.backoff,
            self.settings.attempts,
            self._rng,
            self._sleep,
            self._wall,
            stop,
            on_wait=waiting,
        )
        try:
            session = retrier.call(self._tokens.session)
        except SyncError as error:
            tally.online = not isinstance(error, OfflineError)
            self._asked = asked_delay(error, self._wall)
            return error.message
        tally.online = True
        state = device_state(self._conn)
        if (state.username, state.role) != (session.username, session.role):
            set_session(
                self._conn, username=session.username, role=session.role, scope=session.scope
            )
        ctx = Round(
            self._conn,
            self._client,
            self.settings,
            self._wall,
            retrier,
            tally,
            session.scope,
            progress,
            stop,
        )
        pushed = self._step(tally, lambda: push(ctx, state.device_id, session.username))
        if (pushed is not None and tally.online is False) or stop.is_set():
            return pushed  # offline: the pull would fail the same way; stopped: no pull
        # A refused push (a stuck or foreign queue) must not freeze the mirror: pull anyway.
        with collections_spaced():
            pulled = self._step(tally, lambda: pull(ctx))
        return pushed or pulled

    def _step(self, tally: Tally, work: Callable[[], None]) -> Message | None:
        """Run push or pull; what went wrong, in plain words."""
        try:
            work()
        except SyncError as error:
            tally.online = not isinstance(error, OfflineError)
            self._asked = asked_delay(error, self._wall)
            return error.message
        except (RowError, OutboxError, SnapshotIncompleteError) as error:
            tally.online = True
            return Message(
                N_(
                    "The central sent data this console cannot accept; nothing of it was applied: {detail}"
                ),
                {"detail": error.message},
            )
        except sqlite3.Error as error:
            return _mirror_problem(error)
        return None

    # -- status ---------------------------------------------------------------------

    def _publish(self, on_status: StatusCallback, **changes: object) -> None:
        status = replace(self._status, **changes)  # type: ignore[arg-type]
        if status != self._status:
            self._status = status
            on_status(status)

    # -- verification -----------------------------------------------------------------

    def central_checksum(self) -> Checksum:
        """The central's checksum of this user's scope (retried like any request)."""
        retrier = Retrier(
            self.settings.backoff,
            self.settings.attempts,
            self._rng,
            self._sleep,
            self._wall,
            threading.Event(),
        )
        return retrier.call(self._client.checksum)

    def local_checksums(self) -> dict[str, TableChecksum]:
        """The mirror's checksum of the central's rows, comparable with the central's."""
        with self._lock:
            return checksums(self._conn)
