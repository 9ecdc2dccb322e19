"""Seeding: users from the file, scopes derived per row, one transaction, an epoch."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.central.config import sqlite_url
from prakerja_console.central.database import Database
from prakerja_console.central.passwords import PasswordHash, verify_password
from prakerja_console.central.seeding import SeedError, is_seeded, seed
from prakerja_console.central.users import load_accounts
from prakerja_console.sync.protocol import Table
from tests.central import dataset


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "central.sqlite"))
    yield database
    database.close()


def test_each_row_gets_the_scope_of_its_applicant_or_ticket(db: Database) -> None:
    epoch = seed(db, load_accounts(), dataset.batches(), dataset.NOW)
    assert len(epoch) == 16
    with db.read() as tx:
        scopes = {
            table.value: tx.all(f'SELECT id, scope FROM "{table.value}" ORDER BY id')
            for table in Table
        }
        assert tx.meta("epoch") == epoch
    assert {scope for _id, scope in scopes["users"]} == {"*"}
    assert {scope for _id, scope in scopes["waves"]} == {"*"}
    assert scopes["applicants"] == [(1, "32"), (2, "32"), (3, "35"), (4, "35"), (5, ""), (6, "32")]
    assert scopes["registry_checks"] == [(1, "32"), (2, "35")]
    assert scopes["tickets"] == [(1, "32"), (2, "")]
    assert scopes["ticket_events"] == [(1, "32"), (2, "")]
    assert scopes["notes"] == [(1, "35")]
    assert scopes["audit_log"] == [(1, "35")]


def test_passwords_are_stored_as_salted_scrypt_hashes(db: Database) -> None:
    seed(db, load_accounts(), dataset.batches(), dataset.NOW)
    with db.read() as tx:
        rows = tx.all(
            "SELECT username, salt, password_hash, cost_n, cost_r, cost_p FROM credentials"
        )
    assert len(rows) == dataset.USERS
    assert len({bytes(row[1]) for row in rows}) == len(rows)  # a salt each
    stored = {row[0]: PasswordHash(bytes(row[1]), bytes(row[2]), *row[3:]) for row in rows}
    assert verify_password("siti-demo-2020", stored["siti.agent"])
    assert not verify_password("siti-demo-2020", stored["rudi.agent"])
    assert all(b"demo" not in bytes(row[2]) for row in rows)


def test_a_child_before_its_parent_is_refused_and_nothing_is_kept(db: Database) -> None:
    orphan = dataset.row(Table.NOTES, id=1, applicant_id=77, author="x", body="y", at=dataset.NOW)
    with pytest.raises(SeedError, match="applicants 77"):
        seed(db, load_accounts(), [(Table.NOTES, [orphan])], dataset.NOW)
    assert not is_seeded(db)
    with db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) FROM users") == 0


def test_seeding_twice_is_refused(db: Database) -> None:
    seed(db, load_accounts(), dataset.batches(), dataset.NOW)
    with pytest.raises(SeedError, match="already seeded"):
        seed(db, load_accounts(), dataset.batches(), dataset.NOW)


def test_ids_continue_after_the_seeded_ones(db: Database) -> None:
    seed(db, load_accounts(), dataset.batches(), dataset.NOW)
    with db.read() as tx:
        counters = dict(tx.all("SELECT name, value FROM counters"))
    assert counters["id:applicants"] == 6
    assert counters["id:users"] == dataset.USERS
    assert counters["id:audit_log"] == 1
    assert counters["positions"] == 0
