"""The ticket screens' small reads: a ticket by its client_ref, a case's applicant, the users."""

from __future__ import annotations

import sqlite3

from prakerja_console.store.ticket_queries import case_applicant, find_ticket_id, users_by_name
from prakerja_console.sync.protocol import Table
from tests.store import factory as f


def _load(sync: sqlite3.Connection) -> None:
    f.load(
        sync,
        {
            Table.APPLICANTS: [f.applicant(1), f.applicant(2)],
            Table.TICKETS: [
                f.row(Table.TICKETS, 10, client_ref="action-0001"),
                f.row(Table.TICKETS, 11),
            ],
            Table.VERIFICATION_CASES: [f.row(Table.VERIFICATION_CASES, 5, applicant_id=2)],
            Table.USERS: [
                f.row(
                    Table.USERS,
                    2,
                    username="yusuf.jatim",
                    role="regional_officer",
                    province_code="35",
                ),
                f.row(Table.USERS, 1, username="ani.spv", role="supervisor"),
            ],
        },
    )


def test_a_ticket_is_found_by_its_client_ref_or_its_id(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync)
    assert find_ticket_id(reader, None, "action-0001") == 10
    assert find_ticket_id(reader, 11, "action-unknown") == 11
    assert find_ticket_id(reader, None, "action-unknown") is None
    assert find_ticket_id(reader, 99, None) is None


def test_a_verification_case_names_its_applicant(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync)
    assert case_applicant(reader, 5) == (True, 2)
    assert case_applicant(reader, 6) == (False, None)


def test_the_users_come_by_name_with_role_and_scope(
    sync: sqlite3.Connection, reader: sqlite3.Connection
) -> None:
    _load(sync)
    assert users_by_name(reader) == [
        ("ani.spv", "supervisor", None),
        ("yusuf.jatim", "regional_officer", "35"),
    ]
