"""Failed logins counted per username and client address, and per address: no guessing at speed.

After ``per_username`` failures for one username from one client address, or
``per_address`` from one address for any usernames, within ``window`` seconds,
further logins for that username from that address (or anything from that
address) are answered 429 with ``Retry-After`` until the oldest of those failures
is ``window`` seconds old — without checking the password, so a guesser learns
nothing and costs no scrypt. A successful login forgets the failures of its
username from its address, not its address's: a guesser holding one valid
account must not be able to reset the count of the address it guesses from. An
address is allowed more failures than a username because a whole office may
share one.

Nothing is counted per username across addresses. Such a count refused the
username outright, so anyone could keep a real agent locked out with a wrong
password a minute from anywhere. The price: a guesser spread over many addresses
gets ``per_username`` tries at one account per address per window; the
passwords' scrypt cost and strength must carry that.
Behind a reverse proxy every client shares the proxy's address, so the proxy must
pass the client's own (``X-Forwarded-For``, trusted from uvicorn's
``FORWARDED_ALLOW_IPS``), or ``per_address`` failures shut everyone out.

An IPv6 client is counted by its /64: one host is usually given a whole /64 and
could otherwise step through it. IPv4 is counted by the full address.

Memory stays bounded under a spray of made-up usernames or addresses: keys are
kept in the order of their latest failure, so the expired ones are dropped from
the front in O(1) amortised per failure (the lock is held only that long, and
every login's :meth:`LoginLimiter.wait` takes it), each key keeps at most its
limit's number of failures, and beyond :data:`MAX_KEYS` the least recently
failed keys are forgotten — a spray that large forgets its own oldest entries
first. A wait is never longer than the window, even after the wall clock steps
back.

One limiter belongs to one central app (its :class:`~prakerja_console.central.runtime.Runtime`);
"now" is the central's clock, passed in. Requests run on a thread pool, so the
counts are kept under a lock. A burst of concurrent guesses may each pass the
check before the first failure is counted: that is at most the pool's size,
once per window.
"""

from __future__ import annotations

import ipaddress
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass

# The most keys (usernames, addresses) counted at once; beyond it the least
# recently failed are forgotten. A few hundred bytes each: tens of MB at most.
MAX_KEYS = 100_000

_Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoginLimits:
    per_username: int = 5  # for one username from one address
    per_address: int = 20  # from one address, any usernames
    window: int = 300  # seconds

    def __post_init__(self) -> None:
        if self.per_username < 1 or self.per_address < 1 or self.window < 1:
            raise ValueError("login limits and their window must be positive")

    @classmethod
    def parse(cls, text: str) -> LoginLimits:
        """``5/20/300``: failures per username from one address, per address, within seconds."""
        parts = text.split("/")
        if len(parts) != 3 or not all(part.strip().isdecimal() for part in parts):
            raise ValueError(f"expected USERNAME/ADDRESS/SECONDS, e.g. 5/20/300, not {text!r}")
        per_username, per_address, window = (int(part) for part in parts)
        return cls(per_username, per_address, window)

    def __str__(self) -> str:
        return f"{self.per_username}/{self.per_address}/{self.window}"


class LoginLimiter:
    """Counts failed logins; see the module docstring."""

    def __init__(self, limits: LoginLimits, max_keys: int = MAX_KEYS) -> None:
        self.limits = limits
        self.max_keys = max_keys
        self._lock = threading.Lock()
        # Oldest latest failure first; each deque holds at most its limit's count.
        self._failures: OrderedDict[_Key, deque[int]] = OrderedDict()

    def __len__(self) -> int:
        """Keys counted now (memory is bounded by :attr:`max_keys`)."""
        return len(self._failures)

    def wait(self, username: str, address: str, now: int) -> int:
        """Seconds before a login for ``username`` from ``address`` may be tried; 0: now."""
        (pair, pair_limit), (place, place_limit) = self._keys(username, address)
        with self._lock:
            return max(self._wait(pair, pair_limit, now), self._wait(place, place_limit, now))

    def failed(self, username: str, address: str, now: int) -> None:
        keys = self._keys(username, address)
        with self._lock:
            for key, limit in keys:
                times = self._failures.pop(key, None)
                if times is None:
                    times = deque(maxlen=limit)  # only the last `limit` ever decide a wait
                times.append(now)
                self._failures[key] = times  # re-inserted: now the most recent
            self._expire(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of ``username`` from ``address`` (not the address's own)."""
        (pair, _limit), _place = self._keys(username, address)
        with self._lock:
            self._failures.pop(pair, None)

    def _keys(self, username: str, address: str) -> tuple[tuple[_Key, int], tuple[_Key, int]]:
        """The (username, address) key and the address key, each with its limit."""
        place = address_key(address)
        return (
            (("user", username.casefold(), place), self.limits.per_username),
            (("address", place), self.limits.per_address),
        )

    def _wait(self, key: _Key, limit: int, now: int) -> int:
        times = self._failures.get(key)
        if times is None or len(times) < limit:
            return 0
        # Capped: after the wall clock steps back, "now" may precede the failures.
        return max(0, min(times[-limit] + self.limits.window - now, self.limits.window))

    def _expire(self, now: int) -> None:
        failures = self._failures
        while failures:
            oldest = next(iter(failures.values()))
            if oldest[-1] > now - self.limits.window and len(failures) <= self.max_keys:
                break
            failures.popitem(last=False)


def address_key(address: str) -> str:
    """What a client address is counted by: an IPv6 address's /64, else the address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP (a test client, a Unix socket): counted as given
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
