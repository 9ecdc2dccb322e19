"""Where a central's seed data comes from: a scenario file, an applicant count, or rows.

Generated data keeps its :class:`Scenario`, which the traffic simulator needs to
go on making people the same way. The scenario is loaded (and validated) when
the source is made, so a bad file fails before anything is served.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prakerja_console.central.generator import (
    Scenario,
    generate,
    load_scenario,
    scenario_for_count,
)
from prakerja_console.central.seeding import Batches

SCENARIOS = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
SMALL_SCENARIO = SCENARIOS / "small.toml"
BATCH_SIZE = 5_000


@dataclass(frozen=True, slots=True)
class SeedData:
    """Rows to seed an empty database with, and the scenario behind them (if generated)."""

    batches: Callable[[], Batches]
    scenario: Scenario | None = None


def from_scenario(scenario: Scenario, batch_size: int = BATCH_SIZE) -> SeedData:
    return SeedData(lambda: generate(scenario, batch_size), scenario)


def scenario_data(path: Path, batch_size: int = BATCH_SIZE) -> SeedData:
    """Seed data from a scenario file."""
    return from_scenario(load_scenario(path), batch_size)


def count_data(applicants: int, seed: int, batch_size: int = BATCH_SIZE) -> SeedData:
    """Seed data for ``applicants`` applicants with realistic proportions."""
    return from_scenario(scenario_for_count(applicants, seed), batch_size)
