"""What every request handler of one central shares: its config, database and handlers."""

from __future__ import annotations

from dataclasses import dataclass

from prakerja_console.central.auth import TokenLifetimes
from prakerja_console.central.config import CentralConfig
from prakerja_console.central.database import Database
from prakerja_console.central.login_limit import LoginLimiter
from prakerja_console.central.mutations import Handlers


@dataclass(frozen=True, slots=True)
class Runtime:
    config: CentralConfig
    db: Database
    handlers: Handlers
    logins: LoginLimiter

    @property
    def lifetimes(self) -> TokenLifetimes:
        return TokenLifetimes(
            access=self.config.access_ttl,
            refresh=self.config.refresh_ttl,
            grace=self.config.refresh_grace,
        )

    def now(self) -> int:
        return self.config.now()
