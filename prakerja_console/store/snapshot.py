"""First sync and re-snapshot: load everything beside the live tables, then swap.

The measurements (DESIGN §5) say: insert tuples with a raw ``executemany`` into
tables that have only their primary key, then build indexes and FTS (building
them first costs ~5× instead of ~2×). So a snapshot

1. creates *bare* shadow tables (``applicants__next`` …) beside the live ones;
2. inserts each page straight from :class:`~prakerja_console.sync.protocol.TableRows`
   (column names checked, types checked by the ``STRICT`` tables, a bad row named
   precisely), committing each page with its progress, so a crash or a restart
   resumes where it stopped (:meth:`SnapshotWriter.resume`);
3. builds the indexes, the FTS table and the dashboards' summary tables
   (:mod:`~prakerja_console.store.summary`) of the next *generation* on the shadows;
4. swaps shadows for live tables **in one transaction** together with the cursor
   from :class:`~prakerja_console.sync.protocol.SnapshotStart`, retires answered
   actions and re-applies the local effects of pending ones on the new rows.

The screens keep reading the old data until the swap commits (WAL readers see the
last committed state); the outbox is never touched. A re-snapshot (cursor too
old, scope or schema changed) is the same path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter

from prakerja_console.domain.text import N_, Message
from prakerja_console.store import effects
from prakerja_console.store.connection import checkpoint, transaction
from prakerja_console.store.ingest import REFUSALS
from prakerja_console.store.models import REPLICATED
from prakerja_console.store.rows import check_columns, refused, resolve_table
from prakerja_console.store.schema import (
    FTS_TABLE,
    FTS_TRIGGERS,
    REPLICATED_INDEXES,
    create_table_sql,
    drop_replicated_tables,
    drop_shadow_tables,
    fill_fts_sql,
    fts_table_sql,
    indexes_of,
    shadow_name,
)
from prakerja_console.store.state import device_state, update_state
from prakerja_console.store.summary import SUMMARIES, summary_triggers
from prakerja_console.sync.protocol import SnapshotPage, SnapshotStart, Table, TableRows


class Phase(StrEnum):
    LOAD = "load"  # rows of a table: done / total rows
    INDEX = "index"  # indexes and search: done / total structures
    SWAP = "swap"  # the new data is live


@dataclass(frozen=True, slots=True)
class Progress:
    phase: Phase
    table: str
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


class SnapshotIncompleteError(RuntimeError):
    """``finish`` was called before every table was loaded."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def _ignore(_: Progress) -> None:
    """The default progress callback."""


class SnapshotWriter:
    """Loads one snapshot on the sync worker's connection; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, progress: ProgressCallback | None) -> None:
        self._conn = conn
        self._progress = progress or _ignore

    @classmethod
    def begin(
        cls,
        conn: sqlite3.Connection,
        start: SnapshotStart,
        *,
        scope: str | None,
        now: int,
        progress: ProgressCallback | None = None,
    ) -> SnapshotWriter:
        """Start loading the snapshot that ``start`` announced, forgetting any other."""
        with transaction(conn):
            drop_shadow_tables(conn)
            conn.execute("DELETE FROM snapshot_progress")
            for table, model in REPLICATED.items():
                conn.execute(create_table_sql(model, shadow_name(table.value)))
            conn.executemany(
                "INSERT INTO snapshot_progress (tbl, total, done, next_after, complete)"
                " VALUES (?, ?, 0, NULL, ?)",
                [
                    (table.value, start.tables.get(table.value, 0), table not in start.tables)
                    for table in Table
                ],
            )
            update_state(
                conn, snapshot_cursor=start.cursor, snapshot_scope=scope, snapshot_started_at=now
            )
        return cls(conn, progress)

    @classmethod
    def resume(
        cls, conn: sqlite3.Connection, *, progress: ProgressCallback | None = None
    ) -> SnapshotWriter | None:
        """The snapshot a previous run was loading, if any (None: start a new one)."""
        if device_state(conn).snapshot_cursor is None:
            return None
        (shadows,) = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
            f" ({', '.join('?' * len(Table))})",
            [shadow_name(table.value) for table in Table],
        ).fetchone()
        return cls(conn, progress) if shadows == len(Table) else None

    @property
    def cursor(self) -> str:
        """Where the change feed resumes once this snapshot is live."""
        cursor = device_state(self._conn).snapshot_cursor
        if cursor is None:
            raise SnapshotIncompleteError(Message(N_("No snapshot is being loaded")))
        return cursor

    def next_after(self, table: Table) -> int | None:
        """The ``after`` to ask the next page of ``table`` with (None: from the start)."""
        row = self._conn.execute(
            "SELECT next_after FROM snapshot_progress WHERE tbl = ?", (table.value,)
        ).fetchone()
        return None if row is None else row[0]

    def remaining(self) -> list[Table]:
        """Tables with pages still to load, in snapshot order."""
        done = {
            name
            for (name,) in self._conn.execute(
                "SELECT tbl FROM snapshot_progress WHERE complete = 1"
            )
        }
        return [table for table in Table if table.value not in done]

    def add_page(self, page: SnapshotPage) -> None:
        """Load one page from ``GET /v1/snapshot/{table}``."""
        self.add_rows(resolve_table(page.table), page.data, next_after=page.next_after)

    def add_rows(self, table: Table, data: TableRows, *, next_after: int | None) -> None:
        """Load rows of ``table``; ``next_after`` None marks the table complete.

        Raises :class:`~prakerja_console.store.rows.RowError` naming the bad row;
        the page is then not loaded at all (earlier pages stay loaded).
        """
        id_at, _ = check_columns(table, data.columns)
        shadow = shadow_name(table.value)
        names = ", ".join(data.columns)
        updates = ", ".join(f"{column} = excluded.{column}" for column in data.columns)
        # A row sent twice (a page retried after a timeout) keeps its newest version.
        insert = (
            f"INSERT INTO {shadow} ({names}) VALUES ({', '.join('?' * len(data.columns))})"
            f" ON CONFLICT (id) DO UPDATE SET {updates} WHERE excluded.version > {shadow}.version"
        )
        with transaction(self._conn):
            try:
                self._conn.executemany(insert, data.rows)
            except REFUSALS as error:
                raise refused(table, error, data.columns, data.rows) from error
            # SQLite gives a NULL id the next rowid instead of refusing it; ids <= 0 are
            # the mirror's local rows. Both checks cost ~3% of the load.
            if (
                None in map(itemgetter(id_at), data.rows)  # the loop in C: 0.5 s at 1.4M
                or self._conn.execute(f"SELECT 1 FROM {shadow} WHERE id <= 0 LIMIT 1").fetchone()
            ):
                raise refused(table, ValueError("bad id"), data.columns, data.rows)
            self._conn.execute(
                "UPDATE snapshot_progress SET done = done + ?, next_after = ?, complete = ?"
                " WHERE tbl = ?",
                (len(data.rows), next_after, next_after is None, table.value),
            )
            done, total = self._conn.execute(
                "SELECT done, total FROM snapshot_progress WHERE tbl = ?", (table.value,)
            ).fetchone()
        self._progress(Progress(Phase.LOAD, table.value, done, max(done, total)))

    def finish(self, *, now: int) -> None:
        """Build indexes and search, then swap the snapshot in with its cursor."""
        missing = self.remaining()
        if missing:
            raise SnapshotIncompleteError(
                Message(
                    N_("The snapshot is not complete yet: {tables}"),
                    {"tables": ", ".join(table.value for table in missing)},
                )
            )
        generation = device_state(self._conn).generation + 1
        self._build(generation)
        with transaction(self._conn):
            self._swap(generation, now)
        checkpoint(self._conn)
        self._progress(Progress(Phase.SWAP, "", 1, 1))

    def _build(self, generation: int) -> None:
        """Indexes, FTS and summaries on the shadows; each commits alone (a resume skips it)."""
        total = len(REPLICATED_INDEXES) + 2
        done = 0
        for table in Table:
            for spec in indexes_of(table):
                self._conn.execute(spec.sql(target=shadow_name(table.value), generation=generation))
                done += 1
                self._progress(Progress(Phase.INDEX, table.value, done, total))
        fts = shadow_name(FTS_TABLE)
        exists = self._conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).fetchone()
        if not exists:
            with transaction(self._conn):
                self._conn.execute(fts_table_sql(fts))
                self._conn.execute(fill_fts_sql(fts, shadow_name(Table.APPLICANTS.value)))
                # One merged b-tree per term: fewer pages to read on every search.
                self._conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        self._progress(Progress(Phase.INDEX, Table.APPLICANTS.value, total - 1, total))
        with transaction(self._conn):
            for summary in SUMMARIES:
                target = shadow_name(summary.name)
                self._conn.execute(f"DROP TABLE IF EXISTS {target}")
                self._conn.execute(summary.create_sql(target))
                self._conn.execute(summary.rebuild_sql(target, shadow_name(summary.source)))
        self._progress(Progress(Phase.INDEX, Table.APPLICANTS.value, total, total))

    def _swap(self, generation: int, now: int) -> None:
        state = device_state(self._conn)
        drop_replicated_tables(self._conn)
        for table in Table:
            self._conn.execute(f"ALTER TABLE {shadow_name(table.value)} RENAME TO {table.value}")
        self._conn.execute(f"ALTER TABLE {shadow_name(FTS_TABLE)} RENAME TO {FTS_TABLE}")
        for summary in SUMMARIES:
            self._conn.execute(f"ALTER TABLE {shadow_name(summary.name)} RENAME TO {summary.name}")
        for trigger in (*FTS_TRIGGERS, *summary_triggers()):
            self._conn.execute(trigger)
        for local in ("tombstones", "snapshot_progress"):
            self._conn.execute(f"DELETE FROM {local}")
        effects.replanted(self._conn)
        update_state(
            self._conn,
            cursor=state.snapshot_cursor,
            scope=state.snapshot_scope,
            last_pull_at=now,
            snapshot_cursor=None,
            snapshot_scope=None,
            snapshot_started_at=None,
            generation=generation,
        )

    def abort(self) -> None:
        """Forget this snapshot; the live tables stay as they were."""
        with transaction(self._conn):
            drop_shadow_tables(self._conn)
            self._conn.execute("DELETE FROM snapshot_progress")
            update_state(
                self._conn, snapshot_cursor=None, snapshot_scope=None, snapshot_started_at=None
            )
