"""SLA targets, due times, pauses while waiting for the applicant, and the countdown."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_console.domain.business_calendar import OFFICE_HOURS, business_time_between
from prakerja_console.domain.regions import TimeZoneName, time_zone_of
from prakerja_console.domain.sla import (
    BASE_TARGETS,
    SLA_TARGETS,
    BusinessSpan,
    DueSoonMargin,
    Pause,
    SlaClock,
    SlaState,
    SlaStatus,
    StatusChange,
    due_times,
    pauses_from_history,
    resolution_due_after_pauses,
    sla_state,
)
from prakerja_console.domain.tickets import Category, Priority, Status
from prakerja_console.i18n import Translator

WIB, WIT = TimeZoneName.WIB, TimeZoneName.WIT
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
DAY = OFFICE_HOURS.day_length


def wib(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment in March 2024 in Jakarta (4 March is a Monday; 11–12 March are days off)."""
    return datetime(2024, month, day, hour, minute, tzinfo=WIB.zone)


# -- targets -------------------------------------------------------------------------------


def test_base_targets_by_priority() -> None:
    assert BASE_TARGETS[Priority.URGENT] == SLA_TARGETS[Category.OTHER, Priority.URGENT]
    expected = {
        Priority.URGENT: (timedelta(hours=1), timedelta(hours=8)),
        Priority.HIGH: (timedelta(hours=4), 2 * DAY),
        Priority.NORMAL: (timedelta(hours=8), 3 * DAY),
        Priority.LOW: (2 * DAY, 5 * DAY),
    }
    for priority, (first, resolution) in expected.items():
        target = SLA_TARGETS[Category.NIK_NOT_FOUND, priority]
        assert target.first_response.on(OFFICE_HOURS) == first
        assert target.resolution.on(OFFICE_HOURS) == resolution


@pytest.mark.parametrize("category", [Category.INCENTIVE_FAILED, Category.ACCOUNT_BLOCKED])
def test_money_and_blocked_accounts_get_the_next_priority_up(category: Category) -> None:
    assert SLA_TARGETS[category, Priority.LOW] == BASE_TARGETS[Priority.NORMAL]
    assert SLA_TARGETS[category, Priority.NORMAL] == BASE_TARGETS[Priority.HIGH]
    assert SLA_TARGETS[category, Priority.HIGH] == BASE_TARGETS[Priority.URGENT]
    assert SLA_TARGETS[category, Priority.URGENT] == BASE_TARGETS[Priority.URGENT]


def test_every_pair_has_a_target_and_unknowns_count_as_normal_other() -> None:
    assert len(SLA_TARGETS) == len(Category) * len(Priority)
    assert SLA_TARGETS[Category.UNKNOWN, Priority.UNKNOWN] == BASE_TARGETS[Priority.NORMAL]
    assert SLA_TARGETS[Category.UNKNOWN, Priority.LOW] == SLA_TARGETS[Category.OTHER, Priority.LOW]


def test_a_business_day_target_follows_the_calendars_day_length() -> None:
    assert BusinessSpan(days=2, hours=3).on(OFFICE_HOURS) == timedelta(hours=21)


# -- due times -------------------------------------------------------------------------------


def test_due_times_of_a_normal_ticket() -> None:
    due = due_times(Category.NIK_NOT_FOUND, Priority.NORMAL, wib(4, 10), WIB)
    assert due.first_response == wib(5, 9)  # 7 h on Monday, 1 h on Tuesday
    assert due.resolution == wib(7, 10)  # 27 h: Mon 7, Tue 9, Wed 9, Thu 2


def test_due_times_are_in_the_applicants_zone() -> None:
    created = datetime(2024, 3, 4, 7, 30, tzinfo=UTC)  # 14:30 WIB, 16:30 WIT
    jakarta = due_times(Category.OTHER, Priority.URGENT, created, time_zone_of("31"))
    jayapura = due_times(Category.OTHER, Priority.URGENT, created, time_zone_of("91"))
    assert jakarta.first_response == wib(4, 15, 30)
    assert jayapura.first_response == datetime(2024, 3, 5, 8, 30, tzinfo=WIT.zone)
    assert time_zone_of(None) is WIB


def test_naive_datetimes_are_refused_by_name() -> None:
    naive = datetime(2024, 3, 4, 10)
    with pytest.raises(ValueError, match="start must be a timezone-aware"):
        due_times(Category.OTHER, Priority.NORMAL, naive, WIB)
    with pytest.raises(ValueError, match=r"StatusChange\.at must be a timezone-aware"):
        pauses_from_history(
            [StatusChange(wib(4, 9), Status.OPEN), StatusChange(naive, Status.OPEN)]
        )
    with pytest.raises(ValueError, match=r"Pause\.start must be a timezone-aware"):
        resolution_due_after_pauses(wib(4, 9), HOUR, [Pause(wib(4, 9)), Pause(naive)], WIB)
    with pytest.raises(ValueError, match="now must be a timezone-aware"):
        read(naive, wib(4, 16))


# -- pauses ----------------------------------------------------------------------------------


def test_waiting_for_the_applicant_pauses_and_answering_resumes() -> None:
    history = [
        StatusChange(wib(4, 11), Status.OPEN),
        StatusChange(wib(4, 13), Status.PENDING_APPLICANT),
        StatusChange(wib(5, 9), Status.OPEN),
    ]
    assert pauses_from_history(history) == (Pause(wib(4, 13), wib(5, 9)),)


def test_history_is_replayed_in_time_order_and_consecutive_pauses_join() -> None:
    history = [
        StatusChange(wib(6, 9), Status.OPEN),  # reopened
        StatusChange(wib(4, 13), Status.PENDING_APPLICANT),
        StatusChange(wib(4, 11), Status.OPEN),
        StatusChange(wib(5, 10), Status.RESOLVED),
        StatusChange(wib(7, 9), Status.PENDING_APPLICANT),
        StatusChange(wib(7, 10), Status.UNKNOWN),  # a newer central's status: clock runs
    ]
    assert pauses_from_history(history) == (
        Pause(wib(4, 13), wib(6, 9)),
        Pause(wib(7, 9), wib(7, 10)),
    )
    still_waiting = [StatusChange(wib(4, 13), Status.PENDING_APPLICANT)]
    assert pauses_from_history(still_waiting) == (Pause(wib(4, 13)),)


def test_a_pause_moves_the_due_time_by_the_business_time_it_lasted() -> None:
    budget = 3 * DAY  # due Thursday 10:00 without pauses
    pauses = [Pause(wib(4, 13), wib(5, 9))]  # Mon 13–17 and Tue 8–9: five business hours
    due = resolution_due_after_pauses(wib(4, 10), budget, pauses, WIB)
    assert due == wib(7, 15)


def test_a_pause_after_the_due_time_does_not_rescue_the_ticket() -> None:
    budget = 8 * HOUR  # created Monday 09:00, due Monday 17:00
    late = [Pause(wib(5, 10), wib(6, 10))]
    assert resolution_due_after_pauses(wib(4, 9), budget, late, WIB) == wib(4, 17)


def test_overlapping_and_early_pauses_count_once() -> None:
    budget = 8 * HOUR
    pauses = [
        Pause(wib(4, 7), wib(4, 10)),  # began before the ticket existed
        Pause(wib(4, 9), wib(4, 11)),  # overlaps the first
        Pause(wib(4, 10, 30), wib(4, 10, 45)),  # inside the second
    ]
    assert resolution_due_after_pauses(wib(4, 9), budget, pauses, WIB) == wib(5, 10)


def test_an_open_pause_needs_now_and_ends_there() -> None:
    with pytest.raises(ValueError, match="now"):
        resolution_due_after_pauses(wib(4, 9), HOUR, [Pause(wib(4, 9, 30))], WIB)
    due = resolution_due_after_pauses(wib(4, 9), HOUR, [Pause(wib(4, 9, 30))], WIB, now=wib(5, 9))
    assert due == wib(5, 9, 30)


# -- reading the clock -----------------------------------------------------------------------


def read(
    now: datetime, due: datetime, paused: bool = False, target: timedelta = 4 * HOUR
) -> SlaState:
    return sla_state(now, due, paused, target=target, zone=WIB)


def test_states_from_plenty_of_time_to_breached() -> None:
    due = wib(4, 16)
    assert read(wib(4, 10), due).status is SlaStatus.OK
    assert read(wib(4, 10), due).remaining == 6 * HOUR
    assert read(wib(4, 15), due).status is SlaStatus.DUE_SOON  # 1 h left of 4 h: 25%
    assert read(wib(4, 14, 59), due).status is SlaStatus.OK
    at_due = read(due, due)
    assert (at_due.status, at_due.remaining) == (SlaStatus.DUE_SOON, timedelta(0))
    late = read(wib(5, 9), due)
    assert (late.status, late.overdue, late.remaining) == (
        SlaStatus.BREACHED,
        2 * HOUR,
        timedelta(0),
    )


def test_breached_after_hours_with_no_business_time_overdue_yet() -> None:
    state = read(wib(4, 19), wib(4, 17))
    assert (state.status, state.overdue) == (SlaStatus.BREACHED, timedelta(0))


def test_the_due_soon_margin_is_a_quarter_of_the_target_but_at_least_half_an_hour() -> None:
    due = wib(4, 16)
    assert read(wib(4, 15, 30), due, target=HOUR).status is SlaStatus.DUE_SOON
    assert read(wib(4, 15, 29), due, target=HOUR).status is SlaStatus.OK
    # Three days (27 business hours): a quarter is 6 h 45 m.
    assert read(wib(4, 9), due, target=3 * DAY).status is SlaStatus.OK  # 7 h left
    assert read(wib(4, 9, 15), due, target=3 * DAY).status is SlaStatus.DUE_SOON
    custom = DueSoonMargin(fraction=0.5, minimum=timedelta(0))
    assert custom.of(4 * HOUR) == 2 * HOUR
    state = sla_state(wib(4, 13, 30), due, False, target=4 * HOUR, zone=WIB, margin=custom)
    assert state.status is SlaStatus.OK


def test_paused_clocks_show_what_is_left_and_breaches_stay_breaches() -> None:
    state = read(wib(4, 12), wib(4, 16), paused=True)
    assert (state.status, state.remaining) == (SlaStatus.PAUSED, 4 * HOUR)
    assert read(wib(5, 12), wib(4, 16), paused=True).status is SlaStatus.BREACHED


# -- the per-ticket clock ---------------------------------------------------------------------


NORMAL_NIK = SlaClock(Category.NIK_NOT_FOUND, Priority.NORMAL, wib(4, 10), WIB)


def test_the_clock_stores_the_due_times_of_a_new_ticket() -> None:
    assert NORMAL_NIK.due() == due_times(Category.NIK_NOT_FOUND, Priority.NORMAL, wib(4, 10), WIB)


def test_first_response_counts_down_then_records_whether_it_was_in_time() -> None:
    assert NORMAL_NIK.first_response(wib(4, 11), None).status is SlaStatus.OK
    assert NORMAL_NIK.first_response(wib(5, 8, 30), None).status is SlaStatus.DUE_SOON
    assert NORMAL_NIK.first_response(wib(5, 10), None).status is SlaStatus.BREACHED
    answered = NORMAL_NIK.first_response(wib(6, 10), responded_at=wib(4, 16))
    assert (answered.status, answered.remaining) == (SlaStatus.OK, 2 * HOUR)
    assert NORMAL_NIK.first_response(wib(6, 10), responded_at=wib(5, 10)).status is (
        SlaStatus.BREACHED
    )


def test_resolution_clock_is_paused_while_waiting_for_the_applicant() -> None:
    history = [
        StatusChange(wib(4, 10), Status.NEW),
        StatusChange(wib(4, 11), Status.OPEN),
        StatusChange(wib(4, 13), Status.PENDING_APPLICANT),
    ]
    left_when_paused = 27 * HOUR - 3 * HOUR
    for now in [wib(4, 14), wib(6, 16), wib(15, 10)]:  # however long the applicant takes
        state = NORMAL_NIK.resolution(now, history)
        assert (state.status, state.remaining) == (SlaStatus.PAUSED, left_when_paused)
    resumed = [*history, StatusChange(wib(13, 9), Status.OPEN)]
    state = NORMAL_NIK.resolution(wib(13, 9), resumed)
    assert (state.status, state.remaining) == (SlaStatus.OK, left_when_paused)


def test_a_resolved_ticket_is_judged_when_its_clock_stopped() -> None:
    on_time = [StatusChange(wib(4, 11), Status.OPEN), StatusChange(wib(5, 10), Status.RESOLVED)]
    state = NORMAL_NIK.resolution(wib(20, 10), on_time)
    assert (state.status, state.remaining) == (SlaStatus.OK, 27 * HOUR - 9 * HOUR)
    late = [StatusChange(wib(4, 11), Status.OPEN), StatusChange(wib(8, 10), Status.RESOLVED)]
    state = NORMAL_NIK.resolution(wib(20, 10), late)
    assert (state.status, state.overdue) == (SlaStatus.BREACHED, 9 * HOUR)
    waited_then_closed = [
        StatusChange(wib(4, 13), Status.PENDING_APPLICANT),
        StatusChange(wib(14, 10), Status.RESOLVED),
        StatusChange(wib(15, 10), Status.CLOSED),
    ]
    assert NORMAL_NIK.resolution(wib(20, 10), waited_then_closed).status is SlaStatus.OK


def test_a_ticket_without_history_counts_from_creation() -> None:
    assert NORMAL_NIK.resolution(wib(4, 12), []).remaining == 25 * HOUR


# -- properties over 2020–2030 ----------------------------------------------------------------

zones = st.sampled_from(list(TimeZoneName))
moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))
offsets = st.timedeltas(timedelta(0), timedelta(days=20))


@st.composite
def pause_lists(draw: st.DrawFn, created: datetime) -> list[Pause]:
    pauses = []
    for start_offset, length in draw(st.lists(st.tuples(offsets, offsets), max_size=4)):
        start = created + start_offset - timedelta(days=2)
        pauses.append(Pause(start, start + length))
    return pauses


@settings(max_examples=120, deadline=None)
@given(st.data(), moments, zones, st.sampled_from(list(Category)), st.sampled_from(list(Priority)))
def test_pauses_never_make_a_due_time_earlier(
    data: st.DataObject,
    created: datetime,
    zone: TimeZoneName,
    category: Category,
    priority: Priority,
) -> None:
    budget = SLA_TARGETS[category, priority].resolution.on(OFFICE_HOURS)
    unpaused = due_times(category, priority, created, zone).resolution
    pauses = data.draw(pause_lists(created))
    paused = resolution_due_after_pauses(created, budget, pauses, zone)
    assert paused >= unpaused
    more = [*pauses, *data.draw(pause_lists(created))]
    assert resolution_due_after_pauses(created, budget, more, zone) >= paused
    local = paused.astimezone(zone.zone)
    assert OFFICE_HOURS.is_business_day(local.date())
    assert time(8) <= local.time() <= time(17)


@settings(max_examples=80, deadline=None)
@given(moments, zones, offsets, offsets)
def test_a_paused_clock_holds_its_remaining_time(
    created: datetime, zone: TimeZoneName, until_pause: timedelta, waited: timedelta
) -> None:
    clock = SlaClock(Category.OTHER, Priority.LOW, created, zone)  # five business days
    paused_at = created + until_pause
    history = [StatusChange(paused_at, Status.PENDING_APPLICANT)]
    first = clock.resolution(paused_at, history)
    later = clock.resolution(paused_at + waited, history)
    assert first.status == later.status
    if first.status is SlaStatus.PAUSED:
        assert later.remaining == first.remaining
        used = business_time_between(created, paused_at, OFFICE_HOURS, zone)
        assert first.remaining == 5 * DAY - used


def test_years_beyond_the_tested_range_still_compute() -> None:
    # Only the holidays package's rules are needed; nothing is tied to 2020–2030.
    created = datetime.combine(date(2035, 1, 2), time(10), tzinfo=WIB.zone)
    assert due_times(Category.OTHER, Priority.URGENT, created, WIB).first_response == (
        created + HOUR
    )


def test_states_read_as_the_ticket_list_shows_them() -> None:
    tr = Translator("id")
    assert [tr._(status.label) for status in SlaStatus] == [
        "Aman",
        "Hampir lewat SLA",
        "Lewat SLA",
        "Dijeda",
    ]
