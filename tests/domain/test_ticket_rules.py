"""The ticket rules added for filing, writing and refiling, and the row-to-clock reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.roles import Role
from prakerja_console.domain.sla import due_times
from prakerja_console.domain.ticket_rows import due_columns, status_change_data, status_history
from prakerja_console.domain.tickets import (
    Actor,
    Category,
    Channel,
    Priority,
    Status,
    TicketRule,
    check_category,
    check_conversation,
    check_link_case,
    check_new_ticket,
    check_priority,
    check_set_applicant,
)
from tests.domain.ticket_support import Ticket, refused

AGENT = Actor("siti.agent", Role.AGENT)
JABAR = Actor("dewi.jabar", Role.OFFICER, scope="32")


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ((Category.UNKNOWN, Channel.PHONE, Priority.LOW, "x"), TicketRule.UNKNOWN_VALUE),
        ((Category.OTHER, Channel.UNKNOWN, Priority.LOW, "x"), TicketRule.UNKNOWN_VALUE),
        ((Category.OTHER, Channel.PHONE, Priority.UNKNOWN, "x"), TicketRule.UNKNOWN_VALUE),
        ((Category.OTHER, Channel.PHONE, Priority.LOW, " \t"), TicketRule.SUBJECT_REQUIRED),
        ((Category.OTHER, Channel.PHONE, Priority.LOW, "x" * 201), TicketRule.TOO_LONG),
    ],
)
def test_a_ticket_needs_known_choices_and_a_subject(
    args: tuple[object, ...], rule: TicketRule
) -> None:
    assert refused(check_new_ticket, *args) is rule


def test_a_well_formed_ticket_passes() -> None:
    check_new_ticket(Category.OTHER, Channel.WALK_IN, Priority.URGENT, "  Kantor  ")


@pytest.mark.parametrize(
    ("ticket", "rule"),
    [
        (Ticket(status="closed", province_code="32"), TicketRule.CLOSED),
        (Ticket(merged_into=3, province_code="32"), TicketRule.MERGED),
        (Ticket(status="snoozed", province_code="32"), TicketRule.UNKNOWN_STATE),
        (Ticket(province_code="35"), TicketRule.OUT_OF_SCOPE),
    ],
)
def test_nobody_writes_on_a_closed_merged_unknown_or_foreign_ticket(
    ticket: Ticket, rule: TicketRule
) -> None:
    assert refused(check_conversation, ticket, JABAR, "Halo") is rule


def test_a_resolved_ticket_still_takes_a_reply() -> None:
    check_conversation(Ticket(status="resolved"), AGENT, "Sudah beres?")


def test_priority_and_category_must_change_to_something_known() -> None:
    ticket = Ticket()
    assert (
        refused(check_priority, ticket, AGENT, Priority.LOW, Priority.LOW) is TicketRule.UNCHANGED
    )
    assert (
        refused(check_priority, ticket, AGENT, Priority.LOW, Priority.UNKNOWN)
        is TicketRule.UNKNOWN_VALUE
    )
    assert (
        refused(check_category, ticket, AGENT, Category.OTHER, Category.OTHER)
        is TicketRule.UNCHANGED
    )
    check_category(ticket, AGENT, Category.UNKNOWN, Category.OTHER)  # refiling an unknown one


def test_only_a_ticket_about_no_one_gets_an_applicant_of_its_own_region() -> None:
    blank = Ticket(applicant_id=None, province_code=None)
    check_set_applicant(blank, AGENT, 9, "94")
    assert (
        refused(check_set_applicant, Ticket(), AGENT, 9, "32") is TicketRule.APPLICANT_ALREADY_SET
    )
    assert refused(check_set_applicant, Ticket(), AGENT, 501, "32") is TicketRule.UNCHANGED
    regional_blank = Ticket(applicant_id=None, province_code="32")
    assert refused(check_set_applicant, regional_blank, AGENT, 9, "35") is TicketRule.OUT_OF_SCOPE
    assert refused(check_set_applicant, blank, JABAR, 9, "35") is TicketRule.OUT_OF_SCOPE


def test_a_case_is_linked_once_and_only_to_a_ticket_of_its_applicant() -> None:
    check_link_case(Ticket(), AGENT, None, 4, 501)
    assert refused(check_link_case, Ticket(), AGENT, 4, 4, 501) is TicketRule.UNCHANGED
    assert (
        refused(check_link_case, Ticket(), AGENT, None, 4, 502) is TicketRule.CASE_OTHER_APPLICANT
    )


# -- reading rows -------------------------------------------------------------------------


def test_malformed_status_events_are_skipped_not_trusted() -> None:
    events = [
        ("status", status_change_data("new", "pending_applicant"), 100),
        ("status", "{not json", 200),
        ("status", '["to", "open"]', 300),
        ("status", '{"to": 5}', 400),
        ("reply", status_change_data("x", "resolved"), 500),
        ("status", '{"to": "hibernating"}', 600),
    ]
    history = status_history(0, events)
    assert [change.status for change in history] == [
        Status.NEW,
        Status.PENDING_APPLICANT,
        Status.UNKNOWN,
    ]


@given(
    created=st.integers(min_value=1_600_000_000, max_value=1_800_000_000),
    province=st.sampled_from(["32", "51", "94", None, "99"]),
    category=st.sampled_from(list(Category)),
    priority=st.sampled_from(list(Priority)),
)
def test_a_new_tickets_columns_are_its_creation_due_times(
    created: int, province: str | None, category: Category, priority: Priority
) -> None:
    row = {
        "category": category.value,
        "priority": priority.value,
        "created_at": created,
        "province_code": province,
    }
    zone = {"51": TimeZoneName.WITA, "94": TimeZoneName.WIT}.get(province or "", TimeZoneName.WIB)
    expected = due_times(category, priority, datetime.fromtimestamp(created, UTC), zone)
    assert due_columns(row, (), created) == {
        "first_response_due": int(expected.first_response.timestamp()),
        "resolution_due": int(expected.resolution.timestamp()),
    }


def test_a_resolved_tickets_due_time_stays_where_its_clock_stopped() -> None:
    row = {
        "category": "other",
        "priority": "normal",
        "created_at": 1_700_000_000,
        "province_code": "32",
    }
    events = [("status", status_change_data("open", "resolved"), 1_700_100_000)]
    stopped = due_columns(row, events, 1_700_100_000)
    assert due_columns(row, events, 1_800_000_000) == stopped
    urgent = {**row, "priority": "urgent"}
    assert due_columns(urgent, events, 1_800_000_000)["resolution_due"] < stopped["resolution_due"]
