"""What the shell's header shows: who is working, and how the mirror stands with the central."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from prakerja_console.domain.text import Message
from prakerja_console.services.session import Operator


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """A first sync (snapshot) under way: rows done of rows expected, in ``table``."""

    done: int
    total: int
    table: str = ""

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class LinkState:
    """What the sync engine last reported.

    ``online`` is None until the first contact with the central is attempted (and
    stays None when no engine runs); ``available`` is False when no engine is
    configured at all (no server, or nobody logged in).
    """

    available: bool = False
    online: bool | None = None
    syncing: bool = False
    progress: SyncProgress | None = None
    problem: Message | None = None


@dataclass(frozen=True, slots=True)
class MirrorFacts:
    """What the mirror itself says: queue, last exchanges, cursor, session."""

    queued: int
    conflicts: int
    last_pull_at: datetime | None
    last_push_at: datetime | None
    cursor: str | None
    snapshot_in_progress: bool
    operator: Operator | None


@dataclass(frozen=True, slots=True)
class ShellStatus:
    """One consistent reading of the facts the header needs."""

    facts: MirrorFacts
    link: LinkState
