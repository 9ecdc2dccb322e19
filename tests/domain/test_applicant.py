"""The domain view of an applicant: tolerant wire readers, registry checks, age."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.applicant import (
    CheckResult,
    EntryOutcome,
    Occupation,
    PriorityGroup,
    Registry,
    RegistryCheck,
    RegistryDetail,
    WaveEntry,
    WireEnum,
    age_on,
    birthday,
    calendar_date,
    latest_check,
    sex_from_code,
)
from prakerja_console.domain.funnel import Stage
from tests.domain.programme_builders import applicant, wib

WIRE_ENUMS: list[type[WireEnum]] = [Registry, CheckResult, EntryOutcome, PriorityGroup, Occupation]


@pytest.mark.parametrize("enum", WIRE_ENUMS)
def test_every_wire_value_reads_back_as_its_member(enum: type[WireEnum]) -> None:
    for member in enum:
        assert enum.from_code(member.value) is member


@pytest.mark.parametrize("enum", WIRE_ENUMS)
@pytest.mark.parametrize("code", [None, "", "brand_new_value", "MATCH", " match"])
def test_unknown_or_missing_wire_values_read_as_unknown(
    enum: type[WireEnum], code: str | None
) -> None:
    assert enum.from_code(code).value == "unknown"


def test_check_results_cover_every_value_the_wire_contract_lists() -> None:
    listed = (
        "pending match mismatch not_found already_used kk_mismatch student not_student "
        "recipient not_recipient error"
    )
    assert {CheckResult.from_code(code) for code in listed.split()} == set(CheckResult) - {
        CheckResult.UNKNOWN
    }


def test_excluded_occupations_are_exactly_the_programmes_list() -> None:
    assert {o for o in Occupation if o.excluded} == {
        Occupation.CIVIL_SERVANT,
        Occupation.MILITARY,
        Occupation.POLICE,
        Occupation.STATE_OFFICIAL,
        Occupation.VILLAGE_OFFICIAL,
        Occupation.STATE_COMPANY_DIRECTOR,
    }
    assert not Occupation.UNKNOWN.excluded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-01-11", date(1990, 1, 11)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1999-02-29", None),
        ("11-01-1990", None),
        ("", None),
        (None, None),
    ],
)
def test_calendar_dates_read_tolerantly(text: str | None, expected: date | None) -> None:
    assert calendar_date(text) == expected


def test_sex_codes_outside_f_and_m_are_unknown() -> None:
    assert sex_from_code("F") == "F"
    assert sex_from_code("M") == "M"
    assert sex_from_code("P") is None
    assert sex_from_code(None) is None


def test_registry_detail_reads_the_documented_keys() -> None:
    detail = RegistryDetail.from_json(
        '{"birth_date": "1990-01-11", "fields": ["birth_date", 7, "name"], "programme": "PKH",'
        ' "surprise": 1}'
    )
    assert detail == RegistryDetail(date(1990, 1, 11), ("birth_date", "name"), "PKH")


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "{",
        "[1, 2]",
        '"text"',
        '{"birth_date": 19900111}',
        '{"fields": "name"}',
        "\udcff",
        "[" * 100_000,
    ],
)
def test_malformed_registry_detail_reads_as_no_detail(text: str | None) -> None:
    assert RegistryDetail.from_json(text) == RegistryDetail()


@given(st.text())
def test_registry_detail_never_raises(text: str) -> None:
    assert isinstance(RegistryDetail.from_json(text), RegistryDetail)


def test_the_latest_check_of_a_registry_wins() -> None:
    old = RegistryCheck(Registry.DUKCAPIL, CheckResult.MISMATCH, checked_at=wib(12, 3))
    new = RegistryCheck(Registry.DUKCAPIL, CheckResult.MATCH, checked_at=wib(14, 3))
    pending = RegistryCheck(Registry.DUKCAPIL, CheckResult.PENDING, requested_at=wib(15, 3))
    other = RegistryCheck(Registry.DAPODIK, CheckResult.NOT_STUDENT, checked_at=wib(20, 3))
    assert latest_check([new, other, old], Registry.DUKCAPIL) is new
    assert latest_check([old, pending], Registry.DUKCAPIL) is pending  # re-verification asked
    assert latest_check([other], Registry.DTKS) is None


def test_an_entry_holds_a_place_while_pending_or_accepted() -> None:
    def entry(outcome: EntryOutcome) -> WaveEntry:
        return WaveEntry(wave_id=101, joined_at=wib(12), outcome=outcome)

    assert entry(EntryOutcome.PENDING).active
    assert entry(EntryOutcome.ACCEPTED).active
    assert not entry(EntryOutcome.NOT_ACCEPTED).active
    assert not entry(EntryOutcome.REJECTED).active


def test_stage_times_are_read_and_set_by_stage() -> None:
    state = applicant(Stage.NIK_VERIFIED)
    assert state.reached_at(Stage.REGISTERED) == state.registered_at
    assert state.reached_at(Stage.NIK_VERIFIED) == state.nik_verified_at is not None
    assert state.reached_at(Stage.JOINED_BATCH) is None
    for stage in Stage:
        assert state.with_reached(stage, wib(30)).reached_at(stage) == wib(30)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2002, 4, 11), date(2020, 4, 10), 17),
        (date(2002, 4, 11), date(2020, 4, 11), 18),
        (date(2002, 2, 28), date(2020, 2, 28), 18),
        (date(2000, 2, 29), date(2018, 2, 28), 17),  # leap-day birthday in a common year
        (date(2000, 2, 29), date(2018, 3, 1), 18),
        (date(2000, 2, 29), date(2020, 2, 29), 20),
    ],
)
def test_age_counts_completed_years(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_leap_day_birthdays_fall_on_the_first_of_march_in_common_years() -> None:
    assert birthday(date(2000, 2, 29), 18) == date(2018, 3, 1)
    assert birthday(date(2000, 2, 29), 20) == date(2020, 2, 29)
    assert birthday(date(2002, 4, 11), 18) == date(2020, 4, 11)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 12, 31)),
    st.integers(min_value=1, max_value=60),
)
def test_a_birthday_is_the_first_day_of_the_new_age(birth: date, years: int) -> None:
    day = birthday(birth, years)
    assert age_on(birth, day) == years
    assert age_on(birth, day - timedelta(days=1)) == years - 1
