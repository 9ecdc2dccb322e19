"""Stream a scenario as batches of wire-ordered row tuples, ready for ``executemany``.

Batches come table by table, parents before children: the waves, then for every
``batch_size`` applicants their rows followed by the registry checks, wave
entries, verification cases, tickets, ticket events and notes they brought. Ids
run 1..N per table in the order emitted; memory stays bounded by one batch plus
the uniqueness bitset, whatever the scenario's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from prakerja_console.central.generator.applicants import ApplicantStream
from prakerja_console.central.generator.identity import NUMBER_SPACE, Identities
from prakerja_console.central.generator.lookups import build_lookups
from prakerja_console.central.generator.plan import Plan, build_plan
from prakerja_console.central.generator.rows import CHILD_TABLES, Row, Rows
from prakerja_console.central.generator.scenario import Scenario
from prakerja_console.central.generator.support import SupportDesk
from prakerja_console.sync.protocol import Table

DEFAULT_BATCH_SIZE = 5000


def identities_for(scenario: Scenario, headroom: int = 0) -> Identities:
    """The uniqueness state for ``scenario``, sized for ``headroom`` more NIKs (the simulator)."""
    identities = Identities(scenario.seed, scenario.funnel.registered + headroom)
    for person in scenario.showcase:
        if person.nik:
            identities.reserve_nik(person.nik)
        identities.reserved_emails.add(person.email)
        if person.phone:
            identities.reserved_phones.add(person.phone)
    return identities


def stream_seed(scenario: Scenario, purpose: str) -> Random:
    """An independent random stream per purpose, so adding draws to one never shifts another."""
    return Random(f"{scenario.seed}:{purpose}")


def wave_rows(plan: Plan) -> list[Row]:
    return [
        (
            wave.id,
            wave.spec.number,
            wave.spec.name,
            wave.opens_at,
            wave.closes_at,
            wave.announce_at,
            wave.spec.quota,
            wave.status,
            wave.spec.dtks_policy,
            wave.spec.min_age,
            wave.spec.revocation_days,
            1,
        )
        for wave in plan.waves
    ]


def generate(
    scenario: Scenario,
    batch_size: int = DEFAULT_BATCH_SIZE,
    identities: Identities | None = None,
) -> Iterator[tuple[Table, list[Row]]]:
    """Every row of ``scenario`` as ``(table, rows)`` batches in ``columns_of(table)`` order.

    Pass ``identities`` (from :func:`identities_for`) to keep generating fresh
    applicants afterwards with :func:`.traffic.new_applicant` without collisions.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if scenario.funnel.registered >= NUMBER_SPACE:
        raise ValueError(
            f"at most {NUMBER_SPACE - 1:,} applicants: e-mails and phones must stay unique"
        )
    plan = build_plan(scenario, scenario.name)
    identities = identities if identities is not None else identities_for(scenario)
    lookups = build_lookups(scenario, plan, stream_seed(scenario, "lookups"))
    rows = Rows()
    desk = SupportDesk(scenario, lookups, rows, stream_seed(scenario, "support"), plan.now)
    stream = ApplicantStream(
        scenario, plan, identities, lookups, rows, desk, stream_seed(scenario, "applicants")
    )
    yield Table.WAVES, wave_rows(plan)
    tables = (Table.APPLICANTS, *CHILD_TABLES)
    for _ in stream.run(batch_size):
        yield from rows.drain(tables, batch_size)
    yield from rows.drain(tables, batch_size)
