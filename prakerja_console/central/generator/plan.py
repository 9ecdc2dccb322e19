"""Turn a scenario's counts into exact per-segment quotas of final states.

Every applicant ends in one :class:`.Kind`; wave-bound kinds also name the wave
they last joined. The plan splits the exact totals over waves (acceptances by
quota, awaiting-purchase only in waves announced less than ``revocation_days``
ago, revocations only in older ones) and then over *segments* of the
registration stream: an applicant can only have joined a wave if they registered
before it closed, so the stream is cut at each wave's closing time and each
(kind, wave) quota is placed in segments that end before its wave closed.
Within a segment, :mod:`.applicants` draws final states by sequential sampling
without replacement, so every count comes out exact while memory stays O(kinds).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from prakerja_console.central.generator.curve import ArrivalCurve
from prakerja_console.central.generator.kinds import Kind, kind_of
from prakerja_console.central.generator.sampling import apportion
from prakerja_console.central.generator.scenario import Scenario, ScenarioError, WaveSpec
from prakerja_console.domain.funnel import Stage

DAY = 86_400


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass(frozen=True, slots=True)
class WavePlan:
    """A wave with its schedule in epoch seconds and its status at the scenario's ``now``."""

    id: int
    index: int  # position in the scenario's ``waves`` list (for error keys)
    spec: WaveSpec
    opens_at: int
    closes_at: int
    announce_at: int
    status: str  # scheduled | open | closed | announced

    @property
    def revocation_deadline(self) -> int:
        """When an applicant accepted at the announcement is revoked without a purchase."""
        return self.announce_at + self.spec.revocation_days * DAY

    def join_until(self, now: int) -> int:
        """The last second anyone could have joined by ``now``."""
        return min(self.closes_at, now + 1) - 1


@dataclass(frozen=True, slots=True)
class Quota:
    kind: Kind
    wave: int | None  # index into Plan.waves
    count: int


@dataclass(frozen=True, slots=True)
class Segment:
    """Consecutive generated registrations and the exact final states among them."""

    rows: int
    quotas: tuple[Quota, ...]  # largest first, so the sampler's scan ends early


@dataclass(frozen=True, slots=True)
class Plan:
    now: int
    waves: tuple[WavePlan, ...]
    totals: dict[Kind, int]  # every applicant, showcase included
    curve: ArrivalCurve  # the generated (non-showcase) registrations
    segments: tuple[Segment, ...]


def wave_plans(scenario: Scenario) -> tuple[WavePlan, ...]:
    """The scenario's waves in order of number, with ids 1..n."""
    now = epoch(scenario.now)
    ordered = sorted(enumerate(scenario.waves), key=lambda item: item[1].number)
    plans = []
    for wave_id, (index, spec) in enumerate(ordered, start=1):
        opens, closes, announce = (
            epoch(spec.opens_at),
            epoch(spec.closes_at),
            epoch(spec.announce_at),
        )
        status = (
            "scheduled"
            if now < opens
            else "open"
            if now < closes
            else "closed"
            if now < announce
            else "announced"
        )
        plans.append(WavePlan(wave_id, index, spec, opens, closes, announce, status))
    return tuple(plans)


def kind_totals(scenario: Scenario) -> dict[Kind, int]:
    """The exact size of every final state, from cumulative counts and side states."""
    funnel, side = scenario.funnel, scenario.side_states
    reached = [funnel.reached(stage) for stage in Stage]
    gap = {
        stage: reached[i] - (reached[i + 1] if i + 1 < len(reached) else 0)
        for i, stage in enumerate(Stage)
    }
    return {
        Kind.REGISTERED: gap[Stage.REGISTERED],
        Kind.EMAIL_VERIFIED: gap[Stage.EMAIL_VERIFIED],
        Kind.NIK_VERIFIED: gap[Stage.NIK_VERIFIED],
        Kind.PENDING: gap[Stage.JOINED_BATCH] - side.not_accepted - side.rejected,
        Kind.NOT_ACCEPTED: side.not_accepted,
        Kind.REJECTED: side.rejected,
        Kind.AWAITING: gap[Stage.ACCEPTED] - side.revoked,
        Kind.REVOKED: side.revoked,
        Kind.TRAINING: gap[Stage.TRAINING],
        Kind.COMPLETED: gap[Stage.COMPLETED],
        Kind.PAID: gap[Stage.INCENTIVE_PAID],
    }


def showcase_quotas(
    scenario: Scenario, waves: tuple[WavePlan, ...]
) -> Counter[tuple[Kind, int | None]]:
    """How many showcase applicants end in each (kind, wave index)."""
    position = {wave.spec.number: i for i, wave in enumerate(waves)}
    counts: Counter[tuple[Kind, int | None]] = Counter()
    for person in scenario.showcase:
        kind = kind_of(person.stage, person.side_state)
        if kind is None:
            raise ValueError("showcase applicants must be checked before planning")
        counts[kind, position[person.waves[-1]] if kind.wave_bound else None] += 1
    return counts


_KIND_KEYS = {
    Kind.REGISTERED: "funnel.email_verified",
    Kind.EMAIL_VERIFIED: "funnel.nik_verified",
    Kind.NIK_VERIFIED: "funnel.joined_batch",
    Kind.PENDING: "funnel.joined_batch",
    Kind.NOT_ACCEPTED: "side_states.not_accepted",
    Kind.REJECTED: "side_states.rejected",
    Kind.AWAITING: "funnel.accepted",
    Kind.REVOKED: "side_states.revoked",
    Kind.TRAINING: "funnel.completed",
    Kind.COMPLETED: "funnel.incentive_paid",
    Kind.PAID: "funnel.incentive_paid",
}


class _Planner:
    """One planning pass; every infeasibility stops it with the scenario key to change."""

    def __init__(self, scenario: Scenario, source: str) -> None:
        self.scenario = scenario
        self.source = source
        self.now = epoch(scenario.now)
        self.waves = wave_plans(scenario)
        self.totals = kind_totals(scenario)
        self.showcase = showcase_quotas(scenario, self.waves)
        self.generic = {
            kind: total - sum(n for (k, _), n in self.showcase.items() if k is kind)
            for kind, total in self.totals.items()
        }
        for kind, count in self.generic.items():
            if count < 0:
                self.fail(
                    _KIND_KEYS[kind],
                    f"the counts leave {self.totals[kind]} applicants in state "
                    f"'{kind.name.lower()}', but {self.totals[kind] - count} showcase applicants are in it",
                )

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ScenarioError(self.source, key, problem)

    def wave_key(self, wave: WavePlan, field: str) -> str:
        return f"waves.{wave.index}.{field}"

    # -- acceptances per wave ---------------------------------------------------
    def acceptances(self) -> list[int]:
        announced = [i for i, wave in enumerate(self.waves) if wave.status == "announced"]
        total = self.scenario.funnel.accepted
        given = [wave.spec.accepted for wave in self.waves]
        for i, wave in enumerate(self.waves):
            if i not in announced and given[i]:
                self.fail(
                    self.wave_key(wave, "accepted"),
                    f"wave {wave.spec.number} is not announced at `now`, so it accepted no one yet",
                )
        explicit = [i for i in announced if given[i] is not None]
        accepted = [0] * len(self.waves)
        if explicit:
            for i in announced:
                if given[i] is None:
                    self.fail(
                        self.wave_key(self.waves[i], "accepted"),
                        "give `accepted` for every announced wave, or for none",
                    )
                accepted[i] = int(given[i] or 0)
                if accepted[i] > self.waves[i].spec.quota:
                    self.fail(
                        self.wave_key(self.waves[i], "accepted"),
                        f"{accepted[i]} accepted exceeds the quota of {self.waves[i].spec.quota}",
                    )
            if sum(accepted) != total:
                self.fail(
                    "funnel.accepted",
                    f"{total} accepted, but the announced waves' `accepted` add up to {sum(accepted)}",
                )
        else:
            quotas = [self.waves[i].spec.quota for i in announced]
            if total > sum(quotas):
                self.fail(
                    "funnel.accepted",
                    f"{total} accepted, but the announced waves' quotas add up to {sum(quotas)}",
                )
            for i, share in zip(announced, apportion(total, quotas, quotas), strict=True):
                accepted[i] = share
        return accepted

    def by_wave(self) -> dict[tuple[Kind, int], int]:
        """Generic (non-showcase) applicants per wave-bound kind and wave."""
        accepted = self.acceptances()
        spare = list(accepted)
        for (kind, index), count in self.showcase.items():
            if kind.accepted and index is not None:
                spare[index] -= count
        for i, plan in enumerate(self.waves):
            if spare[i] < 0:
                self.fail(
                    self.wave_key(plan, "accepted"),
                    f"{accepted[i]} accepted, fewer than the showcase applicants accepted in wave {plan.spec.number}",
                )
        placed: dict[tuple[Kind, int], int] = {}

        def spread(
            kind: Kind, allowed: list[int], key: str, why: str, weights: list[float] | None = None
        ) -> None:
            """Place a kind over ``allowed`` waves: by spare acceptances, or uncapped by ``weights``."""
            count = self.generic[kind]
            if not count:
                return
            caps = None if weights is not None else [spare[i] for i in allowed]
            room = sum(caps) if caps is not None else (count if allowed else 0)
            if count > room:
                self.fail(
                    key, f"{count} applicants {why}, but the waves where that fits take only {room}"
                )
            shares = apportion(
                count, weights if weights is not None else [float(c) for c in caps or []], caps
            )
            for i, share in zip(allowed, shares, strict=True):
                if share:
                    placed[kind, i] = share
                    if caps is not None:
                        spare[i] -= share

        announced = [i for i, wave in enumerate(self.waves) if wave.status == "announced"]
        recent = [i for i in announced if self.waves[i].revocation_deadline > self.now]
        old = [i for i in announced if self.waves[i].revocation_deadline <= self.now]
        spread(
            Kind.AWAITING,
            recent,
            "funnel.accepted",
            "still await their first purchase (accepted − training − revoked) and need a wave announced less than revocation_days before `now`",
        )
        spread(
            Kind.REVOKED,
            old,
            "side_states.revoked",
            "were revoked and need a wave announced at least revocation_days before `now`",
        )
        for kind in (Kind.PAID, Kind.COMPLETED, Kind.TRAINING):
            # Oldest waves first: the longer ago the acceptance, the further along.
            left = self.generic[kind]
            for i in announced:
                take = min(left, spare[i])
                if take:
                    placed[kind, i] = placed.get((kind, i), 0) + take
                    spare[i] -= take
                    left -= take
            if left:
                self.fail(
                    _KIND_KEYS[kind],
                    f"{left} accepted applicants find no announced wave with quota left",
                )
        quotas = [float(wave.spec.quota) or 1.0 for wave in self.waves]
        for kind in (Kind.NOT_ACCEPTED, Kind.REJECTED):
            spread(
                kind,
                announced,
                _KIND_KEYS[kind],
                f"were {kind.name.lower().replace('_', ' ')} and need an announced wave",
                [quotas[i] for i in announced],
            )
        waiting = [i for i, wave in enumerate(self.waves) if wave.status in ("open", "closed")]
        spread(
            Kind.PENDING,
            waiting,
            "funnel.joined_batch",
            "joined and await selection (joined − accepted − not_accepted − rejected) and need an open or closed, not yet announced wave",
            [quotas[i] for i in waiting],
        )
        return placed

    # -- segments of the registration stream -------------------------------------
    def curve(self) -> ArrivalCurve:
        registration = self.scenario.registration
        return ArrivalCurve(
            opens_at=epoch(registration.opens_at),
            closes_at=epoch(registration.closes_at),
            total=self.scenario.funnel.registered - len(self.scenario.showcase),
            surge_share=registration.surge_share,
            surge_peak=registration.surge_peak_minutes * 60,
            decay_share=registration.decay_share,
            decay_time=registration.decay_hours * 3600,
            diurnal_amplitude=registration.diurnal_amplitude,
        )

    def segments(
        self, curve: ArrivalCurve, placed: dict[tuple[Kind, int], int]
    ) -> tuple[Segment, ...]:
        deadlines = sorted(
            {wave.closes_at for wave in self.waves if wave.closes_at < curve.closes_at}
        )
        bounds = [curve.count_before(moment) for moment in deadlines] + [curve.total]
        rows = [bounds[0]] + [bounds[s] - bounds[s - 1] for s in range(1, len(bounds))]
        spare = list(rows)
        cells: list[Counter[tuple[Kind, int | None]]] = [Counter() for _ in rows]
        constrained = sorted(placed.items(), key=lambda item: self.waves[item[0][1]].closes_at)
        for (kind, wave_index), count in constrained:
            wave = self.waves[wave_index]
            usable = sum(1 for moment in deadlines if moment <= wave.closes_at)
            if wave.closes_at >= curve.closes_at:
                usable = len(rows)
            room = sum(spare[:usable])
            if count > room:
                self.fail(
                    self.wave_key(wave, "closes_at"),
                    f"{count} applicants must have registered before wave {wave.spec.number} closed to be "
                    f"'{kind.name.lower()}' in it, but only {room} generated registrations are left before then",
                )
            for s, share in enumerate(
                apportion(count, [float(c) for c in spare[:usable]], spare[:usable])
            ):
                if share:
                    cells[s][kind, wave_index] += share
                    spare[s] -= share
        free = [
            (kind, count) for kind, count in self.generic.items() if not kind.wave_bound and count
        ]
        for kind, count in free:
            for s, share in enumerate(apportion(count, [float(c) for c in spare], spare)):
                if share:
                    cells[s][kind, None] += share
                    spare[s] -= share
        return tuple(
            Segment(
                n, tuple(Quota(kind, wave, count) for (kind, wave), count in cell.most_common())
            )
            for n, cell in zip(rows, cells, strict=True)
            if n
        )

    def plan(self) -> Plan:
        placed = self.by_wave()
        curve = self.curve()
        generic_rows = sum(self.generic.values())
        if generic_rows != curve.total:
            raise AssertionError(
                f"kind totals {generic_rows} differ from registrations {curve.total}"
            )
        return Plan(self.now, self.waves, self.totals, curve, self.segments(curve, placed))


def build_plan(scenario: Scenario, source: str) -> Plan:
    """The exact plan for ``scenario``; raises :class:`ScenarioError` naming the key at fault."""
    return _Planner(scenario, source).plan()
