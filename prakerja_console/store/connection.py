"""Connections to the mirror, one kind per job, and explicit transactions.

The mirror is one SQLite file in WAL mode, so the UI reads while the sync worker
writes. Each job opens its own connection with the durability it needs:

* ``READ`` — the UI's queries; ``query_only`` so a screen can never write.
* ``SYNC`` — the sync worker: pulled pages and snapshots. ``synchronous=NORMAL``
  is enough because a page and its cursor commit together: a power cut can only
  roll both back, and the page is fetched again.
* ``OUTBOX`` — local actions: ``synchronous=FULL``, because an action, once
  acknowledged to the user, must survive a power cut.

Connections run in autocommit mode (``isolation_level=None``) and every write goes
through :func:`transaction`, so what commits together is visible in the code.
A connection may be handed to another thread (Textual workers), but only one
thread may use it at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 10.0
# A page of 1,000 changes dirties ~2,600 pages of a 1.4M mirror (each row, and the
# index entries a stage change moves). Copying them into the database file at every
# commit (SQLite's default checkpoint, every 4 MB of WAL) halves the pull rate, so
# the sync worker checkpoints when it has caught up (:func:`checkpoint`) and the
# automatic checkpoint is only a safety valve at 256 MB. A user's action never
# waits for a checkpoint short of that.
_SAFETY_CHECKPOINT = "PRAGMA wal_autocheckpoint = 65536"
_WAL_LIMIT = "PRAGMA journal_size_limit = 67108864"  # the WAL file shrinks back after a burst


class Purpose(StrEnum):
    READ = "read"
    SYNC = "sync"
    OUTBOX = "outbox"


_PRAGMAS: dict[Purpose, tuple[str, ...]] = {
    Purpose.READ: ("PRAGMA query_only = ON",),
    Purpose.SYNC: (
        "PRAGMA synchronous = NORMAL",
        # Index builds and upserts into a 1.4M-row mirror want more than the 2 MB default.
        "PRAGMA cache_size = -65536",
        # This SQLite build zeroes freed pages by default; dropping the previous
        # snapshot would rewrite every one of its pages. FAST still clears what
        # costs no extra I/O.
        "PRAGMA secure_delete = FAST",
        _SAFETY_CHECKPOINT,
        _WAL_LIMIT,
    ),
    Purpose.OUTBOX: ("PRAGMA synchronous = FULL", _SAFETY_CHECKPOINT, _WAL_LIMIT),
}


def connect(path: Path, purpose: Purpose) -> sqlite3.Connection:
    """Open the mirror at ``path`` for one job (the schema must be prepared already)."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    for pragma in _PRAGMAS[purpose]:
        conn.execute(pragma)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock up front (no upgrade deadlocks).

    A COMMIT that fails (busy, a deferred constraint) leaves SQLite's transaction
    open; it is rolled back too, or every later ``BEGIN`` on this long-lived
    connection (the sync worker's) would fail.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            conn.execute("ROLLBACK")
        raise


def checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the WAL into the database file without waiting for readers (idle time)."""
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Several reads that must see one consistent state (e.g. a detail screen)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
