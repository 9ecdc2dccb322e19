"""Same seed, same rows; another seed, other rows; batch size changes only the batching."""

from __future__ import annotations

from itertools import chain

from prakerja_console.central.generator import Scenario, generate, scenario_for_count
from prakerja_console.sync.protocol import Table, columns_of


def _rows(scenario: Scenario, batch_size: int = 5000) -> dict[Table, list[tuple[object, ...]]]:
    rows: dict[Table, list[tuple[object, ...]]] = {}
    for table, batch in generate(scenario, batch_size):
        rows.setdefault(table, []).extend(batch)
    return rows


def test_same_seed_gives_identical_rows(small: Scenario) -> None:
    assert _rows(small) == _rows(small)


def test_batch_size_does_not_change_the_rows(small: Scenario) -> None:
    assert _rows(small, 5000) == _rows(small, 7)


def test_batches_never_exceed_the_batch_size_and_parents_come_first(small: Scenario) -> None:
    parents = {
        "applicant_id": Table.APPLICANTS,
        "ticket_id": Table.TICKETS,
        "verification_case_id": Table.VERIFICATION_CASES,
    }
    emitted: dict[Table, int] = {}
    for table, batch in generate(small, batch_size=100):
        assert 0 < len(batch) <= 100
        for position, column in enumerate(columns_of(table)):
            if column in parents:
                referenced = [row[position] for row in batch if row[position] is not None]
                assert max(referenced, default=0) <= emitted.get(parents[column], 0), (
                    table,
                    column,
                )
        emitted[table] = batch[-1][0]


def test_another_seed_gives_other_rows(small: Scenario) -> None:
    other = small.model_copy(update={"seed": small.seed + 1})
    mine, theirs = _rows(small), _rows(other)
    showcase = len(small.showcase)
    generated = mine[Table.APPLICANTS][showcase:]
    assert generated != theirs[Table.APPLICANTS][showcase:]
    names = {row[1] for row in generated}
    assert len(names & {row[1] for row in theirs[Table.APPLICANTS][showcase:]}) < len(names)


def test_scenario_for_count_is_deterministic_per_seed() -> None:
    first = list(chain.from_iterable(rows for _, rows in generate(scenario_for_count(500, seed=1))))
    again = list(chain.from_iterable(rows for _, rows in generate(scenario_for_count(500, seed=1))))
    other = list(chain.from_iterable(rows for _, rows in generate(scenario_for_count(500, seed=2))))
    assert first == again
    assert first != other
