"""The mirror's tables, connections and their settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine

from prakerja_console.store.connection import Purpose, connect, transaction
from prakerja_console.store.models import LOCAL, MIRROR_REGISTRY, REPLICATED, Applicant, MirrorTable
from prakerja_console.store.schema import columns, sql_table
from prakerja_console.sync.protocol import Table, columns_of
from tests.store import factory as f


def test_the_mirror_tables_live_on_their_own_registry() -> None:
    names = set(MIRROR_REGISTRY.metadata.tables)
    assert {t.value for t in Table} <= names
    assert not names & set(SQLModel.metadata.tables)


@pytest.mark.parametrize("table", list(Table))
def test_replicated_tables_start_with_the_wire_columns(table: Table) -> None:
    assert columns(REPLICATED[table])[: len(columns_of(table))] == columns_of(table)


def test_every_table_is_strict(mirror: Path) -> None:
    conn = sqlite3.connect(mirror)
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'applicants_fts%'"
    ).fetchall()
    conn.close()
    assert tables
    assert all(sql.rstrip().endswith("STRICT") for _, sql in tables), tables


def test_no_unique_index_on_the_central_data(mirror: Path) -> None:
    conn = sqlite3.connect(mirror)
    unique = [
        name
        for (name, table) in conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
        )
        if table in {t.value for t in Table}
        and conn.execute(f"PRAGMA index_info({name})").fetchall()
        and any(row[2] for row in conn.execute(f"PRAGMA index_list({table})") if row[1] == name)
    ]
    conn.close()
    assert unique == []


@pytest.mark.parametrize(
    ("purpose", "synchronous"), [(Purpose.READ, 2), (Purpose.SYNC, 1), (Purpose.OUTBOX, 2)]
)
def test_each_job_has_its_durability(mirror: Path, purpose: Purpose, synchronous: int) -> None:
    conn = connect(mirror, purpose)
    assert conn.execute("PRAGMA synchronous").fetchone() == (synchronous,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_the_reader_cannot_write(reader: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.execute("DELETE FROM outbox")


def test_a_transaction_rolls_back_on_error(sync: sqlite3.Connection) -> None:
    def interrupted() -> None:
        with transaction(sync):
            sync.execute("UPDATE sync_state SET cursor = 'half-done'")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert sync.execute("SELECT cursor FROM sync_state").fetchone() == (None,)
    assert not sync.in_transaction


@pytest.mark.parametrize("model", list(REPLICATED.values()) + list(LOCAL), ids=lambda m: m.__name__)
def test_the_tables_are_exactly_what_the_models_declare(
    mirror: Path, model: type[MirrorTable]
) -> None:
    conn = sqlite3.connect(mirror)
    table = sql_table(model)
    found = [
        (row[1], row[2], bool(row[3]) or bool(row[5]))
        for row in conn.execute(f"PRAGMA table_info({table.name})")
    ]
    conn.close()
    expected = [
        (
            c.name,
            "INTEGER" if c.type.python_type is int else "TEXT",
            not c.nullable or c.primary_key,
        )
        for c in table.columns
    ]
    assert found == expected


def test_the_models_read_the_mirror_on_cold_paths(sync: sqlite3.Connection, mirror: Path) -> None:
    f.load(sync, {Table.APPLICANTS: [f.applicant(1, name="Siti Rahayu", wave_id=3)]})
    engine = create_engine(f"sqlite:///{mirror}")
    with Session(engine) as session:
        applicant = session.get(Applicant, 1)
        assert applicant is not None
        assert (applicant.name, applicant.wave_id, applicant.version) == ("Siti Rahayu", 3, 1)
    engine.dispose()
