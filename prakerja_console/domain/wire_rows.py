"""Read rows shaped like the wire records into the domain's view, in one place.

The mirror and the central both hold rows with the field names and primitives of
``sync/protocol.py`` (epoch seconds, ISO dates, plain-string codes); both call
these readers, so the two sides can never convert differently. The domain may not
import the protocol, so a row is any mapping from those field names to values.

Codes this console does not know never fail: they read as ``UNKNOWN``. ``Stage``
has no such member (its order is the funnel), so an unknown stage code reads as the
furthest stage the row's timestamps prove, with the reason set to ``UNKNOWN`` so the
agent is told the console is out of date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from prakerja_console.domain.applicant import (
    ApplicantState,
    CheckResult,
    EntryOutcome,
    Occupation,
    PriorityGroup,
    Registry,
    RegistryCheck,
    RegistryDetail,
    WaveEntry,
    calendar_date,
    sex_from_code,
)
from prakerja_console.domain.epoch import moment
from prakerja_console.domain.funnel import Reason, SideState, Stage, reason_from_code
from prakerja_console.domain.waves import DtksPolicy, Wave, WavePolicy

Row = Mapping[str, Any]
_Funnel = TypeVar("_Funnel", Stage, SideState)
_Wire = TypeVar("_Wire", Occupation, PriorityGroup)


def applicant_from_row(row: Row) -> ApplicantState:
    """An ``ApplicantData``-shaped row as the domain sees it."""
    times = {stage: moment(row.get(STAGE_TIME_FIELDS[stage])) for stage in Stage}
    reason = reason_from_code(row.get("reason_code"))
    stage = _known(Stage, row.get("stage"))
    if stage is None:
        stage = max((s for s, t in times.items() if t is not None), key=lambda s: s.rank)
        reason = Reason.UNKNOWN
    side_code = row.get("side_state")
    side_state = _known(SideState, side_code)
    if side_code is not None and side_state is None:
        reason = Reason.UNKNOWN
    registered_at = _required_moment(row, "registered_at")
    return ApplicantState(
        applicant_id=int(row["id"]),
        stage=stage,
        reason=reason,
        registered_at=registered_at,
        state_changed_at=moment(row.get("state_changed_at")) or registered_at,
        side_state=side_state,
        email_verified_at=times[Stage.EMAIL_VERIFIED],
        nik_verified_at=times[Stage.NIK_VERIFIED],
        joined_at=times[Stage.JOINED_BATCH],
        accepted_at=times[Stage.ACCEPTED],
        training_at=times[Stage.TRAINING],
        completed_at=times[Stage.COMPLETED],
        incentive_paid_at=times[Stage.INCENTIVE_PAID],
        birth_date=calendar_date(row.get("birth_date")),
        sex=sex_from_code(row.get("sex")),
        province_code=row.get("province_code"),
        occupation=_optional(Occupation, row.get("occupation")),
        priority_group=_optional(PriorityGroup, row.get("priority_group")),
        has_nik=bool(row.get("nik")),
        has_kk=bool(row.get("kk_number")),
        wave_id=row.get("wave_id"),
    )


def check_from_row(row: Row) -> RegistryCheck:
    """A ``RegistryCheckData``-shaped row."""
    return RegistryCheck(
        registry=Registry.from_code(row.get("registry")),
        result=CheckResult.from_code(row.get("result")),
        detail=RegistryDetail.from_json(row.get("detail")),
        requested_at=moment(row.get("requested_at")),
        checked_at=moment(row.get("checked_at")),
    )


def entry_from_row(row: Row) -> WaveEntry:
    """A ``WaveEntryData``-shaped row."""
    return WaveEntry(
        wave_id=int(row["wave_id"]),
        joined_at=_required_moment(row, "joined_at"),
        outcome=EntryOutcome.from_code(row.get("outcome")),
        reason=reason_from_code(row.get("reason_code")),
        decided_at=moment(row.get("decided_at")),
    )


def wave_from_row(row: Row) -> Wave:
    """A ``WaveData``-shaped row (its ``status`` is ignored: :func:`waves.status` derives
    it from the schedule and the caller's clock). Raises ``ValueError`` for an
    impossible schedule or policy."""
    return Wave(
        id=int(row["id"]),
        number=int(row["number"]),
        name=str(row["name"]),
        opens_at=_required_moment(row, "opens_at"),
        closes_at=_required_moment(row, "closes_at"),
        announce_at=_required_moment(row, "announce_at"),
        quota=int(row["quota"]),
        policy=WavePolicy(
            dtks_policy=DtksPolicy.from_code(row.get("dtks_policy")),
            min_age=int(row["min_age"]),
            revocation_days=int(row["revocation_days"]),
        ),
    )


STAGE_TIME_FIELDS = {
    Stage.REGISTERED: "registered_at",
    Stage.EMAIL_VERIFIED: "email_verified_at",
    Stage.NIK_VERIFIED: "nik_verified_at",
    Stage.JOINED_BATCH: "joined_at",
    Stage.ACCEPTED: "accepted_at",
    Stage.TRAINING: "training_at",
    Stage.COMPLETED: "completed_at",
    Stage.INCENTIVE_PAID: "incentive_paid_at",
}
"""The wire column holding when each stage was reached (read here, written by the central)."""


def _required_moment(row: Row, key: str) -> datetime:
    return moment(int(row[key]))


def _known(enum: type[_Funnel], code: str | None) -> _Funnel | None:
    """The member for a code, or None when the code is missing or not known here."""
    return next((member for member in enum if member.value == code), None)


def _optional(enum: type[_Wire], code: str | None) -> _Wire | None:
    """A nullable wire enum: missing stays None, an unknown code becomes UNKNOWN."""
    return None if code is None else enum.from_code(code)
