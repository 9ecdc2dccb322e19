"""Funnel transitions: one stage at a time, side states where they belong, times forward."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_console.domain.applicant import ApplicantState
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.transitions import (
    ELIGIBILITY_REJECTIONS,
    NOT_ACCEPTED_REASONS,
    REJECTION_REASONS,
    STAGE_REASONS,
    TransitionError,
    TransitionProblem,
    allowed_reasons,
    transition,
)
from prakerja_console.i18n import Translator
from tests.domain.programme_builders import ARRIVAL_REASON, applicant

LATER = timedelta(minutes=5)
ENGLISH, INDONESIAN = Translator("en"), Translator("id")


def later(state: ApplicantState) -> datetime:
    return state.state_changed_at + LATER


def test_the_whole_main_path_one_stage_at_a_time() -> None:
    state = applicant(Stage.REGISTERED)
    for stage in list(Stage)[1:]:
        moment = later(state)
        state = transition(state, stage, ARRIVAL_REASON[stage], moment)
        assert state.stage is stage
        assert state.reason is ARRIVAL_REASON[stage]
        assert state.reached_at(stage) == state.state_changed_at == moment
    times = [state.reached_at(stage) for stage in Stage]
    assert times == sorted(t for t in times if t is not None)


def test_every_reason_but_unknown_is_reachable_somewhere() -> None:
    reachable = set().union(*STAGE_REASONS.values(), *REJECTION_REASONS.values())
    reachable |= NOT_ACCEPTED_REASONS | {Reason.REVOKED_NO_PURCHASE}
    assert reachable == set(Reason) - {Reason.UNKNOWN}


def test_a_reason_update_at_the_same_stage_keeps_the_stage_time() -> None:
    state = applicant(Stage.EMAIL_VERIFIED, Reason.NIK_PENDING)
    updated = transition(state, Stage.EMAIL_VERIFIED, Reason.NIK_NOT_FOUND, later(state))
    assert updated.reason is Reason.NIK_NOT_FOUND
    assert updated.email_verified_at == state.email_verified_at
    assert updated.state_changed_at == later(state)


def test_skipping_a_stage_is_refused() -> None:
    state = applicant(Stage.EMAIL_VERIFIED)
    with pytest.raises(TransitionError) as raised:
        transition(state, Stage.JOINED_BATCH, Reason.JOINED_BATCH, later(state))
    assert raised.value.problem is TransitionProblem.SKIPS_STAGE
    assert str(raised.value) == "Moving from “E-mail verified” to “Joined wave” skips a stage."
    assert INDONESIAN.message(raised.value.message) == (
        "Perpindahan dari “E-mail terverifikasi” ke “Gabung gelombang” melompati tahapan."
    )


def test_going_back_is_refused() -> None:
    state = applicant(Stage.ACCEPTED)
    with pytest.raises(TransitionError) as raised:
        transition(state, Stage.JOINED_BATCH, Reason.JOINED_BATCH, later(state))
    assert raised.value.problem is TransitionProblem.BACKWARDS


def test_a_reason_must_fit_its_target() -> None:
    state = applicant(Stage.NIK_VERIFIED)
    with pytest.raises(TransitionError) as raised:
        transition(state, Stage.JOINED_BATCH, Reason.ACCEPTED, later(state))
    assert raised.value.problem is TransitionProblem.REASON_NOT_ALLOWED
    assert ENGLISH.message(raised.value.message) == (
        "Reason “Selected in the random draw” does not fit a move to “Joined wave”."
    )
    with pytest.raises(TransitionError, match="does not fit"):
        transition(state, Stage.JOINED_BATCH, Reason.UNKNOWN, later(state))


def test_time_must_be_aware_and_not_before_the_previous_change() -> None:
    state = applicant(Stage.EMAIL_VERIFIED)
    with pytest.raises(TransitionError) as naive:
        transition(state, Stage.NIK_VERIFIED, Reason.NIK_VERIFIED, datetime(2020, 4, 12))
    assert naive.value.problem is TransitionProblem.NAIVE_TIME
    moment = state.state_changed_at - timedelta(seconds=1)
    with pytest.raises(TransitionError) as early:
        transition(state, Stage.NIK_VERIFIED, Reason.NIK_VERIFIED, moment)
    assert early.value.problem is TransitionProblem.BEFORE_PREVIOUS
    same_moment = transition(state, Stage.NIK_VERIFIED, Reason.NIK_VERIFIED, state.state_changed_at)
    assert same_moment.stage is Stage.NIK_VERIFIED


# -- side states ---------------------------------------------------------------


@pytest.mark.parametrize("reason", sorted(NOT_ACCEPTED_REASONS))
def test_not_accepted_hangs_off_joined_batch(reason: Reason) -> None:
    state = transition(
        applicant(Stage.JOINED_BATCH),
        SideState.NOT_ACCEPTED,
        reason,
        later(applicant(Stage.JOINED_BATCH)),
    )
    assert state.side_state is SideState.NOT_ACCEPTED
    assert state.stage is Stage.JOINED_BATCH
    for stage in (Stage.NIK_VERIFIED, Stage.ACCEPTED):
        other = applicant(stage)
        with pytest.raises(TransitionError) as raised:
            transition(other, SideState.NOT_ACCEPTED, reason, later(other))
        assert raised.value.problem is TransitionProblem.NOT_FROM_HERE


def test_a_rejoin_returns_to_joined_batch_with_a_new_join_time() -> None:
    joined = applicant(Stage.JOINED_BATCH)
    missed = transition(joined, SideState.NOT_ACCEPTED, Reason.NOT_SELECTED, later(joined))
    rejoined = transition(missed, Stage.JOINED_BATCH, Reason.JOINED_BATCH, later(missed))
    assert rejoined.side_state is None
    assert rejoined.stage is Stage.JOINED_BATCH
    assert rejoined.joined_at == later(missed) != joined.joined_at
    with pytest.raises(TransitionError, match="does not fit"):
        transition(missed, Stage.JOINED_BATCH, Reason.SELECTION_PENDING, later(missed))
    with pytest.raises(TransitionError) as raised:
        transition(missed, Stage.ACCEPTED, Reason.ACCEPTED, later(missed))
    assert raised.value.problem is TransitionProblem.NOT_FROM_HERE


def test_revocation_hangs_off_accepted_and_is_final() -> None:
    accepted = applicant(Stage.ACCEPTED)
    revoked = transition(accepted, SideState.REVOKED, Reason.REVOKED_NO_PURCHASE, later(accepted))
    assert revoked.side_state is SideState.REVOKED
    assert allowed_reasons(revoked, Stage.ACCEPTED) == frozenset()
    assert allowed_reasons(revoked, Stage.TRAINING) == frozenset()
    assert allowed_reasons(revoked, Stage.JOINED_BATCH) == frozenset()
    assert allowed_reasons(revoked, SideState.REJECTED) == {Reason.ACCOUNT_BLOCKED}
    training = applicant(Stage.TRAINING)
    with pytest.raises(TransitionError):
        transition(training, SideState.REVOKED, Reason.REVOKED_NO_PURCHASE, later(training))


@pytest.mark.parametrize("stage", list(Stage))
def test_fraud_can_be_found_at_any_stage(stage: Stage) -> None:
    state = applicant(stage)
    blocked = transition(state, SideState.REJECTED, Reason.ACCOUNT_BLOCKED, later(state))
    assert blocked.side_state is SideState.REJECTED
    assert blocked.stage is stage


def test_eligibility_rejections_fit_only_once_the_nik_is_verified() -> None:
    assert REJECTION_REASONS[Stage.EMAIL_VERIFIED].isdisjoint(
        ELIGIBILITY_REJECTIONS - {Reason.BLACKLISTED}
    )
    assert REJECTION_REASONS[Stage.NIK_VERIFIED] >= ELIGIBILITY_REJECTIONS
    assert REJECTION_REASONS[Stage.JOINED_BATCH] >= ELIGIBILITY_REJECTIONS
    assert REJECTION_REASONS[Stage.ACCEPTED] == {Reason.ACCOUNT_BLOCKED}
    early = applicant(Stage.EMAIL_VERIFIED)
    with pytest.raises(TransitionError, match="does not fit"):
        transition(early, SideState.REJECTED, Reason.STUDENT, later(early))


def test_a_rejection_is_not_rejected_again() -> None:
    state = applicant(Stage.NIK_VERIFIED, Reason.BLACKLISTED, SideState.REJECTED)
    with pytest.raises(TransitionError) as raised:
        transition(state, SideState.REJECTED, Reason.ACCOUNT_BLOCKED, later(state))
    assert raised.value.problem is TransitionProblem.NOT_FROM_HERE


@pytest.mark.parametrize(
    "reason", [Reason.UNDER_AGE, Reason.STUDENT, Reason.SOCIAL_ASSISTANCE_EXCLUDED]
)
@pytest.mark.parametrize("stage", [Stage.NIK_VERIFIED, Stage.JOINED_BATCH])
def test_a_rejection_that_can_lapse_allows_a_later_join(reason: Reason, stage: Stage) -> None:
    state = applicant(stage, reason, SideState.REJECTED)
    joined = transition(state, Stage.JOINED_BATCH, Reason.JOINED_BATCH, later(state))
    assert joined.side_state is None
    assert joined.stage is Stage.JOINED_BATCH
    assert joined.joined_at == later(state)


@pytest.mark.parametrize("reason", [Reason.KK_LIMIT, Reason.ALREADY_RECIPIENT, Reason.BLACKLISTED])
def test_a_final_rejection_allows_no_join(reason: Reason) -> None:
    state = applicant(Stage.NIK_VERIFIED, reason, SideState.REJECTED)
    with pytest.raises(TransitionError) as raised:
        transition(state, Stage.JOINED_BATCH, Reason.JOINED_BATCH, later(state))
    assert raised.value.problem is TransitionProblem.NOT_FROM_HERE


def test_a_fraud_block_lifted_after_review_returns_to_the_same_stage() -> None:
    state = applicant(Stage.EMAIL_VERIFIED, Reason.ACCOUNT_BLOCKED, SideState.REJECTED)
    lifted = transition(state, Stage.EMAIL_VERIFIED, Reason.NIK_PENDING, later(state))
    assert lifted.side_state is None
    assert lifted.stage is Stage.EMAIL_VERIFIED
    assert lifted.email_verified_at == state.email_verified_at
    with pytest.raises(TransitionError):
        transition(state, Stage.NIK_VERIFIED, Reason.NIK_VERIFIED, later(state))


# -- properties --------------------------------------------------------------------

TARGETS: list[Stage | SideState] = [*Stage, *SideState]


@settings(max_examples=300)
@given(
    st.lists(
        st.timedeltas(min_value=timedelta(minutes=-30), max_value=timedelta(days=3)), max_size=60
    ),
    st.randoms(use_true_random=False),
)
def test_random_walks_never_go_backwards_except_the_allowed_rejoin(
    steps: list[timedelta], pick: random.Random
) -> None:
    """Mostly legal moves (so walks reach the end of the funnel and every side state),
    sometimes arbitrary ones, which must fail exactly when they are not allowed."""
    state = applicant(Stage.REGISTERED)
    for step in steps:
        legal = [target for target in TARGETS if allowed_reasons(state, target)]
        if legal and pick.random() < 0.8:
            target = pick.choice(legal)
            reason = pick.choice(sorted(allowed_reasons(state, target)))
        else:
            target, reason = pick.choice(TARGETS), pick.choice(list(Reason))
        moment = state.state_changed_at + step
        if reason not in allowed_reasons(state, target) or step < timedelta(0):
            with pytest.raises(TransitionError):
                transition(state, target, reason, moment)
            continue
        moved = transition(state, target, reason, moment)
        assert moved.stage.rank >= state.stage.rank
        assert moved.stage.rank <= state.stage.rank + 1
        assert moved.state_changed_at == moment >= state.state_changed_at
        if state.side_state is not None and moved.side_state is None:
            rejoin = moved.stage is Stage.JOINED_BATCH and reason is Reason.JOINED_BATCH
            unblock = state.reason is Reason.ACCOUNT_BLOCKED and moved.stage is state.stage
            assert rejoin or unblock
        if state.side_state is SideState.REVOKED:
            assert moved.side_state is SideState.REJECTED
        passed = list(Stage)[: moved.stage.rank + 1]
        reached = [t for stage in passed if (t := moved.reached_at(stage)) is not None]
        assert len(reached) == len(passed)
        assert reached == sorted(reached)
        state = moved
