"""Eligibility: who may receive a card in a wave, as the programme ran it (DESIGN.md §2).

:func:`assess` lists *every* rejection, not only the first, because an agent has
to tell an applicant everything at once; and it keeps warnings (which never
reject) apart. Facts a registry has not answered yet are not held against anyone:
they are listed in :attr:`Assessment.unconfirmed` and checked again at selection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from prakerja_console.domain.applicant import (
    ApplicantState,
    CheckResult,
    Occupation,
    Registry,
    RegistryCheck,
    age_on,
    birthday,
    latest_check,
)
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.text import N_, Message
from prakerja_console.domain.waves import DtksPolicy, WavePolicy


class PriorityClass(StrEnum):
    """Selection order: the priority list first, then everyone else, then the deprioritised."""

    PRIORITY = "priority"
    NORMAL = "normal"
    DEPRIORITISED = "deprioritised"


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    """What the registries and the programme's lists say about one applicant.

    ``None`` means "not answered yet" (the registry check is pending or failed).
    ``birth_date`` is the one the population registry confirms.
    """

    birth_date: date | None
    student: bool | None
    dtks_recipient: bool | None
    occupation: Occupation | None = None
    already_recipient: bool = False
    other_recipients_on_kk: int = 0
    blacklisted: bool = False
    on_priority_list: bool = False
    nik_birth_digits_differ: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One rejection or warning: the code, and what to tell the applicant."""

    reason: Reason
    message: Message


@dataclass(frozen=True, slots=True)
class Assessment:
    rejections: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    priority: PriorityClass
    unconfirmed: tuple[Registry, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.rejections

    @property
    def first_rejection(self) -> Reason | None:
        return self.rejections[0].reason if self.rejections else None


def assess(facts: EligibilityFacts, policy: WavePolicy, on: date) -> Assessment:
    """Judge ``facts`` against ``policy`` on ``on`` (the wave's reference date)."""
    rejections: list[Finding] = []
    warnings: list[Finding] = []
    unconfirmed: list[Registry] = []

    if facts.birth_date is None:
        unconfirmed.append(Registry.DUKCAPIL)
    elif age_on(facts.birth_date, on) < policy.min_age:
        rejections.append(
            Finding(
                Reason.UNDER_AGE,
                Message(
                    N_("Younger than {min_age} on {on}: turns {min_age} on {turns_on}."),
                    {
                        "min_age": policy.min_age,
                        "on": on,
                        "turns_on": birthday(facts.birth_date, policy.min_age),
                    },
                ),
            )
        )
    if facts.student is None:
        unconfirmed.append(Registry.DAPODIK)
    elif facts.student:
        rejections.append(_finding(Reason.STUDENT))
    if facts.occupation is not None and facts.occupation.excluded:
        rejections.append(_finding(Reason.EXCLUDED_OCCUPATION))
    if facts.already_recipient:
        rejections.append(_finding(Reason.ALREADY_RECIPIENT))
    if facts.other_recipients_on_kk >= policy.max_recipients_per_kk:
        rejections.append(
            Finding(
                Reason.KK_LIMIT,
                Message(
                    N_(
                        "{count} members of this family card already received the card; "
                        "the limit is {limit}."
                    ),
                    {"count": facts.other_recipients_on_kk, "limit": policy.max_recipients_per_kk},
                ),
            )
        )
    if facts.blacklisted:
        rejections.append(_finding(Reason.BLACKLISTED))

    deprioritised = False
    if facts.dtks_recipient is None:
        unconfirmed.append(Registry.DTKS)
    elif facts.dtks_recipient:
        if policy.dtks_policy is DtksPolicy.EXCLUDE:
            rejections.append(_finding(Reason.SOCIAL_ASSISTANCE_EXCLUDED))
        elif policy.dtks_policy is DtksPolicy.DEPRIORITISE:
            deprioritised = True
            warnings.append(_finding(Reason.SOCIAL_ASSISTANCE_DEPRIORITISED))
        else:
            # A newer central's policy: do not guess a rejection; place the applicant last
            # and say so, the central's own selection decides.
            deprioritised = True
            warnings.append(
                Finding(
                    Reason.UNKNOWN,
                    Message(
                        N_(
                            "Receives social assistance (DTKS), and this console does not know "
                            "this wave's rule for recipients: the central decides."
                        )
                    ),
                )
            )
    if facts.nik_birth_digits_differ:
        warnings.append(_finding(Reason.NIK_BIRTH_DIGITS_DIFFER))

    # Deprioritisation wins over a priority list: the programme placed people who
    # already receive assistance after everyone else, whatever list reported them.
    if deprioritised:
        priority = PriorityClass.DEPRIORITISED
    elif facts.on_priority_list:
        priority = PriorityClass.PRIORITY
    else:
        priority = PriorityClass.NORMAL
    return Assessment(tuple(rejections), tuple(warnings), priority, tuple(unconfirmed))


def _finding(reason: Reason) -> Finding:
    """A finding whose plain words are the reason's own text."""
    return Finding(reason, Message(reason.text))


def facts_from(
    state: ApplicantState,
    checks: Iterable[RegistryCheck],
    *,
    already_recipient: bool,
    other_recipients_on_kk: int,
    blacklisted: bool,
    nik_birth_digits_differ: bool,
) -> EligibilityFacts:
    """Build the facts from an applicant and their latest registry checks.

    The counts and lists that need the whole database (card holders per NIK and
    per KK, the blacklist) and the NIK's own digits come from the caller.
    """
    checks = tuple(checks)
    return EligibilityFacts(
        birth_date=_confirmed_birth_date(state, latest_check(checks, Registry.DUKCAPIL)),
        student=_answer(checks, Registry.DAPODIK, CheckResult.STUDENT, CheckResult.NOT_STUDENT),
        dtks_recipient=_answer(
            checks, Registry.DTKS, CheckResult.RECIPIENT, CheckResult.NOT_RECIPIENT
        ),
        occupation=state.occupation,
        already_recipient=already_recipient,
        other_recipients_on_kk=other_recipients_on_kk,
        blacklisted=blacklisted,
        on_priority_list=state.priority_group is not None,
        nik_birth_digits_differ=nik_birth_digits_differ,
    )


def _confirmed_birth_date(state: ApplicantState, dukcapil: RegistryCheck | None) -> date | None:
    """The birth date the population registry stands behind: its own when it gave one,
    the registered one when it matched, else unknown."""
    if dukcapil is None:
        return None
    if dukcapil.detail.birth_date is not None:
        return dukcapil.detail.birth_date
    return state.birth_date if dukcapil.result is CheckResult.MATCH else None


def _answer(
    checks: Iterable[RegistryCheck], registry: Registry, yes: CheckResult, no: CheckResult
) -> bool | None:
    check = latest_check(checks, registry)
    if check is None:
        return None
    return True if check.result is yes else False if check.result is no else None
