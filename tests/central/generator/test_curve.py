"""The surge curve: exact totals, times that never go back, and the first day's shape."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_console.central.generator import Scenario
from prakerja_console.central.generator.curve import ArrivalCurve
from prakerja_console.central.generator.plan import build_plan
from prakerja_console.central.generator.scenario import WIB
from prakerja_console.sync.protocol import Table
from tests.central.generator.invariants import DataSet


def _curve(total: int, length: int, **shape: float) -> ArrivalCurve:
    opens = int(datetime(2020, 4, 11, 16, tzinfo=WIB).timestamp())
    defaults = {
        "surge_share": 0.3,
        "surge_peak": 120.0,
        "decay_share": 0.4,
        "decay_time": 4 * 3600.0,
        "diurnal_amplitude": 0.7,
    }
    return ArrivalCurve(
        opens_at=opens, closes_at=opens + length, total=total, **{**defaults, **shape}
    )


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(0, 3000),
    length=st.integers(1, 40 * 86_400),
    surge=st.floats(0, 0.5),
    decay=st.floats(0, 0.5),
    peak=st.floats(1, 3600),
    amplitude=st.floats(0, 1),
)
def test_times_are_exact_ordered_and_agree_with_count_before(
    total: int, length: int, surge: float, decay: float, peak: float, amplitude: float
) -> None:
    curve = _curve(
        total,
        length,
        surge_share=surge,
        decay_share=decay,
        surge_peak=peak,
        diurnal_amplitude=amplitude,
    )
    times = list(curve.times())
    assert len(times) == total
    assert times == sorted(times)
    assert all(curve.opens_at <= t < curve.closes_at for t in times)
    probes = {
        curve.opens_at,
        curve.closes_at,
        *times[:: max(1, total // 50)],
        *(t + 1 for t in times[:: max(1, total // 50)]),
    }
    for moment in probes:
        assert curve.count_before(moment) == sum(1 for t in times if t < moment), moment


def test_first_day_peaks_near_80000_a_minute_and_totals_1_4_million(first_day: Scenario) -> None:
    curve = build_plan(first_day, "first_day").curve
    assert curve.total == 1_400_000
    assert curve.closes_at - curve.opens_at == 21 * 3600
    minute, busiest = curve.busiest_minute()
    assert 72_000 <= busiest <= 88_000
    assert minute - curve.opens_at <= 10 * 60  # shortly after opening
    assert curve.step == 1  # one-second resolution on the surge day


def test_a_flat_curve_spreads_evenly() -> None:
    curve = _curve(86_400, 86_400, surge_share=0.0, decay_share=0.0, diurnal_amplitude=0.0)
    hours = [
        curve.count_before(curve.opens_at + 3600 * (h + 1))
        - curve.count_before(curve.opens_at + 3600 * h)
        for h in range(24)
    ]
    assert set(hours) == {3600}


def test_generated_applicants_register_at_the_curves_times(
    small: Scenario, small_data: DataSet
) -> None:
    curve = build_plan(small, "small").curve
    showcase = len(small.showcase)
    registered = [row["registered_at"] for row in small_data.tables[Table.APPLICANTS]]
    assert registered[showcase:] == list(curve.times())
    assert set(registered[:showcase]) == {curve.opens_at}
