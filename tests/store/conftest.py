"""A fresh mirror file per test, and one connection per job on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from prakerja_console.store.connection import Purpose, connect
from prakerja_console.store.migrations import prepare

DEVICE = "device-test-0001"


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    path = tmp_path / "mirror.db"
    prepare(path, device_id=DEVICE)
    return path


def _open(path: Path, purpose: Purpose) -> Iterator[sqlite3.Connection]:
    conn = connect(path, purpose)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def sync(mirror: Path) -> Iterator[sqlite3.Connection]:
    yield from _open(mirror, Purpose.SYNC)


@pytest.fixture
def reader(mirror: Path) -> Iterator[sqlite3.Connection]:
    yield from _open(mirror, Purpose.READ)


@pytest.fixture
def outbox_conn(mirror: Path) -> Iterator[sqlite3.Connection]:
    yield from _open(mirror, Purpose.OUTBOX)
