"""Why an applicant is stuck, and what to do next: the first thing an agent reads.

:func:`explain` turns an applicant's state, registry checks, wave entries and the
waves into one or two sentences (:attr:`Explanation.headline`) and the exact next
step (:attr:`Explanation.next_step`), so an agent on the phone never has to
interpret codes. Every :class:`~prakerja_console.domain.funnel.Reason` has an
explanation. Dates, times and counts go into the messages' params as values; the
UI formats them for the language and the applicant's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from prakerja_console.domain.applicant import (
    ApplicantState,
    CheckResult,
    EntryOutcome,
    Registry,
    RegistryCheck,
    WaveEntry,
    age_on,
    birthday,
    latest_check,
)
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.waves import (
    ADULT_AGE,
    WIB,
    Wave,
    WavePolicy,
    WaveStatus,
    joinable_wave,
    revocation_deadline,
    status,
    wave_by_id,
)

# How long a wait is normal before it becomes something to act on.
EMAIL_GRACE = timedelta(minutes=30)
NIK_CHECK_SLOW = timedelta(days=3)
CERTIFICATE_SLOW = timedelta(days=7)


class Severity(StrEnum):
    OK = "ok"  # on track, or done
    WAITING = "waiting"  # nothing to do: a registry, the draw or a partner is working
    ACTION_NEEDED = "action_needed"  # the applicant (or the agent) must do something
    BLOCKED = "blocked"  # the programme's rules stop them; explain, do not promise


@dataclass(frozen=True, slots=True)
class Explanation:
    severity: Severity
    headline: Message
    next_step: Message | None
    reason: Reason


def _m(template: str, **params: object) -> Message:
    return Message(template, params)


@dataclass(frozen=True, slots=True)
class _Case:
    """Everything one explanation may read, with the look-ups they share."""

    state: ApplicantState
    checks: Sequence[RegistryCheck]
    entries: Sequence[WaveEntry]
    waves: Sequence[Wave]
    now: datetime

    def explanation(
        self, severity: Severity, headline: Message, next_step: Message | None
    ) -> Explanation:
        return Explanation(severity, headline, next_step, self.state.reason)

    def since(self, stage: Stage) -> datetime:
        """When ``stage`` was reached, or failing that when the state last changed."""
        return self.state.reached_at(stage) or self.state.state_changed_at

    def days_since(self, moment: datetime) -> int:
        """Calendar days (WIB) from ``moment`` to now: 0 today, 1 yesterday."""
        return (self.now.astimezone(WIB).date() - moment.astimezone(WIB).date()).days

    def latest_entry(self, *outcomes: EntryOutcome) -> WaveEntry | None:
        chosen = [entry for entry in self.entries if not outcomes or entry.outcome in outcomes]
        return max(chosen, key=lambda entry: entry.joined_at, default=None)

    def wave_of(self, entry: WaveEntry | None) -> Wave | None:
        wave_id = entry.wave_id if entry is not None else self.state.wave_id
        return wave_by_id(self.waves, wave_id)

    def check(self, registry: Registry) -> RegistryCheck | None:
        return latest_check(self.checks, registry)


def explain(
    state: ApplicantState,
    checks: Sequence[RegistryCheck],
    entries: Sequence[WaveEntry],
    waves: Sequence[Wave],
    now: datetime,
) -> Explanation:
    """Where the applicant is stuck and why, and exactly what to do next."""
    case = _Case(state, checks, entries, waves, now)
    return _EXPLAINERS[state.reason](case)


# ---------------------------------------------------------------------------
# Registration and e-mail
# ---------------------------------------------------------------------------


def _email_pending(case: _Case) -> Explanation:
    registered = case.state.registered_at
    if case.now - registered < EMAIL_GRACE:
        return case.explanation(
            Severity.WAITING,
            _m(
                N_("Registered at {registered_at}; the verification e-mail is on its way."),
                registered_at=registered,
            ),
            _m(
                N_(
                    "Ask the applicant to wait a few minutes, then open the e-mail and click "
                    "the verification link."
                )
            ),
        )
    days = case.days_since(registered)
    if days == 0:
        headline = N_(
            "E-mail not verified: registered today ({registered_at}), and the verification "
            "link has not been opened."
        )
    elif days == 1:
        headline = N_(
            "E-mail not verified: registered yesterday ({registered_at}), and the verification "
            "link has not been opened."
        )
    else:
        headline = N_(
            "E-mail not verified: registered {days} days ago ({registered_at}), and the "
            "verification link was never opened."
        )
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(headline, registered_at=registered, days=days),
        _m(
            N_(
                "Check the e-mail address with the applicant letter by letter and ask them to "
                "look in the spam or promotions folder, then resend the verification e-mail."
            )
        ),
    )


def _email_bounced(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("The verification e-mail bounced: it could not be delivered to the address.")),
        _m(
            N_(
                "Check the address letter by letter with the applicant. If it is wrong, open a "
                "ticket to correct it; if it is right, ask them to make room in the mailbox. "
                "Then resend the verification e-mail."
            )
        ),
    )


def _profile_missing(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(
            N_(
                "E-mail confirmed on {email_verified_at}, but the profile with NIK, family card "
                "(KK) number and KTP photo has not been submitted."
            ),
            email_verified_at=case.since(Stage.EMAIL_VERIFIED),
        ),
        _m(
            N_(
                "Ask the applicant to log in, enter the NIK and KK number exactly as on their "
                "documents, upload a photo of the KTP and submit the profile."
            )
        ),
    )


# ---------------------------------------------------------------------------
# NIK verification
# ---------------------------------------------------------------------------


def _nik_pending(case: _Case) -> Explanation:
    check = case.check(Registry.DUKCAPIL)
    requested = (check.requested_at if check else None) or case.state.state_changed_at
    if case.now - requested >= NIK_CHECK_SLOW:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_(
                    "The NIK check with the population registry has been pending since "
                    "{requested_at} ({days} days), longer than usual."
                ),
                requested_at=requested,
                days=case.days_since(requested),
            ),
            _m(
                N_(
                    "Request re-verification; if it is still pending tomorrow, open a ticket "
                    "for the verification team."
                )
            ),
        )
    return case.explanation(
        Severity.WAITING,
        _m(
            N_("The NIK is being checked with the population registry (since {requested_at})."),
            requested_at=requested,
        ),
        _m(
            N_(
                "Nothing to do yet: the answer usually comes within a day. Ask the applicant to "
                "check their account again tomorrow."
            )
        ),
    )


def _nik_not_found(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("The population registry (Dukcapil) did not find this NIK.")),
        _m(
            N_(
                "Ask the applicant to read the 16-digit NIK from the KTP or family card. If it "
                "was mistyped, they correct it in the profile; if it is the same, they must "
                "have it activated at their Dukcapil office. Then request re-verification."
            )
        ),
    )


def _registry_mismatch(case: _Case) -> Explanation:
    check = case.check(Registry.DUKCAPIL)
    registry_birth = check.detail.birth_date if check else None
    registered_birth = case.state.birth_date
    fields = set(check.detail.fields) if check else set()
    birth_differs = registry_birth is not None and registered_birth not in (None, registry_birth)
    name_differs = "name" in fields
    if birth_differs and name_differs:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_(
                    "NIK does not match the population registry: the name differs, and the "
                    "birth date registered ({registered}) differs from the registry's "
                    "({registry})."
                ),
                registered=registered_birth,
                registry=registry_birth,
            ),
            _m(
                N_(
                    "Ask the applicant to re-enter the full name and the birth date exactly as "
                    "on the KTP, then request re-verification."
                )
            ),
        )
    if birth_differs:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_(
                    "NIK does not match the population registry: the birth date registered "
                    "({registered}) differs from the registry's ({registry})."
                ),
                registered=registered_birth,
                registry=registry_birth,
            ),
            _m(
                N_(
                    "Ask the applicant to re-enter it exactly as on the KTP, then request "
                    "re-verification."
                )
            ),
        )
    if name_differs:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_(
                    "NIK does not match the population registry: the name registered differs "
                    "from the registry's."
                )
            ),
            _m(
                N_(
                    "Ask the applicant to re-enter the full name exactly as on the KTP, without "
                    "titles or abbreviations, then request re-verification."
                )
            ),
        )
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("The name or birth date entered does not match the population registry.")),
        _m(
            N_(
                "Ask the applicant to re-enter the full name and the birth date exactly as on "
                "the KTP, then request re-verification."
            )
        ),
    )


def _kk_mismatch(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(
            N_(
                "The population registry does not list this NIK on the family card (KK) number "
                "entered."
            )
        ),
        _m(
            N_(
                "Ask the applicant to read the number from their latest family card (a renewed "
                "card has a new number), correct it in the profile, then request "
                "re-verification."
            )
        ),
    )


def _nik_already_used(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("This NIK is already used by another account.")),
        _m(
            N_(
                "Ask whether the applicant registered before: if so, they should log in to that "
                "account (resetting the password if needed). If they never did, open a ticket "
                "so the verification team can check for misuse of their NIK."
            )
        ),
    )


def _ktp_photo_rejected(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("The KTP photo could not be read or was rejected.")),
        _m(
            N_(
                "Ask the applicant to upload a new photo of the original KTP: the whole card in "
                "the frame, sharp, in good light and without glare; no photocopies or "
                "screenshots."
            )
        ),
    )


# ---------------------------------------------------------------------------
# Joining a wave, and waiting for selection
# ---------------------------------------------------------------------------


def _join_next_step(case: _Case, *, again: bool) -> tuple[Severity, Message]:
    """What to tell someone who may join a wave now or later (``again``: not their first)."""
    wave = joinable_wave(case.waves, case.now)
    if wave is not None and status(wave, case.now) is WaveStatus.OPEN:
        template = (
            N_(
                "The account stays: ask the applicant to join wave {wave} before {closes_at}, "
                "without registering again."
            )
            if again
            else N_("Ask the applicant to choose Join for wave {wave} before {closes_at}.")
        )
        return Severity.ACTION_NEEDED, _m(template, wave=wave.number, closes_at=wave.closes_at)
    if wave is not None:
        template = (
            N_(
                "The account stays: the applicant may join wave {wave} when it opens on "
                "{opens_at}, without registering again."
            )
            if again
            else N_("Ask the applicant to join wave {wave} when it opens on {opens_at}.")
        )
        return Severity.WAITING, _m(template, wave=wave.number, opens_at=wave.opens_at)
    return Severity.WAITING, _m(
        N_(
            "No wave is open or scheduled: ask the applicant to watch the official "
            "announcements; they will not need to register again."
        )
    )


def _not_joined(case: _Case) -> Explanation:
    severity, next_step = _join_next_step(case, again=False)
    wave = joinable_wave(case.waves, case.now)
    if wave is not None and status(wave, case.now) is WaveStatus.OPEN:
        headline = _m(
            N_("NIK verified, but no wave joined yet; wave {wave} is open until {closes_at}."),
            wave=wave.number,
            closes_at=wave.closes_at,
        )
    elif wave is not None:
        headline = _m(
            N_("NIK verified; no wave is open now. The next, wave {wave}, opens on {opens_at}."),
            wave=wave.number,
            opens_at=wave.opens_at,
        )
    else:
        headline = _m(N_("NIK verified; no wave is open or scheduled now."))
    return case.explanation(severity, headline, next_step)


def _birth_digits_differ(case: _Case) -> Explanation:
    severity, next_step = _join_next_step(case, again=False)
    return case.explanation(
        severity,
        _m(
            N_(
                "The NIK's birth-date digits differ from the registered birth date: this is "
                "allowed (the registry does not reissue such NIKs) and blocks nothing."
            )
        ),
        next_step,
    )


def _selection_pending(case: _Case) -> Explanation:
    entry = case.latest_entry(EntryOutcome.PENDING)
    wave = case.wave_of(entry)
    joined_at = entry.joined_at if entry else case.since(Stage.JOINED_BATCH)
    if wave is None:
        return case.explanation(
            Severity.WAITING,
            _m(N_("Joined a wave on {joined_at}; waiting for the selection."), joined_at=joined_at),
            _m(N_("Nothing to do now: results are announced after the wave closes.")),
        )
    wave_status = status(wave, case.now)
    params = {
        "wave": wave.number,
        "joined_at": joined_at,
        "closes_at": wave.closes_at,
        "announce_at": wave.announce_at,
    }
    if wave_status is WaveStatus.ANNOUNCED:
        return case.explanation(
            Severity.ACTION_NEEDED,
            Message(
                N_(
                    "Results of wave {wave} were announced on {announce_at}, but this entry "
                    "still has no result."
                ),
                params,
            ),
            Message(
                N_(
                    "Open a ticket for the wave team to check the entry; do not ask the "
                    "applicant to join again."
                ),
                params,
            ),
        )
    if wave_status is WaveStatus.CLOSED:
        headline = N_(
            "Wave {wave} closed on {closes_at}; the selection is running and results are due "
            "on {announce_at}."
        )
    else:
        headline = N_(
            "Joined wave {wave} on {joined_at}; the selection starts after the wave closes on "
            "{closes_at}."
        )
    return case.explanation(
        Severity.WAITING,
        Message(headline, params),
        Message(
            N_(
                "Nothing to do now: results come on {announce_at}, by e-mail and in the account. "
                "Places are drawn at random, not first come, first served."
            ),
            params,
        ),
    )


def _not_selected(case: _Case) -> Explanation:
    misses = [entry for entry in case.entries if entry.outcome is EntryOutcome.NOT_ACCEPTED]
    last = max(misses, key=lambda entry: entry.joined_at, default=None)
    wave = case.wave_of(last)
    severity, next_step = _join_next_step(case, again=True)
    if case.state.reason is Reason.SOCIAL_ASSISTANCE_DEPRIORITISED:
        headline = (
            _m(
                N_(
                    "Not selected in wave {wave}: social-assistance recipients (DTKS) are drawn "
                    "only after everyone else, and the quota was filled first."
                ),
                wave=wave.number,
            )
            if wave
            else _m(
                N_(
                    "Not selected: social-assistance recipients (DTKS) are drawn only after "
                    "everyone else, and the quota was filled first."
                )
            )
        )
    elif len(misses) >= 2:
        headline = (
            _m(
                N_(
                    "Not selected in {times} waves, most recently wave {wave}: places are drawn "
                    "at random, so this is chance, not a fault in the data."
                ),
                times=len(misses),
                wave=wave.number,
            )
            if wave
            else _m(
                N_(
                    "Not selected in {times} waves: places are drawn at random, so this is "
                    "chance, not a fault in the data."
                ),
                times=len(misses),
            )
        )
    elif wave is not None:
        headline = _m(
            N_(
                "Not selected in wave {wave}: the places were drawn at random among eligible "
                "applicants."
            ),
            wave=wave.number,
        )
    else:
        headline = _m(
            N_("Not selected: the places were drawn at random among eligible applicants.")
        )
    return case.explanation(severity, headline, next_step)


# ---------------------------------------------------------------------------
# Eligibility rejections
# ---------------------------------------------------------------------------


def _under_age(case: _Case) -> Explanation:
    # The wave they would join next sets the age that matters; else the one that refused them.
    wave = joinable_wave(case.waves, case.now) or case.wave_of(case.latest_entry())
    min_age = wave.policy.min_age if wave else ADULT_AGE
    check = case.check(Registry.DUKCAPIL)
    birth = (check.detail.birth_date if check else None) or case.state.birth_date
    if birth is None:
        return case.explanation(
            Severity.BLOCKED,
            _m(N_("Not eligible: younger than {min_age} on the wave's date."), min_age=min_age),
            _m(
                N_(
                    "Check the birth date on the KTP; if the registry's is wrong, the applicant "
                    "must have it corrected at Dukcapil, then request re-verification."
                )
            ),
        )
    turns_on = birthday(birth, min_age)
    today = case.now.astimezone(WIB).date()
    if age_on(birth, today) >= min_age:
        severity, next_step = _join_next_step(case, again=True)
        return case.explanation(
            severity,
            _m(
                N_(
                    "Rejected earlier as younger than {min_age}; the applicant turned {min_age} "
                    "on {turns_on}."
                ),
                min_age=min_age,
                turns_on=turns_on,
            ),
            next_step,
        )
    headline = _m(
        N_("Not eligible yet: younger than {min_age}; turns {min_age} on {turns_on}."),
        min_age=min_age,
        turns_on=turns_on,
    )
    wave = _first_wave_on_or_after(case, turns_on)
    next_step = (
        _m(
            N_(
                "The applicant may join wave {wave} (opens {opens_at}) or any later wave, "
                "without registering again."
            ),
            wave=wave.number,
            opens_at=wave.opens_at,
        )
        if wave
        else _m(
            N_(
                "The applicant may join any wave that opens on or after {turns_on}, without "
                "registering again."
            ),
            turns_on=turns_on,
        )
    )
    return case.explanation(Severity.BLOCKED, headline, next_step)


def _first_wave_on_or_after(case: _Case, day: date) -> Wave | None:
    upcoming = [
        wave
        for wave in case.waves
        if wave.reference_date >= day
        and status(wave, case.now) in (WaveStatus.SCHEDULED, WaveStatus.OPEN)
    ]
    return min(upcoming, key=lambda wave: wave.opens_at, default=None)


def _student(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(
            N_(
                "Not eligible: the education registry (Dapodik) lists the applicant as a pupil "
                "or student."
            )
        ),
        _m(
            N_(
                "If they have finished or left school or college, ask them to have the school or "
                "campus update the registry, then request re-verification with the education "
                "registry; after that they may join a later wave."
            )
        ),
    )


def _excluded_occupation(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(
            N_(
                "Not eligible: civil servants, military, police, state and village officials and "
                "state-company directors cannot receive the card."
            )
        ),
        _m(
            N_(
                "Explain the rule. If the occupation was entered by mistake, open a ticket so "
                "the verification team can review it."
            )
        ),
    )


def _already_recipient(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(N_("Not eligible: this NIK has already received a Prakerja card.")),
        _m(N_("Explain that each NIK receives the card only once; nothing can change that.")),
    )


def _kk_limit(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(
            N_(
                "Not eligible: two members of the same family card (KK) already received the "
                "card, and one family card allows at most two."
            )
        ),
        _m(
            N_(
                "Explain the limit. If the applicant now has a family card of their own, they "
                "enter its number in the profile, then request re-verification."
            )
        ),
    )


def _blacklisted(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(N_("Not eligible: the applicant is on the programme's blacklist.")),
        _m(
            N_(
                "Do not discuss the details on the phone; if the applicant disputes it, open a "
                "ticket for the supervisor."
            )
        ),
    )


def _social_assistance_excluded(case: _Case) -> Explanation:
    check = case.check(Registry.DTKS)
    programme = check.detail.programme if check and check.result is CheckResult.RECIPIENT else None
    headline = (
        _m(
            N_(
                "Not eligible: the social-welfare registry (DTKS) lists the applicant as "
                "receiving social assistance ({programme}), and the wave's policy excludes "
                "recipients."
            ),
            programme=programme,
        )
        if programme
        else _m(
            N_(
                "Not eligible: the social-welfare registry (DTKS) lists the applicant as "
                "receiving social assistance, and the wave's policy excludes recipients."
            )
        )
    )
    return case.explanation(
        Severity.BLOCKED,
        headline,
        _m(
            N_(
                "If they no longer receive assistance, ask them to have the village office or "
                "the social affairs office (Dinas Sosial) update DTKS, then request "
                "re-verification with DTKS; after that they may join a later wave."
            )
        ),
    )


def _account_blocked(case: _Case) -> Explanation:
    return case.explanation(
        Severity.BLOCKED,
        _m(
            N_(
                "Account blocked for suspected fraud (for example proxies, or several accounts "
                "for one person)."
            )
        ),
        _m(
            N_(
                "Do not unblock or promise anything on the phone; open a ticket with the "
                "applicant's explanation for supervisor review."
            )
        ),
    )


# ---------------------------------------------------------------------------
# Accepted: first purchase, revocation, training
# ---------------------------------------------------------------------------


def _accepted_entry_policy(case: _Case) -> WavePolicy | None:
    """The policy of the wave that accepted the applicant; None when that wave is unknown
    (another wave's revocation days would be a guess)."""
    wave = case.wave_of(case.latest_entry(EntryOutcome.ACCEPTED))
    return wave.policy if wave else None


def _awaiting_purchase(case: _Case) -> Explanation:
    accepted_at = case.since(Stage.ACCEPTED)
    policy = _accepted_entry_policy(case)
    if policy is None:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_("Accepted on {accepted_at}; no first training bought yet."),
                accepted_at=accepted_at,
            ),
            _m(
                N_(
                    "Ask the applicant to buy a first training at a platform partner as soon as "
                    "possible: the card is revoked if none is bought in time."
                )
            ),
        )
    deadline = revocation_deadline(accepted_at, policy)
    params = {"accepted_at": accepted_at, "deadline": deadline}
    if case.now > deadline:
        return case.explanation(
            Severity.BLOCKED,
            Message(
                N_(
                    "The deadline to buy a first training passed on {deadline}; the card is "
                    "about to be revoked and its place returned to the quota."
                ),
                params,
            ),
            Message(
                N_(
                    "Explain that the deadline cannot be extended, and that a revoked card "
                    "counts as the one card per NIK."
                ),
                params,
            ),
        )
    days_left = (deadline.astimezone(WIB).date() - case.now.astimezone(WIB).date()).days
    if days_left == 0:
        headline = N_(
            "Accepted on {accepted_at}; no first training bought yet, and today is the last "
            "day: the card is revoked after {deadline}."
        )
    elif days_left == 1:
        headline = N_(
            "Accepted on {accepted_at}; no first training bought yet. One day left: the card "
            "is revoked if none is bought by {deadline}."
        )
    else:
        headline = N_(
            "Accepted on {accepted_at}; no first training bought yet. {days_left} days left: "
            "the card is revoked if none is bought by {deadline}."
        )
    return case.explanation(
        Severity.ACTION_NEEDED,
        Message(headline, {**params, "days_left": days_left}),
        Message(
            N_(
                "Ask the applicant to buy a first training at a platform partner before {deadline}."
            ),
            params,
        ),
    )


def _revoked(case: _Case) -> Explanation:
    policy = _accepted_entry_policy(case)
    revoked_at = case.state.state_changed_at
    headline = (
        _m(
            N_(
                "Card revoked on {revoked_at}: no first training was bought within {days} days "
                "of acceptance."
            ),
            revoked_at=revoked_at,
            days=policy.revocation_days,
        )
        if policy
        else _m(
            N_("Card revoked on {revoked_at}: no first training was bought in time."),
            revoked_at=revoked_at,
        )
    )
    return case.explanation(
        Severity.BLOCKED,
        headline,
        _m(
            N_(
                "Explain that the place went back to the quota and that a revoked card counts as "
                "the one card per NIK, so the applicant cannot join again."
            )
        ),
    )


def _training(case: _Case) -> Explanation:
    return case.explanation(
        Severity.OK,
        _m(N_("Training in progress since {since}."), since=case.since(Stage.TRAINING)),
        _m(
            N_(
                "Nothing to do: once the training is finished, the platform partner issues the "
                "certificate, the applicant rates the training and the incentive follows."
            )
        ),
    )


def _certificate_pending(case: _Case) -> Explanation:
    since = case.state.state_changed_at
    if case.now - since >= CERTIFICATE_SLOW:
        return case.explanation(
            Severity.ACTION_NEEDED,
            _m(
                N_(
                    "Training finished, but the certificate has not been issued after {days} "
                    "days (since {since})."
                ),
                days=case.days_since(since),
                since=since,
            ),
            _m(
                N_(
                    "Ask the applicant to contact the platform partner where they bought the "
                    "training; if the partner does not respond, open a ticket."
                )
            ),
        )
    return case.explanation(
        Severity.WAITING,
        _m(
            N_(
                "Training finished on {since}; the platform partner has not issued the "
                "certificate yet."
            ),
            since=since,
        ),
        _m(
            N_(
                "Nothing to do yet: partners usually issue it within a few days, and it then "
                "appears in the applicant's account."
            )
        ),
    )


# ---------------------------------------------------------------------------
# Completed: incentive payments
# ---------------------------------------------------------------------------


def _training_completed(case: _Case) -> Explanation:
    return case.explanation(
        Severity.WAITING,
        _m(
            N_(
                "Training completed with certificate on {completed_at}; the incentive is being processed."
            ),
            completed_at=case.since(Stage.COMPLETED),
        ),
        _m(
            N_(
                "Check that the applicant has rated the training and linked a bank or e-wallet "
                "account in their own name; payment then follows without further action."
            )
        ),
    )


def _bank_account_missing(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(
            N_(
                "Training completed, but no bank or e-wallet account is linked, so the incentive "
                "cannot be paid."
            )
        ),
        _m(
            N_(
                "Ask the applicant to link, in their account, a bank account or e-wallet held in "
                "their own name (the name and NIK of the card)."
            )
        ),
    )


def _failed_phone_changed(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(
            N_(
                "The incentive payment failed: the e-wallet's phone number is not the one in the "
                "Prakerja account."
            )
        ),
        _m(
            N_(
                "Ask the applicant to use the same phone number in the Prakerja account and at "
                "the e-wallet, then link the e-wallet again; the payment is then retried."
            )
        ),
    )


def _failed_account_inactive(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(N_("The incentive payment failed: the bank or e-wallet account is inactive.")),
        _m(
            N_(
                "Ask the applicant to reactivate the account (an e-wallet must be verified or "
                "upgraded) or link another account in their own name; the payment is then "
                "retried."
            )
        ),
    )


def _failed_name_mismatch(case: _Case) -> Explanation:
    return case.explanation(
        Severity.ACTION_NEEDED,
        _m(
            N_(
                "The incentive payment failed: the account holder's name differs from the "
                "applicant's."
            )
        ),
        _m(
            N_(
                "Ask the applicant to link a bank or e-wallet account held in their own name, "
                "exactly as on the KTP; the payment is then retried."
            )
        ),
    )


def _retry_scheduled(case: _Case) -> Explanation:
    return case.explanation(
        Severity.WAITING,
        _m(
            N_("An incentive payment failed on {since} and will be retried automatically."),
            since=case.state.state_changed_at,
        ),
        _m(N_("Nothing to do now; if the retry fails too, the new cause will show here.")),
    )


def _paid(case: _Case) -> Explanation:
    return case.explanation(
        Severity.OK,
        _m(
            N_("Incentive paid on {paid_at}: the applicant has completed the programme."),
            paid_at=case.since(Stage.INCENTIVE_PAID),
        ),
        None,
    )


def _unknown(case: _Case) -> Explanation:
    if case.state.side_state is SideState.REJECTED:
        headline = _m(N_("Rejected for a reason this console version does not know."))
    else:
        headline = _m(N_("The central reports a status this console version does not know."))
    return case.explanation(
        Severity.ACTION_NEEDED,
        headline,
        _m(
            N_(
                "Update the console to the latest version; meanwhile open a ticket that "
                "describes the applicant's problem."
            )
        ),
    )


_EXPLAINERS: dict[Reason, Callable[[_Case], Explanation]] = {
    Reason.REGISTERED: _email_pending,
    Reason.EMAIL_PENDING: _email_pending,
    Reason.EMAIL_BOUNCED: _email_bounced,
    Reason.EMAIL_VERIFIED: _profile_missing,
    Reason.NIK_NOT_SUBMITTED: _profile_missing,
    Reason.NIK_PENDING: _nik_pending,
    Reason.NIK_NOT_FOUND: _nik_not_found,
    Reason.NIK_REGISTRY_MISMATCH: _registry_mismatch,
    Reason.NIK_KK_MISMATCH: _kk_mismatch,
    Reason.NIK_ALREADY_USED: _nik_already_used,
    Reason.KTP_PHOTO_REJECTED: _ktp_photo_rejected,
    Reason.NIK_VERIFIED: _not_joined,
    Reason.NIK_BIRTH_DIGITS_DIFFER: _birth_digits_differ,
    Reason.NOT_JOINED: _not_joined,
    Reason.WAVE_NOT_OPEN: _not_joined,
    Reason.JOINED_BATCH: _selection_pending,
    Reason.SELECTION_PENDING: _selection_pending,
    Reason.UNDER_AGE: _under_age,
    Reason.STUDENT: _student,
    Reason.EXCLUDED_OCCUPATION: _excluded_occupation,
    Reason.ALREADY_RECIPIENT: _already_recipient,
    Reason.KK_LIMIT: _kk_limit,
    Reason.BLACKLISTED: _blacklisted,
    Reason.SOCIAL_ASSISTANCE_EXCLUDED: _social_assistance_excluded,
    Reason.ACCOUNT_BLOCKED: _account_blocked,
    Reason.ACCEPTED: _awaiting_purchase,
    Reason.ACCEPTED_PRIORITY: _awaiting_purchase,
    Reason.NOT_SELECTED: _not_selected,
    Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: _not_selected,
    Reason.AWAITING_FIRST_PURCHASE: _awaiting_purchase,
    Reason.REVOKED_NO_PURCHASE: _revoked,
    Reason.TRAINING_IN_PROGRESS: _training,
    Reason.CERTIFICATE_PENDING: _certificate_pending,
    Reason.TRAINING_COMPLETED: _training_completed,
    Reason.BANK_ACCOUNT_MISSING: _bank_account_missing,
    Reason.INCENTIVE_FAILED_PHONE_CHANGED: _failed_phone_changed,
    Reason.INCENTIVE_FAILED_ACCOUNT_INACTIVE: _failed_account_inactive,
    Reason.INCENTIVE_FAILED_NAME_MISMATCH: _failed_name_mismatch,
    Reason.INCENTIVE_RETRY_SCHEDULED: _retry_scheduled,
    Reason.INCENTIVE_PAID: _paid,
    Reason.UNKNOWN: _unknown,
}
