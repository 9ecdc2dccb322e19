"""Write the domain's view of an applicant back into wire-shaped columns.

Reading goes through ``domain.wire_rows`` (shared with the mirror); the central is
the only side that writes funnel moves, so the way back lives here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prakerja_console.domain.applicant import ApplicantState
from prakerja_console.domain.wire_rows import STAGE_TIME_FIELDS


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
        columns[STAGE_TIME_FIELDS[stage]] = _epoch(reached)
    return columns
