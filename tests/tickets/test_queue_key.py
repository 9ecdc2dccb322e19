"""The queue's SQL sort key and the console's SLA reading agree on every kind of row.

The key is SQL (an indexed expression) and the countdown is Python (``line_sla``);
if they disagreed, a ticket would sort or filter as breaching while its row says
otherwise. Hypothesis draws rows of every shape: unknown statuses, merged
tickets, missing due times, answered or not.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.sla import SlaStatus
from prakerja_console.services.ticket_views import line_sla
from prakerja_console.store.ticket_schema import ACTIVE, NO_CLOCK, SLA_KEY

NOW = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
MOMENTS = st.integers(min_value=1_700_000_000, max_value=1_900_000_000)


@dataclass(frozen=True)
class Row:
    status: str
    merged_into: int | None
    first_responded_at: int | None
    first_response_due: int | None
    resolution_due: int | None
    category: str = "other"
    priority: str = "normal"
    created_at: int = 1_700_000_000
    province_code: str | None = "32"


ROWS = st.builds(
    Row,
    status=st.sampled_from(
        ["new", "open", "pending_applicant", "escalated", "resolved", "closed", "snoozed"]
    ),
    merged_into=st.one_of(st.none(), st.integers(min_value=1, max_value=9)),
    first_responded_at=st.one_of(st.none(), MOMENTS),
    first_response_due=st.one_of(st.none(), MOMENTS),
    resolution_due=st.one_of(st.none(), MOMENTS),
)


def sql_key(row: Row) -> tuple[int, bool]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(
            "CREATE TABLE tickets (status TEXT, merged_into INTEGER, first_responded_at INTEGER,"
            " first_response_due INTEGER, resolution_due INTEGER)"
        )
        conn.execute(
            "INSERT INTO tickets VALUES (?, ?, ?, ?, ?)",
            (
                row.status,
                row.merged_into,
                row.first_responded_at,
                row.first_response_due,
                row.resolution_due,
            ),
        )
        key, active = conn.execute(f"SELECT {SLA_KEY}, {ACTIVE} FROM tickets").fetchone()
    finally:
        conn.close()
    return int(key), bool(active)


@given(ROWS)
def test_the_sort_key_is_the_due_time_the_row_counts_down_to(row: Row) -> None:
    key, active = sql_key(row)
    reading = line_sla(row, NOW)
    finished = row.merged_into is not None or row.status in ("resolved", "closed")
    assert active is not finished
    if reading is None or reading.state.status is SlaStatus.PAUSED:
        assert key == NO_CLOCK
    else:
        assert reading.due is not None
        assert key == int(reading.due.timestamp())
        assert (reading.state.status is SlaStatus.BREACHED) == (key < int(NOW.timestamp()))
