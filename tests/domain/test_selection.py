"""Selection after a wave closes: priority first, a seeded draw, the deprioritised last."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.applicant import EntryOutcome
from prakerja_console.domain.eligibility import EligibilityFacts, PriorityClass, assess
from prakerja_console.domain.funnel import Reason
from prakerja_console.domain.selection import Candidate, Outcome, Selection, select
from tests.domain.programme_builders import policy

P, N, D = PriorityClass.PRIORITY, PriorityClass.NORMAL, PriorityClass.DEPRIORITISED


def pool(count: int, klass: PriorityClass, start: int = 1) -> list[Candidate]:
    return [Candidate(applicant_id, klass) for applicant_id in range(start, start + count)]


def by_reason(selection: Selection) -> Counter[Reason]:
    return Counter(outcome.reason for outcome in selection)


def test_priority_first_then_a_draw_among_the_rest() -> None:
    candidates = pool(3, P) + pool(10, N, start=100)
    result = select(candidates, 5, random.Random(1))
    assert by_reason(result) == {
        Reason.ACCEPTED_PRIORITY: 3,
        Reason.ACCEPTED: 2,
        Reason.NOT_SELECTED: 8,
    }
    assert all(result.outcome_of(i).reason is Reason.ACCEPTED_PRIORITY for i in (1, 2, 3))


def test_the_deprioritised_get_only_the_places_that_remain() -> None:
    candidates = pool(4, N) + pool(4, D, start=10)
    assert by_reason(select(candidates, 3, random.Random(1))) == {
        Reason.ACCEPTED: 3,
        Reason.NOT_SELECTED: 1,
        Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: 4,
    }
    filled_late = select(candidates, 6, random.Random(1))
    assert [filled_late.outcome_of(i).reason for i in range(1, 5)] == [Reason.ACCEPTED] * 4
    assert by_reason(filled_late[4:]) == {
        Reason.ACCEPTED: 2,
        Reason.SOCIAL_ASSISTANCE_DEPRIORITISED: 2,
    }


def test_when_the_priority_list_overflows_the_draw_is_among_it() -> None:
    candidates = pool(10, P) + pool(5, N, start=100)
    result = select(candidates, 4, random.Random(7))
    assert by_reason(result) == {Reason.ACCEPTED_PRIORITY: 4, Reason.NOT_SELECTED: 11}
    assert all(outcome.reason is Reason.NOT_SELECTED for outcome in result[10:])


def test_ineligible_candidates_are_rejected_with_their_reason_whatever_their_class() -> None:
    candidates = [
        Candidate(1, P, Reason.STUDENT),
        Candidate(2, N, Reason.UNDER_AGE),
        Candidate(3, D, Reason.SOCIAL_ASSISTANCE_EXCLUDED),
        Candidate(4, N),
    ]
    assert list(select(candidates, 10, random.Random(1))) == [
        Outcome(1, EntryOutcome.REJECTED, Reason.STUDENT),
        Outcome(2, EntryOutcome.REJECTED, Reason.UNDER_AGE),
        Outcome(3, EntryOutcome.REJECTED, Reason.SOCIAL_ASSISTANCE_EXCLUDED),
        Outcome(4, EntryOutcome.ACCEPTED, Reason.ACCEPTED),
    ]


def test_a_candidate_comes_from_an_assessment() -> None:
    rules = policy()
    eligible = assess(EligibilityFacts(date(1990, 1, 1), False, False), rules, date(2020, 4, 11))
    student = assess(EligibilityFacts(date(1990, 1, 1), True, False), rules, date(2020, 4, 11))
    assert Candidate.from_assessment(7, eligible) == Candidate(7, N, None)
    assert Candidate.from_assessment(8, student) == Candidate(8, N, Reason.STUDENT)


def test_zero_quota_and_no_candidates() -> None:
    assert by_reason(select(pool(3, P), 0, random.Random(1))) == {Reason.NOT_SELECTED: 3}
    assert len(select([], 10, random.Random(1))) == 0


def test_a_negative_quota_or_a_double_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        select(pool(2, N), -1, random.Random(1))
    with pytest.raises(ValueError, match="applicant 5 entered the wave twice"):
        select([*pool(9, N), Candidate(5, P)], 3, random.Random(1))


def test_the_selection_reads_like_a_list_of_outcomes() -> None:
    result = select(pool(3, P) + pool(3, N, start=10), 4, random.Random(3))
    assert len(result) == 6
    assert result[0] == Outcome(1, EntryOutcome.ACCEPTED, Reason.ACCEPTED_PRIORITY)
    assert result[-1].applicant_id == 12
    assert [outcome.applicant_id for outcome in result] == [1, 2, 3, 10, 11, 12]
    assert isinstance(result[1:3], Selection)
    assert list(result[1:3]) == list(result)[1:3]
    assert result.accepted_ids() == sorted(
        outcome.applicant_id for outcome in result if outcome.outcome is EntryOutcome.ACCEPTED
    )
    assert result.tally() == {
        Reason.ACCEPTED_PRIORITY: 3,
        Reason.ACCEPTED: 1,
        Reason.NOT_SELECTED: 2,
    }
    assert "ACCEPTED_PRIORITY" in repr(result)
    with pytest.raises(KeyError):
        result.outcome_of(4)
    with pytest.raises(KeyError):
        result.outcome_of(99)
    with pytest.raises(ValueError, match="one outcome code per applicant id"):
        Selection([1, 2], b"\x00")


def test_selections_compare_by_value() -> None:
    first = select(pool(20, N), 5, random.Random(11))
    assert first == select(pool(20, N), 5, random.Random(11))
    assert first != select(pool(20, N), 5, random.Random(12))
    assert first != list(first)  # a Selection is not a list, even with the same outcomes


# -- properties --------------------------------------------------------------------

REJECTIONS = [Reason.UNDER_AGE, Reason.STUDENT, Reason.KK_LIMIT, Reason.BLACKLISTED]


@st.composite
def candidate_sets(draw: st.DrawFn) -> list[Candidate]:
    ids = draw(st.lists(st.integers(min_value=-50, max_value=10_000), unique=True, max_size=80))
    return [
        Candidate(
            applicant_id,
            draw(st.sampled_from(PriorityClass)),
            draw(st.one_of(st.none(), st.none(), st.sampled_from(REJECTIONS))),
        )
        for applicant_id in ids
    ]


quotas = st.integers(min_value=0, max_value=100)
seeds = st.integers(min_value=0, max_value=2**32)


@given(candidate_sets(), quotas, seeds)
def test_selection_never_exceeds_the_quota_and_fills_it_when_it_can(
    candidates: list[Candidate], quota: int, seed: int
) -> None:
    result = select(candidates, quota, random.Random(seed))
    eligible = sum(candidate.rejection is None for candidate in candidates)
    assert len(result.accepted_ids()) == min(quota, eligible)
    assert len(result) == len(candidates)


@given(candidate_sets(), quotas, seeds)
def test_selection_never_accepts_an_ineligible_candidate(
    candidates: list[Candidate], quota: int, seed: int
) -> None:
    result = select(candidates, quota, random.Random(seed))
    for candidate in candidates:
        outcome = result.outcome_of(candidate.applicant_id)
        if candidate.rejection is not None:
            assert outcome == Outcome(
                candidate.applicant_id, EntryOutcome.REJECTED, candidate.rejection
            )


@given(candidate_sets(), quotas, seeds)
def test_priority_candidates_all_go_first_when_they_fit(
    candidates: list[Candidate], quota: int, seed: int
) -> None:
    result = select(candidates, quota, random.Random(seed))
    eligible = [c for c in candidates if c.rejection is None]
    priority = [c for c in eligible if c.priority is P]
    accepted = set(result.accepted_ids())
    if len(priority) <= quota:
        assert {c.applicant_id for c in priority} <= accepted
    else:
        assert accepted <= {c.applicant_id for c in priority}
    normal_in = any(c.applicant_id in accepted for c in eligible if c.priority is N)
    normal_out = any(c.applicant_id not in accepted for c in eligible if c.priority is N)
    deprioritised_in = any(c.applicant_id in accepted for c in eligible if c.priority is D)
    assert not (deprioritised_in and normal_out), "a deprioritised place went before a normal one"
    assert not (normal_in and len(priority) > quota)


@given(candidate_sets(), quotas, seeds, st.randoms(use_true_random=False))
def test_selection_is_a_pure_function_of_the_set_the_quota_and_the_seed(
    candidates: list[Candidate], quota: int, seed: int, shuffler: random.Random
) -> None:
    shuffled = list(candidates)
    shuffler.shuffle(shuffled)
    first = select(candidates, quota, random.Random(seed))
    assert select(shuffled, quota, random.Random(seed)) == first
    assert select(iter(shuffled), quota, random.Random(seed)) == first
    assert [o.applicant_id for o in first] == sorted(c.applicant_id for c in candidates)
