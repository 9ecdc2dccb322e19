"""Epoch seconds to the aware UTC datetimes the rules take."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from prakerja_console.domain.epoch import moment


def test_a_moment_is_aware_utc_and_none_stays_none() -> None:
    assert moment(1_795_000_000) == datetime(2026, 11, 18, 11, 6, 40, tzinfo=UTC)
    assert moment(None) is None


@given(st.integers(min_value=0, max_value=4_102_444_800))
def test_the_round_trip_keeps_every_second(epoch: int) -> None:
    assert int(moment(epoch).timestamp()) == epoch
