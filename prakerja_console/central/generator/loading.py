"""Read, check and scale scenarios: the only ways a :class:`Scenario` should come into being.

Every entry point runs the same three checks (shape, cross-field numbers, showcase
people) and then plans the scenario once, so a scenario that loads is a scenario
that generates; every failure is a :class:`ScenarioError` naming file and key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prakerja_console.central.generator.plan import build_plan, wave_plans
from prakerja_console.central.generator.sampling import apportion
from prakerja_console.central.generator.scenario import Scenario, ScenarioError
from prakerja_console.central.generator.validation import check_numbers, check_showcase
from prakerja_console.domain.funnel import Stage

DEFAULT_SEED = 20_200_411  # the day Kartu Prakerja registration opened
_TEMPLATE = "default.toml"


def parse_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """A checked scenario from TOML-shaped data; ``source`` names it in errors."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = [
            (".".join(str(part) for part in item["loc"]) or "(top level)", item["msg"])
            for item in error.errors()
        ]
        key, message = problems[0]
        if len(problems) > 1:
            message += "; also " + "; ".join(f"{k}: {m}" for k, m in problems[1:])
        raise ScenarioError(source, key, message) from None
    check_numbers(scenario, source)
    check_showcase(scenario, wave_plans(scenario), source)
    build_plan(scenario, source)
    return scenario


def load_scenario(path: Path) -> Scenario:
    """Read and check a scenario TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(str(path), "(syntax)", str(error)) from None
    return parse_scenario(data, str(path))


def scale(scenario: Scenario, applicants: int, seed: int | None = None) -> Scenario:
    """The same scenario for ``applicants`` registrations, proportions and schedule kept.

    Cumulative counts are scaled down with ``floor`` (which keeps the funnel
    monotone and side states within their gaps) and quotas with ``ceil``. Showcase
    people are dropped: they belong to hand-written scenarios, not to a load size.
    """
    if applicants < 0:
        raise ValueError("applicants must not be negative")
    base = scenario.funnel.registered

    def scaled(count: int) -> int:
        return count * applicants // base if base else 0

    funnel = {stage.value: scaled(scenario.funnel.reached(stage)) for stage in Stage}
    funnel[Stage.REGISTERED.value] = applicants
    side = {key: scaled(value) for key, value in scenario.side_states.model_dump().items()}
    data = scenario.model_dump(mode="python", exclude={"showcase"})
    data.update(funnel=funnel, side_states=side, showcase=[])
    if seed is not None:
        data["seed"] = seed
    data["waves"] = _scaled_waves(scenario, funnel, side, base, applicants)
    return parse_scenario(data, f"{scenario.name} scaled to {applicants}")


def _scaled_waves(
    scenario: Scenario, funnel: dict[str, int], side: dict[str, int], base: int, applicants: int
) -> list[dict[str, Any]]:
    """Waves with scaled quotas and, for announced ones, acceptances that keep the plan feasible."""
    plans = wave_plans(scenario)
    now = int(scenario.now.timestamp())
    waves = [scenario.waves[plan.index].model_dump(mode="python") for plan in plans]
    announced = [i for i, plan in enumerate(plans) if plan.status == "announced"]
    recent = [i for i in announced if plans[i].revocation_deadline > now]
    for wave in waves:
        wave["quota"] = -(-wave["quota"] * applicants // base) if base else 0
        wave["accepted"] = None
    accepted = funnel[Stage.ACCEPTED.value]
    awaiting = accepted - funnel[Stage.TRAINING.value] - side["revoked"]
    old = [i for i in announced if i not in recent]
    weight = {i: float(plans[i].spec.accepted or plans[i].spec.quota) for i in announced}
    # Recent waves must hold everyone still awaiting a purchase, old ones every revocation.
    in_recent = round(accepted * sum(weight[i] for i in recent) / (sum(weight.values()) or 1.0))
    if not old:
        in_recent = accepted
    elif recent:
        in_recent = min(max(in_recent, awaiting), accepted - side["revoked"])
    else:
        in_recent = 0
    for group, total in ((recent, in_recent), (old, accepted - in_recent)):
        if group:
            for i, share in zip(
                group, apportion(total, [weight[i] or 1.0 for i in group]), strict=True
            ):
                waves[i]["accepted"] = share
                waves[i]["quota"] = max(waves[i]["quota"], share)
    return waves


def scenario_for_count(applicants: int, seed: int = DEFAULT_SEED) -> Scenario:
    """A full-lifecycle scenario of ``applicants`` registrations (for ``--applicants N``).

    Scaled from the packaged template: four waves (one announced over a month ago,
    one announced recently, one closed awaiting results, one open), the funnel
    proportions of the programme's first year, no showcase people.
    """
    template = files("prakerja_console.central.generator").joinpath(_TEMPLATE)
    data = tomllib.loads(template.read_text(encoding="utf-8"))
    return scale(parse_scenario(data, f"<package>/{_TEMPLATE}"), applicants, seed)
