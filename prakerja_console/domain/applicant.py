"""The domain's view of an applicant: what the programme rules read, free of any row type.

The mirror and the central each convert their rows into these frozen values, so
the rules in ``eligibility``, ``waves``, ``transitions`` and ``stuck`` run the same
on both sides. Wire values are plain strings and a newer central may send one this
console does not know, so every enum read from the wire has an ``UNKNOWN`` member
and a tolerant :meth:`WireEnum.from_code`, and the small parsers here never raise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Literal, Self

from prakerja_console.domain.funnel import Reason, SideState, Stage

SexCode = Literal["F", "M"]


class WireEnum(StrEnum):
    """A StrEnum read from the wire; every subclass defines ``UNKNOWN = "unknown"``."""

    @classmethod
    def from_code(cls, code: str | None) -> Self:
        """The member for ``code``; unknown or missing codes become ``UNKNOWN``."""
        try:
            return cls(code or "")
        except ValueError:
            return cls("unknown")


class Registry(WireEnum):
    DUKCAPIL = "dukcapil"  # population: NIK, name, birth date, family card
    DAPODIK = "dapodik"  # education: pupil or student
    DTKS = "dtks"  # social welfare: receives social assistance
    UNKNOWN = "unknown"


class CheckResult(WireEnum):
    """A registry's answer; the values are ``RegistryCheckData.result`` on the wire."""

    PENDING = "pending"
    MATCH = "match"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    ALREADY_USED = "already_used"
    KK_MISMATCH = "kk_mismatch"
    STUDENT = "student"
    NOT_STUDENT = "not_student"
    RECIPIENT = "recipient"
    NOT_RECIPIENT = "not_recipient"
    ERROR = "error"
    UNKNOWN = "unknown"


class EntryOutcome(WireEnum):
    """The outcome of one "join batch" entry (``WaveEntryData.outcome``)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    REJECTED = "rejected"
    UNKNOWN = "unknown"


class PriorityGroup(WireEnum):
    """Groups the ministries report on priority lists (``ApplicantData.priority_group``)."""

    LAID_OFF = "laid_off"  # PHK
    FURLOUGHED = "furloughed"  # dirumahkan
    MICRO_BUSINESS = "micro_business"  # micro-business owner who lost income
    UNKNOWN = "unknown"


class Occupation(WireEnum):
    """Occupation as declared in the profile; the excluded groups are marked by :attr:`excluded`."""

    PRIVATE_EMPLOYEE = "private_employee"
    DAILY_WORKER = "daily_worker"
    ENTREPRENEUR = "entrepreneur"
    FARMER = "farmer"
    FISHER = "fisher"
    DRIVER = "driver"
    HOMEMAKER = "homemaker"
    FREELANCER = "freelancer"
    JOB_SEEKER = "job_seeker"
    OTHER = "other"
    CIVIL_SERVANT = "civil_servant"  # ASN / PNS
    MILITARY = "military"  # TNI
    POLICE = "police"  # Polri
    STATE_OFFICIAL = "state_official"  # pejabat negara, DPR/DPRD members
    VILLAGE_OFFICIAL = "village_official"  # kepala desa and perangkat desa
    STATE_COMPANY_DIRECTOR = "state_company_director"  # direksi, komisaris BUMN/BUMD
    UNKNOWN = "unknown"

    @property
    def excluded(self) -> bool:
        """Whether the programme refuses this occupation outright."""
        return self in EXCLUDED_OCCUPATIONS


EXCLUDED_OCCUPATIONS = frozenset(
    {
        Occupation.CIVIL_SERVANT,
        Occupation.MILITARY,
        Occupation.POLICE,
        Occupation.STATE_OFFICIAL,
        Occupation.VILLAGE_OFFICIAL,
        Occupation.STATE_COMPANY_DIRECTOR,
    }
)


# ---------------------------------------------------------------------------
# Tolerant readers of wire primitives
# ---------------------------------------------------------------------------


def calendar_date(text: str | None) -> date | None:
    """A date from an ISO ``YYYY-MM-DD`` string; missing or malformed text gives None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def sex_from_code(code: str | None) -> SexCode | None:
    """``"F"``/``"M"``; anything else is unknown (None)."""
    if code == "F":
        return "F"
    if code == "M":
        return "M"
    return None


# ---------------------------------------------------------------------------
# Registry checks
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegistryDetail:
    """What a registry said beyond its verdict (the wire's compact JSON ``detail``).

    Keys on the wire: ``birth_date`` (ISO, the registry's), ``fields`` (names of the
    fields that differ, e.g. ``["birth_date"]``), ``programme`` (the DTKS assistance,
    e.g. ``"PKH"``). Unknown keys are ignored, wrong types dropped.
    """

    birth_date: date | None = None
    fields: tuple[str, ...] = ()
    programme: str | None = None

    @classmethod
    def from_json(cls, text: str | None) -> RegistryDetail:
        """Parse the wire's ``detail``; malformed JSON reads as "no detail"."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # malformed, bad unicode, or absurdly nested
            return cls()
        if not isinstance(data, dict):
            return cls()
        raw_fields = data.get("fields")
        fields = (
            tuple(item for item in raw_fields if isinstance(item, str))
            if isinstance(raw_fields, list)
            else ()
        )
        programme = data.get("programme")
        raw_birth = data.get("birth_date")
        return cls(
            birth_date=calendar_date(raw_birth) if isinstance(raw_birth, str) else None,
            fields=fields,
            programme=programme if isinstance(programme, str) and programme else None,
        )


@dataclass(frozen=True, slots=True)
class RegistryCheck:
    """One registry's answer about one applicant, or the request still waiting for it."""

    registry: Registry
    result: CheckResult
    detail: RegistryDetail = field(default_factory=RegistryDetail)
    requested_at: datetime | None = None
    checked_at: datetime | None = None


def latest_check(checks: Iterable[RegistryCheck], registry: Registry) -> RegistryCheck | None:
    """The most recent check of ``registry``: the one with the latest request or answer,
    so a re-verification requested after an answer counts as the current state."""
    return max(
        (check for check in checks if check.registry is registry),
        key=_last_activity,
        default=None,
    )


def _last_activity(check: RegistryCheck) -> datetime:
    moments = [moment for moment in (check.checked_at, check.requested_at) if moment is not None]
    return max(moments, default=datetime.min.replace(tzinfo=UTC))


# ---------------------------------------------------------------------------
# Wave entries and the applicant
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaveEntry:
    """One "join batch" of an applicant into a wave, and what came of it."""

    wave_id: int
    joined_at: datetime
    outcome: EntryOutcome = EntryOutcome.PENDING
    reason: Reason = Reason.JOINED_BATCH
    decided_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Pending or accepted: the applicant holds (or may yet hold) a place in this wave."""
        return self.outcome in (EntryOutcome.PENDING, EntryOutcome.ACCEPTED)


@dataclass(frozen=True, slots=True)
class ApplicantState:
    """Where an applicant stands in the funnel, and the facts the rules read.

    ``stage`` is the furthest main stage reached; ``side_state`` is None on the main
    path. Each ``*_at`` is when that stage was first reached (``joined_at``: the
    latest join). ``has_nik``/``has_kk``: the profile carries them (their digits are
    PII and no rule here needs them).
    """

    applicant_id: int
    stage: Stage
    reason: Reason
    registered_at: datetime
    state_changed_at: datetime
    side_state: SideState | None = None
    email_verified_at: datetime | None = None
    nik_verified_at: datetime | None = None
    joined_at: datetime | None = None
    accepted_at: datetime | None = None
    training_at: datetime | None = None
    completed_at: datetime | None = None
    incentive_paid_at: datetime | None = None
    birth_date: date | None = None
    sex: SexCode | None = None
    province_code: str | None = None
    occupation: Occupation | None = None
    priority_group: PriorityGroup | None = None
    has_nik: bool = False
    has_kk: bool = False
    wave_id: int | None = None

    def reached_at(self, stage: Stage) -> datetime | None:
        """When ``stage`` was reached (None if not yet)."""
        return self.stage_times()[stage]

    def stage_times(self) -> dict[Stage, datetime | None]:
        return {
            Stage.REGISTERED: self.registered_at,
            Stage.EMAIL_VERIFIED: self.email_verified_at,
            Stage.NIK_VERIFIED: self.nik_verified_at,
            Stage.JOINED_BATCH: self.joined_at,
            Stage.ACCEPTED: self.accepted_at,
            Stage.TRAINING: self.training_at,
            Stage.COMPLETED: self.completed_at,
            Stage.INCENTIVE_PAID: self.incentive_paid_at,
        }

    def with_reached(self, stage: Stage, at: datetime) -> ApplicantState:
        """A copy with ``stage``'s time set to ``at``."""
        match stage:
            case Stage.REGISTERED:
                return replace(self, registered_at=at)
            case Stage.EMAIL_VERIFIED:
                return replace(self, email_verified_at=at)
            case Stage.NIK_VERIFIED:
                return replace(self, nik_verified_at=at)
            case Stage.JOINED_BATCH:
                return replace(self, joined_at=at)
            case Stage.ACCEPTED:
                return replace(self, accepted_at=at)
            case Stage.TRAINING:
                return replace(self, training_at=at)
            case Stage.COMPLETED:
                return replace(self, completed_at=at)
            case Stage.INCENTIVE_PAID:
                return replace(self, incentive_paid_at=at)


# ---------------------------------------------------------------------------
# Age, counted the way the registry counts birthdays
# ---------------------------------------------------------------------------


def age_on(birth_date: date, day: date) -> int:
    """Completed years on ``day``. Someone born on 29 February turns a year older on 1 March
    in common years (comparing (month, day) pairs does exactly that)."""
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def birthday(birth_date: date, years: int) -> date:
    """The day someone born on ``birth_date`` turns ``years`` old (29 Feb → 1 Mar in common years)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth_date.year + years, 3, 1)
