"""Benchmarks with targets; prints one table. `python bench/run.py` (full) or `--smoke` (small, for CI).

Each figure is the median of several runs; ratios are measured in the same run. Targets are for a
2-core machine (see README, "Speed").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import core  # noqa: E402
from pricing.tables import load_tables  # noqa: E402


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rows_for(smoke: bool) -> list[tuple[str, str, str, bool | None]]:
    """(what, figure, target, met) rows."""
    tables = load_tables()
    out: list[tuple[str, str, str, bool | None]] = []
    draws = 20_000 if smoke else 1_000_000
    repeats = 2 if smoke else 5
    rows = core.eight_course_rows(tables)
    t_core = median_seconds(lambda: core.monte_carlo_core(tables, rows, draws), repeats)
    t_plain = median_seconds(lambda: core.monte_carlo_plain(tables, rows, draws), repeats)
    ratio = t_core / t_plain
    out.append((f"core: Monte Carlo, {draws:,} draws x 8 options", f"{t_core:.3f} s",
                "< 0.5 s", None if smoke else t_core < 0.5))
    out.append(("core: Monte Carlo vs plain numpy (same run)", f"{ratio:.2f}x ({t_plain:.3f} s plain)",
                "<= 2x", None if smoke else ratio <= 2))
    scenarios = 500 if smoke else 10_000
    inputs = core.device_scenarios(scenarios)
    t_cash = median_seconds(lambda: core.cash_flows(inputs), repeats)
    out.append((f"core: clinic cash flow, {scenarios:,} scenarios x 10 years", f"{t_cash:.3f} s",
                "< 0.5 s", None if smoke else t_cash < 0.5))

    from bench.app_reruns import VIEWS, rerun_seconds
    for view in VIEWS:
        times = rerun_seconds(view, 2 if smoke else 7)
        t = statistics.median(times)
        out.append((f"app: rerun after a widget change, {view}", f"{t * 1000:.0f} ms", "< 200 ms",
                    None if smoke else t < 0.2))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="small sizes, no targets judged (CI)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store_dir:
        os.environ["COSTDASH_DATA_DIR"] = store_dir
        os.environ.pop("COSTDASH_DATABASE_URL", None)
        rows = rows_for(args.smoke)
    print(f"Benchmarks {'(smoke)' if args.smoke else ''} on {date.today()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    print("| what | figure | target | met |")
    print("| --- | --- | --- | --- |")
    for what, figure, target, met in rows:
        verdict = "-" if met is None else ("yes" if met else "NO")
        print(f"| {what} | {figure} | {target} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
