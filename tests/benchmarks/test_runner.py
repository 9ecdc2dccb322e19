"""The benchmark runner, its shared data and its results: plumbing only, never timings.

Speed is judged by ``python -m benchmarks`` itself (DESIGN §5 budgets, measured on a
quiet machine); these tests check that a run completes on a small scale and writes
well-formed results, and that the pieces it is built from hold together.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import __main__ as runner
from benchmarks import data
from benchmarks.bench_keepup import WARM_UP, Sample, _rate, lags
from benchmarks.context import BenchContext
from benchmarks.figures import Figure

FIELDS = {"name", "value", "unit", "budget", "baseline", "ratio", "ok"}


def test_a_small_run_builds_its_data_once_and_writes_well_formed_results(tmp_path: Path) -> None:
    """Seeds a central, first-syncs a mirror over HTTP, runs two modules, writes both files."""
    cache, output = tmp_path / "cache", tmp_path / "results"
    arguments = ["--applicants", "2000", "--quick", "--cache", str(cache), "--output", str(output)]
    runner.main([*arguments, "--only", "store", "sync"])

    figures = json.loads((output / "latest.json").read_text())
    assert figures
    assert all(set(figure) >= FIELDS for figure in figures)
    assert all(isinstance(figure["value"], int | float) for figure in figures)
    assert not [f["name"] for f in figures if f["name"].endswith(": completed")]  # none crashed
    names = {figure["name"] for figure in figures}
    assert {"store: wave dashboard refresh, p95", "sync: first sync end to end"} <= names

    table = (output / "latest.md").read_text().splitlines()
    rows = [line for line in table if line.startswith("| ") and not line.startswith("| figure")]
    assert len(rows) == len(figures)
    assert all(line.count("|") == 7 for line in rows)

    built = sorted(path.name for path in (cache / "2000").glob("lifecycle-*.sqlite"))
    assert [name.split("-")[2] for name in built] == ["central", "mirror"]
    stamps = {path: path.stat().st_mtime_ns for path in (cache / "2000").glob("*.json")}
    runner.main([*arguments, "--only", "store"])
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps  # reused, not rebuilt


def test_the_code_version_follows_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "generator").mkdir()
    source = tmp_path / "generator" / "rows.py"
    source.write_text("ROWS = 1\n")
    monkeypatch.setattr(data, "ROOT", tmp_path)
    before = data._digest(("generator",), "salt")
    assert data._digest(("generator",), "salt") == before
    assert data._digest(("generator",), "other scale") != before
    source.write_text("ROWS = 2\n")
    assert data._digest(("generator",), "salt") != before


def test_each_scale_and_seed_has_its_own_data(tmp_path: Path) -> None:
    small = BenchContext(applicants=1000, cache_dir=tmp_path)
    assert data.central_key(small) != data.central_key(BenchContext(2000, cache_dir=tmp_path))
    assert data.central_key(small) != data.central_key(BenchContext(1000, seed=7))
    assert data.mirror_key(small) != data.central_key(small)


def _sample(at: float, central: int, mirror: int) -> Sample:
    return Sample(at=at, before=at - 0.001, central=central, registered=0, mirror=mirror)


def test_lag_runs_from_the_sample_before_a_commit_to_the_mirror_reaching_it() -> None:
    samples = [
        _sample(0.0, 10, 10),
        _sample(1.0, 15, 10),  # 11..15 committed between 0.0 and 1.0
        _sample(2.0, 15, 12),
        _sample(3.0, 20, 15),  # the mirror reaches 15 here; 16..20 committed after 2.0
        _sample(4.0, 20, 20),
    ]
    assert lags(samples, end=4.0) == pytest.approx([3.001, 2.001])


def test_a_change_the_mirror_never_reached_fails_the_budget_instead_of_vanishing() -> None:
    samples = [_sample(0.0, 10, 10), _sample(1.0, 11, 10), _sample(70.0, 11, 10)]
    assert lags(samples, end=1.0) == pytest.approx([70.001])


def test_changes_after_the_window_are_not_measured() -> None:
    samples = [_sample(0.0, 10, 10), _sample(1.0, 10, 10), _sample(2.0, 12, 12)]
    assert lags(samples, end=1.5) == []


def test_the_registration_rate_counts_whole_ticks_between_commits() -> None:
    """80,000 a minute committed 0.2 s at a time; the window's edges fall between commits."""
    per_tick, tick, poll = 80_000 / 60 * 0.2, 0.2, 0.02
    samples = [
        Sample(at=at, before=at, central=0, registered=int(at / tick) * round(per_tick), mirror=0)
        for at in (0.013 + poll * step for step in range(round((WARM_UP + 10) / poll)))
    ]
    assert _rate(samples, end=samples[-1].at) == pytest.approx(80_000, rel=0.005)


def test_a_module_that_raises_is_a_failed_figure() -> None:
    figure = runner._failed("bench_tui", RuntimeError("no terminal"))
    assert (figure.name, figure.ok) == ("tui: completed", False)
    assert "RuntimeError: no terminal" in figure.note


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1_061.1, "1,061"),
        (13.25, "13.2"),
        (0.2153, "0.215"),
        (0.00312, "0.0031"),
        (80_000, "80,000"),
    ],
)
def test_numbers_are_readable(value: float, shown: str) -> None:
    assert runner.number(value) == shown


def test_the_table_shows_budget_direction_baseline_and_verdict() -> None:
    run = runner.Run(BenchContext(1000), 0.0, 1.0, (0.1, 0.2, 0.3), (0.3, 0.2, 0.1), ())
    table = runner.markdown(
        [
            Figure("sync", 60_000.0, "applicants/s", 50_000, 500_000.0, higher_is_better=True),
            Figure("lookup", 2.0, "ms", 1.0),
        ],
        run,
    )
    assert "| sync | 60,000 applicants/s | ≥ 50,000 | 500,000 | 0.12 | ✓ |" in table
    assert "| lookup | 2 ms | ≤ 1 | — | — | ✗ |" in table
