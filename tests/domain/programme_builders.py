"""Builders for the programme-rule tests: applicants at a stage, waves on a calendar.

The calendar follows 2020's first waves, in Jakarta time: wave N opens two weeks
after wave N-1 at noon, stays open four days and is announced four days later.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from prakerja_console.domain.applicant import ApplicantState
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.waves import WIB, DtksPolicy, Wave, WavePolicy

REGISTERED_AT = datetime(2020, 4, 11, 19, 2, tzinfo=WIB)
FIRST_WAVE_OPENS = datetime(2020, 4, 11, 12, 0, tzinfo=WIB)
STEP = timedelta(hours=1)

# The reason an applicant carries on arriving at each stage.
ARRIVAL_REASON = {
    Stage.REGISTERED: Reason.EMAIL_PENDING,
    Stage.EMAIL_VERIFIED: Reason.EMAIL_VERIFIED,
    Stage.NIK_VERIFIED: Reason.NIK_VERIFIED,
    Stage.JOINED_BATCH: Reason.JOINED_BATCH,
    Stage.ACCEPTED: Reason.AWAITING_FIRST_PURCHASE,
    Stage.TRAINING: Reason.TRAINING_IN_PROGRESS,
    Stage.COMPLETED: Reason.TRAINING_COMPLETED,
    Stage.INCENTIVE_PAID: Reason.INCENTIVE_PAID,
}


def wib(day: int, hour: int = 12, minute: int = 0, month: int = 4, year: int = 2020) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def applicant(
    stage: Stage = Stage.REGISTERED,
    reason: Reason | None = None,
    side: SideState | None = None,
    *,
    start: datetime = REGISTERED_AT,
    **overrides: object,
) -> ApplicantState:
    """An applicant who reached ``stage`` one hour per stage after ``start``."""
    state = ApplicantState(
        applicant_id=1,
        stage=Stage.REGISTERED,
        reason=Reason.EMAIL_PENDING,
        registered_at=start,
        state_changed_at=start,
        birth_date=date(1990, 1, 1),
        sex="F",
        province_code="32",
        has_nik=stage.rank >= Stage.EMAIL_VERIFIED.rank,
        has_kk=stage.rank >= Stage.EMAIL_VERIFIED.rank,
    )
    moment = start
    for step in list(Stage)[1 : stage.rank + 1]:
        moment += STEP
        state = state.with_reached(step, moment)
    state = replace(
        state,
        stage=stage,
        reason=reason or ARRIVAL_REASON[stage],
        side_state=side,
        state_changed_at=moment,
    )
    return replace(state, **overrides)


def policy(
    dtks: DtksPolicy = DtksPolicy.EXCLUDE, *, min_age: int = 18, revocation_days: int = 30
) -> WavePolicy:
    return WavePolicy(dtks_policy=dtks, min_age=min_age, revocation_days=revocation_days)


def wave(
    number: int = 1,
    *,
    quota: int = 164_000,
    wave_policy: WavePolicy | None = None,
    opens_at: datetime | None = None,
) -> Wave:
    opens = opens_at or FIRST_WAVE_OPENS + timedelta(weeks=2 * (number - 1))
    return Wave(
        id=100 + number,
        number=number,
        name=f"Gelombang {number}",
        opens_at=opens,
        closes_at=opens + timedelta(days=4),
        announce_at=opens + timedelta(days=8),
        quota=quota,
        policy=wave_policy or policy(),
    )
