"""``python -m benchmarks``: build the shared data once, run every benchmark, write the results.

Each ``benchmarks/bench_*.py`` exposes ``run(context: BenchContext) -> list[Figure]``
and takes its data from :mod:`benchmarks.data` (cached under ``benchmarks/.cache``).
Results go to ``benchmarks/results/latest.json`` (a list of figures) and
``latest.md`` (the table, with the machine, its load and each module's time).
The exit status is 1 when a figure misses its budget or a module fails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from benchmarks.context import CACHE_ROOT, BenchContext
from benchmarks.figures import Figure

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
QUICK_APPLICANTS = 100_000
FULL_APPLICANTS = 1_400_000


@dataclass(frozen=True, slots=True)
class Run:
    """What the table's header says about the run."""

    context: BenchContext
    started: float
    seconds: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    modules: tuple[tuple[str, float], ...]


def discover(selected: list[str]) -> list[str]:
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if selected:
        names = [name for name in names if any(part in name for part in selected)]
    return names


def number(value: float) -> str:
    """Enough digits to read, never a wall of them: 1,061 · 13.2 · 0.215 · 0.0031."""
    size = abs(value)
    if size >= 1000 or value == int(value):
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    if size >= 0.1:
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{value:.2g}"


def markdown(figures: list[Figure], run: Run) -> str:
    context = run.context
    loads = "/".join(f"{load:.2f}" for load in run.load_before)
    loads_after = "/".join(f"{load:.2f}" for load in run.load_after)
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(run.started))} on"
        f" {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()},"
        f" {context.applicants:,} applicants{' (quick)' if context.quick else ''};"
        f" {run.seconds:,.0f} s in all; load average {loads} before, {loads_after} after.",
        "",
        "| figure | value | budget | baseline (same run) | ratio | ok |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for figure in figures:
        budget = (
            "—"
            if figure.budget is None
            else f"{'≥' if figure.higher_is_better else '≤'} {number(figure.budget)}"
        )
        baseline = "—" if figure.baseline is None else number(figure.baseline)
        ratio = "—" if figure.ratio is None else number(figure.ratio)
        ok = {None: "·", True: "✓", False: "✗"}[figure.ok]
        lines.append(
            f"| {figure.name} | {number(figure.value)} {figure.unit} | {budget} | {baseline}"
            f" | {ratio} | {ok} |"
        )
    timings = ", ".join(
        f"{name.removeprefix('bench_')} {seconds:,.0f} s" for name, seconds in run.modules
    )
    lines += ["", f"Seconds per module (shared data built by the first that needs it): {timings}."]
    return "\n".join(lines) + "\n"


def _failed(name: str, error: BaseException) -> Figure:
    """A module that raised shows in the table as a failed figure, not as a missing row."""
    return Figure(
        f"{name.removeprefix('bench_')}: completed",
        0.0,
        "1 = yes",
        budget=1.0,
        higher_is_better=True,
        note=f"{type(error).__name__}: {error}"[:500],
    )


def _write(folder: Path, name: str, text: str) -> None:
    """Replace a results file whole, so a reader never sees half of it."""
    partial = folder / f"{name}.tmp"
    partial.write_text(text)
    partial.replace(folder / name)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_APPLICANTS:,} applicants")
    parser.add_argument("--applicants", type=int, default=None, help=f"default {FULL_APPLICANTS:,}")
    parser.add_argument(
        "--only", nargs="*", default=[], help="run only benchmarks whose name contains these"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for latest.json/.md")
    parser.add_argument("--cache", type=Path, default=CACHE_ROOT, help="folder for the built data")
    args = parser.parse_args(argv)
    applicants = args.applicants or (QUICK_APPLICANTS if args.quick else FULL_APPLICANTS)
    context = BenchContext(applicants=applicants, quick=args.quick, cache_dir=args.cache)
    started, began, load_before = time.time(), time.perf_counter(), os.getloadavg()
    figures: list[Figure] = []
    modules: list[tuple[str, float]] = []
    for name in discover(args.only):
        print(f"== {name}", file=sys.stderr, flush=True)
        module_began = time.perf_counter()
        try:
            produced = importlib.import_module(f"benchmarks.{name}").run(context)
        except Exception as error:  # noqa: BLE001 - reported as a failed figure, the run goes on
            traceback.print_exc()
            produced = [_failed(name, error)]
        modules.append((name, time.perf_counter() - module_began))
        for figure in produced:
            figures.append(figure)
            print(json.dumps(figure.as_json()), flush=True)
    run = Run(
        context,
        started,
        time.perf_counter() - began,
        load_before,
        os.getloadavg(),
        tuple(modules),
    )
    args.output.mkdir(parents=True, exist_ok=True)
    _write(args.output, "latest.json", json.dumps([f.as_json() for f in figures], indent=2) + "\n")
    table = markdown(figures, run)
    _write(args.output, "latest.md", table)
    print(table, file=sys.stderr)
    return 1 if any(figure.ok is False for figure in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
