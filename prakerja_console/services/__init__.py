"""What the UI calls: lookup, applicant detail, actions, sync — over the local mirror.

The UI never imports the store or the sync engine; it holds one
:class:`ConsoleServices` and calls it from worker threads (every method may touch
SQLite). Construction is cheap and does no I/O, so the first paint never waits
for the mirror: the schema check and the store's heavy imports happen on the
first call, in a worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_console.services.lookup import LookupService
from prakerja_console.services.mirror import Mirror
from prakerja_console.services.session import Operator
from prakerja_console.services.status import LinkState, MirrorFacts
from prakerja_console.services.sync import SyncEngine, SyncService, link_from_status

if TYPE_CHECKING:
    from prakerja_console.services.actions import ActionService
    from prakerja_console.services.applicant import ApplicantService
    from prakerja_console.services.ticket_actions import TicketActions
    from prakerja_console.services.tickets import TicketService


class ConsoleServices:
    """The services of one console session over one mirror file."""

    def __init__(
        self,
        mirror_path: Path,
        clock: Callable[[], datetime],
        *,
        engine: SyncEngine | None = None,
        operator: Operator | None = None,
        read_status: Callable[[object], LinkState] = link_from_status,
        stopwatch: Callable[[], float] = time.perf_counter,
    ) -> None:
        """``operator`` fixes the user (tests, demos); otherwise the mirror's login is used.
        ``stopwatch`` times lookups (a fake one keeps snapshots stable)."""
        self.mirror = Mirror(mirror_path)
        self.clock = clock
        self._fixed_operator = operator
        self._operator = operator
        self.lookup = LookupService(self.mirror, stopwatch)
        self.sync = SyncService(self.mirror, engine, clock, read_status)

    # The services the first screen does not need are built (and their modules
    # imported) on first use, so they cost nothing before the first paint.

    @cached_property
    def applicants(self) -> ApplicantService:
        from prakerja_console.services.applicant import ApplicantService

        return ApplicantService(self.mirror)

    @cached_property
    def actions(self) -> ActionService:
        from prakerja_console.services.actions import ActionService

        return ActionService(self.mirror, lambda: self._operator, self.clock)

    @cached_property
    def tickets(self) -> TicketService:
        from prakerja_console.services.tickets import TicketService

        return TicketService(self.mirror, lambda: self._operator, self.clock)

    @cached_property
    def ticket_actions(self) -> TicketActions:
        from prakerja_console.services.ticket_actions import TicketActions

        return TicketActions(self.mirror, lambda: self._operator, self.clock)

    @property
    def operator(self) -> Operator | None:
        """The logged-in user, once :meth:`facts` has read the mirror (or the fixed one)."""
        return self._operator

    def facts(self) -> MirrorFacts:
        """Read the mirror's sync facts and remember who is logged in."""
        found = self.sync.facts()
        if self._fixed_operator is None:
            self._operator = found.operator
        return found

    def close(self) -> None:
        """Stop background sync and close every connection (at exit)."""
        self.sync.stop()
        self.mirror.close()


__all__ = ["ConsoleServices", "Operator"]
