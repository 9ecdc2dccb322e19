"""SLA due times as the central stores them, over random times, zones, weekends and holidays.

The oracle is independent of how the handlers compute: while the resolution clock
has not run out, the business time used so far (outside pauses) plus the business
time left until the stored due time is exactly the target.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_console.domain.business_calendar import OFFICE_HOURS, business_time_between
from prakerja_console.domain.regions import time_zone_of
from prakerja_console.domain.sla import SLA_TARGETS
from prakerja_console.domain.tickets import Category, Priority
from prakerja_console.sync.protocol import MutationType
from tests.tickets.central_desk import AGENT, ZONE_APPLICANTS, Desk

START = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
END = int(datetime(2026, 12, 20, tzinfo=UTC).timestamp())
# Low priority: 5 business days (45 hours) to resolve. Four steps of at most eight
# hours of wall-clock time cannot use it up, so the clock never runs out here.
STEP = st.integers(min_value=60, max_value=8 * 3600)


def at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    created=st.integers(min_value=START, max_value=END),
    province=st.sampled_from(sorted(ZONE_APPLICANTS)),
    steps=st.lists(st.tuples(st.booleans(), STEP), min_size=1, max_size=4),
)
def test_stored_resolution_due_is_the_budget_left_after_pauses(
    desk: Desk, created: int, province: str, steps: list[tuple[bool, int]]
) -> None:
    desk.now = created
    ticket_id = desk.create(applicant_id=ZONE_APPLICANTS[province], priority="low")
    zone = time_zone_of(province)
    budget = SLA_TARGETS[Category.EMAIL_NOT_RECEIVED, Priority.LOW].resolution.on(OFFICE_HOURS)
    desk.status(AGENT, ticket_id, "open")
    paused_since: int | None = None
    paused = timedelta(0)
    checked_at = desk.now  # the due time is recomputed at each status change
    for pause, gap in steps:
        desk.now += gap
        due_before = desk.ticket(ticket_id).values["resolution_due"]
        if pause != (paused_since is None):  # not a toggle: a note, which moves nothing
            result = desk.send(
                AGENT, MutationType.TICKET_NOTE, {"ticket_id": ticket_id, "body": "Masih dicek"}
            )
            assert result.status == "applied"
            assert desk.ticket(ticket_id).values["resolution_due"] == due_before
            continue
        result = desk.status(AGENT, ticket_id, "pending_applicant" if pause else "open")
        assert result.status == "applied", result
        if pause:
            paused_since = desk.now
        else:
            assert paused_since is not None
            paused += business_time_between(at(paused_since), at(desk.now), OFFICE_HOURS, zone)
            paused_since = None
        checked_at = desk.now
    used = business_time_between(at(created), at(checked_at), OFFICE_HOURS, zone) - paused
    due = desk.ticket(ticket_id).values["resolution_due"]
    left = business_time_between(at(checked_at), at(due), OFFICE_HOURS, zone)
    assert used + left == budget
