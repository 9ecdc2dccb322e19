"""A console over its own mirror, synced in-process with a central database: no HTTP.

Push is the central's mutation processor, pull its change feed, applied by the
store exactly as the sync engine applies them: the whole path of a ticket action
— service checks, outbox, local effect, handler, feed, rebase — runs in one
thread, deterministically. The acceptance tests over real HTTP with the real
sync engine live in ``test_two_consoles.py`` and ``test_offline.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from prakerja_console.central.auth import Principal
from prakerja_console.central.checksum import checksum
from prakerja_console.central.database import Database
from prakerja_console.central.feed import read_changes
from prakerja_console.central.mutations import HANDLERS
from prakerja_console.central.mutations.processor import process_batch
from prakerja_console.central.snapshot import current_cursor, read_page
from prakerja_console.services import ConsoleServices, Operator
from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.ingest import apply_changes
from prakerja_console.store.migrations import prepare
from prakerja_console.store.outbox import pending_batch, record_results
from prakerja_console.store.queries import checksums
from prakerja_console.store.snapshot import SnapshotWriter
from prakerja_console.store.state import update_state
from prakerja_console.sync.protocol import (
    MutationBatch,
    MutationResult,
    SnapshotStart,
    Table,
    TableChecksum,
    TableRows,
    columns_of,
)


class Console:
    """One agent's console: a mirror, its services, and a loopback sync."""

    def __init__(
        self, folder: Path, db: Database, who: Principal, clock: Callable[[], int]
    ) -> None:
        self.db = db
        self.who = who
        self.clock = clock
        self.path = folder / f"mirror-{who.username}.db"
        prepare(self.path, device_id=who.device_id)
        self._sync = connect(self.path, Purpose.SYNC)
        self._snapshot()
        self.services = ConsoleServices(
            self.path,
            lambda: datetime.fromtimestamp(self.clock(), UTC),
            operator=Operator(who.username, who.role, who.scope),
        )
        self.answers: list[MutationResult] = []

    def _snapshot(self) -> None:
        with self.db.read() as tx:
            cursor = current_cursor(tx, self.who.scope).encode()
            writer = SnapshotWriter.begin(
                self._sync,
                SnapshotStart(cursor=cursor, tables={}, server_time=self.clock()),
                scope=self.who.scope,
                now=self.clock(),
            )
            for table in Table:
                after = 0
                while True:
                    page = read_page(tx, table, self.who.scope, after, 1000)
                    writer.add_rows(
                        table,
                        TableRows(columns=list(page.columns), rows=[list(r) for r in page.rows]),
                        next_after=page.next_after,
                    )
                    if page.next_after is None:
                        break
                    after = page.next_after
        writer.finish(now=self.clock())
        with transaction(self._sync):
            update_state(
                self._sync,
                username=self.who.username,
                role=self.who.role.value,
                scope=self.who.scope,
            )

    def push(self) -> list[MutationResult]:
        """Send every pending action, as the engine does (batches in sequence order)."""
        sent: list[MutationResult] = []
        while batch := pending_batch(self._sync):
            response = process_batch(
                self.db,
                self.who,
                MutationBatch(device_id=self.who.device_id, mutations=batch),
                self.clock(),
                HANDLERS,
            )
            record_results(self._sync, response.results, now=self.clock())
            sent += response.results
        self.answers += sent
        return sent

    def pull(self) -> None:
        (cursor,) = self._sync.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()
        while True:
            with self.db.read() as tx:
                page = read_changes(tx, cursor, self.who.scope, 1000)
            upserts = {
                table.value: TableRows(
                    columns=list(columns_of(table)), rows=[list(r) for r in rows]
                )
                for table, rows in page.upserts.items()
            }
            cursor = page.next_cursor.encode()
            apply_changes(
                self._sync, upserts, {}, cursor, now=self.clock(), caught_up=not page.has_more
            )
            if not page.has_more:
                return

    def sync(self) -> list[MutationResult]:
        """Push, then pull: one round of the engine."""
        sent = self.push()
        self.pull()
        return sent

    def agrees_with_central(self) -> bool:
        """The mirror's checksums equal the central's for this user's scope."""
        with self.db.read() as tx:
            central = checksum(tx, self.who.scope).tables
        reader = connect(self.path, Purpose.READ)
        try:
            mirror: dict[str, TableChecksum] = checksums(reader)
        finally:
            reader.close()
        return mirror == central

    def close(self) -> None:
        self.services.close()
        self._sync.close()
