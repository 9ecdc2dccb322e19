"""The allowed moves of an applicant through the funnel, and nothing else.

Both the central (applying a change) and the console (checking what it shows)
go through :func:`transition`, so a move the programme does not allow fails the
same way on both sides, with a :class:`TransitionError` that says why in plain words.

The model: ``stage`` is the furthest main stage reached and never decreases.
On the main path a move either advances exactly one stage or updates the reason
at the same stage (e.g. "NIK being checked" → "NIK not found"). Side states hang
off a stage: *not accepted* off ``joined_batch``, *revoked* off ``accepted``,
*rejected* off any stage with a reason that fits it. The only ways back to the main
path are re-joining a wave (from not accepted, or from a rejection that can lapse,
see ``waves.REJOINABLE_REJECTIONS``) and lifting a fraud block after review.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from prakerja_console.domain.applicant import ApplicantState
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.waves import REJOINABLE_REJECTIONS

# Reasons an applicant on the main path may carry at each stage.
STAGE_REASONS: dict[Stage, frozenset[Reason]] = {
    Stage.REGISTERED: frozenset({Reason.REGISTERED, Reason.EMAIL_PENDING, Reason.EMAIL_BOUNCED}),
    Stage.EMAIL_VERIFIED: frozenset(
        {
            Reason.EMAIL_VERIFIED,
            Reason.NIK_NOT_SUBMITTED,
            Reason.NIK_PENDING,
            Reason.NIK_NOT_FOUND,
            Reason.NIK_REGISTRY_MISMATCH,
            Reason.NIK_KK_MISMATCH,
            Reason.NIK_ALREADY_USED,
            Reason.KTP_PHOTO_REJECTED,
        }
    ),
    Stage.NIK_VERIFIED: frozenset(
        {
            Reason.NIK_VERIFIED,
            Reason.NIK_BIRTH_DIGITS_DIFFER,
            Reason.NOT_JOINED,
            Reason.WAVE_NOT_OPEN,
        }
    ),
    Stage.JOINED_BATCH: frozenset({Reason.JOINED_BATCH, Reason.SELECTION_PENDING}),
    Stage.ACCEPTED: frozenset(
        {Reason.ACCEPTED, Reason.ACCEPTED_PRIORITY, Reason.AWAITING_FIRST_PURCHASE}
    ),
    Stage.TRAINING: frozenset({Reason.TRAINING_IN_PROGRESS, Reason.CERTIFICATE_PENDING}),
    Stage.COMPLETED: frozenset(
        {
            Reason.TRAINING_COMPLETED,
            Reason.BANK_ACCOUNT_MISSING,
            Reason.INCENTIVE_FAILED_PHONE_CHANGED,
            Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE,
            Reason.INCENTIVE_FAILED_NAME_MISMATCH,
            Reason.INCENTIVE_RETRY_SCHEDULED,
        }
    ),
    Stage.INCENTIVE_PAID: frozenset({Reason.INCENTIVE_PAID}),
}

ELIGIBILITY_REJECTIONS = frozenset(
    {
        Reason.UNDER_AGE,
        Reason.STUDENT,
        Reason.EXCLUDED_OCCUPATION,
        Reason.ALREADY_RECIPIENT,
        Reason.KK_LIMIT,
        Reason.BLACKLISTED,
        Reason.SOCIAL_ASSISTANCE_EXCLUDED,
    }
)
_BLOCKS = frozenset({Reason.ACCOUNT_BLOCKED, Reason.BLACKLISTED})

# Why an applicant at a stage may be rejected: eligibility is judged once the NIK is
# verified (and again at selection); fraud can surface at any time.
REJECTION_REASONS: dict[Stage, frozenset[Reason]] = {
    Stage.REGISTERED: _BLOCKS,
    Stage.EMAIL_VERIFIED: _BLOCKS,
    Stage.NIK_VERIFIED: ELIGIBILITY_REJECTIONS | {Reason.ACCOUNT_BLOCKED},
    Stage.JOINED_BATCH: ELIGIBILITY_REJECTIONS | {Reason.ACCOUNT_BLOCKED},
    Stage.ACCEPTED: frozenset({Reason.ACCOUNT_BLOCKED}),
    Stage.TRAINING: frozenset({Reason.ACCOUNT_BLOCKED}),
    Stage.COMPLETED: frozenset({Reason.ACCOUNT_BLOCKED}),
    Stage.INCENTIVE_PAID: frozenset({Reason.ACCOUNT_BLOCKED}),
}
NOT_ACCEPTED_REASONS = frozenset({Reason.NOT_SELECTED, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED})
REVOCATION_REASONS = frozenset({Reason.REVOKED_NO_PURCHASE})
_REJOIN_REASONS = frozenset({Reason.JOINED_BATCH})
_NOTHING: frozenset[Reason] = frozenset()


class TransitionProblem(StrEnum):
    NAIVE_TIME = "naive_time"
    BEFORE_PREVIOUS = "before_previous"
    BACKWARDS = "backwards"
    SKIPS_STAGE = "skips_stage"
    NOT_FROM_HERE = "not_from_here"
    REASON_NOT_ALLOWED = "reason_not_allowed"


class TransitionError(ValueError):
    """A move the funnel does not allow; ``message`` says why in plain words."""

    def __init__(self, problem: TransitionProblem, message: Message) -> None:
        super().__init__(_english(message))
        self.problem = problem
        self.message = message


def _english(message: Message) -> str:
    """The source text with nested messages (stage labels) filled in, for logs and ``str``;
    ``Message.render`` leaves nested messages as their repr."""
    params = {
        key: _english(value) if isinstance(value, Message) else value
        for key, value in message.params.items()
    }
    return message.template.format(**params)


def allowed_reasons(state: ApplicantState, to: Stage | SideState) -> frozenset[Reason]:
    """The reasons a move from ``state`` to ``to`` may carry; empty when the move itself
    is not allowed. Screens use it to offer only moves that will succeed."""
    side = state.side_state
    stage = state.stage
    if isinstance(to, SideState):
        if side is None:
            if to is SideState.REJECTED:
                return REJECTION_REASONS[stage]
            if to is SideState.NOT_ACCEPTED and stage is Stage.JOINED_BATCH:
                return NOT_ACCEPTED_REASONS
            if to is SideState.REVOKED and stage is Stage.ACCEPTED:
                return REVOCATION_REASONS
            return _NOTHING
        if to is SideState.REJECTED and side is not SideState.REJECTED:
            return REJECTION_REASONS[stage] & _BLOCKS
        return _NOTHING
    if side is None:
        return STAGE_REASONS[to] if to.rank - stage.rank in (0, 1) else _NOTHING
    if to is Stage.JOINED_BATCH and _may_rejoin(state):
        return _REJOIN_REASONS
    if side is SideState.REJECTED and state.reason is Reason.ACCOUNT_BLOCKED and to is stage:
        return STAGE_REASONS[stage]  # a fraud block lifted after review
    return _NOTHING


def _may_rejoin(state: ApplicantState) -> bool:
    if state.side_state is SideState.NOT_ACCEPTED:
        return True
    return (
        state.side_state is SideState.REJECTED
        and state.reason in REJOINABLE_REJECTIONS
        and state.stage in (Stage.NIK_VERIFIED, Stage.JOINED_BATCH)
    )


def transition(
    state: ApplicantState, to: Stage | SideState, reason: Reason, at: datetime
) -> ApplicantState:
    """The applicant after moving to ``to`` for ``reason`` at ``at``.

    Raises :class:`TransitionError` for a naive or earlier time, a backward move, a
    skipped stage, a move not allowed from the current state, or a reason that does
    not fit the target.
    """
    if at.utcoffset() is None:
        raise TransitionError(
            TransitionProblem.NAIVE_TIME,
            Message(N_("The time of a change must carry a time zone.")),
        )
    if at < state.state_changed_at:
        raise TransitionError(
            TransitionProblem.BEFORE_PREVIOUS,
            Message(
                N_("The change at {at} is earlier than the previous change at {previous}."),
                {"at": at, "previous": state.state_changed_at},
            ),
        )
    reasons = allowed_reasons(state, to)
    if not reasons:
        raise _refusal(state, to)
    if reason not in reasons:
        raise TransitionError(
            TransitionProblem.REASON_NOT_ALLOWED,
            Message(
                N_("Reason “{reason}” does not fit a move to “{target}”."),
                {"reason": Message(reason.text), "target": Message(to.label)},
            ),
        )
    if isinstance(to, SideState):
        return replace(state, side_state=to, reason=reason, state_changed_at=at)
    moved = replace(state, stage=to, side_state=None, reason=reason, state_changed_at=at)
    advanced = to is not state.stage
    rejoined = to is Stage.JOINED_BATCH and state.side_state is not None
    # A stage's time is when it was reached; joined_at is the latest join.
    return moved.with_reached(to, at) if advanced or rejoined else moved


def _refusal(state: ApplicantState, to: Stage | SideState) -> TransitionError:
    """Say precisely why no reason at all would make this move allowed."""
    current = state.side_state or state.stage
    params = {"current": Message(current.label), "target": Message(to.label)}
    if isinstance(to, Stage) and state.side_state is None:
        if to.rank < state.stage.rank:
            return TransitionError(
                TransitionProblem.BACKWARDS,
                Message(N_("The funnel does not go back from “{current}” to “{target}”."), params),
            )
        return TransitionError(
            TransitionProblem.SKIPS_STAGE,
            Message(N_("Moving from “{current}” to “{target}” skips a stage."), params),
        )
    return TransitionError(
        TransitionProblem.NOT_FROM_HERE,
        Message(N_("An applicant at “{current}” cannot move to “{target}”."), params),
    )
