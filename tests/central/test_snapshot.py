"""Snapshot: a starting cursor, row counts, keyset pages, and scoping."""

from __future__ import annotations

import httpx
import pytest

from prakerja_console.central.runner import CentralServer
from prakerja_console.sync.protocol import SnapshotPage, Table, columns_of
from tests.central import dataset
from tests.central.helpers import error_of, snapshot_rows, snapshot_start
from tests.support.central import bearer, login


@pytest.mark.parametrize(("username", "scope"), [("siti.agent", None), ("dewi.jabar", "32")])
def test_snapshot_start_counts_the_rows_in_scope(
    tiny: CentralServer, http: httpx.Client, username: str, scope: str | None
) -> None:
    start = snapshot_start(http, login(tiny.url, username))
    assert start.tables == dataset.VISIBLE[scope]
    assert start.cursor.endswith(f".{scope or 'all'}.0")
    assert start.server_time == dataset.NOW


@pytest.mark.parametrize("limit", [1, 2, 4, 10_000])
def test_pages_cover_every_row_once_in_id_order(
    tiny: CentralServer, http: httpx.Client, limit: int
) -> None:
    session = login(tiny.url, "siti.agent")
    rows = snapshot_rows(http, session, "applicants", limit=limit)
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert [tuple(row) for row in rows] == dataset.applicants()


def test_a_page_carries_the_wire_columns_and_where_to_continue(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    response = http.get("/snapshot/applicants?after=2&limit=2", headers=bearer(session))
    page = SnapshotPage.model_validate_json(response.content)
    assert page.table == "applicants"
    assert tuple(page.data.columns) == columns_of(Table.APPLICANTS)
    assert [row[0] for row in page.data.rows] == [3, 4]
    assert page.next_after == 4
    last = http.get("/snapshot/applicants?after=4&limit=2", headers=bearer(session))
    assert SnapshotPage.model_validate_json(last.content).next_after is None


def test_a_regional_officer_sees_only_their_province_and_reference_data(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "dewi.jabar")
    applicants = snapshot_rows(http, session, "applicants", limit=1)
    assert [row[0] for row in applicants] == list(dataset.JABAR_APPLICANTS)
    assert len(snapshot_rows(http, session, "users")) == dataset.USERS
    assert len(snapshot_rows(http, session, "waves")) == 2
    tickets = snapshot_rows(http, session, "tickets")
    assert [row[0] for row in tickets] == [dataset.TICKET_JABAR]
    assert [row[1] for row in snapshot_rows(http, session, "ticket_events")] == [
        dataset.TICKET_JABAR
    ]
    assert snapshot_rows(http, session, "notes") == []  # the only note is on a Jatim applicant


def test_unknown_table_and_bad_paging_are_validation_errors(
    tiny: CentralServer, http: httpx.Client
) -> None:
    session = login(tiny.url, "siti.agent")
    for url in (
        "/snapshot/passwords",
        "/snapshot/applicants?limit=0",
        "/snapshot/applicants?after=-1",
    ):
        response = http.get(url, headers=bearer(session))
        assert response.status_code == 422, url
        assert error_of(response).error.code == "validation"
