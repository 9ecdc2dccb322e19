"""Apportionment is exact and respects caps; quantile tables follow their weights."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.central.generator.sampling import apportion, quantile_table


@given(st.integers(0, 10_000), st.lists(st.floats(0, 100), min_size=1, max_size=12))
def test_apportion_is_exact(total: int, weights: list[float]) -> None:
    shares = apportion(total, weights)
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)
    if sum(weights) > 0:
        assert all(share == 0 for share, weight in zip(shares, weights, strict=True) if weight == 0)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=10), st.data())
def test_apportion_respects_caps(caps: list[int], data: st.DataObject) -> None:
    total = data.draw(st.integers(0, sum(caps)))
    weights = data.draw(st.lists(st.floats(0, 10), min_size=len(caps), max_size=len(caps)))
    shares = apportion(total, weights, caps)
    assert sum(shares) == total
    assert all(0 <= share <= cap for share, cap in zip(shares, caps, strict=True))


def test_apportion_refuses_more_than_the_caps_hold() -> None:
    with pytest.raises(ValueError, match="capacity"):
        apportion(5, [1.0, 1.0], [2, 2])


def test_quantile_table_follows_weights() -> None:
    table = quantile_table(["a", "b", "c"], [1.0, 2.0, 1.0], 4096)
    assert len(table) == 4096
    assert Counter(table) == {"a": 1024, "b": 2048, "c": 1024}


def test_quantile_table_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        quantile_table(["a"], [0.0], 16)
    with pytest.raises(ValueError, match="as many"):
        quantile_table(["a", "b"], [1.0], 16)
