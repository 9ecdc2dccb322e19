"""The applicant detail: domain rules over one consistent read of the mirror."""

from __future__ import annotations

from datetime import date

import pytest

from prakerja_console.domain.applicant import CheckResult, EntryOutcome, Registry
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.nik import Sex
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.stuck import Severity
from prakerja_console.services import ConsoleServices
from prakerja_console.services.applicant import PiiField
from prakerja_console.services.errors import NotFoundError
from tests.services.small_mirror import (
    AHMAD,
    BAMBANG,
    BUDI,
    EKO,
    HENDRA,
    HOSTILE_FIRST_ID,
    HOSTILE_NOTE,
    HOSTILE_REASON,
    NOW,
    PUTRI,
    SITI,
    SITI_NIK,
    SLAMET,
)


def test_siti_why_stuck_names_both_birth_dates(read_services: ConsoleServices) -> None:
    detail = read_services.applicants.detail(SITI, NOW)
    assert detail.name == "Siti Rahayu"
    assert detail.nik == SITI_NIK
    assert detail.pii(PiiField.NIK) == SITI_NIK
    assert detail.sex is Sex.FEMALE
    assert detail.age == 36
    assert detail.zone is TimeZoneName.WIB
    explanation = detail.explanation
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.reason is Reason.NIK_REGISTRY_MISMATCH
    assert explanation.headline.params == {
        "registered": date(1990, 1, 1),
        "registry": date(1990, 1, 11),
    }
    dukcapil = next(
        view.check for view in detail.checks if view.check.registry is Registry.DUKCAPIL
    )
    assert dukcapil.result is CheckResult.MISMATCH
    assert detail.offers.reverify is Registry.DUKCAPIL
    assert not detail.offers.resend_email
    assert detail.eligibility is not None
    assert detail.eligibility.assessment.eligible
    assert detail.tickets
    assert detail.cases


def test_offers_follow_what_the_central_would_accept(read_services: ConsoleServices) -> None:
    budi = read_services.applicants.detail(BUDI, NOW)
    assert budi.offers.resend_email
    assert budi.offers.reverify is None  # no NIK submitted yet
    eko = read_services.applicants.detail(EKO, NOW)
    assert eko.offers.reverify is None  # NIK already verified
    putri = read_services.applicants.detail(PUTRI, NOW)
    assert putri.offers.reverify is Registry.DAPODIK  # the registry that says "student"
    slamet = read_services.applicants.detail(SLAMET, NOW)
    assert slamet.offers.reverify is Registry.DTKS


def test_wave_history_and_side_states(read_services: ConsoleServices) -> None:
    ahmad = read_services.applicants.detail(AHMAD, NOW)
    assert [entry.outcome for entry in ahmad.entries] == [EntryOutcome.NOT_ACCEPTED] * 2
    assert [entry.wave_number for entry in ahmad.entries] == [1, 2]
    hendra = read_services.applicants.detail(HENDRA, NOW)
    assert hendra.state.side_state is SideState.REVOKED
    assert hendra.explanation.severity is Severity.BLOCKED
    bambang = read_services.applicants.detail(BAMBANG, NOW)
    assert bambang.state.stage is Stage.INCENTIVE_PAID
    assert bambang.explanation.severity is Severity.OK


@pytest.mark.parametrize("applicant_id", range(1, 25))
def test_every_showcase_applicant_has_an_explanation(
    read_services: ConsoleServices, applicant_id: int
) -> None:
    detail = read_services.applicants.detail(applicant_id, NOW)
    assert detail.explanation.headline.render()
    assert detail.state.applicant_id == applicant_id


def test_hostile_rows_come_back_verbatim_for_the_screen_to_sanitise(
    read_services: ConsoleServices,
) -> None:
    detail = read_services.applicants.detail(HOSTILE_FIRST_ID, NOW)
    assert detail.notes[0].body == HOSTILE_NOTE
    assert detail.audit[0].reason == HOSTILE_REASON


def test_a_missing_applicant_is_a_plain_error(read_services: ConsoleServices) -> None:
    with pytest.raises(NotFoundError) as raised:
        read_services.applicants.detail(123_456_789, NOW)
    assert raised.value.message.params == {"id": 123_456_789}
