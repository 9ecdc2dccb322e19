"""Every precomputed table the hot loop indexes: regions, birth dates, names, lags, reasons.

Built once per data set so that each row costs a few multiplications and tuple
indexes instead of date arithmetic, string formatting of dates or weighted draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from prakerja_console.central.generator.kinds import POLICY_REASONS, Kind
from prakerja_console.central.generator.names import name_book
from prakerja_console.central.generator.plan import Plan
from prakerja_console.central.generator.population import regions
from prakerja_console.central.generator.sampling import quantile_table
from prakerja_console.central.generator.scenario import WIB, Scenario
from prakerja_console.domain.applicant import Occupation, PriorityGroup
from prakerja_console.domain.funnel import Reason

# Table sizes are powers of two so the loop draws with ``table[getrandbits(BITS)]``,
# four times cheaper than ``table[int(random() * len(table))]``.
LAG_BITS = 10
SMALL_BITS = 12  # reasons, occupations, names, e-mail domains, phone prefixes
LARGE_BITS = 16  # regions and birth days: thousands of distinct entries
LAG_SLOTS = 1 << LAG_BITS
REASON_SLOTS = 1 << SMALL_BITS
OLDEST_AGE = 65
YOUNGEST_AGE = 16  # the under-age applicants the eligibility check turns away

# Age bands of Kartu Prakerja applicants (mostly young adults), as (from, to, weight).
_AGE_BANDS = ((19, 25, 30.0), (25, 35, 38.0), (35, 45, 20.0), (45, 55, 9.0), (55, OLDEST_AGE, 3.0))
_OCCUPATIONS = {
    Occupation.PRIVATE_EMPLOYEE: 26.0,
    Occupation.DAILY_WORKER: 18.0,
    Occupation.JOB_SEEKER: 16.0,
    Occupation.ENTREPRENEUR: 10.0,
    Occupation.FARMER: 7.0,
    Occupation.HOMEMAKER: 8.0,
    Occupation.FREELANCER: 7.0,
    Occupation.DRIVER: 5.0,
    Occupation.FISHER: 1.5,
    Occupation.OTHER: 1.5,
}
_EXCLUDED_OCCUPATIONS = {
    Occupation.CIVIL_SERVANT: 35.0,
    Occupation.VILLAGE_OFFICIAL: 35.0,
    Occupation.MILITARY: 10.0,
    Occupation.POLICE: 10.0,
    Occupation.STATE_OFFICIAL: 5.0,
    Occupation.STATE_COMPANY_DIRECTOR: 5.0,
}
_PRIORITY_GROUPS = {
    PriorityGroup.LAID_OFF: 55.0,
    PriorityGroup.FURLOUGHED: 30.0,
    PriorityGroup.MICRO_BUSINESS: 15.0,
}
_EMAIL_DOMAINS = {
    "@gmail.com": 74.0,
    "@yahoo.com": 9.0,
    "@yahoo.co.id": 6.0,
    "@ymail.com": 2.0,
    "@hotmail.com": 3.0,
    "@outlook.com": 3.0,
    "@icloud.com": 1.5,
    "@rocketmail.com": 1.5,
}
# Mobile prefixes after +628 (operators' 08xx ranges), weighted roughly by market share.
_PHONE_PREFIXES = {
    **dict.fromkeys(("11", "12", "13", "21", "22", "23", "51", "52", "53"), 5.5),  # Telkomsel
    **dict.fromkeys(("14", "15", "16", "55", "56", "57", "58"), 3.0),  # Indosat
    **dict.fromkeys(("17", "18", "19", "59", "77", "78"), 2.8),  # XL
    **dict.fromkeys(("95", "96", "97", "98", "99"), 1.6),  # Tri
    **dict.fromkeys(("81", "82", "83", "85", "87", "88"), 0.7),  # Smartfren
    **dict.fromkeys(("31", "32", "33", "38"), 0.8),  # Axis
}
# Typical gaps between a registry's birth date and the one typed in (days).
MISMATCH_SHIFTS = (10, -10, 1, -1, 30, -30, 365, -365)
KK_ISSUE_DAYS = 3650  # family cards issued in the ten years before registration opened

# (median seconds, spread) of log-normal waiting times.
_LAGS = {
    "email": (6 * 60, 1.8),  # opening the verification e-mail
    "bounce": (3 * 60, 1.0),
    "profile": (40 * 60, 2.0),  # filling in NIK, KK and the KTP photo
    "registry": (25 * 60, 2.0),  # Dukcapil's answer (slow on the surge day)
    "join": (3 * 3600, 1.5),  # joining once a wave is open
    "training": (5 * 86_400, 0.7),
    "incentive": (10 * 86_400, 0.6),
    "failure": (7 * 86_400, 0.6),
    "ticket": (20 * 3600, 1.4),  # calling the call centre about a problem
    "work": (3 * 3600, 1.2),  # an agent's next step on a ticket
}


@dataclass(frozen=True, slots=True)
class Lags:
    email: tuple[int, ...]
    bounce: tuple[int, ...]
    profile: tuple[int, ...]
    registry: tuple[int, ...]
    join: tuple[int, ...]
    training: tuple[int, ...]
    incentive: tuple[int, ...]
    failure: tuple[int, ...]
    ticket: tuple[int, ...]
    work: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Lookups:
    male_first: tuple[tuple[str, str], ...]  # (name, e-mail slug), uniform over the names
    female_first: tuple[tuple[str, str], ...]
    male_last: tuple[tuple[str, str], ...]
    female_last: tuple[tuple[str, str], ...]
    region_table: tuple[int, ...]  # index into region6 by population
    region6: tuple[str, ...]
    region_key: tuple[int, ...]  # int(region6) * 10^10, the NIK's leading part as a number
    province: tuple[str, ...]
    regency: tuple[str, ...]
    birth_iso: tuple[str, ...]  # day index -> ISO date
    birth_digits_male: tuple[str, ...]  # day index -> DDMMYY
    birth_digits_female: tuple[str, ...]  # day index -> DDMMYY with day + 40
    birth_key_male: tuple[int, ...]  # int(DDMMYY) * 10^4
    birth_key_female: tuple[int, ...]
    adult_days: tuple[int, ...]  # day indexes by the applicants' age distribution
    under_age_days: tuple[tuple[int, int], ...]  # per wave: day index range under its min_age
    kk_dates: tuple[str, ...]  # DDMMYY of family-card issue dates
    occupations: tuple[str, ...]  # undecided applicants: includes a few excluded ones
    eligible_occupations: tuple[str, ...]
    excluded_occupations: tuple[str, ...]
    priority_groups: tuple[str, ...]
    email_domains: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    lags: Lags
    reasons: dict[Kind, tuple[str, ...]]  # reason tables of kinds independent of the wave
    wave_reasons: dict[tuple[Kind, int], tuple[str, ...]]  # NOT_ACCEPTED, REJECTED per wave
    rejected_without_family: tuple[tuple[str, ...], ...]  # per wave: REJECTED less kk_limit


def _uniform(names: tuple[str, ...], slugs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = list(zip(names, slugs, strict=True))
    return quantile_table(pairs, [1.0] * len(pairs), REASON_SLOTS)


def _lag_table(rng: Random, median: float, spread: float) -> tuple[int, ...]:
    return tuple(int(math.exp(rng.gauss(math.log(median), spread))) for _ in range(LAG_SLOTS))


def _table(weights: dict[str, float], slots: int = REASON_SLOTS) -> tuple[str, ...]:
    items = [str(item) for item in weights]
    return quantile_table(items, list(weights.values()), slots)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def build_lookups(scenario: Scenario, plan: Plan, rng: Random) -> Lookups:
    """All tables for ``scenario``; ``rng`` only draws the lag tables (deterministic)."""
    region_list = regions()
    opening = scenario.registration.opens_at.astimezone(WIB).date()
    wave_days = [wave.spec.opens_at.astimezone(WIB).date() for wave in plan.waves]
    first_day = _years_before(opening, OLDEST_AGE)
    last_day = _years_before(max([opening, *wave_days]), YOUNGEST_AGE)
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    digits = [f"{d.day:02d}{d.month:02d}{d.year % 100:02d}" for d in days]
    female = [f"{d.day + 40:02d}{d.month:02d}{d.year % 100:02d}" for d in days]
    # Adults are old enough for every wave: a year above the highest minimum age.
    youngest_adult = max([18, *(wave.spec.min_age for wave in plan.waves)]) + 1
    day_weights = []
    for d in days:
        age = opening.year - d.year - ((opening.month, opening.day) < (d.month, d.day))
        weight = next((w / (hi - lo) for lo, hi, w in _AGE_BANDS if lo <= age < hi), 0.0)
        day_weights.append(weight if age >= youngest_adult else 0.0)
    under = []
    for wave in plan.waves:
        reference = wave.spec.opens_at.astimezone(WIB).date()
        oldest = _years_before(reference, wave.spec.min_age)  # born after this: under age
        youngest = _years_before(reference, YOUNGEST_AGE)
        under.append(((oldest - first_day).days + 1, (youngest - first_day).days + 1))
    kk_dates = []
    for n in range(KK_ISSUE_DAYS):
        issued = opening - timedelta(days=n + 1)
        kk_dates.append(f"{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}")
    lags = Lags(
        **{name: _lag_table(rng, median, spread) for name, (median, spread) in _LAGS.items()}
    )
    generic_occupations = {**_OCCUPATIONS}
    excluded_share = scenario.mix.excluded_occupation
    total = sum(_OCCUPATIONS.values())
    for occupation, weight in _EXCLUDED_OCCUPATIONS.items():
        generic_occupations[occupation] = (
            weight / 100 * total * excluded_share / max(1 - excluded_share, 1e-9)
        )
    reasons = {
        kind: _table(
            {reason.value: weight for reason, weight in scenario.mix.weights(kind).items()}
        )
        for kind in (Kind.REGISTERED, Kind.EMAIL_VERIFIED, Kind.TRAINING, Kind.COMPLETED)
    }
    wave_reasons: dict[tuple[Kind, int], tuple[str, ...]] = {}
    without_family = []
    for index, wave in enumerate(plan.waves):
        for kind in (Kind.NOT_ACCEPTED, Kind.REJECTED):
            weights = _policy_weights(scenario, kind, wave.spec.dtks_policy, ())
            wave_reasons[kind, index] = _table(weights)
        weights = _policy_weights(
            scenario, Kind.REJECTED, wave.spec.dtks_policy, (Reason.KK_LIMIT,)
        )
        without_family.append(_table(weights))
    names = name_book()
    return Lookups(
        male_first=_uniform(names.male_names, names.male_slugs),
        female_first=_uniform(names.female_names, names.female_slugs),
        male_last=_uniform(names.male_last_names, names.male_last_slugs),
        female_last=_uniform(names.female_last_names, names.female_last_slugs),
        region_table=quantile_table(
            range(len(region_list.codes)), region_list.weights, 1 << LARGE_BITS
        ),
        region6=region_list.codes,
        region_key=tuple(int(code) * 10**10 for code in region_list.codes),
        province=tuple(code[:2] for code in region_list.codes),
        regency=tuple(code[:4] for code in region_list.codes),
        birth_iso=tuple(d.isoformat() for d in days),
        birth_digits_male=tuple(digits),
        birth_digits_female=tuple(female),
        birth_key_male=tuple(int(text) * 10_000 for text in digits),
        birth_key_female=tuple(int(text) * 10_000 for text in female),
        adult_days=quantile_table(range(len(days)), day_weights, 1 << LARGE_BITS),
        under_age_days=tuple(under),
        kk_dates=tuple(kk_dates),
        occupations=_table({str(k): v for k, v in generic_occupations.items()}),
        eligible_occupations=_table({str(k): v for k, v in _OCCUPATIONS.items()}),
        excluded_occupations=_table({str(k): v for k, v in _EXCLUDED_OCCUPATIONS.items()}),
        priority_groups=_table({str(k): v for k, v in _PRIORITY_GROUPS.items()}),
        email_domains=_table(_EMAIL_DOMAINS),
        phone_prefixes=_table(_PHONE_PREFIXES),
        lags=lags,
        reasons=reasons,
        wave_reasons=wave_reasons,
        rejected_without_family=tuple(without_family),
    )


def _policy_weights(
    scenario: Scenario, kind: Kind, policy: str, leave_out: tuple[Reason, ...]
) -> dict[str, float]:
    """A kind's reason weights usable in a wave of ``policy``, never empty."""
    weights = {
        reason.value: weight
        for reason, weight in scenario.mix.weights(kind).items()
        if POLICY_REASONS.get(reason, policy) == policy and reason not in leave_out
    }
    return weights if any(weights.values()) else {REASON_FALLBACK[kind]: 1.0}


# When a wave's policy rules out every weighted reason of a kind (e.g. only
# "deprioritised" weighed, in a wave that excludes), the plain reason stands in.
REASON_FALLBACK = {
    Kind.NOT_ACCEPTED: Reason.NOT_SELECTED.value,
    Kind.REJECTED: Reason.BLACKLISTED.value,
}
