"""Fresh registrations for the central's traffic simulator, made like the seeded ones.

The simulator registers applicants one at a time, verifies their e-mail, takes
their profile to the registries and lets them join the open wave. This module
makes the people: names, e-mail, phone from the same tables as :func:`.generate`,
and NIKs and family cards through the same :class:`.Identities`, so a simulated
registration never collides with a seeded one. The simulator owns ids, times,
persistence and the change log; nothing here touches a database.

Usage (``identities`` is the one passed to :func:`.generate` when seeding)::

    registrar = Registrar(scenario, identities)
    fresh = new_applicant(registrar, next_id, now, rng)    # fresh.row: an ApplicantData tuple
    ...                                                     # later, after e-mail verification
    outcome = verify(registrar, fresh.profile, rng)         # three registry answers + reason
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from random import Random

from prakerja_console.central.generator.generate import stream_seed
from prakerja_console.central.generator.identity import Identities
from prakerja_console.central.generator.kinds import Kind
from prakerja_console.central.generator.lookups import (
    LARGE_BITS,
    SMALL_BITS,
    Lookups,
    build_lookups,
)
from prakerja_console.central.generator.plan import build_plan
from prakerja_console.central.generator.rows import Row
from prakerja_console.central.generator.scenario import Scenario
from prakerja_console.domain.funnel import Reason, Stage

# Registry problems a simulated profile can run into (the rest of the e-mail-stage
# reasons are not answers of a registry), and what Dukcapil then says.
_DUKCAPIL_ANSWER = {
    Reason.NIK_NOT_FOUND: "not_found",
    Reason.NIK_REGISTRY_MISMATCH: "mismatch",
    Reason.NIK_KK_MISMATCH: "kk_mismatch",
    Reason.KTP_PHOTO_REJECTED: "match",
}


@dataclass(frozen=True, slots=True)
class Profile:
    """What an applicant enters after verifying their e-mail (``ApplicantData`` fields)."""

    nik: str
    kk_number: str
    birth_date: str
    sex: str
    province_code: str
    regency_code: str
    occupation: str
    priority_group: str | None


@dataclass(frozen=True, slots=True)
class NewApplicant:
    row: Row  # ApplicantData in wire order: registered, e-mail not verified, no profile yet
    profile: Profile  # entered later; its NIK is already reserved


@dataclass(frozen=True, slots=True)
class Verification:
    """The registries' answers to a profile and the reason the applicant ends up with."""

    reason: str  # nik_verified, or the problem that stopped verification
    checks: tuple[tuple[str, str, str | None], ...]  # (registry, result, detail JSON)


class Registrar:
    """The tables and uniqueness state a simulator needs; build once per seeded data set."""

    def __init__(
        self, scenario: Scenario, identities: Identities, problem_share: float = 0.25
    ) -> None:
        if not 0 <= problem_share <= 1:
            raise ValueError("problem_share must be within 0..1")
        plan = build_plan(scenario, scenario.name)
        self.lookups: Lookups = build_lookups(scenario, plan, stream_seed(scenario, "lookups"))
        self.identities = identities
        self.scenario = scenario
        self.problem_share = problem_share
        weights = scenario.mix.weights(Kind.EMAIL_VERIFIED)
        self.problems = [reason for reason in _DUKCAPIL_ANSWER if weights.get(reason, 0) > 0]
        self.problem_weights = [weights[reason] for reason in self.problems]


def new_applicant(registrar: Registrar, applicant_id: int, at: int, rng: Random) -> NewApplicant:
    """A fresh registration with id ``applicant_id`` at epoch ``at`` (and the profile to come)."""
    lookups, identities = registrar.lookups, registrar.identities
    female = rng.random() < 0.5
    first, first_slug = (lookups.female_first if female else lookups.male_first)[
        rng.getrandbits(SMALL_BITS)
    ]
    last, last_slug = (lookups.female_last if female else lookups.male_last)[
        rng.getrandbits(SMALL_BITS)
    ]
    name = f"{first} {last}"
    domains, prefixes = lookups.email_domains, lookups.phone_prefixes
    number = identities.email_number(applicant_id)
    k = rng.getrandbits(SMALL_BITS)
    email = f"{first_slug}.{last_slug}{number}{domains[k]}"
    while email in identities.reserved_emails:
        k = (k + 1) % len(domains)
        email = f"{first_slug}.{last_slug}{number}{domains[k]}"
    subscriber = identities.phone_subscriber(applicant_id)
    k = rng.getrandbits(SMALL_BITS)
    phone = f"+628{prefixes[k]}{subscriber:08d}"
    while phone in identities.reserved_phones:
        k = (k + 1) % len(prefixes)
        phone = f"+628{prefixes[k]}{subscriber:08d}"
    row: Row = (
        applicant_id, name, None, None, None, None, email, phone, None, None, None, None,
        Stage.REGISTERED.value, None, Reason.EMAIL_PENDING.value,
        at, None, None, None, None, None, None, None, at, None, 1,
    )  # fmt: skip
    return NewApplicant(
        row, _profile(lookups, identities, female, rng, registrar.scenario.mix.priority_group)
    )


def _profile(
    lookups: Lookups, identities: Identities, female: bool, rng: Random, priority_share: float
) -> Profile:
    region = lookups.region_table[rng.getrandbits(LARGE_BITS)]
    day = lookups.adult_days[rng.getrandbits(LARGE_BITS)]
    digits = lookups.birth_digits_female[day] if female else lookups.birth_digits_male[day]
    u = rng.random()
    nik = identities.claim_nik(lookups.region6[region] + digits, 1 + int(u * u * u * 60))
    issued = lookups.kk_dates[rng.getrandbits(SMALL_BITS) % len(lookups.kk_dates)]
    kk = f"{lookups.region6[region]}{issued}{rng.randrange(1, 10_000):04d}"
    group = (
        lookups.priority_groups[rng.getrandbits(SMALL_BITS)]
        if rng.random() < priority_share
        else None
    )
    return Profile(
        nik=nik,
        kk_number=kk,
        birth_date=lookups.birth_iso[day],
        sex="F" if female else "M",
        province_code=lookups.province[region],
        regency_code=lookups.regency[region],
        occupation=lookups.occupations[rng.getrandbits(SMALL_BITS)],
        priority_group=group,
    )


def verify(registrar: Registrar, profile: Profile, rng: Random) -> Verification:
    """What Dukcapil, Dapodik and DTKS answer about ``profile``, drawn at the scenario's rates."""
    mix = registrar.scenario.mix
    reason = Reason.NIK_VERIFIED
    if registrar.problems and rng.random() < registrar.problem_share:
        reason = rng.choices(registrar.problems, registrar.problem_weights)[0]
    detail = None
    if reason is Reason.NIK_REGISTRY_MISMATCH:
        detail = json.dumps(
            {"birth_date": _shifted(profile.birth_date, rng), "fields": ["birth_date"]}
        )
    elif reason is Reason.NIK_KK_MISMATCH:
        detail = json.dumps({"fields": ["kk_number"]})
    dukcapil = _DUKCAPIL_ANSWER.get(reason, "match")
    student = "student" if rng.random() < mix.student else "not_student"
    recipient = rng.random() < mix.dtks_recipient
    dtks_detail = (
        json.dumps({"programme": rng.choice(("PKH", "BPNT", "BST"))}) if recipient else None
    )
    checks = (
        ("dukcapil", dukcapil, detail),
        ("dapodik", student, None),
        ("dtks", "recipient" if recipient else "not_recipient", dtks_detail),
    )
    return Verification(reason.value, checks)


def _shifted(birth_date: str, rng: Random) -> str:
    """A registry birth date that differs the way typos do: ten days, a day, a year."""
    year, month, day = (int(part) for part in birth_date.split("-"))
    choice = rng.randrange(3)
    if choice == 0:
        day = day + 10 if day <= 18 else day - 10
    elif choice == 1:
        day = day + 1 if day < 28 else day - 1
    else:
        year -= 1
    return f"{year:04d}-{month:02d}-{min(day, 28) if month == 2 else day:02d}"
