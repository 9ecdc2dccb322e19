"""Registration times that follow the opening surge, produced by inverting the cumulative curve.

The first day of Kartu Prakerja brought 1.4 million registrations in 21 hours, with
a peak of about 80,000 a minute just after opening. The share of all registrations
made by elapsed time ``x`` is a mixture of three shapes, each normalised over the
window:

* a *surge*: gamma(2) arrivals, rising to a peak ``surge_peak`` after opening;
* a *decay*: exponential, the long afternoon of people told by friends;
* a *base*: steady registrations with a daily rhythm peaking in the evening.

The window is cut into at most ``min(100,000, 4 × total + 1000)`` equal steps (one
second each on the first day); step ``k`` holds
``round(total × F(end)) − round(total × F(start))`` registrations spread evenly in it.
That makes the times non-decreasing (ids grow with time), exact in total, cheap to
stream, and lets :meth:`ArrivalCurve.count_before` answer "how many registered
before this moment" in O(1), which the planner uses to place wave-bound applicants.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

WIB_OFFSET = 7 * 3600
EVENING_PEAK_HOUR = 20  # WIB: people register after work
DAY = 86_400
MAX_STEPS = 100_000  # resolution enough for a minute-level peak, cheap to evaluate


@dataclass(frozen=True)
class ArrivalCurve:
    """``total`` registrations in ``[opens_at, closes_at)`` (epoch seconds)."""

    opens_at: int
    closes_at: int
    total: int
    surge_share: float
    surge_peak: float  # seconds from opening to the surge's peak
    decay_share: float
    decay_time: float  # seconds: the decay's time constant
    diurnal_amplitude: float  # 0 = flat base, 1 = no one registers at the daily trough

    def __post_init__(self) -> None:
        if self.closes_at <= self.opens_at:
            raise ValueError("an arrival window must close after it opens")
        if self.total < 0:
            raise ValueError("a negative number of registrations")
        if not 0 <= self.surge_share + self.decay_share <= 1:
            raise ValueError("surge_share + decay_share must be within 0..1")
        if self.surge_peak <= 0 or self.decay_time <= 0:
            raise ValueError("surge_peak and decay_time must be positive")
        if not 0 <= self.diurnal_amplitude <= 1:
            raise ValueError("diurnal_amplitude must be within 0..1")

    @property
    def length(self) -> int:
        return self.closes_at - self.opens_at

    @property
    def step(self) -> int:
        """Seconds per step: one second when the window is short enough."""
        steps = min(self.length, MAX_STEPS, 4 * self.total + 1000)
        return -(-self.length // steps)

    @cached_property
    def _shape(self) -> tuple[float, float, float, float, float, float, float, float]:
        """Weights over normalisers and the constants of :meth:`share_by`, computed once."""
        length = float(self.length)
        base_share = 1.0 - self.surge_share - self.decay_share
        peak = ((EVENING_PEAK_HOUR * 3600 - WIB_OFFSET) - self.opens_at) % DAY
        amplitude = self.diurnal_amplitude * DAY / (2 * math.pi)
        phase = 2 * math.pi * peak / DAY
        base_total = length + amplitude * (
            math.sin(2 * math.pi * length / DAY - phase) + math.sin(phase)
        )
        return (
            self.surge_share / _gamma2(length, self.surge_peak),
            1.0 / self.surge_peak,
            self.decay_share / _expon(length, self.decay_time),
            1.0 / self.decay_time,
            base_share / base_total,
            amplitude,
            phase,
            length,
        )

    def share_by(self, elapsed: float) -> float:
        """F(elapsed): the share of all registrations made in the first ``elapsed`` seconds."""
        surge, surge_rate, decay, decay_rate, base, amplitude, phase, length = self._shape
        x = min(max(elapsed, 0.0), length)
        u = x * surge_rate
        # The base integrates 1 + a·cos(2π(t − peak)/day): steady arrivals, evening peak.
        daily = x + amplitude * (math.sin(2 * math.pi * x / DAY - phase) + math.sin(phase))
        return (
            surge * (1.0 - math.exp(-u) * (1.0 + u))
            + decay * (1.0 - math.exp(-x * decay_rate))
            + base * daily
        )

    def _cumulative(self, boundary: int) -> int:
        """Registrations before step boundary ``boundary`` (seconds from opening)."""
        if boundary >= self.length:
            return self.total
        return round(self.total * self.share_by(boundary))

    def steps(self) -> Iterator[tuple[int, int, int]]:
        """``(start epoch, seconds, registrations)`` per step, in time order."""
        step = self.step
        done = 0
        for start in range(0, self.length, step):
            end = min(start + step, self.length)
            upto = self._cumulative(end)
            if upto > done:
                yield self.opens_at + start, end - start, upto - done
            done = upto

    def times(self) -> Iterator[int]:
        """Every registration time (epoch seconds), non-decreasing."""
        for start, seconds, count in self.steps():
            for j in range(count):
                yield start + (j * seconds) // count

    def count_before(self, moment: int) -> int:
        """How many of :meth:`times` fall strictly before ``moment``."""
        if moment <= self.opens_at:
            return 0
        if moment >= self.closes_at:
            return self.total
        elapsed = moment - self.opens_at
        step = self.step
        start = (elapsed // step) * step
        end = min(start + step, self.length)
        before = self._cumulative(start)
        count = self._cumulative(end) - before
        return before + min(count, -(-((elapsed - start) * count) // (end - start)))

    def busiest_minute(self) -> tuple[int, int]:
        """``(minute start epoch, registrations)`` of the busiest clock minute."""
        best = (self.opens_at, 0)
        first = self.opens_at - self.opens_at % 60
        for minute in range(first, self.closes_at, 60):
            count = self.count_before(minute + 60) - self.count_before(minute)
            if count > best[1]:
                best = (minute, count)
        return best


def _gamma2(x: float, peak: float) -> float:
    """CDF (unnormalised) of a gamma(2) with mode ``peak``."""
    u = x / peak
    return 1.0 - math.exp(-u) * (1.0 + u)


def _expon(x: float, scale: float) -> float:
    return 1.0 - math.exp(-x / scale)
