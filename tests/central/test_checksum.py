"""The checksum equals a hand computation over the rows a user sees."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import Checksum, Table, checksum_term
from tests.central import dataset
from tests.central.helpers import apply, note, snapshot_rows
from tests.support.central import bearer, login


@pytest.mark.parametrize("username", ["siti.agent", "dewi.jabar", "agus.jatim"])
def test_checksum_matches_the_rows_in_scope(
    tiny: CentralServer, http: httpx.Client, username: str
) -> None:
    session = login(tiny.url, username)
    apply(http, session, note(1, dataset.JABAR_UNVERIFIED if username != "agus.jatim" else 3))
    checksum = Checksum.model_validate_json(http.get("/checksum", headers=bearer(session)).content)
    assert checksum.scope == session.scope
    for table in Table:
        rows = snapshot_rows(http, session, table.value)
        expected = sum(checksum_term(row[0], row[-1]) for row in rows)
        assert (checksum.tables[table.value].count, checksum.tables[table.value].digest) == (
            len(rows),
            expected,
        ), table


def test_a_new_version_changes_the_digest(tiny: CentralServer, http: httpx.Client) -> None:
    session = login(tiny.url, "siti.agent")
    before = http.get("/checksum", headers=bearer(session)).json()["tables"]
    apply(http, session, note(1, 1))
    after = http.get("/checksum", headers=bearer(session)).json()["tables"]
    assert after["notes"]["count"] == before["notes"]["count"] + 1
    assert after["applicants"] == before["applicants"]
