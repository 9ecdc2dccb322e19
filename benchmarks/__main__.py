"""``python -m benchmarks``: run every ``benchmarks/bench_*.py`` and write the results.

Each module exposes ``run(context: BenchContext) -> list[Figure]``. Results go to
``benchmarks/results/latest.json`` and ``latest.md``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

from benchmarks.context import BenchContext
from benchmarks.figures import Figure

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
QUICK_APPLICANTS = 100_000
FULL_APPLICANTS = 1_400_000


def discover(selected: list[str]) -> list[str]:
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if selected:
        names = [name for name in names if any(part in name for part in selected)]
    return names


def markdown(figures: list[Figure], context: BenchContext) -> str:
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
        f"Python {platform.python_version()}, {context.applicants:,} applicants"
        f"{' (quick)' if context.quick else ''}.",
        "",
        "| figure | value | budget | baseline (same run) | ratio | ok |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for figure in figures:
        budget = (
            "—"
            if figure.budget is None
            else f"{'≥' if figure.higher_is_better else '≤'} {figure.budget:,g}"
        )
        baseline = "—" if figure.baseline is None else f"{figure.baseline:,.3f}"
        ratio = "—" if figure.ratio is None else f"{figure.ratio:,.3f}"
        ok = {None: "·", True: "✓", False: "✗"}[figure.ok]
        lines.append(
            f"| {figure.name} | {figure.value:,.3f} {figure.unit} | {budget} | {baseline} | {ratio} | {ok} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_APPLICANTS:,} applicants")
    parser.add_argument("--applicants", type=int, default=None)
    parser.add_argument(
        "--only", nargs="*", default=[], help="run only benchmarks whose name contains these"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for latest.json/.md")
    args = parser.parse_args(argv)
    applicants = args.applicants or (QUICK_APPLICANTS if args.quick else FULL_APPLICANTS)
    context = BenchContext(applicants=applicants, quick=args.quick)
    figures: list[Figure] = []
    failures = 0
    for name in discover(args.only):
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", file=sys.stderr, flush=True)
        for figure in module.run(context):
            figures.append(figure)
            print(json.dumps(figure.as_json()), flush=True)
            failures += figure.ok is False
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(
        json.dumps([f.as_json() for f in figures], indent=2) + "\n"
    )
    (args.output / "latest.md").write_text(markdown(figures, context))
    print(markdown(figures, context), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
