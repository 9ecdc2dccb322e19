"""Wire-shaped rows read into the domain view, checked against the protocol's own records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.applicant import (
    CheckResult,
    EntryOutcome,
    Occupation,
    PriorityGroup,
    Registry,
    RegistryDetail,
)
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.stuck import explain
from prakerja_console.domain.waves import DtksPolicy
from prakerja_console.domain.wire_rows import (
    applicant_from_row,
    check_from_row,
    entry_from_row,
    wave_from_row,
)
from prakerja_console.sync.protocol import (
    ApplicantData,
    RegistryCheckData,
    WaveData,
    WaveEntryData,
)

T0 = 1_586_606_520  # 2020-04-11 12:02 UTC


def at(offset_hours: int) -> datetime:
    return datetime.fromtimestamp(T0 + offset_hours * 3600, UTC)


def applicant_row(**changes: Any) -> dict[str, Any]:
    record = ApplicantData(
        id=7,
        name="Siti Rahayu",
        nik="3201014101900001",
        kk_number="3201010101900001",
        birth_date="1990-01-01",
        sex="F",
        email="siti@example.com",
        province_code="32",
        occupation="daily_worker",
        priority_group="laid_off",
        stage="joined_batch",
        side_state="not_accepted",
        reason_code="not_selected",
        registered_at=T0,
        email_verified_at=T0 + 3600,
        nik_verified_at=T0 + 7200,
        joined_at=T0 + 10800,
        state_changed_at=T0 + 14400,
        wave_id=101,
    )
    return {**record.model_dump(), **changes}


def test_an_applicant_row_reads_field_by_field() -> None:
    state = applicant_from_row(applicant_row())
    assert state.applicant_id == 7
    assert (state.stage, state.side_state, state.reason) == (
        Stage.JOINED_BATCH,
        SideState.NOT_ACCEPTED,
        Reason.NOT_SELECTED,
    )
    assert state.registered_at == at(0)
    assert state.email_verified_at == at(1)
    assert state.nik_verified_at == at(2)
    assert state.joined_at == at(3)
    assert state.accepted_at is None
    assert state.state_changed_at == at(4)
    assert state.birth_date == date(1990, 1, 1)
    assert state.sex == "F"
    assert state.province_code == "32"
    assert state.occupation is Occupation.DAILY_WORKER
    assert state.priority_group is PriorityGroup.LAID_OFF
    assert state.has_nik
    assert state.has_kk
    assert state.wave_id == 101


def test_missing_optional_fields_read_as_absent() -> None:
    row = applicant_row(
        nik=None, kk_number=None, birth_date=None, sex=None, occupation=None, priority_group=None
    )
    state = applicant_from_row(row)
    assert not state.has_nik
    assert not state.has_kk
    assert state.birth_date is None
    assert state.sex is None
    assert state.occupation is None
    assert state.priority_group is None


def test_unknown_codes_from_a_newer_central_read_as_unknown() -> None:
    state = applicant_from_row(
        applicant_row(reason_code="brand_new", occupation="astronaut", priority_group="disaster")
    )
    assert state.reason is Reason.UNKNOWN
    assert state.occupation is Occupation.UNKNOWN
    assert state.priority_group is PriorityGroup.UNKNOWN


def test_an_unknown_stage_reads_as_the_furthest_stage_the_times_prove() -> None:
    state = applicant_from_row(applicant_row(stage="interviewed", side_state=None))
    assert state.stage is Stage.JOINED_BATCH
    assert state.reason is Reason.UNKNOWN


def test_an_unknown_side_state_marks_the_reason_unknown() -> None:
    state = applicant_from_row(applicant_row(side_state="suspended"))
    assert state.side_state is None
    assert state.reason is Reason.UNKNOWN


def test_a_row_read_from_the_wire_can_be_explained() -> None:
    explanation = explain(applicant_from_row(applicant_row()), [], [], [], at(5))
    assert explanation.reason is Reason.NOT_SELECTED


def test_a_registry_check_row_reads_with_its_detail() -> None:
    row = RegistryCheckData(
        id=1,
        applicant_id=7,
        registry="dukcapil",
        result="mismatch",
        detail='{"birth_date": "1990-01-11", "fields": ["birth_date"]}',
        requested_at=T0,
        checked_at=T0 + 3600,
    ).model_dump()
    check = check_from_row(row)
    assert check.registry is Registry.DUKCAPIL
    assert check.result is CheckResult.MISMATCH
    assert check.detail == RegistryDetail(date(1990, 1, 11), ("birth_date",))
    assert (check.requested_at, check.checked_at) == (at(0), at(1))
    odd = check_from_row({**row, "registry": "bpjs", "result": "maybe", "detail": "{"})
    assert (odd.registry, odd.result, odd.detail) == (
        Registry.UNKNOWN,
        CheckResult.UNKNOWN,
        RegistryDetail(),
    )


def test_a_wave_entry_row_reads() -> None:
    row = WaveEntryData(
        id=3,
        applicant_id=7,
        wave_id=101,
        joined_at=T0,
        outcome="not_accepted",
        reason_code="not_selected",
        decided_at=T0 + 3600,
    ).model_dump()
    entry = entry_from_row(row)
    assert (entry.wave_id, entry.joined_at, entry.outcome, entry.reason, entry.decided_at) == (
        101,
        at(0),
        EntryOutcome.NOT_ACCEPTED,
        Reason.NOT_SELECTED,
        at(1),
    )
    assert entry_from_row({**row, "outcome": "waitlisted"}).outcome is EntryOutcome.UNKNOWN


def wave_row(**changes: Any) -> dict[str, Any]:
    record = WaveData(
        id=101,
        number=1,
        name="Gelombang 1",
        opens_at=T0,
        closes_at=T0 + 4 * 86400,
        announce_at=T0 + 8 * 86400,
        quota=164_000,
        status="announced",
        dtks_policy="deprioritise",
        min_age=18,
        revocation_days=30,
    )
    return {**record.model_dump(), **changes}


def test_a_wave_row_reads_with_its_policy() -> None:
    wave = wave_from_row(wave_row())
    assert (wave.id, wave.number, wave.name, wave.quota) == (101, 1, "Gelombang 1", 164_000)
    assert wave.opens_at == at(0)
    assert wave.announce_at == at(8 * 24)
    assert wave.policy.dtks_policy is DtksPolicy.DEPRIORITISE
    assert (wave.policy.min_age, wave.policy.revocation_days) == (18, 30)
    assert wave_from_row(wave_row(dtks_policy="ignore")).policy.dtks_policy is DtksPolicy.UNKNOWN


def test_an_impossible_wave_schedule_is_refused() -> None:
    with pytest.raises(ValueError, match="opens_at < closes_at"):
        wave_from_row(wave_row(closes_at=T0))


@given(
    stage=st.one_of(st.sampled_from([s.value for s in Stage]), st.text(max_size=12)),
    side=st.one_of(st.none(), st.sampled_from([s.value for s in SideState]), st.text(max_size=12)),
    reason=st.one_of(st.none(), st.text(max_size=20)),
    birth=st.one_of(st.none(), st.text(max_size=12)),
)
def test_any_codes_read_without_error(
    stage: str, side: str | None, reason: str | None, birth: str | None
) -> None:
    state = applicant_from_row(
        applicant_row(stage=stage, side_state=side, reason_code=reason, birth_date=birth)
    )
    assert state.stage in Stage
    if stage not in {s.value for s in Stage}:
        assert state.reason is Reason.UNKNOWN
