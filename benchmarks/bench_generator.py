"""The data generator: applicants per second and peak memory, streaming into a discarding sink.

Each measurement runs in its own interpreter (``python -m benchmarks.bench_generator
child …``) so its peak RSS is its own. Measured, for ``context.applicants``
applicants:

* the ``first_day`` scenario scaled to that size (the acceptance of issue 2:
  ≥ 100,000 applicants/s, peak RSS < 200 MB at 1.4 million), and whether its
  counts came out exact (the test suite checks 1.4 million only on request);
* the full-lifecycle ``scenario_for_count`` (all stages, four waves), as the
  central seeds it;
* the baseline, in the same run: the plainest generator of the same shape, a loop
  that makes one 26-column applicant tuple and three 8-column registry-check
  tuples per applicant from ``random.Random`` and hands them out in the same
  batches, so the ratio says what the realism costs.

Rates use wall time; the CPU-time rate is in the note, because other work on a
shared 2-core machine slows the wall clock, not the process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from random import Random
from typing import Any

from benchmarks.context import BenchContext
from benchmarks.figures import Figure

ROOT = Path(__file__).resolve().parent.parent
FIRST_DAY = ROOT / "fixtures" / "scenarios" / "first_day.toml"
BATCH = 5000
RATE_BUDGET = 100_000.0
MEMORY_BUDGET_MB = 200.0


def _peak_mb() -> float:
    """This process's peak resident memory since it was exec'd.

    Not ``getrusage``: on Linux its ``ru_maxrss`` survives ``execve``, so a child
    would report the peak of the parent it was forked from. ``VmHWM`` belongs to the
    new address space.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def _stream(which: str, applicants: int, seed: int) -> dict[str, Any]:
    from prakerja_console.central.generator import (
        generate,
        load_scenario,
        scale,
        scenario_for_count,
    )
    from prakerja_console.domain.funnel import Stage
    from prakerja_console.sync.protocol import Table, columns_of

    if which == "first_day":
        scenario = scale(load_scenario(FIRST_DAY), applicants)
    else:
        scenario = scenario_for_count(applicants, seed)
    columns = columns_of(Table.APPLICANTS)
    stage, side = columns.index("stage"), columns.index("side_state")
    stages: Counter[str] = Counter()
    sides: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    wall, cpu = time.perf_counter(), time.process_time()
    for table, batch in generate(scenario, BATCH):
        rows[table.value] += len(batch)
        if table is Table.APPLICANTS:
            stages.update(row[stage] for row in batch)
            sides.update(row[side] for row in batch if row[side])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ranks = {s.value: s.rank for s in Stage}
    reached = {s.value: sum(n for k, n in stages.items() if ranks[k] >= s.rank) for s in Stage}
    expected_sides = {k: v for k, v in scenario.side_states.model_dump().items() if v}
    exact = reached == scenario.funnel.model_dump() and dict(sides) == expected_sides
    return {"wall": wall, "cpu": cpu, "rows": dict(rows), "exact": exact, "peak_mb": _peak_mb()}


def _baseline(applicants: int, seed: int) -> dict[str, Any]:
    """The plainest generator of the same shape (see the module docstring)."""
    rng = Random(seed)
    rnd = rng.random
    applicant_rows: list[tuple[Any, ...]] = []
    check_rows: list[tuple[Any, ...]] = []
    handed_out = 0
    wall, cpu = time.perf_counter(), time.process_time()
    check_id = 0
    for applicant_id in range(1, applicants + 1):
        applicant_rows.append((applicant_id, *(rnd() for _ in range(24)), 1))
        for _ in range(3):
            check_id += 1
            check_rows.append((check_id, applicant_id, rnd(), rnd(), rnd(), rnd(), rnd(), 1))
        if len(applicant_rows) >= BATCH:
            handed_out += len(applicant_rows) + len(check_rows)
            applicant_rows, check_rows = [], []
    handed_out += len(applicant_rows) + len(check_rows)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall": wall,
        "cpu": cpu,
        "rows": {"all": handed_out},
        "exact": True,
        "peak_mb": _peak_mb(),
    }


def _child(which: str, applicants: int, seed: int) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_generator",
        "child",
        which,
        str(applicants),
        str(seed),
    ]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=1800
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(context: BenchContext) -> list[Figure]:
    n = context.applicants
    baseline = _child("baseline", n, context.seed)
    first_day = _child("first_day", n, context.seed)
    lifecycle = _child("lifecycle", n, context.seed)
    base_rate = n / baseline["wall"]

    def note(result: dict[str, Any]) -> str:
        rows = sum(result["rows"].values())
        return f"{n / result['cpu']:,.0f} applicants/s of CPU time; {rows:,} rows in all tables ({rows / result['wall']:,.0f}/s)"

    return [
        Figure(
            "generator: first_day applicants/s",
            n / first_day["wall"],
            "applicants/s",
            budget=RATE_BUDGET,
            baseline=base_rate,
            higher_is_better=True,
            note=note(first_day),
        ),
        Figure(
            "generator: first_day peak RSS",
            first_day["peak_mb"],
            "MB",
            budget=MEMORY_BUDGET_MB,
            baseline=baseline["peak_mb"],
            note="whole interpreter, all tables streamed; baseline: the plain loop's interpreter",
        ),
        Figure(
            "generator: first_day counts exact",
            1.0 if first_day["exact"] else 0.0,
            "1 = exact",
            budget=1.0,
            higher_is_better=True,
            note="cumulative funnel and side states reproduced by one streaming pass",
        ),
        Figure(
            "generator: lifecycle applicants/s",
            n / lifecycle["wall"],
            "applicants/s",
            baseline=base_rate,
            higher_is_better=True,
            note=note(lifecycle) + ("" if lifecycle["exact"] else "; COUNTS NOT EXACT"),
        ),
        Figure(
            "generator: lifecycle peak RSS",
            lifecycle["peak_mb"],
            "MB",
            budget=MEMORY_BUDGET_MB,
            baseline=baseline["peak_mb"],
        ),
    ]


def main(argv: list[str]) -> int:
    """``child WHICH APPLICANTS SEED``: one measurement, printed as a JSON line."""
    _, which, applicants, seed = argv
    measure = _baseline if which == "baseline" else lambda n, s: _stream(which, n, s)
    print(json.dumps(measure(int(applicants), int(seed))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
