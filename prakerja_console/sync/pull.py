"""Pull: bring the mirror up to the central, by the change feed or by a snapshot.

* No cursor yet, a snapshot left half-loaded, or a session whose scope differs
  from the mirror's data → load a snapshot (resuming the half-loaded one when it
  is of the same scope), swap it in atomically, then follow the feed from the
  snapshot's cursor to catch up with what changed meanwhile. A half-loaded
  snapshot of another scope than the session's is dropped, also when the live
  data already has the session's scope.
* Otherwise follow the feed: each page is applied in one transaction with its
  cursor (:func:`~prakerja_console.store.ingest.apply_page`) until ``has_more``
  is false. A replayed, duplicated or reordered page changes nothing, because the
  mirror keeps the newest version of each row.
* ``410 resnapshot_required`` while following → a new snapshot; the outbox is
  never touched.

A transient failure (offline, 503 …) is retried from what is committed, as long
as pages keep arriving (:class:`~prakerja_console.sync.backoff.Retrier`).
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing

from prakerja_console.domain.text import N_, Message
from prakerja_console.store.ingest import apply_page
from prakerja_console.store.snapshot import Progress as StoreProgress
from prakerja_console.store.snapshot import SnapshotWriter
from prakerja_console.store.state import device_state
from prakerja_console.sync import decode
from prakerja_console.sync.errors import ResnapshotRequiredError
from prakerja_console.sync.prefetch import paged
from prakerja_console.sync.protocol import ChangesPage, SnapshotPage, Table
from prakerja_console.sync.report import Progress
from prakerja_console.sync.rounds import Round

FIRST_SYNC = "first_sync"
SCOPE_CHANGED = "scope_changed"
RESUMED = "resumed"
# Pages in a row whose cursor does not move while ``has_more`` says go on.
MAX_STALLED_PAGES = 3


def pull(ctx: Round) -> None:
    """Bring the mirror up to date (see the module docstring)."""
    state = device_state(ctx.conn)
    fresh = False  # a snapshot taken in this round (a resumed one may predate a re-seed)
    if state.snapshot_cursor is not None and state.snapshot_scope == ctx.scope:
        load_snapshot(ctx, RESUMED)
    elif state.cursor is None or state.scope != ctx.scope:
        load_snapshot(ctx, FIRST_SYNC if state.cursor is None else SCOPE_CHANGED)
        fresh = True
    elif state.snapshot_cursor is not None:
        # Half-loaded for another scope (a login since switched back to the live one's):
        # nothing will resume it, so its shadow tables must not stay on disk.
        SnapshotWriter(ctx.conn, progress=None).abort()
    try:
        follow_feed(ctx)
    except ResnapshotRequiredError as error:
        if fresh:
            raise  # refused right after a new snapshot: the round's problem, not a loop
        load_snapshot(ctx, error.reason)
        follow_feed(ctx)


def _progress(ctx: Round) -> int:
    return ctx.tally.pulled


def load_snapshot(ctx: Round, reason: str) -> None:
    """Load every table beside the live ones and swap them in with the snapshot's cursor."""
    ctx.tally.snapshot_reason = reason

    def forward(step: StoreProgress) -> None:
        ctx.on_progress(Progress(step.phase.value, step.table, step.done, step.total))

    writer = SnapshotWriter.resume(ctx.conn, progress=forward)
    if writer is not None and device_state(ctx.conn).snapshot_scope != ctx.scope:
        writer.abort()
        writer = None
    if writer is None:
        start = ctx.retrier.call(ctx.client.snapshot_start)
        writer = SnapshotWriter.begin(
            ctx.conn, start, scope=ctx.scope, now=ctx.now(), progress=forward
        )
    loading = writer
    ctx.retrier.call(lambda: _load_remaining(ctx, loading), progress=lambda: _progress(ctx))
    writer.finish(now=ctx.now())


def _load_remaining(ctx: Round, writer: SnapshotWriter) -> None:
    plan = [(table, writer.next_after(table)) for table in writer.remaining()]
    following_table = {table: plan[i + 1] for i, (table, _) in enumerate(plan[:-1])}
    limit = ctx.settings.snapshot_limit

    def fetch(position: tuple[Table, int | None]) -> bytes:
        return ctx.client.fetch_snapshot_page(position[0], position[1], limit)

    def read(
        position: tuple[Table, int | None], body: bytes
    ) -> tuple[SnapshotPage, tuple[Table, int | None] | None]:
        table, after = position
        page = ctx.client.read_snapshot_page(body, table, after)
        if page.next_after is not None:
            return page, (table, page.next_after)
        return page, following_table.get(table)

    pages = paged(plan[0] if plan else None, fetch, read, ahead=ctx.settings.lookahead)
    with closing(pages):
        for page in pages:
            writer.add_page(page)
            ctx.tally.pulled += len(page.data.rows)
            ctx.tally.changed += len(page.data.rows)
            ctx.check_stop()


def follow_feed(ctx: Round) -> None:
    """Apply change pages, each with its cursor, until the feed has no more."""

    def step() -> None:
        cursor = device_state(ctx.conn).cursor
        if cursor is None:
            raise ResnapshotRequiredError(
                Message(N_("The mirror has no cursor yet: it must be loaded first.")),
                reason=FIRST_SYNC,
            )
        pages = _change_pages(ctx, cursor)
        with closing(pages):
            for page in pages:
                stats = apply_page(ctx.conn, page, now=ctx.now())
                ctx.tally.pulled += sum(len(rows.rows) for rows in page.upserts.values()) + sum(
                    len(ids) for ids in page.deletes.values()
                )
                ctx.tally.changed += sum(s.inserted + s.updated + s.deleted for s in stats.values())
                ctx.check_stop()

    ctx.retrier.call(step, progress=lambda: _progress(ctx))


def _change_pages(ctx: Round, cursor: str) -> Generator[ChangesPage, None, None]:
    limit = ctx.settings.changes_limit
    stalled = 0

    def fetch(since: str) -> bytes:
        return ctx.client.fetch_changes(since, limit)

    def read(since: str, body: bytes) -> tuple[ChangesPage, str | None]:
        nonlocal stalled
        page = ctx.client.read_changes(body, since)
        if not page.has_more:
            return page, None
        stalled = stalled + 1 if page.next_cursor == since else 0
        if stalled >= MAX_STALLED_PAGES:
            raise decode.protocol_error(
                "GET /changes", "next_cursor", "does not move while has_more is true"
            )
        return page, page.next_cursor

    return paged(cursor, fetch, read, ahead=ctx.settings.lookahead)
