"""Selection of a closed wave: a seeded draw over a million entries.

The programme's waves had ~164,000 places and over a million entries; the central
runs :func:`prakerja_console.domain.selection.select` once per wave. The baseline
is the plainest correct way: sort, draw, and build one outcome tuple per entry.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from operator import itemgetter

from benchmarks.context import BenchContext
from benchmarks.figures import Figure
from prakerja_console.domain.eligibility import PriorityClass
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.selection import Candidate, select

FULL_CANDIDATES = 1_000_000
QUOTA_SHARE = 0.164  # wave 1: 164,000 places for ~1,000,000 entries
RUNS = 3


def candidates(count: int, seed: int) -> list[Candidate]:
    """Entries in database order (shuffled ids): 5% priority, 10% deprioritised, 10% ineligible."""
    rng = random.Random(seed)
    ids = list(range(1, count + 1))
    rng.shuffle(ids)
    made = []
    for applicant_id in ids:
        roll = rng.random()
        if roll < 0.05:
            made.append(Candidate(applicant_id, PriorityClass.PRIORITY))
        elif roll < 0.15:
            made.append(Candidate(applicant_id, PriorityClass.DEPRIORITISED))
        elif roll < 0.25:
            made.append(Candidate(applicant_id, PriorityClass.NORMAL, Reason.STUDENT))
        else:
            made.append(Candidate(applicant_id, PriorityClass.NORMAL))
    return made


def plain_select(
    entries: list[Candidate], quota: int, rng: random.Random
) -> list[tuple[object, ...]]:
    """Sort, draw by class, one tuple per entry: what a first version would write."""
    ordered = sorted(entries, key=itemgetter(0))
    accepted: set[int] = set()
    for klass in (PriorityClass.PRIORITY, PriorityClass.NORMAL, PriorityClass.DEPRIORITISED):
        pool = [c.applicant_id for c in ordered if c.rejection is None and c.priority is klass]
        room = quota - len(accepted)
        accepted.update(pool if len(pool) <= room else rng.sample(pool, room))
    return [
        (
            c.applicant_id,
            "rejected"
            if c.rejection
            else "accepted"
            if c.applicant_id in accepted
            else "not_accepted",
        )
        for c in ordered
    ]


def median_seconds(work: Callable[[], object]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(context: BenchContext) -> list[Figure]:
    count = FULL_CANDIDATES // 10 if context.quick else FULL_CANDIDATES
    entries = candidates(count, context.seed)
    quota = round(count * QUOTA_SHARE)
    seconds = median_seconds(lambda: select(entries, quota, random.Random(context.seed)))
    baseline = median_seconds(lambda: plain_select(entries, quota, random.Random(context.seed)))
    selection = select(entries, quota, random.Random(context.seed))
    read_all = median_seconds(lambda: sum(1 for _ in selection))
    return [
        Figure(
            name=f"select a wave of {count:,} entries",
            value=round(seconds, 3),
            unit="s",
            budget=2.0,
            baseline=round(baseline, 3),
            note=f"quota {quota:,}; median of {RUNS}; budget from the brief (well under 1-2 s)",
        ),
        Figure(
            name=f"read all {count:,} outcomes",
            value=round(read_all, 3),
            unit="s",
            note="iterating the compact Selection builds each Outcome on demand",
        ),
    ]
