"""Selection after a wave closes: not first come, first served.

Eligible entries fall in three classes: the priority list first, then a seeded
random draw among everyone else, then the deprioritised (social-assistance
recipients, by 2020's policy) if places remain. When the priority list alone
exceeds the quota, the draw is among it.

The result is a pure function of (candidate set, quota, seed): candidates are
sorted by id before any draw, so neither input order nor a database's row order
changes who is accepted.

A wave has a million entries or more. Building one ``Outcome`` tuple per entry
up front costs more than the selection itself (measured: ~2 s against ~0.8 s for
10⁶ entries, most of it the cyclic garbage collector rescanning the new tuples),
so :class:`Selection` keeps the sorted ids and one byte of outcome code per
entry, and builds an :class:`Outcome` only when one is read.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, pairwise
from operator import eq, itemgetter
from typing import NamedTuple, overload

from prakerja_console.domain.applicant import EntryOutcome
from prakerja_console.domain.eligibility import Assessment, PriorityClass
from prakerja_console.domain.funnel import Reason


class Candidate(NamedTuple):
    """One entry of the closed wave: who, their selection class, and why they are
    ineligible (None when eligible)."""

    applicant_id: int
    priority: PriorityClass
    rejection: Reason | None = None

    @classmethod
    def from_assessment(cls, applicant_id: int, assessment: Assessment) -> Candidate:
        return cls(applicant_id, assessment.priority, assessment.first_rejection)


class Outcome(NamedTuple):
    """What selection decided for one candidate, with the reason the applicant reads."""

    applicant_id: int
    outcome: EntryOutcome
    reason: Reason


# One byte per entry indexes this table. The first rows are the selection's own
# verdicts; then one row per reason a rejected candidate can carry.
_NOT_SELECTED, _ACCEPTED, _ACCEPTED_PRIORITY, _DEPRIORITISED = range(4)
_VERDICTS: tuple[tuple[EntryOutcome, Reason], ...] = (
    (EntryOutcome.NOT_ACCEPTED, Reason.NOT_SELECTED),
    (EntryOutcome.ACCEPTED, Reason.ACCEPTED),
    (EntryOutcome.ACCEPTED, Reason.ACCEPTED_PRIORITY),
    (EntryOutcome.NOT_ACCEPTED, Reason.SOCIAL_ASSISTANCE_DEPRIORITISED),
    *((EntryOutcome.REJECTED, reason) for reason in Reason),
)
_REJECTION_CODE = {reason: index for index, reason in enumerate(Reason, start=4)}
assert len(_VERDICTS) <= 256, "outcome codes must fit one byte"


class Selection(Sequence[Outcome]):
    """Every candidate's :class:`Outcome`, in applicant-id order, stored compactly."""

    __slots__ = ("_codes", "_ids")

    def __init__(self, ids: Sequence[int], codes: bytes) -> None:
        if len(ids) != len(codes):
            raise ValueError("one outcome code per applicant id")
        self._ids = ids
        self._codes = codes

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...
    @overload
    def __getitem__(self, index: slice) -> Selection: ...
    def __getitem__(self, index: int | slice) -> Outcome | Selection:
        if isinstance(index, slice):
            return Selection(self._ids[index], self._codes[index])
        return Outcome(self._ids[index], *_VERDICTS[self._codes[index]])

    def __iter__(self) -> Iterator[Outcome]:
        verdicts = _VERDICTS
        for applicant_id, code in zip(self._ids, self._codes, strict=True):
            yield Outcome(applicant_id, *verdicts[code])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selection):
            return NotImplemented
        return self._codes == other._codes and list(self._ids) == list(other._ids)

    __hash__ = None  # type: ignore[assignment]  # equal by value, like a list

    def __repr__(self) -> str:
        return f"<Selection of {len(self)}: {self.tally()}>"

    def outcome_of(self, applicant_id: int) -> Outcome:
        """The outcome of one applicant (``KeyError`` if they were not a candidate)."""
        index = bisect_left(self._ids, applicant_id)
        if index == len(self._ids) or self._ids[index] != applicant_id:
            raise KeyError(applicant_id)
        return self[index]

    def tally(self) -> dict[Reason, int]:
        """How many candidates ended with each reason (for dashboards and audits)."""
        counts: dict[Reason, int] = {}
        for code in sorted(set(self._codes)):
            reason = _VERDICTS[code][1]
            counts[reason] = counts.get(reason, 0) + self._codes.count(code)
        return counts

    def accepted_ids(self) -> list[int]:
        """Ids of the accepted candidates, ascending."""
        return [
            applicant_id
            for applicant_id, code in zip(self._ids, self._codes, strict=True)
            if code in (_ACCEPTED, _ACCEPTED_PRIORITY)
        ]


def select(candidates: Iterable[Candidate], quota: int, rng: random.Random) -> Selection:
    """Decide every candidate of a closed wave.

    Raises ``ValueError`` for a negative quota or an applicant entered twice.
    """
    if quota < 0:
        raise ValueError(f"quota must not be negative, got {quota}")
    ordered = sorted(candidates, key=itemgetter(0))
    ids = list(map(itemgetter(0), ordered))
    if any(map(eq, ids, islice(ids, 1, None))):  # sorted: a repeat sits next to its twin
        duplicate = next(a for a, b in pairwise(ids) if a == b)
        raise ValueError(f"applicant {duplicate} entered the wave twice")

    # Pools hold positions in ``ordered``; positions ascend with ids, so a draw over
    # them depends on the candidate set only.
    codes = bytearray(len(ordered))  # every entry starts as _NOT_SELECTED
    priority_pool: list[int] = []
    normal_pool: list[int] = []
    deprioritised_pool: list[int] = []
    for position, (_, priority, rejection) in enumerate(ordered):
        if rejection is not None:
            codes[position] = _REJECTION_CODE[rejection]
        elif priority is PriorityClass.NORMAL:
            normal_pool.append(position)
        elif priority is PriorityClass.PRIORITY:
            priority_pool.append(position)
        else:
            deprioritised_pool.append(position)
            codes[position] = _DEPRIORITISED

    remaining = quota
    for pool, accepted_code in (
        (priority_pool, _ACCEPTED_PRIORITY),
        (normal_pool, _ACCEPTED),
        (deprioritised_pool, _ACCEPTED),
    ):
        chosen = pool if len(pool) <= remaining else rng.sample(pool, remaining)
        remaining -= len(chosen)
        for position in chosen:
            codes[position] = accepted_code
    return Selection(ids, bytes(codes))
