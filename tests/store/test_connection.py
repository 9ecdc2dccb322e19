"""The transaction helper leaves a connection usable whatever happens at COMMIT."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from prakerja_console.store.connection import transaction


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    connection.execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY,"
        " parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    yield connection
    connection.close()


def test_a_refused_commit_rolls_back_and_the_next_transaction_can_begin(
    conn: sqlite3.Connection,
) -> None:
    """A deferred constraint fails at COMMIT, which SQLite leaves open; it must not stay so."""
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        conn.execute("INSERT INTO child (id, parent_id) VALUES (1, 99)")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM child").fetchone() == (0,)
    with transaction(conn):
        conn.execute("INSERT INTO parent (id) VALUES (99)")
        conn.execute("INSERT INTO child (id, parent_id) VALUES (1, 99)")
    assert conn.execute("SELECT count(*) FROM child").fetchone() == (1,)
