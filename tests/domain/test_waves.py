"""Waves: schedule, status, who may join, and revocation of unused cards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.applicant import ApplicantState, EntryOutcome, WaveEntry
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.waves import (
    REJOINABLE_REJECTIONS,
    DtksPolicy,
    Wave,
    WavePolicy,
    WaveStatus,
    joinable_wave,
    may_join,
    revocation_deadline,
    should_revoke,
    status,
    wave_by_id,
)
from tests.domain.programme_builders import applicant, policy, wave, wib

SECOND = timedelta(seconds=1)


# -- the wave itself -----------------------------------------------------------


def test_a_wave_needs_an_ordered_aware_schedule_and_a_quota() -> None:
    good = wave(1)
    with pytest.raises(ValueError, match="time"):
        Wave(1, 1, "x", datetime(2020, 4, 11), good.closes_at, good.announce_at, 1, good.policy)
    with pytest.raises(ValueError, match="opens_at < closes_at"):
        Wave(1, 1, "x", good.closes_at, good.opens_at, good.announce_at, 1, good.policy)
    with pytest.raises(ValueError, match="closes_at <= announce_at"):
        Wave(1, 1, "x", good.opens_at, good.announce_at, good.closes_at, 1, good.policy)
    with pytest.raises(ValueError, match="quota"):
        Wave(1, 1, "x", good.opens_at, good.closes_at, good.announce_at, -1, good.policy)


@pytest.mark.parametrize(
    "knobs", [{"min_age": -1}, {"revocation_days": 0}, {"max_recipients_per_kk": 0}]
)
def test_an_impossible_policy_is_refused(knobs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="impossible"):
        WavePolicy(dtks_policy=DtksPolicy.EXCLUDE, **knobs)


def test_policies_read_from_the_wire_tolerate_new_values() -> None:
    assert DtksPolicy.from_code("deprioritise") is DtksPolicy.DEPRIORITISE
    assert DtksPolicy.from_code("ignore") is DtksPolicy.UNKNOWN
    assert WaveStatus.from_code("paused") is WaveStatus.UNKNOWN


def test_status_follows_the_schedule_with_inclusive_starts() -> None:
    w = wave(1)
    assert status(w, w.opens_at - SECOND) is WaveStatus.SCHEDULED
    assert status(w, w.opens_at) is WaveStatus.OPEN
    assert status(w, w.closes_at - SECOND) is WaveStatus.OPEN
    assert status(w, w.closes_at) is WaveStatus.CLOSED
    assert status(w, w.announce_at - SECOND) is WaveStatus.CLOSED
    assert status(w, w.announce_at) is WaveStatus.ANNOUNCED


def test_status_compares_moments_not_wall_clocks() -> None:
    w = wave(1)  # opens 12:00 WIB = 05:00 UTC
    assert status(w, datetime(2020, 4, 11, 4, 59, tzinfo=UTC)) is WaveStatus.SCHEDULED
    assert status(w, datetime(2020, 4, 11, 5, 0, tzinfo=UTC)) is WaveStatus.OPEN


def test_the_reference_date_is_the_opening_day_in_jakarta() -> None:
    late_evening_utc = datetime(2020, 4, 10, 18, 0, tzinfo=UTC)  # 01:00 on 11 April in WIB
    assert wave(1, opens_at=late_evening_utc).reference_date == date(2020, 4, 11)


def test_the_wave_to_join_is_the_open_one_else_the_next_scheduled() -> None:
    waves = [wave(3), wave(1), wave(2)]
    assert joinable_wave(waves, wib(12)) == wave(1)
    assert joinable_wave(waves, wib(20)) == wave(2)  # wave 1 announcing, wave 2 scheduled
    assert joinable_wave(waves, wib(26)) == wave(2)
    assert joinable_wave(waves, wib(30, month=5)) is None
    assert joinable_wave([], wib(12)) is None
    assert wave_by_id(waves, 102) == wave(2)
    assert wave_by_id(waves, None) is None


# -- joining -------------------------------------------------------------------

OPEN_WAVE = wave(2)
DURING = wib(26)  # wave 2 is open 25-29 April


def test_a_verified_applicant_may_join_an_open_wave() -> None:
    decision = may_join(applicant(Stage.NIK_VERIFIED), OPEN_WAVE, DURING, [])
    assert decision.allowed
    assert decision.reason is Reason.JOINED_BATCH
    assert decision.message.params == {"wave": 2, "closes_at": OPEN_WAVE.closes_at}


@pytest.mark.parametrize("stage", [Stage.REGISTERED, Stage.EMAIL_VERIFIED])
def test_only_a_verified_nik_may_join(stage: Stage) -> None:
    state = applicant(stage, Reason.NIK_NOT_FOUND if stage is Stage.EMAIL_VERIFIED else None)
    decision = may_join(state, OPEN_WAVE, DURING, [])
    assert not decision.allowed
    assert decision.reason is state.reason
    assert "verified NIK" in decision.message.template


@pytest.mark.parametrize("moment", [wave(2).opens_at - SECOND, wave(2).closes_at])
def test_a_wave_that_is_not_open_refuses(moment: datetime) -> None:
    decision = may_join(applicant(Stage.NIK_VERIFIED), OPEN_WAVE, moment, [])
    assert not decision.allowed
    assert decision.reason is Reason.WAVE_NOT_OPEN
    assert decision.message.params["wave"] == 2


def test_a_pending_entry_blocks_a_second_join() -> None:
    pending = WaveEntry(102, wib(25, 13), EntryOutcome.PENDING, Reason.JOINED_BATCH)
    state = applicant(Stage.JOINED_BATCH, wave_id=102)
    same = may_join(state, OPEN_WAVE, DURING, [pending])
    assert not same.allowed
    assert same.message.params == {"wave": 2, "joined_at": wib(25, 13)}
    elsewhere = WaveEntry(101, wib(12), EntryOutcome.PENDING, Reason.SELECTION_PENDING)
    other = may_join(state, OPEN_WAVE, DURING, [elsewhere])
    assert not other.allowed
    assert other.reason is Reason.SELECTION_PENDING


def test_not_accepted_applicants_rejoin_without_registering_again() -> None:
    missed = WaveEntry(101, wib(12), EntryOutcome.NOT_ACCEPTED, Reason.NOT_SELECTED, wib(19))
    state = applicant(Stage.JOINED_BATCH, Reason.NOT_SELECTED, SideState.NOT_ACCEPTED)
    assert may_join(state, OPEN_WAVE, DURING, [missed]).allowed


@pytest.mark.parametrize("stage", [Stage.ACCEPTED, Stage.TRAINING, Stage.INCENTIVE_PAID])
def test_accepted_applicants_hold_their_one_card(stage: Stage) -> None:
    decision = may_join(applicant(stage), OPEN_WAVE, DURING, [])
    assert not decision.allowed
    assert decision.reason is Reason.ALREADY_RECIPIENT


def test_a_revoked_card_is_the_one_card_per_nik() -> None:
    state = applicant(Stage.ACCEPTED, Reason.REVOKED_NO_PURCHASE, SideState.REVOKED)
    decision = may_join(state, OPEN_WAVE, DURING, [])
    assert not decision.allowed
    assert decision.reason is Reason.REVOKED_NO_PURCHASE


@pytest.mark.parametrize(
    "reason",
    [
        Reason.EXCLUDED_OCCUPATION,
        Reason.ALREADY_RECIPIENT,
        Reason.KK_LIMIT,
        Reason.BLACKLISTED,
        Reason.ACCOUNT_BLOCKED,
    ],
)
def test_final_rejections_never_rejoin(reason: Reason) -> None:
    state = applicant(Stage.JOINED_BATCH, reason, SideState.REJECTED)
    decision = may_join(state, OPEN_WAVE, DURING, [])
    assert not decision.allowed
    assert decision.reason is reason


@pytest.mark.parametrize("reason", [Reason.STUDENT, Reason.SOCIAL_ASSISTANCE_EXCLUDED])
def test_registry_rejections_may_rejoin_and_are_checked_again(reason: Reason) -> None:
    state = applicant(Stage.NIK_VERIFIED, reason, SideState.REJECTED)
    decision = may_join(state, OPEN_WAVE, DURING, [])
    assert decision.allowed
    assert "checked again at selection" in decision.message.template


def test_under_age_rejections_lapse_on_the_wave_that_finds_them_adult() -> None:
    # Wave 2 opens 25 April 2020; someone born 26 April 2002 is 17 that day.
    def rejected_young(born: date | None) -> ApplicantState:
        return applicant(Stage.NIK_VERIFIED, Reason.UNDER_AGE, SideState.REJECTED, birth_date=born)

    refused = may_join(rejected_young(date(2002, 4, 26)), OPEN_WAVE, DURING, [])
    assert not refused.allowed
    assert refused.reason is Reason.UNDER_AGE
    assert refused.message.params == {"min_age": 18, "turns_on": date(2020, 4, 26)}
    adult = may_join(rejected_young(date(2002, 4, 25)), OPEN_WAVE, DURING, [])
    assert adult.allowed
    assert adult.message.params["min_age"] == 18
    unknown = may_join(rejected_young(None), OPEN_WAVE, DURING, [])
    assert not unknown.allowed
    assert unknown.reason is Reason.UNDER_AGE


def test_rejections_that_may_lapse_are_the_documented_three() -> None:
    assert {Reason.UNDER_AGE, Reason.STUDENT, Reason.SOCIAL_ASSISTANCE_EXCLUDED} == set(
        REJOINABLE_REJECTIONS
    )


# -- revocation ----------------------------------------------------------------

ACCEPTED_AT = wib(20, 12)


@pytest.mark.parametrize(
    ("days", "deadline"), [(30, wib(20, 12, month=5)), (15, wib(5, 12, month=5))]
)
def test_the_deadline_follows_the_waves_policy(days: int, deadline: datetime) -> None:
    assert revocation_deadline(ACCEPTED_AT, policy(revocation_days=days)) == deadline


def test_no_purchase_by_the_deadline_revokes_the_card() -> None:
    rules = policy(revocation_days=15)
    deadline = revocation_deadline(ACCEPTED_AT, rules)
    assert not should_revoke(ACCEPTED_AT, None, deadline, rules)
    assert should_revoke(ACCEPTED_AT, None, deadline + SECOND, rules)


def test_a_purchase_in_time_keeps_the_card_and_a_late_one_does_not() -> None:
    rules = policy(revocation_days=30)
    deadline = revocation_deadline(ACCEPTED_AT, rules)
    assert not should_revoke(ACCEPTED_AT, deadline, deadline + timedelta(days=9), rules)
    assert should_revoke(ACCEPTED_AT, deadline + SECOND, deadline + timedelta(days=9), rules)


@given(
    days=st.integers(min_value=1, max_value=60),
    bought_after=st.one_of(
        st.none(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90))
    ),
    now_after=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120)),
)
def test_revocation_only_ever_hits_a_card_with_no_purchase_in_time(
    days: int, bought_after: timedelta | None, now_after: timedelta
) -> None:
    rules = policy(revocation_days=days)
    bought = None if bought_after is None else ACCEPTED_AT + bought_after
    now = ACCEPTED_AT + now_after
    revoke = should_revoke(ACCEPTED_AT, bought, now, rules)
    in_time = (
        bought is not None and bought_after is not None and bought_after <= timedelta(days=days)
    )
    assert revoke == (not in_time and now_after > timedelta(days=days))
