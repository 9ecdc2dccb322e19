"""Waves (gelombang): their schedule and policy, who may join one, and revocation.

The policy knobs live in data (:class:`WavePolicy`, one per wave) because the
programme changed them between years: social-assistance recipients were
deprioritised in 2020 and excluded from 2021, and the days an accepted applicant
has to buy a first training went from 30 to 15.

Decisions taken here where the programme's public rules are silent:

* A **revoked** applicant may not join again: the card was issued, and one card per
  NIK means a revoked card is that card.
* A **rejected** applicant may join a later wave only when the rejection can lapse:
  under age (once old enough on the wave's date), pupil or student, or
  social-assistance exclusion (registries change; eligibility is checked again at
  selection, and rejects again if nothing changed). Every other rejection is final.
* One open entry at a time: an applicant waiting for a result, or accepted, may not
  join another wave.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from prakerja_console.domain.applicant import ApplicantState, WaveEntry, WireEnum, age_on, birthday
from prakerja_console.domain.funnel import Reason, SideState, Stage
from prakerja_console.domain.regions import TimeZoneName
from prakerja_console.domain.text import N_, Message

WIB = TimeZoneName.WIB.zone  # the programme sets every schedule in Jakarta time
ADULT_AGE = 18  # the minimum age every wave so far has used


class DtksPolicy(WireEnum):
    """What a wave does with social-assistance (DTKS) recipients."""

    DEPRIORITISE = "deprioritise"  # 2020: drawn only after everyone else
    EXCLUDE = "exclude"  # from 2021: not eligible
    UNKNOWN = "unknown"  # a policy a newer central knows and this console does not


@dataclass(frozen=True, slots=True)
class WavePolicy:
    """The rules of one wave that changed over the programme's life."""

    dtks_policy: DtksPolicy
    min_age: int = ADULT_AGE
    revocation_days: int = 30
    max_recipients_per_kk: int = 2

    def __post_init__(self) -> None:
        if self.min_age < 0 or self.revocation_days < 1 or self.max_recipients_per_kk < 1:
            raise ValueError(f"impossible wave policy: {self!r}")


class WaveStatus(WireEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"  # selection running, results not yet announced
    ANNOUNCED = "announced"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Wave:
    """A gelombang: schedule (aware datetimes, set in WIB), quota and policy."""

    id: int
    number: int
    name: str
    opens_at: datetime
    closes_at: datetime
    announce_at: datetime
    quota: int
    policy: WavePolicy

    def __post_init__(self) -> None:
        moments = (self.opens_at, self.closes_at, self.announce_at)
        if any(moment.utcoffset() is None for moment in moments):
            raise ValueError(f"wave {self.number}: schedule times must be timezone-aware")
        if not self.opens_at < self.closes_at <= self.announce_at:
            raise ValueError(f"wave {self.number}: needs opens_at < closes_at <= announce_at")
        if self.quota < 0:
            raise ValueError(f"wave {self.number}: negative quota {self.quota}")

    @property
    def reference_date(self) -> date:
        """The date eligibility (age) is judged on: the day the wave opens, in WIB."""
        return self.opens_at.astimezone(WIB).date()


def status(wave: Wave, now: datetime) -> WaveStatus:
    """Where the wave's schedule stands at ``now``: opening and closing are inclusive-exclusive."""
    if now < wave.opens_at:
        return WaveStatus.SCHEDULED
    if now < wave.closes_at:
        return WaveStatus.OPEN
    if now < wave.announce_at:
        return WaveStatus.CLOSED
    return WaveStatus.ANNOUNCED


def joinable_wave(waves: Iterable[Wave], now: datetime) -> Wave | None:
    """The wave an applicant should join next: the open one, else the next scheduled one."""
    ordered = sorted(waves, key=lambda wave: (wave.opens_at, wave.number))
    open_now = [wave for wave in ordered if status(wave, now) is WaveStatus.OPEN]
    if open_now:
        return open_now[0]
    return next((wave for wave in ordered if status(wave, now) is WaveStatus.SCHEDULED), None)


def wave_by_id(waves: Iterable[Wave], wave_id: int | None) -> Wave | None:
    return next((wave for wave in waves if wave.id == wave_id), None)


# ---------------------------------------------------------------------------
# Joining a wave
# ---------------------------------------------------------------------------

REJOINABLE_REJECTIONS = frozenset(
    {Reason.UNDER_AGE, Reason.STUDENT, Reason.SOCIAL_ASSISTANCE_EXCLUDED}
)


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether an action may go ahead, the reason code it would carry (or that refuses
    it), and why in plain words."""

    allowed: bool
    reason: Reason
    message: Message


def _refuse(reason: Reason, template: str, **params: object) -> Decision:
    return Decision(False, reason, Message(template, params))


def may_join(
    state: ApplicantState, wave: Wave, now: datetime, entries: Sequence[WaveEntry]
) -> Decision:
    """Whether the applicant may "join batch" into ``wave`` at ``now``.

    ``entries`` are the applicant's earlier entries (any wave); the module docstring
    lists the decisions taken where the programme's rules are silent.
    """
    number = wave.number
    if state.side_state is SideState.REVOKED:
        return _refuse(
            Reason.REVOKED_NO_PURCHASE,
            N_(
                "The card was revoked, and a revoked card counts as the one card per NIK: "
                "the applicant cannot join another wave."
            ),
        )
    if state.side_state is SideState.REJECTED and state.reason not in REJOINABLE_REJECTIONS:
        return _refuse(
            state.reason,
            N_(
                "The applicant was rejected for a reason that does not lapse: no wave can be joined."
            ),
        )
    if state.stage.rank < Stage.NIK_VERIFIED.rank:
        return _refuse(state.reason, N_("Only applicants with a verified NIK may join a wave."))
    if state.stage.rank > Stage.JOINED_BATCH.rank:
        return _refuse(
            Reason.ALREADY_RECIPIENT,
            N_("Already accepted into the programme: one card per NIK."),
        )
    held = [entry for entry in entries if entry.active]
    if held:
        entry = max(held, key=lambda item: item.joined_at)
        if entry.wave_id == wave.id:
            return _refuse(
                entry.reason,
                N_("Already joined wave {wave} on {joined_at}."),
                wave=number,
                joined_at=entry.joined_at,
            )
        return _refuse(
            entry.reason,
            N_("Still holds an entry in another wave: one wave at a time."),
        )
    wave_status = status(wave, now)
    if wave_status is WaveStatus.SCHEDULED:
        return _refuse(
            Reason.WAVE_NOT_OPEN,
            N_("Wave {wave} opens on {opens_at}."),
            wave=number,
            opens_at=wave.opens_at,
        )
    if wave_status is not WaveStatus.OPEN:
        return _refuse(
            Reason.WAVE_NOT_OPEN,
            N_("Wave {wave} closed on {closes_at}."),
            wave=number,
            closes_at=wave.closes_at,
        )
    if state.side_state is SideState.REJECTED:
        return _may_rejoin_after_rejection(state, wave)
    return Decision(
        True,
        Reason.JOINED_BATCH,
        Message(
            N_("May join wave {wave} until {closes_at}."),
            {"wave": number, "closes_at": wave.closes_at},
        ),
    )


def _may_rejoin_after_rejection(state: ApplicantState, wave: Wave) -> Decision:
    """A rejection that can lapse: age is judged now, registries again at selection."""
    min_age = wave.policy.min_age
    if state.reason is Reason.UNDER_AGE:
        if state.birth_date is None:
            return _refuse(
                Reason.UNDER_AGE,
                N_("The birth date is not known, so the age cannot be checked again."),
            )
        if age_on(state.birth_date, wave.reference_date) < min_age:
            return _refuse(
                Reason.UNDER_AGE,
                N_(
                    "Turns {min_age} on {turns_on}: may join a wave that opens on or after that date."
                ),
                min_age=min_age,
                turns_on=birthday(state.birth_date, min_age),
            )
        return Decision(
            True,
            Reason.JOINED_BATCH,
            Message(
                N_("Now {min_age} or older: may join wave {wave} until {closes_at}."),
                {"min_age": min_age, "wave": wave.number, "closes_at": wave.closes_at},
            ),
        )
    return Decision(
        True,
        Reason.JOINED_BATCH,
        Message(
            N_(
                "May join wave {wave} until {closes_at}; the registries are checked again at "
                "selection, and the entry is rejected again if nothing has changed."
            ),
            {"wave": wave.number, "closes_at": wave.closes_at},
        ),
    )


# ---------------------------------------------------------------------------
# Revocation: accepted applicants must buy a first training in time
# ---------------------------------------------------------------------------


def revocation_deadline(accepted_at: datetime, policy: WavePolicy) -> datetime:
    """The last moment a first purchase keeps the card: ``revocation_days`` × 24 h after
    acceptance (WIB has no daylight saving, so days and 24 hours agree)."""
    return accepted_at + timedelta(days=policy.revocation_days)


def should_revoke(
    accepted_at: datetime,
    first_purchase_at: datetime | None,
    now: datetime,
    policy: WavePolicy,
) -> bool:
    """Whether the card is due for revocation at ``now`` (its place then returns to the quota).

    A purchase counts only if made by the deadline; a late one does not save the card.
    """
    deadline = revocation_deadline(accepted_at, policy)
    if first_purchase_at is not None and first_purchase_at <= deadline:
        return False
    return now > deadline
