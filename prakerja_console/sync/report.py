"""What a sync round did (:class:`SyncReport`) and how sync stands now (:class:`SyncStatus`).

The TUI's header and the ``sync`` command read these; the services read the
status by attribute name (``online``, ``syncing``, ``progress.done/total/table``,
``problem``), so the names here are part of that contract.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prakerja_console.domain.text import Message
from prakerja_console.sync.protocol import MutationResult

OUTCOMES = ("applied", "duplicate", "conflict", "rejected")


@dataclass(frozen=True, slots=True)
class Refusal:
    """An action the central did not apply: a conflict or a rejection, and why.

    ``message`` is the central's plain-words English, a catalogue msgid the
    console translates where it shows it.
    """

    action_id: str
    seq: int
    status: str  # conflict | rejected
    reason_code: str | None
    message: str | None


def outcome_of(result: MutationResult) -> str:
    """What really happened: a duplicate of a refused action is that refusal."""
    if result.status == "duplicate" and result.original_status in ("conflict", "rejected"):
        return result.original_status
    return result.status


@dataclass(frozen=True, slots=True)
class Progress:
    """Work in a long step: rows of ``table`` loaded, or indexes built, ``done`` of ``total``."""

    phase: str  # load | index | swap
    table: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class SyncReport:
    """One push-then-pull round."""

    started_at: float  # wall-clock epoch seconds
    duration: float  # seconds
    pulled: int = 0  # rows the central sent (change pages and snapshot pages)
    changed: int = 0  # rows that changed the mirror (inserted, updated, deleted)
    snapshot_reason: str | None = None  # why the mirror was (re)loaded, if it was
    pushed: Mapping[str, int] = field(default_factory=dict)  # outcome -> actions
    refusals: tuple[Refusal, ...] = ()
    queued: int = 0  # actions still waiting for the central after the round
    cursor: str | None = None
    online: bool | None = None
    problem: Message | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def conflicts(self) -> int:
        return self.pushed.get("conflict", 0)

    @property
    def rejected(self) -> int:
        return self.pushed.get("rejected", 0)

    def as_json(self, render: Any = None) -> dict[str, Any]:
        """The report as plain JSON values; ``render`` turns the problem into text."""
        return {
            "ok": self.ok,
            "pulled": self.pulled,
            "changed": self.changed,
            "snapshot": self.snapshot_reason,
            "pushed": {outcome: self.pushed.get(outcome, 0) for outcome in OUTCOMES},
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "refusals": [
                {
                    "id": refusal.action_id,
                    "seq": refusal.seq,
                    "status": refusal.status,
                    "reason_code": refusal.reason_code,
                    "message": refusal.message,
                }
                for refusal in self.refusals
            ],
            "queued": self.queued,
            "cursor": self.cursor,
            "online": self.online,
            "duration_seconds": round(self.duration, 3),
            "problem": None
            if self.problem is None
            else (render(self.problem) if render is not None else self.problem.render()),
        }


@dataclass(slots=True)
class Tally:
    """A round's report while it is being made."""

    pulled: int = 0
    changed: int = 0
    snapshot_reason: str | None = None
    pushed: Counter[str] = field(default_factory=Counter)
    refusals: list[Refusal] = field(default_factory=list)
    online: bool | None = None

    def answered(self, results: Sequence[MutationResult]) -> None:
        for result in results:
            outcome = outcome_of(result)
            self.pushed[outcome] += 1
            if outcome in ("conflict", "rejected"):
                self.refusals.append(
                    Refusal(result.id, result.seq, outcome, result.reason_code, result.message)
                )


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """How sync stands, as the header shows it.

    ``online`` is None before the first contact; ``last_success`` the wall-clock
    end of the last round without a problem; ``retry_in`` the seconds until the
    next attempt after a failure.
    """

    online: bool | None = None
    syncing: bool = False
    last_success: float | None = None
    queued: int = 0
    progress: Progress | None = None
    problem: Message | None = None
    retry_in: float | None = None
