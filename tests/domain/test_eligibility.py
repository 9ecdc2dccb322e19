"""Eligibility as the programme ran it: every rejection listed, warnings never reject."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.applicant import (
    CheckResult,
    Occupation,
    PriorityGroup,
    Registry,
    RegistryCheck,
    RegistryDetail,
)
from prakerja_console.domain.eligibility import (
    EligibilityFacts,
    Finding,
    PriorityClass,
    assess,
    facts_from,
)
from prakerja_console.domain.funnel import Reason, Stage
from prakerja_console.domain.waves import DtksPolicy, WavePolicy
from tests.domain.programme_builders import applicant, policy, wib

WAVE_DAY = date(2020, 4, 11)
CLEAN = EligibilityFacts(
    birth_date=date(1990, 1, 1),
    student=False,
    dtks_recipient=False,
    occupation=Occupation.DAILY_WORKER,
)
EXCLUDE = policy(DtksPolicy.EXCLUDE)
DEPRIORITISE = policy(DtksPolicy.DEPRIORITISE)


def reasons(findings: tuple[Finding, ...]) -> list[Reason]:
    return [finding.reason for finding in findings]


def test_a_clean_applicant_is_eligible_in_the_normal_class() -> None:
    result = assess(CLEAN, EXCLUDE, WAVE_DAY)
    assert result.eligible
    assert result.rejections == result.warnings == ()
    assert result.priority is PriorityClass.NORMAL
    assert result.unconfirmed == ()
    assert result.first_rejection is None


@pytest.mark.parametrize(
    ("birth", "eligible"),
    [(date(2002, 4, 11), True), (date(2002, 4, 12), False), (date(2000, 2, 29), True)],
)
def test_age_is_judged_on_the_waves_date(birth: date, eligible: bool) -> None:
    result = assess(replace(CLEAN, birth_date=birth), EXCLUDE, WAVE_DAY)
    assert result.eligible is eligible
    if not eligible:
        (finding,) = result.rejections
        assert finding.reason is Reason.UNDER_AGE
        assert finding.message.params == {
            "min_age": 18,
            "on": WAVE_DAY,
            "turns_on": date(2020, 4, 12),
        }


def test_the_minimum_age_is_a_policy_knob() -> None:
    facts = replace(CLEAN, birth_date=date(2000, 1, 1))  # 20 on the wave's day
    assert assess(facts, policy(min_age=21), WAVE_DAY).first_rejection is Reason.UNDER_AGE
    assert assess(facts, policy(min_age=20), WAVE_DAY).eligible


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"student": True}, Reason.STUDENT),
        ({"occupation": Occupation.CIVIL_SERVANT}, Reason.EXCLUDED_OCCUPATION),
        ({"occupation": Occupation.MILITARY}, Reason.EXCLUDED_OCCUPATION),
        ({"occupation": Occupation.POLICE}, Reason.EXCLUDED_OCCUPATION),
        ({"occupation": Occupation.STATE_OFFICIAL}, Reason.EXCLUDED_OCCUPATION),
        ({"occupation": Occupation.VILLAGE_OFFICIAL}, Reason.EXCLUDED_OCCUPATION),
        ({"occupation": Occupation.STATE_COMPANY_DIRECTOR}, Reason.EXCLUDED_OCCUPATION),
        ({"already_recipient": True}, Reason.ALREADY_RECIPIENT),
        ({"blacklisted": True}, Reason.BLACKLISTED),
        ({"dtks_recipient": True}, Reason.SOCIAL_ASSISTANCE_EXCLUDED),
    ],
)
def test_each_exclusion_rejects_with_its_own_reason(
    change: dict[str, object], reason: Reason
) -> None:
    result = assess(replace(CLEAN, **change), EXCLUDE, WAVE_DAY)
    assert reasons(result.rejections) == [reason]
    assert result.rejections[0].message.template == reason.text


@pytest.mark.parametrize("occupation", [o for o in Occupation if not o.excluded])
def test_other_occupations_do_not_reject(occupation: Occupation) -> None:
    assert assess(replace(CLEAN, occupation=occupation), EXCLUDE, WAVE_DAY).eligible


@pytest.mark.parametrize(("others", "eligible"), [(0, True), (1, True), (2, False), (5, False)])
def test_a_third_recipient_on_one_family_card_is_refused(others: int, eligible: bool) -> None:
    result = assess(replace(CLEAN, other_recipients_on_kk=others), EXCLUDE, WAVE_DAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.rejections[0].message.params == {"count": others, "limit": 2}


def test_every_rejection_is_listed_not_only_the_first() -> None:
    everything = EligibilityFacts(
        birth_date=date(2005, 1, 1),
        student=True,
        dtks_recipient=True,
        occupation=Occupation.POLICE,
        already_recipient=True,
        other_recipients_on_kk=2,
        blacklisted=True,
        on_priority_list=True,
        nik_birth_digits_differ=True,
    )
    result = assess(everything, EXCLUDE, WAVE_DAY)
    assert reasons(result.rejections) == [
        Reason.UNDER_AGE,
        Reason.STUDENT,
        Reason.EXCLUDED_OCCUPATION,
        Reason.ALREADY_RECIPIENT,
        Reason.KK_LIMIT,
        Reason.BLACKLISTED,
        Reason.SOCIAL_ASSISTANCE_EXCLUDED,
    ]
    assert reasons(result.warnings) == [Reason.NIK_BIRTH_DIGITS_DIFFER]
    assert result.first_rejection is Reason.UNDER_AGE


def test_social_assistance_recipients_were_deprioritised_in_2020() -> None:
    result = assess(replace(CLEAN, dtks_recipient=True), DEPRIORITISE, WAVE_DAY)
    assert result.eligible
    assert result.priority is PriorityClass.DEPRIORITISED
    assert reasons(result.warnings) == [Reason.SOCIAL_ASSISTANCE_DEPRIORITISED]


def test_deprioritisation_wins_over_a_priority_list() -> None:
    facts = replace(CLEAN, dtks_recipient=True, on_priority_list=True)
    assert assess(facts, DEPRIORITISE, WAVE_DAY).priority is PriorityClass.DEPRIORITISED


def test_an_unknown_dtks_policy_warns_and_places_recipients_last_without_rejecting() -> None:
    result = assess(replace(CLEAN, dtks_recipient=True), policy(DtksPolicy.UNKNOWN), WAVE_DAY)
    assert result.eligible
    assert result.priority is PriorityClass.DEPRIORITISED
    assert reasons(result.warnings) == [Reason.UNKNOWN]
    assert "central decides" in result.warnings[0].message.template


def test_the_priority_list_goes_first() -> None:
    assert assess(replace(CLEAN, on_priority_list=True), EXCLUDE, WAVE_DAY).priority is (
        PriorityClass.PRIORITY
    )


def test_a_nik_birth_digit_mismatch_is_a_warning_never_a_rejection() -> None:
    result = assess(replace(CLEAN, nik_birth_digits_differ=True), EXCLUDE, WAVE_DAY)
    assert result.eligible
    assert reasons(result.warnings) == [Reason.NIK_BIRTH_DIGITS_DIFFER]


def test_unanswered_registries_are_listed_not_held_against_the_applicant() -> None:
    facts = EligibilityFacts(birth_date=None, student=None, dtks_recipient=None)
    result = assess(facts, EXCLUDE, WAVE_DAY)
    assert result.eligible
    assert result.unconfirmed == (Registry.DUKCAPIL, Registry.DAPODIK, Registry.DTKS)


# -- facts from an applicant and their checks -----------------------------------


def check(registry: Registry, result: CheckResult, birth_date: date | None = None) -> RegistryCheck:
    return RegistryCheck(registry, result, RegistryDetail(birth_date), checked_at=wib(12, 3))


def build(state_birth: date | None, *checks: RegistryCheck) -> EligibilityFacts:
    state = applicant(
        Stage.NIK_VERIFIED,
        birth_date=state_birth,
        occupation=Occupation.FARMER,
        priority_group=PriorityGroup.LAID_OFF,
    )
    return facts_from(
        state,
        checks,
        already_recipient=False,
        other_recipients_on_kk=1,
        blacklisted=False,
        nik_birth_digits_differ=True,
    )


def test_facts_take_the_registries_answers() -> None:
    facts = build(
        date(1990, 1, 1),
        check(Registry.DUKCAPIL, CheckResult.MATCH),
        check(Registry.DAPODIK, CheckResult.STUDENT),
        check(Registry.DTKS, CheckResult.NOT_RECIPIENT),
    )
    assert facts == EligibilityFacts(
        birth_date=date(1990, 1, 1),
        student=True,
        dtks_recipient=False,
        occupation=Occupation.FARMER,
        other_recipients_on_kk=1,
        on_priority_list=True,
        nik_birth_digits_differ=True,
    )


def test_the_registrys_birth_date_wins_over_the_registered_one() -> None:
    facts = build(
        date(1990, 1, 1),
        check(Registry.DUKCAPIL, CheckResult.MISMATCH, birth_date=date(1990, 1, 11)),
    )
    assert facts.birth_date == date(1990, 1, 11)


@pytest.mark.parametrize("result", [CheckResult.PENDING, CheckResult.ERROR, CheckResult.NOT_FOUND])
def test_an_unconfirmed_birth_date_is_unknown(result: CheckResult) -> None:
    facts = build(date(1990, 1, 1), check(Registry.DUKCAPIL, result))
    assert facts.birth_date is None
    assert build(date(1990, 1, 1)).birth_date is None


@pytest.mark.parametrize(
    ("registry", "result", "field", "value"),
    [
        (Registry.DAPODIK, CheckResult.NOT_STUDENT, "student", False),
        (Registry.DAPODIK, CheckResult.PENDING, "student", None),
        (Registry.DAPODIK, CheckResult.ERROR, "student", None),
        (Registry.DTKS, CheckResult.RECIPIENT, "dtks_recipient", True),
        (Registry.DTKS, CheckResult.UNKNOWN, "dtks_recipient", None),
    ],
)
def test_registry_answers_map_to_yes_no_or_unknown(
    registry: Registry, result: CheckResult, field: str, value: bool | None
) -> None:
    assert getattr(build(None, check(registry, result)), field) is value


# -- properties --------------------------------------------------------------------

facts_strategy = st.builds(
    EligibilityFacts,
    birth_date=st.one_of(
        st.none(), st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 1, 1))
    ),
    student=st.one_of(st.none(), st.booleans()),
    dtks_recipient=st.one_of(st.none(), st.booleans()),
    occupation=st.one_of(st.none(), st.sampled_from(Occupation)),
    already_recipient=st.booleans(),
    other_recipients_on_kk=st.integers(min_value=0, max_value=6),
    blacklisted=st.booleans(),
    on_priority_list=st.booleans(),
    nik_birth_digits_differ=st.booleans(),
)
policy_strategy = st.builds(
    policy,
    st.sampled_from(DtksPolicy),
    min_age=st.integers(min_value=15, max_value=25),
    revocation_days=st.sampled_from([15, 30]),
)
day_strategy = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(facts_strategy, policy_strategy, day_strategy)
def test_an_assessment_is_never_both_eligible_and_rejected(
    facts: EligibilityFacts, rules: WavePolicy, day: date
) -> None:
    result = assess(facts, rules, day)
    assert result.eligible == (not result.rejections)
    assert len(set(reasons(result.rejections))) == len(result.rejections)
    assert all(finding.message.template for finding in result.rejections + result.warnings)


@given(facts_strategy, policy_strategy, day_strategy, st.booleans())
def test_warnings_never_change_eligibility(
    facts: EligibilityFacts, rules: WavePolicy, day: date, differ: bool
) -> None:
    with_warning = assess(replace(facts, nik_birth_digits_differ=differ), rules, day)
    without = assess(replace(facts, nik_birth_digits_differ=False), rules, day)
    assert with_warning.rejections == without.rejections
    assert with_warning.priority is without.priority


@given(facts_strategy, policy_strategy, day_strategy)
def test_only_recipients_under_a_non_excluding_policy_are_deprioritised(
    facts: EligibilityFacts, rules: WavePolicy, day: date
) -> None:
    result = assess(facts, rules, day)
    if result.priority is PriorityClass.DEPRIORITISED:
        assert facts.dtks_recipient is True
        assert rules.dtks_policy is not DtksPolicy.EXCLUDE
        assert Reason.SOCIAL_ASSISTANCE_EXCLUDED not in reasons(result.rejections)
