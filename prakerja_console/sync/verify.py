"""Does the mirror hold exactly the central's rows? Compare checksums, not rows.

Both sides sum :func:`~prakerja_console.sync.protocol.checksum_term` over
``(id, version)`` per table. The central keeps changing while we look, so a
comparison is only meaningful when the central's checksum was the same before
and after the mirror caught up; otherwise it is tried again (``attempts``) and
the result says whether the central held still.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from prakerja_console.domain.text import Message
from prakerja_console.sync.engine import SyncEngine
from prakerja_console.sync.protocol import Checksum, TableChecksum
from prakerja_console.sync.report import SyncReport


@dataclass(frozen=True, slots=True)
class TableDifference:
    table: str
    mirror: TableChecksum | None
    central: TableChecksum | None


@dataclass(frozen=True, slots=True)
class Verification:
    """``differences`` empty: equal. ``settled``: the central did not change meanwhile."""

    differences: tuple[TableDifference, ...]
    settled: bool
    report: SyncReport  # the last catch-up round

    @property
    def equal(self) -> bool:
        return not self.differences

    @property
    def problem(self) -> Message | None:
        return self.report.problem


def compare(mirror: Mapping[str, TableChecksum], central: Checksum) -> tuple[TableDifference, ...]:
    """Tables whose count or digest differ (a table missing on one side differs)."""
    return tuple(
        TableDifference(table, mirror.get(table), central.tables.get(table))
        for table in sorted({*mirror, *central.tables})
        if mirror.get(table) != central.tables.get(table)
    )


def verify(engine: SyncEngine, attempts: int = 3) -> Verification:
    """Catch up, then compare; again while the central changes underneath."""
    verification: Verification | None = None
    for _ in range(max(1, attempts)):
        before = engine.central_checksum()
        report = engine.sync_once()
        if not report.ok:
            return Verification((), settled=False, report=report)
        mirror = engine.local_checksums()
        after = engine.central_checksum()
        verification = Verification(compare(mirror, after), settled=before == after, report=report)
        if verification.equal or verification.settled:
            return verification
    assert verification is not None
    return verification
