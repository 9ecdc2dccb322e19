"""The calibrated data generator: realistic, seeded Prakerja data in exact counts.

The reference central seeds its database from it and its traffic simulator keeps
adding registrations with the same machinery::

    scenario = load_scenario(Path("fixtures/scenarios/small.toml"))
    for table, rows in generate(scenario):
        connection.executemany(insert_sql[table], rows)  # columns_of(table) order

See :mod:`.scenario` for what a scenario file holds and :mod:`.plan` for how the
exact counts are kept while streaming in bounded memory.
"""

from prakerja_console.central.generator.generate import generate, identities_for
from prakerja_console.central.generator.identity import Identities
from prakerja_console.central.generator.loading import (
    DEFAULT_SEED,
    load_scenario,
    parse_scenario,
    scale,
    scenario_for_count,
)
from prakerja_console.central.generator.scenario import Scenario, ScenarioError
from prakerja_console.central.generator.traffic import (
    NewApplicant,
    Profile,
    Registrar,
    Verification,
    new_applicant,
    verify,
)

__all__ = [
    "DEFAULT_SEED",
    "Identities",
    "NewApplicant",
    "Profile",
    "Registrar",
    "Scenario",
    "ScenarioError",
    "Verification",
    "generate",
    "identities_for",
    "load_scenario",
    "new_applicant",
    "parse_scenario",
    "scale",
    "scenario_for_count",
    "verify",
]
