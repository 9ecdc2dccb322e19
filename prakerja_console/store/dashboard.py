"""What the wave dashboards read: funnel and entry counts from the summary tables.

Every figure here comes from :mod:`~prakerja_console.store.summary` (a few thousand
rows kept by triggers), never from grouping the applicants, so a refresh costs
well under a millisecond at any mirror size (``benchmarks/bench_store.py``
measures it beside the ``GROUP BY`` it replaces). Counts are of the mirror's
rows: a province-scoped mirror counts its province only. Nothing here formats.

``wave_id`` None means "no wave": applicants who never joined one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from prakerja_console.domain.funnel import Stage
from prakerja_console.store.connection import read_snapshot
from prakerja_console.store.summary import ENTRY_COUNTS, FUNNEL_COUNTS

_RANKS = {stage.value: stage.rank for stage in Stage}
_UNKNOWN_RANK = len(Stage)  # a stage a newer central introduced sorts after the known ones


@dataclass(frozen=True, slots=True)
class FunnelCount:
    """Applicants standing at ``stage`` (and ``side_state``, None: on the main path)."""

    stage: str
    side_state: str | None
    count: int


@dataclass(frozen=True, slots=True)
class WaveFunnel:
    """One wave's dashboard: where its applicants stand, its entries, its provinces.

    ``funnel`` counts applicants whose *last* wave is this one, in stage order;
    ``entries`` counts every join into this wave by outcome (re-joins included, all
    provinces: an entry carries none); ``provinces`` counts the funnel's applicants
    per province (None: no province entered yet).
    """

    wave_id: int | None
    province_code: str | None
    funnel: tuple[FunnelCount, ...]
    entries: Mapping[str, int]
    provinces: Mapping[str | None, int]

    @property
    def applicants(self) -> int:
        return sum(cell.count for cell in self.funnel)

    def reached(self) -> dict[str, int]:
        """Applicants who reached each stage (stand there or beyond), in stage order."""
        return {
            stage.value: sum(
                cell.count
                for cell in self.funnel
                if stage.rank <= _RANKS.get(cell.stage, -1)  # an unknown stage reached nothing
            )
            for stage in Stage
        }


def _funnel(rows: list[tuple[str, str, int]]) -> tuple[FunnelCount, ...]:
    cells = [FunnelCount(stage, side or None, count) for stage, side, count in rows if count]
    cells.sort(key=lambda c: (_RANKS.get(c.stage, _UNKNOWN_RANK), c.stage, c.side_state or ""))
    return tuple(cells)


def _province_filter(province_code: str | None) -> tuple[str, tuple[str, ...]]:
    return ("", ()) if province_code is None else (" AND province_code = ?", (province_code,))


def wave_funnel(
    conn: sqlite3.Connection, wave_id: int | None, *, province_code: str | None = None
) -> WaveFunnel:
    """The dashboard of one wave, optionally of one province, in one consistent read."""
    where, province = _province_filter(province_code)
    key = (wave_id or 0, *province)
    with read_snapshot(conn):
        funnel = conn.execute(
            f"SELECT stage, side_state, sum(n) FROM {FUNNEL_COUNTS} WHERE wave_id = ?{where}"
            " GROUP BY stage, side_state",
            key,
        ).fetchall()
        provinces = conn.execute(
            f"SELECT province_code, sum(n) FROM {FUNNEL_COUNTS} WHERE wave_id = ?{where}"
            " GROUP BY province_code",
            key,
        ).fetchall()
        entries = conn.execute(
            f"SELECT outcome, n FROM {ENTRY_COUNTS} WHERE wave_id = ? AND n > 0 ORDER BY outcome",
            (wave_id or 0,),
        ).fetchall()
    return WaveFunnel(
        wave_id=wave_id,
        province_code=province_code,
        funnel=_funnel(funnel),
        entries=MappingProxyType(dict(entries)),
        provinces=MappingProxyType({code or None: count for code, count in provinces if count}),
    )


def funnel_by_wave(
    conn: sqlite3.Connection, *, province_code: str | None = None
) -> dict[int | None, tuple[FunnelCount, ...]]:
    """Every wave's funnel side by side (the programme overview), in wave id order."""
    where, province = _province_filter(province_code)
    rows = conn.execute(
        f"SELECT wave_id, stage, side_state, sum(n) FROM {FUNNEL_COUNTS}"
        f" WHERE 1{where} GROUP BY wave_id, stage, side_state ORDER BY wave_id",
        province,
    ).fetchall()
    by_wave: dict[int, list[tuple[str, str, int]]] = {}
    for wave_id, stage, side, count in rows:
        by_wave.setdefault(wave_id, []).append((stage, side, count))
    return {wave_id or None: _funnel(cells) for wave_id, cells in by_wave.items()}
