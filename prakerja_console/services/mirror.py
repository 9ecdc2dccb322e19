"""The mirror as the services see it: one connection per thread and purpose.

Textual runs thread workers on a reused pool, and SQLite connections must not be
used by two threads at once, so each worker thread gets its own read-only
connection (``Purpose.READ``: ``query_only``, a screen can never write) and, when
it queues an action, its own outbox connection (``synchronous=FULL``: an action
shown as queued survives a power cut). Connections are opened on first use and
all closed together when the console exits.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from prakerja_console.domain.text import N_, Message
from prakerja_console.services.errors import MirrorUnavailableError
from prakerja_console.store.connection import Purpose, connect


class Mirror:
    """Per-thread connections to one mirror file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[sqlite3.Connection] = []
        self._prepared = False

    def prepare(self) -> None:
        """Create or upgrade the schema once (cheap when it is current)."""
        with self._lock:
            if self._prepared:
                return
            if not self.path.exists():
                raise MirrorUnavailableError(
                    Message(
                        N_(
                            "There is no mirror at {path}. Log in and sync first: "
                            "prakerja-console login, then prakerja-console sync --once."
                        ),
                        {"path": str(self.path)},
                    )
                )
            # Imported here: the store's schema pulls in SQLAlchemy (~0.3 s), which must
            # not delay the first paint; this runs in a worker thread.
            from prakerja_console.store.migrations import MirrorTooNewError, prepare

            try:
                prepare(self.path)
            except MirrorTooNewError as error:
                raise MirrorUnavailableError(
                    Message(
                        N_(
                            "The mirror was written by a newer console; update this one ({detail})."
                        ),
                        {"detail": str(error)},
                    )
                ) from error
            except sqlite3.Error as error:
                raise MirrorUnavailableError(unreadable(self.path, error)) from error
            self._prepared = True

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        return self._connection("reader", Purpose.READ)

    def writer(self) -> sqlite3.Connection:
        """This thread's outbox connection (for queuing actions and resolving conflicts)."""
        return self._connection("writer", Purpose.OUTBOX)

    def _connection(self, slot: str, purpose: Purpose) -> sqlite3.Connection:
        found: sqlite3.Connection | None = getattr(self._local, slot, None)
        if found is not None:
            return found
        self.prepare()
        try:
            conn = connect(self.path, purpose)
        except sqlite3.Error as error:
            raise MirrorUnavailableError(unreadable(self.path, error)) from error
        setattr(self._local, slot, conn)
        with self._lock:
            self._opened.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection any thread opened (at exit, when no worker runs)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()
        self._local = threading.local()


def unreadable(path: Path, error: sqlite3.Error) -> Message:
    """A plain-words message for a SQLite failure on the mirror."""
    return Message(
        N_("The mirror at {path} cannot be read: {error}"), {"path": str(path), "error": str(error)}
    )
