"""Write the domain's view of an applicant back into wire-shaped columns.

Reading goes through ``domain.wire_rows`` (shared with the mirror); the central is
the only side that writes funnel moves, so the way back lives here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from prakerja_console.domain.applicant import ApplicantState
from prakerja_console.domain.funnel import Stage

_TIME_COLUMN = {
    Stage.REGISTERED: "registered_at",
    Stage.EMAIL_VERIFIED: "email_verified_at",
    Stage.NIK_VERIFIED: "nik_verified_at",
    Stage.JOINED_BATCH: "joined_at",
    Stage.ACCEPTED: "accepted_at",
    Stage.TRAINING: "training_at",
    Stage.COMPLETED: "completed_at",
    Stage.INCENTIVE_PAID: "incentive_paid_at",
}


def moment(epoch_seconds: int) -> datetime:
    """An aware UTC datetime for the central's epoch seconds (what the domain rules take)."""
    return datetime.fromtimestamp(epoch_seconds, UTC)


def _epoch(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def funnel_columns(state: ApplicantState) -> dict[str, Any]:
    """The ``ApplicantData`` columns that say where ``state`` stands in the funnel."""
    columns: dict[str, Any] = {
        "stage": state.stage.value,
        "side_state": None if state.side_state is None else state.side_state.value,
        "reason_code": state.reason.value,
        "state_changed_at": _epoch(state.state_changed_at),
        "wave_id": state.wave_id,
    }
    for stage, reached in state.stage_times().items():
        columns[_TIME_COLUMN[stage]] = _epoch(reached)
    return columns
