"""How long to wait after a failure: Retry-After first, else exponential with jitter.

A small policy object rather than stamina or tenacity: the engine must replay a
failing run from its seed, so the clock, the sleep and the random source are
injected. stamina draws its jitter from the module-global ``random`` and sleeps
by itself; tenacity also uses global ``random`` and reads ``time.monotonic``
directly. Neither can take them.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from prakerja_console.sync.errors import RetryLaterError, SyncError

T = TypeVar("T")

# "Sleep up to this many seconds unless the event is set; True when it was set".
# Production passes ``threading.Event.wait`` itself; a simulation advances a fake clock.
Sleep = Callable[[threading.Event, float], bool]
Clock = Callable[[], float]

_MAX_EXPONENT = 60


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays after consecutive failures.

    Without ``Retry-After`` the n-th failure waits ``initial · multiplier^(n-1)``
    capped at ``maximum``, spread by ± ``jitter`` (a fraction) so that consoles
    that failed together do not retry together. A ``Retry-After`` is honoured as
    given (capped at ``max_retry_after`` against a runaway header) and only ever
    lengthened by the jitter, never shortened.
    """

    initial: float = 0.5
    multiplier: float = 2.0
    maximum: float = 60.0
    jitter: float = 0.2
    max_retry_after: float = 600.0

    def __post_init__(self) -> None:
        if not (0 < self.initial <= self.maximum and self.multiplier >= 1 and 0 <= self.jitter < 1):
            raise ValueError(
                "backoff needs 0 < initial <= maximum, multiplier >= 1, 0 <= jitter < 1"
            )

    def delay(self, failures: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Seconds to wait after ``failures`` consecutive failures (1 for the first)."""
        if retry_after is not None:
            asked = min(max(retry_after, 0.0), self.max_retry_after)
            return asked * (1 + self.jitter * rng.random())
        exponent = min(max(failures, 1) - 1, _MAX_EXPONENT)
        base = min(self.maximum, self.initial * self.multiplier**exponent)
        return base * (1 - self.jitter + 2 * self.jitter * rng.random())


def asked_delay(error: SyncError, clock: Clock) -> float | None:
    """What a RetryLaterError asked for, in seconds from ``clock``'s now (None: not said)."""
    if not isinstance(error, RetryLaterError):
        return None
    if error.retry_after is not None:
        return error.retry_after
    if error.retry_at is not None:
        return max(0.0, error.retry_at - clock())
    return None


@dataclass(frozen=True, slots=True)
class Retrier:
    """Calls a step again after transient failures, at most ``attempts`` times in all.

    The waits go through ``sleep`` on ``stop``: when the event is set, the last
    error is raised at once instead of waiting. ``on_wait`` hears of each wait.
    A step that resumes long work (a pull) passes ``progress``: failures count
    from the last time it moved, so a long pull through a flaky link goes on as
    long as it advances.
    """

    backoff: Backoff
    attempts: int
    rng: random.Random
    sleep: Sleep
    wall: Clock
    stop: threading.Event
    on_wait: Callable[[SyncError, float], None] | None = None

    def call(self, step: Callable[[], T], progress: Callable[[], int] | None = None) -> T:
        failures = 0
        mark = progress() if progress is not None else 0
        while True:
            try:
                return step()
            except SyncError as error:
                if not error.transient:
                    raise
                if progress is not None and progress() != mark:
                    failures, mark = 0, progress()
                failures += 1
                if failures >= self.attempts or self.stop.is_set():
                    raise
                wait = self.backoff.delay(failures, self.rng, asked_delay(error, self.wall))
                if self.on_wait is not None:
                    self.on_wait(error, wait)
                if self.sleep(self.stop, wait):
                    raise
