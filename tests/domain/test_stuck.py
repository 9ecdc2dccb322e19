"""Why stuck / what next: every reason explained, the common problems spelled out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_console.domain.applicant import (
    ApplicantState,
    CheckResult,
    EntryOutcome,
    Registry,
    RegistryCheck,
    RegistryDetail,
    WaveEntry,
)
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.stuck import Explanation, Severity, explain
from prakerja_console.domain.text import Message
from prakerja_console.domain.transitions import (
    NOT_ACCEPTED_REASONS,
    REJECTION_REASONS,
    REVOCATION_REASONS,
    STAGE_REASONS,
)
from prakerja_console.domain.waves import DtksPolicy, Wave
from prakerja_console.i18n import Translator
from tests.domain.programme_builders import applicant, policy, wave, wib

# Wave 1: 11-15 April 2020, announced 19 April; wave 2: 25-29 April, announced 3 May;
# wave 3: 9-13 May, announced 17 May.
WAVES = [wave(1), wave(2), wave(3, wave_policy=policy(revocation_days=15))]
INDONESIAN = Translator("id")
ENGLISH = Translator("en")


def why(
    state: ApplicantState,
    now: datetime,
    checks: Sequence[RegistryCheck] = (),
    entries: Sequence[WaveEntry] = (),
    waves: Sequence[Wave] = WAVES,
) -> Explanation:
    return explain(state, checks, entries, waves, now)


def next_step_of(explanation: Explanation) -> Message:
    assert explanation.next_step is not None
    return explanation.next_step


def where_reason_lives(reason: Reason) -> tuple[Stage, SideState | None]:
    """A stage and side state at which the funnel lets an applicant carry ``reason``."""
    for stage, reasons in STAGE_REASONS.items():
        if reason in reasons:
            return stage, None
    if reason in NOT_ACCEPTED_REASONS:
        return Stage.JOINED_BATCH, SideState.NOT_ACCEPTED
    if reason in REVOCATION_REASONS:
        return Stage.ACCEPTED, SideState.REVOKED
    for stage, reasons in REJECTION_REASONS.items():
        if reason in reasons:
            return stage, SideState.REJECTED
    return Stage.EMAIL_VERIFIED, None  # Reason.UNKNOWN can sit anywhere


def assert_readable(explanation: Explanation) -> None:
    """Non-empty, fills every placeholder, and reads in Indonesian too."""
    for message in (explanation.headline, explanation.next_step):
        if message is None:
            continue
        english = ENGLISH.message(message)
        indonesian = INDONESIAN.message(message)
        assert english.strip()
        assert indonesian.strip()
        assert indonesian != english, f"untranslated: {message.template!r}"
        assert "{" not in english
        assert "{" not in indonesian


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_an_explanation_and_a_next_step(reason: Reason) -> None:
    stage, side = where_reason_lives(reason)
    explanation = why(applicant(stage, reason, side), wib(26))
    assert explanation.reason is reason
    assert explanation.headline.template
    assert_readable(explanation)
    if explanation.severity is not Severity.OK:
        assert explanation.next_step is not None


@settings(max_examples=400)
@given(
    st.sampled_from(Reason),
    st.sampled_from(Stage),
    st.sampled_from([None, *SideState]),
    st.datetimes(min_value=datetime(2020, 4, 1), max_value=datetime(2020, 8, 1)),
    st.lists(st.sampled_from(WAVES), unique=True),
    st.lists(
        st.builds(
            WaveEntry,
            wave_id=st.sampled_from([101, 102, 103, 999]),
            joined_at=st.sampled_from([wib(12), wib(26), wib(10, month=5)]),
            outcome=st.sampled_from(EntryOutcome),
            reason=st.sampled_from(Reason),
        ),
        max_size=3,
    ),
    st.lists(
        st.builds(
            RegistryCheck,
            registry=st.sampled_from(Registry),
            result=st.sampled_from(CheckResult),
            detail=st.builds(
                RegistryDetail,
                birth_date=st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2010, 1, 1))),
                fields=st.sampled_from([(), ("name",), ("birth_date",), ("name", "birth_date")]),
                programme=st.sampled_from([None, "PKH", "BPNT"]),
            ),
            requested_at=st.sampled_from([None, wib(12, 3)]),
            checked_at=st.sampled_from([None, wib(13, 3)]),
        ),
        max_size=3,
    ),
    st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2010, 1, 1))),
)
def test_any_state_in_any_context_is_explained_without_error(
    reason: Reason,
    stage: Stage,
    side: SideState | None,
    naive_now: datetime,
    waves: list[Wave],
    entries: list[WaveEntry],
    checks: list[RegistryCheck],
    birth: date | None,
) -> None:
    state = applicant(stage, reason, side, birth_date=birth)
    now = max(naive_now.replace(tzinfo=wib(1).tzinfo), state.state_changed_at)
    explanation = why(state, now, checks, entries, waves)
    assert explanation.reason is reason
    assert_readable(explanation)


# -- registration and e-mail -------------------------------------------------------


def test_an_email_sent_minutes_ago_is_worth_waiting_for() -> None:
    state = applicant(Stage.REGISTERED, Reason.EMAIL_PENDING)
    explanation = why(state, state.registered_at + timedelta(minutes=10))
    assert explanation.severity is Severity.WAITING
    assert explanation.headline.params == {"registered_at": state.registered_at}


@pytest.mark.parametrize(
    ("after", "days", "word"),
    [
        (timedelta(hours=2), 0, "today"),
        (timedelta(days=1), 1, "yesterday"),
        (timedelta(days=3), 3, "3 days ago"),
    ],
)
def test_an_email_never_verified_says_how_long_ago_and_to_resend(
    after: timedelta, days: int, word: str
) -> None:
    state = applicant(Stage.REGISTERED, Reason.EMAIL_PENDING)
    explanation = why(state, state.registered_at + after)
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.headline.params == {"registered_at": state.registered_at, "days": days}
    assert word in ENGLISH.message(explanation.headline)
    assert explanation.next_step is not None
    assert "resend the verification e-mail" in explanation.next_step.template
    assert "spam" in explanation.next_step.template


def test_a_bounced_email_means_checking_the_address() -> None:
    explanation = why(applicant(Stage.REGISTERED, Reason.EMAIL_BOUNCED), wib(13))
    assert explanation.severity is Severity.ACTION_NEEDED
    assert "letter by letter" in ENGLISH.message(next_step_of(explanation))


# -- NIK verification ----------------------------------------------------------------


def test_the_registry_mismatch_names_both_birth_dates() -> None:
    state = applicant(Stage.EMAIL_VERIFIED, Reason.NIK_REGISTRY_MISMATCH)
    check = RegistryCheck(
        Registry.DUKCAPIL,
        CheckResult.MISMATCH,
        RegistryDetail(birth_date=date(1990, 1, 11), fields=("birth_date",)),
        checked_at=wib(12, 3),
    )
    explanation = why(state, wib(13), checks=[check])
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.headline.params == {
        "registered": date(1990, 1, 1),
        "registry": date(1990, 1, 11),
    }
    assert ENGLISH.message(explanation.headline) == (
        "NIK does not match the population registry: the birth date registered (1 Jan 1990) "
        "differs from the registry's (11 Jan 1990)."
    )
    assert ENGLISH.message(next_step_of(explanation)) == (
        "Ask the applicant to re-enter it exactly as on the KTP, then request re-verification."
    )
    assert INDONESIAN.message(next_step_of(explanation)).startswith(
        "Minta pendaftar memasukkan ulang tanggal lahir persis seperti di KTP"
    )


@pytest.mark.parametrize(
    ("detail", "phrase"),
    [
        (RegistryDetail(fields=("name",)), "the name registered differs"),
        (
            RegistryDetail(date(1990, 1, 11), ("name", "birth_date")),
            "the name differs, and the birth date",
        ),
        (RegistryDetail(), "name or birth date entered does not match"),
    ],
)
def test_the_registry_mismatch_says_which_fields_differ(
    detail: RegistryDetail, phrase: str
) -> None:
    state = applicant(Stage.EMAIL_VERIFIED, Reason.NIK_REGISTRY_MISMATCH)
    check = RegistryCheck(Registry.DUKCAPIL, CheckResult.MISMATCH, detail, checked_at=wib(12, 3))
    assert phrase in why(state, wib(13), checks=[check]).headline.template


@pytest.mark.parametrize(
    ("reason", "phrase"),
    [
        (Reason.NIK_NOT_FOUND, "16-digit NIK"),
        (Reason.NIK_KK_MISMATCH, "latest family card"),
        (Reason.NIK_ALREADY_USED, "log in to that account"),
        (Reason.KTP_PHOTO_REJECTED, "original KTP"),
        (Reason.NIK_NOT_SUBMITTED, "submit the profile"),
    ],
)
def test_nik_problems_say_what_to_fix(reason: Reason, phrase: str) -> None:
    explanation = why(applicant(Stage.EMAIL_VERIFIED, reason), wib(13))
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.next_step is not None
    assert phrase in explanation.next_step.template


def test_a_nik_check_is_waited_for_then_chased() -> None:
    state = applicant(Stage.EMAIL_VERIFIED, Reason.NIK_PENDING)
    check = RegistryCheck(Registry.DUKCAPIL, CheckResult.PENDING, requested_at=wib(12, 1))
    waiting = why(state, wib(12, 20), checks=[check])
    assert waiting.severity is Severity.WAITING
    assert waiting.headline.params == {"requested_at": wib(12, 1)}
    slow = why(state, wib(16, 9), checks=[check])
    assert slow.severity is Severity.ACTION_NEEDED
    assert slow.headline.params == {"requested_at": wib(12, 1), "days": 4}


# -- waves -----------------------------------------------------------------------------


def test_a_verified_applicant_is_told_which_wave_to_join() -> None:
    state = applicant(Stage.NIK_VERIFIED, Reason.NOT_JOINED)
    open_now = why(state, wib(26))
    assert open_now.severity is Severity.ACTION_NEEDED
    assert open_now.headline.params == {"wave": 2, "closes_at": WAVES[1].closes_at}
    between = why(state, wib(20))
    assert between.severity is Severity.WAITING
    assert between.headline.params == {"wave": 2, "opens_at": WAVES[1].opens_at}
    none_left = why(state, wib(1, month=6))
    assert none_left.severity is Severity.WAITING
    assert none_left.next_step is not None
    assert "official announcements" in none_left.next_step.template


def test_a_birth_digit_warning_blocks_nothing() -> None:
    explanation = why(applicant(Stage.NIK_VERIFIED, Reason.NIK_BIRTH_DIGITS_DIFFER), wib(26))
    assert "blocks nothing" in explanation.headline.template
    assert explanation.next_step is not None
    assert explanation.next_step.params["wave"] == 2


def test_waiting_for_selection_follows_the_waves_schedule() -> None:
    entry = WaveEntry(102, wib(26, 9), EntryOutcome.PENDING, Reason.JOINED_BATCH)
    state = applicant(Stage.JOINED_BATCH, wave_id=102)
    assert "starts after the wave closes" in why(state, wib(27), entries=[entry]).headline.template
    closed = why(state, wib(1, month=5), entries=[entry])
    assert closed.severity is Severity.WAITING
    assert closed.headline.params["announce_at"] == WAVES[1].announce_at
    overdue = why(state, wib(5, month=5), entries=[entry])
    assert overdue.severity is Severity.ACTION_NEEDED
    assert overdue.next_step is not None
    assert "open a ticket" in overdue.next_step.template.lower()


def test_not_selected_names_the_next_open_wave() -> None:
    missed = WaveEntry(101, wib(12), EntryOutcome.NOT_ACCEPTED, Reason.NOT_SELECTED, wib(19))
    state = applicant(Stage.JOINED_BATCH, Reason.NOT_SELECTED, SideState.NOT_ACCEPTED)
    explanation = why(state, wib(26), entries=[missed])
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.headline.params == {"wave": 1}
    assert explanation.next_step is not None
    assert explanation.next_step.params == {"wave": 2, "closes_at": WAVES[1].closes_at}
    assert "without registering again" in explanation.next_step.template


def test_not_selected_twice_is_called_chance() -> None:
    misses = [
        WaveEntry(101, wib(12), EntryOutcome.NOT_ACCEPTED, Reason.NOT_SELECTED, wib(19)),
        WaveEntry(102, wib(26), EntryOutcome.NOT_ACCEPTED, Reason.NOT_SELECTED, wib(3, month=5)),
    ]
    state = applicant(Stage.JOINED_BATCH, Reason.NOT_SELECTED, SideState.NOT_ACCEPTED)
    explanation = why(state, wib(6, month=5), entries=misses)
    assert explanation.headline.params == {"times": 2, "wave": 2}
    assert "chance" in explanation.headline.template
    assert explanation.severity is Severity.WAITING  # wave 3 opens on 9 May
    assert explanation.next_step is not None
    assert explanation.next_step.params == {"wave": 3, "opens_at": WAVES[2].opens_at}


def test_deprioritised_recipients_are_told_why() -> None:
    missed = WaveEntry(
        101, wib(12), EntryOutcome.NOT_ACCEPTED, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED, wib(19)
    )
    state = applicant(
        Stage.JOINED_BATCH, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED, SideState.NOT_ACCEPTED
    )
    explanation = why(state, wib(26), entries=[missed])
    assert "drawn only after everyone else" in explanation.headline.template
    assert explanation.headline.params == {"wave": 1}


# -- eligibility --------------------------------------------------------------------------


def test_under_age_says_when_they_turn_18_and_which_wave_they_can_join() -> None:
    state = applicant(
        Stage.NIK_VERIFIED, Reason.UNDER_AGE, SideState.REJECTED, birth_date=date(2002, 5, 1)
    )
    explanation = why(state, wib(26))
    assert explanation.severity is Severity.BLOCKED
    assert explanation.headline.params == {"min_age": 18, "turns_on": date(2020, 5, 1)}
    assert explanation.next_step is not None
    assert explanation.next_step.params == {"wave": 3, "opens_at": WAVES[2].opens_at}
    no_wave_yet = why(state, wib(26), waves=WAVES[:2])
    assert no_wave_yet.next_step is not None
    assert no_wave_yet.next_step.params == {"turns_on": date(2020, 5, 1)}


def test_under_age_uses_the_registrys_birth_date_and_notices_the_birthday() -> None:
    state = applicant(
        Stage.NIK_VERIFIED, Reason.UNDER_AGE, SideState.REJECTED, birth_date=date(2003, 1, 1)
    )
    registry = RegistryCheck(
        Registry.DUKCAPIL, CheckResult.MATCH, RegistryDetail(date(2002, 4, 20)), checked_at=wib(12)
    )
    explanation = why(state, wib(26), checks=[registry])
    assert explanation.headline.params == {"min_age": 18, "turns_on": date(2020, 4, 20)}
    assert "turned" in explanation.headline.template
    assert explanation.severity is Severity.ACTION_NEEDED  # wave 2 is open: join it


def test_under_age_follows_the_minimum_age_of_the_wave_to_join() -> None:
    stricter = [wave(2, wave_policy=policy(min_age=21))]
    state = applicant(
        Stage.NIK_VERIFIED, Reason.UNDER_AGE, SideState.REJECTED, birth_date=date(2000, 1, 1)
    )
    explanation = why(state, wib(26), waves=stricter)
    assert explanation.headline.params == {"min_age": 21, "turns_on": date(2021, 1, 1)}


def test_under_age_without_a_birth_date_points_at_the_ktp() -> None:
    state = applicant(Stage.NIK_VERIFIED, Reason.UNDER_AGE, SideState.REJECTED, birth_date=None)
    explanation = why(state, wib(26))
    assert explanation.severity is Severity.BLOCKED
    assert explanation.headline.params == {"min_age": 18}


def test_social_assistance_exclusion_names_the_programme() -> None:
    state = applicant(Stage.JOINED_BATCH, Reason.SOCIAL_ASSISTANCE_EXCLUDED, SideState.REJECTED)
    dtks = RegistryCheck(
        Registry.DTKS, CheckResult.RECIPIENT, RegistryDetail(programme="PKH"), checked_at=wib(16)
    )
    explanation = why(state, wib(26), checks=[dtks])
    assert explanation.severity is Severity.BLOCKED
    assert explanation.headline.params == {"programme": "PKH"}
    assert explanation.next_step is not None
    assert "Dinas Sosial" in explanation.next_step.template


@pytest.mark.parametrize(
    "reason",
    [
        Reason.STUDENT,
        Reason.EXCLUDED_OCCUPATION,
        Reason.ALREADY_RECIPIENT,
        Reason.KK_LIMIT,
        Reason.BLACKLISTED,
        Reason.ACCOUNT_BLOCKED,
    ],
)
def test_rejections_are_blocked_with_an_explanation_to_give(reason: Reason) -> None:
    explanation = why(applicant(Stage.NIK_VERIFIED, reason, SideState.REJECTED), wib(26))
    assert explanation.severity is Severity.BLOCKED
    assert explanation.next_step is not None


# -- accepted ------------------------------------------------------------------------------


def accepted_in(number: int, accepted_at: datetime) -> tuple[ApplicantState, WaveEntry]:
    """An applicant accepted in wave ``number`` at ``accepted_at``, and their entry."""
    wave_id = 100 + number
    joined_at = accepted_at - timedelta(days=5)
    entry = WaveEntry(wave_id, joined_at, EntryOutcome.ACCEPTED, Reason.ACCEPTED, accepted_at)
    state = applicant(Stage.ACCEPTED, Reason.AWAITING_FIRST_PURCHASE, wave_id=wave_id)
    return state.with_reached(Stage.ACCEPTED, accepted_at), entry


@pytest.mark.parametrize(
    ("now", "days_left", "phrase"),
    [
        (wib(20, 12), 29, "29 days left"),
        (wib(18, 12, month=5), 1, "One day left"),
        (wib(19, 9, month=5), 0, "today is the last day"),
    ],
)
def test_accepted_without_a_purchase_counts_down_to_the_deadline(
    now: datetime, days_left: int, phrase: str
) -> None:
    state, entry = accepted_in(1, wib(19, 12))
    explanation = why(state, now, entries=[entry])
    assert explanation.severity is Severity.ACTION_NEEDED
    assert explanation.headline.params["deadline"] == wib(19, 12, month=5)
    assert explanation.headline.params.get("days_left", 0) == days_left
    assert phrase in ENGLISH.message(explanation.headline)


def test_the_deadline_follows_the_accepting_waves_policy() -> None:
    state, entry = accepted_in(3, wib(17, 12, month=5))  # wave 3 allows 15 days
    explanation = why(state, wib(18, 12, month=5), entries=[entry])
    assert explanation.headline.params["deadline"] == wib(1, 12, month=6)
    assert explanation.headline.params["days_left"] == 14


def test_a_passed_deadline_is_blocked() -> None:
    state, entry = accepted_in(1, wib(19, 12))
    explanation = why(state, wib(20, 12, month=5), entries=[entry])
    assert explanation.severity is Severity.BLOCKED
    assert "cannot be extended" in next_step_of(explanation).template


@pytest.mark.parametrize("waves", [[], WAVES])
def test_accepted_in_an_unknown_wave_still_urges_a_purchase(waves: list[Wave]) -> None:
    state = applicant(Stage.ACCEPTED, Reason.ACCEPTED_PRIORITY)  # no entry, no wave id
    explanation = why(state, wib(26), waves=waves)
    assert explanation.severity is Severity.ACTION_NEEDED
    assert set(explanation.headline.params) == {"accepted_at"}


def test_revoked_cards_say_how_many_days_there_were() -> None:
    state, entry = accepted_in(1, wib(19, 12))
    revoked = applicant(
        Stage.ACCEPTED,
        Reason.REVOKED_NO_PURCHASE,
        SideState.REVOKED,
        wave_id=101,
        state_changed_at=wib(20, 0, month=5),
    )
    explanation = why(revoked, wib(21, month=5), entries=[entry])
    assert explanation.severity is Severity.BLOCKED
    assert explanation.headline.params == {"revoked_at": wib(20, 0, month=5), "days": 30}
    assert "cannot join again" in next_step_of(explanation).template
    assert state.stage is Stage.ACCEPTED


# -- training and incentive ------------------------------------------------------------------


def test_training_in_progress_is_ok() -> None:
    state = applicant(Stage.TRAINING)
    explanation = why(state, wib(28))
    assert explanation.severity is Severity.OK
    assert explanation.headline.params == {"since": state.training_at}


def test_a_missing_certificate_is_chased_after_a_week() -> None:
    state = applicant(Stage.TRAINING, Reason.CERTIFICATE_PENDING)
    assert why(state, state.state_changed_at + timedelta(days=2)).severity is Severity.WAITING
    slow = why(state, state.state_changed_at + timedelta(days=8))
    assert slow.severity is Severity.ACTION_NEEDED
    assert slow.headline.params["days"] == 8
    assert "platform partner" in next_step_of(slow).template


@pytest.mark.parametrize(
    ("reason", "phrase"),
    [
        (Reason.BANK_ACCOUNT_MISSING, "in their own name"),
        (Reason.INCENTIVE_FAILED_PHONE_CHANGED, "same phone number"),
        (Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE, "reactivate the account"),
        (Reason.INCENTIVE_FAILED_NAME_MISMATCH, "exactly as on the KTP"),
    ],
)
def test_each_incentive_failure_names_its_fix(reason: Reason, phrase: str) -> None:
    explanation = why(applicant(Stage.COMPLETED, reason), wib(28))
    assert explanation.severity is Severity.ACTION_NEEDED
    assert phrase in next_step_of(explanation).template


def test_a_scheduled_retry_and_a_completed_training_are_waits() -> None:
    assert why(applicant(Stage.COMPLETED, Reason.INCENTIVE_RETRY_SCHEDULED), wib(28)).severity is (
        Severity.WAITING
    )
    assert why(applicant(Stage.COMPLETED), wib(28)).severity is Severity.WAITING


def test_paid_is_the_end_of_the_road() -> None:
    state = applicant(Stage.INCENTIVE_PAID)
    explanation = why(state, wib(28))
    assert explanation.severity is Severity.OK
    assert explanation.next_step is None
    assert explanation.headline.params == {"paid_at": state.incentive_paid_at}


def test_an_unknown_code_asks_for_an_update() -> None:
    plain = why(applicant(Stage.JOINED_BATCH, Reason.UNKNOWN), wib(28))
    rejected = why(applicant(Stage.JOINED_BATCH, Reason.UNKNOWN, SideState.REJECTED), wib(28))
    assert plain.headline.template != rejected.headline.template
    assert "Update the console" in next_step_of(plain).template


def test_dtks_policy_does_not_change_the_excluded_explanation() -> None:
    """The central decided; the explanation reads the reason, not today's policy."""
    lenient = [wave(1, wave_policy=policy(DtksPolicy.DEPRIORITISE))]
    state = applicant(Stage.JOINED_BATCH, Reason.SOCIAL_ASSISTANCE_EXCLUDED, SideState.REJECTED)
    assert why(state, wib(13), waves=lenient).severity is Severity.BLOCKED
