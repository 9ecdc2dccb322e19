"""Small exact tools the generator's hot loop leans on: lookup tables and apportionment.

Drawing from a weighted list with ``bisect`` costs a function call and a binary
search per draw; a quantile table (``table[int(random() * len(table))]``) costs one
multiplication and one index, which matters at a million rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")

TABLE_SIZE = 1 << 16


def quantile_table(
    items: Sequence[T], weights: Sequence[float], size: int = TABLE_SIZE
) -> tuple[T, ...]:
    """``size`` slots, each holding the item at that quantile of the weighted distribution.

    Deterministic (no randomness): item ``i`` fills about ``size * weight_i / total``
    slots, so every item with a weight of at least ``total / size`` appears.
    """
    if len(items) != len(weights) or not items:
        raise ValueError("quantile_table needs as many weights as items, and at least one")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    total = float(sum(weights))
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    bounds = [size * cumulative / total for cumulative in accumulate(weights)]
    table: list[T] = []
    index = 0
    for slot in range(size):
        middle = slot + 0.5
        while index < len(bounds) - 1 and bounds[index] <= middle:
            index += 1
        table.append(items[index])
    return tuple(table)


def apportion(total: int, weights: Sequence[float], caps: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder).

    With ``caps``, no share exceeds its cap; ``total`` must then fit in their sum.
    The split is exact: the shares always add up to ``total``.
    """
    count = len(weights)
    limits = list(caps) if caps is not None else [total] * count
    if total > sum(limits):
        raise ValueError(f"cannot place {total} in capacity {sum(limits)}")
    shares = [0] * count
    remaining = total
    while remaining:
        open_slots = [i for i in range(count) if shares[i] < limits[i] and weights[i] > 0]
        if not open_slots:
            open_slots = [i for i in range(count) if shares[i] < limits[i]]
        weight_sum = sum(max(weights[i], 0.0) for i in open_slots)
        quotas = {
            i: remaining * (weights[i] / weight_sum if weight_sum > 0 else 1 / len(open_slots))
            for i in open_slots
        }
        placed = 0
        for i in open_slots:
            grant = min(int(quotas[i]), limits[i] - shares[i])
            shares[i] += grant
            placed += grant
        leftover = remaining - placed
        by_remainder = sorted(
            open_slots, key=lambda i: (quotas[i] - int(quotas[i]), -i), reverse=True
        )
        for i in by_remainder:
            if leftover == 0:
                break
            if shares[i] < limits[i]:
                shares[i] += 1
                leftover -= 1
        remaining = leftover
    return shares
