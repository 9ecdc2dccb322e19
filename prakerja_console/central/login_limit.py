"""Failed logins counted per username and per client address, so passwords cannot be guessed at speed.

After ``per_username`` failures for one username, or ``per_address`` from one
client address, within ``window`` seconds, further logins for that username (or
from that address) are answered 429 with ``Retry-After`` until the oldest of those
failures is ``window`` seconds old — without checking the password, so a guesser
learns nothing and costs no scrypt. A successful login forgets its username's
failures, not its address's: a guesser holding one valid account must not be able
to reset the count of the address it guesses from. An address is allowed more
failures than a username because a whole office may share one.

One limiter belongs to one central app (its :class:`~prakerja_console.central.runtime.Runtime`);
"now" is the central's clock, passed in. Requests run on a thread pool, so the
counts are kept under a lock. A burst of concurrent guesses may each pass the
check before the first failure is counted: that is at most the pool's size,
once per window.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

# Beyond this many counted keys, the ones whose failures all expired are dropped
# (a spray of made-up usernames must not grow memory for good).
SWEEP_ABOVE = 10_000


@dataclass(frozen=True, slots=True)
class LoginLimits:
    per_username: int = 5
    per_address: int = 20
    window: int = 300  # seconds

    def __post_init__(self) -> None:
        if self.per_username < 1 or self.per_address < 1 or self.window < 1:
            raise ValueError("login limits and their window must be positive")

    @classmethod
    def parse(cls, text: str) -> LoginLimits:
        """``5/20/300``: failures per username, failures per address, within seconds."""
        parts = text.split("/")
        if len(parts) != 3 or not all(part.strip().isdecimal() for part in parts):
            raise ValueError(f"expected USERNAME/ADDRESS/SECONDS, e.g. 5/20/300, not {text!r}")
        per_username, per_address, window = (int(part) for part in parts)
        return cls(per_username, per_address, window)

    def __str__(self) -> str:
        return f"{self.per_username}/{self.per_address}/{self.window}"


class LoginLimiter:
    """Counts failed logins; see the module docstring."""

    def __init__(self, limits: LoginLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], deque[int]] = {}

    def wait(self, username: str, address: str, now: int) -> int:
        """Seconds before a login for ``username`` from ``address`` may be tried; 0: now."""
        with self._lock:
            return max(
                self._wait(("user", username.casefold()), self.limits.per_username, now),
                self._wait(("address", address), self.limits.per_address, now),
            )

    def failed(self, username: str, address: str, now: int) -> None:
        with self._lock:
            for key in (("user", username.casefold()), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > SWEEP_ABOVE:
                self._sweep(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.casefold()), None)

    def _wait(self, key: tuple[str, str], limit: int, now: int) -> int:
        times = self._failures.get(key)
        if times is None:
            return 0
        while times and times[0] <= now - self.limits.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0
        if len(times) < limit:
            return 0
        return times[-limit] + self.limits.window - now

    def _sweep(self, now: int) -> None:
        expired = [
            key for key, times in self._failures.items() if times[-1] <= now - self.limits.window
        ]
        for key in expired:
            del self._failures[key]
