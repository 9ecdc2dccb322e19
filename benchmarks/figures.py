"""One measured figure beside its budget and a baseline measured in the same run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Direction = Literal["higher", "lower"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A benchmark result.

    ``budget`` comes from DESIGN.md §5 (None: reported, not judged); ``baseline`` is
    the same work done the plainest way (raw sqlite3, a bare Textual app …) in the
    same run, so machines of different speed can be compared by ``ratio``.
    ``higher_is_better`` says which way the budget points.
    """

    name: str
    value: float
    unit: str
    budget: float | None = None
    baseline: float | None = None
    higher_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline (how many times the plainest way this is)."""
        if self.baseline in (None, 0):
            return None
        return round(self.value / self.baseline, 3)  # type: ignore[operator]

    @property
    def ok(self) -> bool | None:
        if self.budget is None:
            return None
        return self.value >= self.budget if self.higher_is_better else self.value <= self.budget

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return data


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``samples`` (fraction 0.95 = p95)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median_and_p95(
    name: str,
    samples: list[float],
    *,
    budget: float,
    note: str,
    baseline: list[float] | None = None,
    baseline_note: str = "",
) -> list[Figure]:
    """The usual pair of latency figures: p50 (reported) and p95 (judged by ``budget``), in ms."""
    return [
        Figure(
            f"{name}, p{round(fraction * 100)}",
            percentile(samples, fraction),
            "ms",
            budget=budget if fraction == 0.95 else None,
            baseline=None if baseline is None else percentile(baseline, fraction),
            note=note + (baseline_note if fraction == 0.95 else ""),
        )
        for fraction in (0.5, 0.95)
    ]
