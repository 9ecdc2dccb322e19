"""Whether a scenario's numbers and showcase people fit together, with errors naming the key.

The pydantic models check each value alone; these checks look across values
(a funnel that grows downwards, side states that do not fit their stage gap, a
showcase applicant "accepted" in a wave that was never announced …).
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import NoReturn

from prakerja_console.central.generator.kinds import POLICY_REASONS, REASONS, Kind, kind_of
from prakerja_console.central.generator.plan import WavePlan, epoch
from prakerja_console.central.generator.scenario import (
    WIB,
    Scenario,
    ScenarioError,
    ShowcaseApplicant,
)
from prakerja_console.central.generator.support import CASE_KIND
from prakerja_console.domain.applicant import Occupation, PriorityGroup, age_on
from prakerja_console.domain.funnel import Reason, Stage
from prakerja_console.domain.nik import KkInvalid, NikInvalid, parse_kk, parse_nik
from prakerja_console.domain.regions import PROVINCES
from prakerja_console.domain.tickets import Category, Channel, Priority, Status


class _Checker:
    def __init__(self, scenario: Scenario, source: str) -> None:
        self.scenario = scenario
        self.source = source

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ScenarioError(self.source, key, problem)

    def numbers(self) -> None:
        scenario = self.scenario
        funnel, side = scenario.funnel, scenario.side_states
        stages = list(Stage)
        for above, below in itertools.pairwise(stages):
            if funnel.reached(below) > funnel.reached(above):
                self.fail(
                    f"funnel.{below.value}",
                    f"{funnel.reached(below)} exceeds funnel.{above.value} ({funnel.reached(above)}): "
                    "counts say how many reached *at least* a stage, so they never grow down the funnel",
                )
        undecided = funnel.joined_batch - funnel.accepted
        if side.not_accepted > undecided:
            self.fail(
                "side_states.not_accepted",
                f"{side.not_accepted} exceeds joined_batch − accepted ({undecided})",
            )
        if side.not_accepted + side.rejected > undecided:
            self.fail(
                "side_states.rejected",
                f"not_accepted + rejected ({side.not_accepted + side.rejected}) exceeds joined_batch − accepted ({undecided})",
            )
        unbought = funnel.accepted - funnel.training
        if side.revoked > unbought:
            self.fail(
                "side_states.revoked", f"{side.revoked} exceeds accepted − training ({unbought})"
            )
        registration = scenario.registration
        if registration.closes_at <= registration.opens_at:
            self.fail("registration.closes_at", "the registration window must close after it opens")
        if registration.closes_at > scenario.now:
            self.fail(
                "registration.closes_at",
                "the registration window must close by `now`: no one registers in the future",
            )
        if registration.surge_share + registration.decay_share > 1:
            self.fail("registration.decay_share", "surge_share + decay_share must not exceed 1")
        if len(scenario.showcase) > funnel.registered:
            self.fail(
                "showcase",
                f"{len(scenario.showcase)} showcase applicants, but only {funnel.registered} registered",
            )
        numbers: set[int] = set()
        for i, wave in enumerate(scenario.waves):
            if wave.number in numbers:
                self.fail(f"waves.{i}.number", f"wave number {wave.number} is used more than once")
            numbers.add(wave.number)
            if wave.closes_at <= wave.opens_at:
                self.fail(f"waves.{i}.closes_at", "a wave must close after it opens")
            if wave.announce_at < wave.closes_at:
                self.fail(f"waves.{i}.announce_at", "results are announced after the wave closes")
        for code, officer in scenario.officers.items():
            if code not in PROVINCES:
                self.fail(f"officers.{code}", "not a province code")
            if not officer:
                self.fail(f"officers.{code}", "an officer's username must not be empty")
        for kind in (
            Kind.REGISTERED,
            Kind.EMAIL_VERIFIED,
            Kind.NOT_ACCEPTED,
            Kind.REJECTED,
            Kind.TRAINING,
            Kind.COMPLETED,
        ):
            table = getattr(scenario.mix, kind.name.lower())
            if table is None:
                continue
            allowed = {reason.value for reason in REASONS[kind]}
            for code in table:
                if code not in allowed:
                    self.fail(
                        f"mix.{kind.name.lower()}.{code}",
                        f"not a reason for this state; use one of {sorted(allowed)}",
                    )
            if not any(table.values()):
                self.fail(f"mix.{kind.name.lower()}", "at least one reason needs a positive weight")

    def showcase(self, waves: tuple[WavePlan, ...]) -> None:
        people = self.scenario.showcase
        by_number = {wave.spec.number: wave for wave in waves}
        for field in ("email", "phone", "problem"):
            seen: set[str] = set()
            for i, person in enumerate(people):
                value = getattr(person, field)
                if value in seen:
                    self.fail(
                        f"showcase.{i}.{field}",
                        f"{value!r} is already used by another showcase applicant",
                    )
                if value:
                    seen.add(value)
        owners = {
            person.nik
            for person in people
            if person.nik and person.reason is not Reason.NIK_ALREADY_USED
        }
        for i, person in enumerate(people):
            key = f"showcase.{i}"
            if person.email != person.email.lower() or "@" not in person.email:
                self.fail(f"{key}.email", "an e-mail address here is lower-case and has an @")
            kind = kind_of(person.stage, person.side_state)
            if kind is None:
                self.fail(
                    f"{key}.side_state",
                    f"'{person.side_state}' does not follow stage '{person.stage}'",
                )
            if person.reason not in REASONS[kind]:
                self.fail(
                    f"{key}.reason",
                    f"'{person.reason}' does not explain this state; use one of {[r.value for r in REASONS[kind]]}",
                )
            if person.verification_case is not None and person.reason not in CASE_KIND:
                self.fail(
                    f"{key}.verification_case", f"cases are about NIK problems: {sorted(CASE_KIND)}"
                )
            self.profile(key, person, kind, owners)
            self.waves(key, person, kind, by_number)
            self.ticket(key, person)

    def profile(self, key: str, person: ShowcaseApplicant, kind: Kind, owners: set[str]) -> None:
        submitted = kind is not Kind.REGISTERED and person.reason is not Reason.NIK_NOT_SUBMITTED
        if not submitted:
            if person.nik or person.kk_number or person.birth_date:
                self.fail(
                    f"{key}.nik",
                    "this applicant has not submitted a profile, so has no NIK, KK or birth date",
                )
            return
        if person.nik is None or person.kk_number is None:
            self.fail(f"{key}.nik", "a submitted profile needs both nik and kk_number")
        nik = parse_nik(person.nik, self.scenario.now.date())
        if isinstance(nik, NikInvalid):
            self.fail(f"{key}.nik", nik.message.render())
        kk = parse_kk(person.kk_number)
        if isinstance(kk, KkInvalid):
            self.fail(f"{key}.kk_number", kk.message.render())
        if person.reason is Reason.NIK_ALREADY_USED and person.nik not in owners:
            self.fail(
                f"{key}.nik",
                "'NIK already used' needs another showcase applicant who holds this NIK",
            )
        if person.reason is Reason.NIK_REGISTRY_MISMATCH:
            if person.registry_birth_date is None or person.registry_birth_date == self.birth_date(
                person
            ):
                self.fail(
                    f"{key}.registry_birth_date",
                    "a registry mismatch needs the registry's (different) birth date",
                )
        elif person.registry_birth_date is not None:
            self.fail(f"{key}.registry_birth_date", "only for reason nik_registry_mismatch")
        if Occupation.from_code(person.occupation) is Occupation.UNKNOWN:
            self.fail(
                f"{key}.occupation",
                f"use one of {[o.value for o in Occupation if o is not Occupation.UNKNOWN]}",
            )
        excluded = Occupation(person.occupation).excluded
        if excluded != (person.reason is Reason.EXCLUDED_OCCUPATION) and kind.decided:
            self.fail(
                f"{key}.occupation",
                "an excluded occupation goes with reason excluded_occupation, and only then once decided",
            )
        if (
            person.priority_group is not None
            and PriorityGroup.from_code(person.priority_group) is PriorityGroup.UNKNOWN
        ):
            self.fail(
                f"{key}.priority_group",
                f"use one of {[g.value for g in PriorityGroup if g is not PriorityGroup.UNKNOWN]}",
            )

    def birth_date(self, person: ShowcaseApplicant) -> date:
        if person.birth_date is not None:
            return person.birth_date
        nik = parse_nik(person.nik or "", self.scenario.now.date())
        if isinstance(nik, NikInvalid):
            raise ValueError("birth_date() needs a checked NIK")
        return nik.birth_date

    def waves(
        self, key: str, person: ShowcaseApplicant, kind: Kind, by_number: dict[int, WavePlan]
    ) -> None:
        if not kind.wave_bound:
            if person.waves:
                self.fail(f"{key}.waves", "only applicants who joined a wave list waves")
            return
        if not person.waves:
            self.fail(f"{key}.waves", "list the wave numbers this applicant joined, in order")
        for number in person.waves:
            if number not in by_number:
                self.fail(f"{key}.waves", f"no wave number {number}")
        joined = [by_number[number] for number in person.waves]
        for earlier, later in itertools.pairwise(joined):
            if earlier.status != "announced" or earlier.announce_at >= later.closes_at:
                self.fail(
                    f"{key}.waves",
                    f"wave {later.spec.number} can only be rejoined after wave {earlier.spec.number}'s results, before it closes",
                )
        last = joined[-1]
        fits = {
            Kind.PENDING: last.status in ("open", "closed"),
            Kind.AWAITING: last.status == "announced"
            and last.revocation_deadline > epoch(self.scenario.now),
            Kind.REVOKED: last.status == "announced"
            and last.revocation_deadline <= epoch(self.scenario.now),
        }.get(kind, last.status == "announced")
        if not fits:
            self.fail(
                f"{key}.waves",
                f"wave {last.spec.number} is '{last.status}' at `now`, which does not fit stage '{person.stage}' / '{person.side_state}'",
            )
        policy = POLICY_REASONS.get(person.reason)
        if policy is not None and last.spec.dtks_policy != policy:
            self.fail(
                f"{key}.reason", f"'{person.reason}' needs a wave whose dtks_policy is '{policy}'"
            )
        if kind is Kind.PENDING and person.reason is not (
            Reason.JOINED_BATCH if last.status == "open" else Reason.SELECTION_PENDING
        ):
            self.fail(
                f"{key}.reason",
                "a wave still open means joined_batch; a closed one selection_pending",
            )
        first = joined[0]
        reference = first.spec.opens_at.astimezone(WIB).date()  # as domain.waves judges age
        age = age_on(self.birth_date(person), reference)
        under = age < first.spec.min_age
        if under != (person.reason is Reason.UNDER_AGE):
            self.fail(
                f"{key}.nik",
                f"{age} years old when wave {first.spec.number} opened: that fits reason under_age only when below {first.spec.min_age}",
            )

    def ticket(self, key: str, person: ShowcaseApplicant) -> None:
        ticket = person.ticket
        if ticket is None:
            return
        vocabularies = {
            "category": Category,
            "status": Status,
            "priority": Priority,
            "channel": Channel,
        }
        for field, vocabulary in vocabularies.items():
            value = getattr(ticket, field)
            if vocabulary.from_code(value).value == "unknown":
                self.fail(
                    f"{key}.ticket.{field}",
                    f"use one of {[v.value for v in vocabulary if v.value != 'unknown']}",
                )
        if ticket.assignee is not None and ticket.assignee not in self.scenario.agents:
            self.fail(f"{key}.ticket.assignee", "not one of the scenario's agents")


def check_numbers(scenario: Scenario, source: str) -> None:
    _Checker(scenario, source).numbers()


def check_showcase(scenario: Scenario, waves: tuple[WavePlan, ...], source: str) -> None:
    _Checker(scenario, source).showcase(waves)
