"""Benchmarks with targets; prints one markdown table. `python bench/run.py` (full) or `--smoke` (small, for CI).

Each figure is the median of several runs; ratios are measured in the same run. Targets are for a
2-core machine (see README, "Speed"). Parts (`--only`, comma-separated):

- core:    Monte Carlo (1,000,000 draws x 8 options) against plain numpy; clinic cash flows (10,000 scenarios)
- app:     script time of a rerun after a widget change, per view (AppTest)
- large:   50,000 price rows: load + validate, the views' core calls, every view in AppTest
- browser: page open to every chart drawn, per view, against a bare one-chart page; reruns seen in the browser
- load:    20 browser sessions at once clicking through the views; server memory and log
- cold:    `streamlit run app.py` until health answers and until the first chart is drawn

`--smoke` uses tiny sizes, judges no target, and opens the browser once (bare page and Compare); it
skips load and cold. Servers are started on free loopback ports and always terminated; every wait has
a timeout. Exit code 1 if a part failed to run (its row says why), else 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import core  # noqa: E402
from bench.figures import Figure, judged, median_seconds, ms  # noqa: E402

PARTS = ("core", "app", "large", "browser", "load", "cold")
SMOKE_PARTS = ("core", "app", "large", "browser")


def core_figures(smoke: bool) -> list[Figure]:
    """Monte Carlo against plain numpy (same run), and clinic cash flows."""
    from pricing.tables.loading import load_tables

    tables = load_tables()
    draws = 20_000 if smoke else 1_000_000
    repeats = 2 if smoke else 5
    rows = core.eight_course_rows(tables)
    t_core = median_seconds(lambda: core.monte_carlo_core(tables, rows, draws), repeats)
    t_plain = median_seconds(lambda: core.monte_carlo_plain(tables, rows, draws), repeats)
    ratio = t_core / t_plain
    scenarios = 500 if smoke else 10_000
    inputs = core.device_scenarios(scenarios)
    t_cash = median_seconds(lambda: core.cash_flows(inputs), repeats)
    return [
        Figure(
            f"core: Monte Carlo, {draws:,} draws x 8 options", f"{t_core:.3f} s", "< 0.5 s", judged(smoke, t_core < 0.5)
        ),
        Figure(
            "core: Monte Carlo vs plain numpy (same run)",
            f"{ratio:.2f}x ({t_plain:.3f} s plain)",
            "<= 2x",
            judged(smoke, ratio <= 2),
        ),
        Figure(
            f"core: clinic cash flow, {scenarios:,} scenarios x 10 years",
            f"{t_cash:.3f} s",
            "< 0.5 s",
            judged(smoke, t_cash < 0.5),
        ),
    ]


def app_figures(smoke: bool) -> list[Figure]:
    """Script time of a rerun after a widget change, per view (AppTest, default data)."""
    from bench.app_reruns import VIEWS, rerun_seconds

    out = []
    for view in VIEWS:
        t = statistics.median(rerun_seconds(view, 2 if smoke else 7))
        out.append(
            Figure(
                f"app: rerun after a widget change, {view} (AppTest, script time)",
                ms(t),
                "< 200 ms",
                judged(smoke, t < 0.2),
            )
        )
    return out


def part_figures(part: str, smoke: bool, store_dir: Path) -> list[Figure]:
    """The figures of one part."""
    if part == "core":
        return core_figures(smoke)
    if part == "app":
        return app_figures(smoke)
    if part == "large":
        from bench import large_tables

        return large_tables.run(smoke)
    if part == "browser":
        from bench import browser

        return browser.run(smoke, store_dir)
    if part == "load":
        from bench import load

        return load.run(smoke, store_dir)
    if part == "cold":
        from bench import cold_start

        with tempfile.TemporaryDirectory() as cold_store:
            return cold_start.run(smoke, Path(cold_store))
    raise ValueError(f"unknown part {part!r}; choose from {', '.join(PARTS)}")


def run_parts(parts: list[str], smoke: bool, progress: Callable[[str], None]) -> tuple[list[Figure], bool]:
    """Every chosen part in a fresh temp store; a part that fails gives one row with its error."""
    figures: list[Figure] = []
    failed = False
    for part in parts:
        progress(f"bench: {part}...")
        with tempfile.TemporaryDirectory() as store_dir:
            os.environ["COSTDASH_DATA_DIR"] = store_dir
            os.environ.pop("COSTDASH_DATABASE_URL", None)
            try:
                figures += part_figures(part, smoke, Path(store_dir))
            except Exception as exc:  # noqa: BLE001 - reported in the table, and in the exit code
                failed = True
                traceback.print_exc(file=sys.stderr)
                figures.append(
                    Figure(
                        f"{part}: FAILED",
                        f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}" if str(exc) else type(exc).__name__,
                        "runs",
                        False,
                    )
                )
    return figures, failed


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def table(figures: list[Figure]) -> str:
    """The markdown table: what | figure | target | met."""
    lines = ["| what | figure | target | met |", "| --- | --- | --- | --- |"]
    for f in figures:
        verdict = "-" if f.met is None else ("yes" if f.met else "NO")
        lines.append(f"| {f.what} | {f.figure} | {f.target} | {verdict} |")
    return "\n".join(lines)


class _DropBareModeNoise(logging.Filter):
    """Drops Streamlit's warnings about running outside a server (AppTest in this process)."""

    NOISE = ("missing ScriptRunContext", "No runtime found")

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(text in record.getMessage() for text in self.NOISE)


def quiet_apptest_warnings() -> None:
    """No 'missing ScriptRunContext' lines from AppTest in this process (the servers keep their full logs)."""
    from streamlit.logger import get_logger

    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
        get_logger(name).addFilter(_DropBareModeNoise())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no targets judged, one browser pass (CI)")
    parser.add_argument("--only", default="", help=f"comma-separated parts: {','.join(PARTS)}")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()] or list(SMOKE_PARTS if args.smoke else PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    quiet_apptest_warnings()
    load_before = load_average()
    figures, failed = run_parts(parts, args.smoke, lambda text: print(text, file=sys.stderr, flush=True))
    print(
        f"Benchmarks{' (smoke)' if args.smoke else ''} on {date.today()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average {load_before} before, "
        f"{load_average()} after"
    )
    print(table(figures))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
