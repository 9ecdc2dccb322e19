"""How one reference central runs: its database, data, token lifetimes, traffic, faults, clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prakerja_console.central.faults import FaultSpec
from prakerja_console.central.login_limit import LoginLimits
from prakerja_console.central.users import DEFAULT_USERS_FILE

Clock = Callable[[], float]  # seconds since the Unix epoch, like time.time

DEFAULT_ACCESS_TTL = 15 * 60
DEFAULT_REFRESH_TTL = 30 * 86_400
# A spent refresh token presented again this soon, while its successor is unused, is
# the same console retrying after a lost answer; later it means the token was copied.
DEFAULT_REFRESH_GRACE = 60
DEFAULT_SNAPSHOT_PAGE = 10_000
MAX_SNAPSHOT_PAGE = 50_000
DEFAULT_CHANGES_PAGE = 1_000
MAX_CHANGES_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class CentralConfig:
    """Everything a central instance needs; tests build one per server.

    ``clock`` is the central's only source of "now" (token expiry, timestamps of
    changes, the simulator's pace), so a test can move time instead of waiting.
    """

    database_url: str
    users_file: Path = DEFAULT_USERS_FILE
    access_ttl: int = DEFAULT_ACCESS_TTL
    refresh_ttl: int = DEFAULT_REFRESH_TTL
    refresh_grace: int = DEFAULT_REFRESH_GRACE  # seconds; 0 = no retry window
    rate_per_minute: float = 0.0  # traffic simulator's registrations per minute; 0 = off
    simulator_seed: int = 20200411
    faults: FaultSpec = field(default_factory=FaultSpec)
    login_limits: LoginLimits = field(default_factory=LoginLimits)  # failed logins
    clock: Clock = time.time

    def __post_init__(self) -> None:
        if self.access_ttl < 1 or self.refresh_ttl < self.access_ttl:
            raise ValueError("token lifetimes must be positive, refresh at least as long as access")
        if not 0 <= self.refresh_grace < self.refresh_ttl:
            raise ValueError("the refresh grace window must be between 0 and the refresh lifetime")
        if self.rate_per_minute < 0:
            raise ValueError("the simulator's rate cannot be negative")

    def now(self) -> int:
        """The central's current time in whole epoch seconds."""
        return int(self.clock())


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path.resolve()}"
