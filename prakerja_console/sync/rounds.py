"""What one sync round works with, and the knobs of the engine."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.outbox import MAX_BATCH
from prakerja_console.sync.backoff import Backoff, Clock, Retrier
from prakerja_console.sync.client import CentralClient
from prakerja_console.sync.errors import StoppedError
from prakerja_console.sync.report import Progress, Tally


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How the engine paces itself.

    ``changes_limit``/``snapshot_limit`` are rows per page (the central allows up
    to 10,000 and 50,000); ``lookahead`` downloads the next page while the last
    one is written (:mod:`~prakerja_console.sync.prefetch`);
    ``attempts`` is how many times one request is tried within a round before the
    round gives up; ``backoff`` paces those tries and ``idle_backoff`` the rounds
    after a failed one.
    """

    interval: float = 5.0
    changes_limit: int = 5_000
    snapshot_limit: int = 25_000
    push_batch: int = MAX_BATCH
    lookahead: bool = True
    attempts: int = 5
    backoff: Backoff = field(default_factory=Backoff)
    idle_backoff: Backoff = field(default_factory=lambda: Backoff(initial=2.0, maximum=300.0))

    def __post_init__(self) -> None:
        if not 1 <= self.push_batch <= MAX_BATCH:
            raise ValueError(f"push_batch must be between 1 and {MAX_BATCH}")
        if self.changes_limit < 1 or self.snapshot_limit < 1 or self.attempts < 1:
            raise ValueError("page sizes and attempts must be positive")
        if self.interval <= 0:
            raise ValueError("the interval must be positive")


@dataclass(frozen=True, slots=True)
class Round:
    """One round's connection, client, session scope, pacing and running tally."""

    conn: sqlite3.Connection
    client: CentralClient
    settings: EngineSettings
    wall: Clock
    retrier: Retrier
    tally: Tally
    scope: str | None
    on_progress: Callable[[Progress], None]
    stop: threading.Event

    def now(self) -> int:
        """Wall-clock epoch seconds, as the mirror records them."""
        return int(self.wall())

    def check_stop(self) -> None:
        """End the round between two commits when asked to (the console is closing)."""
        if self.stop.is_set():
            raise StoppedError(
                Message(N_("Sync was stopped before it finished; it goes on at the next sync."))
            )
