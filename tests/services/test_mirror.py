"""Connections to the mirror: one per worker thread, read-only for reads, clear failures."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from prakerja_console.services.errors import MirrorUnavailableError
from prakerja_console.services.mirror import Mirror


def test_each_thread_gets_its_own_connections(small_mirror: Path) -> None:
    mirror = Mirror(small_mirror)
    try:
        mine = mirror.reader()
        assert mirror.reader() is mine  # reused on the same thread
        theirs: list[sqlite3.Connection] = []
        worker = threading.Thread(target=lambda: theirs.append(mirror.reader()))
        worker.start()
        worker.join()
        assert theirs[0] is not mine
    finally:
        mirror.close()


def test_the_read_connection_cannot_write(small_mirror: Path) -> None:
    mirror = Mirror(small_mirror)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            mirror.reader().execute("DELETE FROM applicants")
    finally:
        mirror.close()


def test_a_missing_mirror_says_what_to_do(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "absent.db")
    with pytest.raises(MirrorUnavailableError) as raised:
        mirror.reader()
    assert "prakerja-console login" in raised.value.message.render()
    assert not (tmp_path / "absent.db").exists()  # never created by looking


def test_an_unreadable_file_is_a_plain_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(MirrorUnavailableError) as raised:
        Mirror(junk).reader()
    assert "cannot be read" in raised.value.message.render()
