"""Fixtures of the generator's tests: the two shipped scenarios and the small data set."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_console.central.generator import Scenario, load_scenario
from tests.central.generator.invariants import DataSet, collect

SCENARIOS = Path(__file__).resolve().parents[3] / "fixtures" / "scenarios"
SMALL = SCENARIOS / "small.toml"
FIRST_DAY = SCENARIOS / "first_day.toml"


@pytest.fixture(scope="session")
def small() -> Scenario:
    return load_scenario(SMALL)


@pytest.fixture(scope="session")
def small_data(small: Scenario) -> DataSet:
    return collect(small)


@pytest.fixture(scope="session")
def first_day() -> Scenario:
    return load_scenario(FIRST_DAY)
