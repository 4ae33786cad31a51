"""Cold start: from `streamlit run app.py` starting until /_stcore/health answers, and until a first page
session has drawn its first chart.

Chromium is launched (and a context opened) before the server starts, so only the server's start and
the first page are timed. The store folder is seeded beforehand (as after any earlier start); each
start is a new process on the same port, after one start that is not counted, so the browser has the
front end's static files in its cache (as a returning user has; a first visit also downloads and
compiles them, which is the browser's cost, not the server's). The page also records when it saw
the first script run start and end.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import BrowserContext

from bench.browser import APP, browser_context
from bench.figures import Figure, judged
from bench.server import free_port, streamlit_server, wait_healthy

FIRST_CHART_JS = "() => document.querySelector('.js-plotly-plot .main-svg') !== null"
TARGET_S = 5.0


def one_start(context: BrowserContext, store_dir: Path, log_path: Path, port: int) -> tuple[float, float, float]:
    """Seconds from process start to health, to the first chart drawn in a new page, and to the end of that
    page's first script run."""
    with streamlit_server(APP, log_path, {"COSTDASH_DATA_DIR": str(store_dir)}, wait=False, port=port) as server:
        healthy = wait_healthy(server, 60) - server.started_at
        page = context.new_page()
        try:
            opened = time.perf_counter()  # navigation starts right after this
            page.goto(server.url + "/", wait_until="commit", timeout=60_000)
            page.wait_for_function(FIRST_CHART_JS, polling="raf", timeout=60_000)
            first_chart = time.perf_counter() - server.started_at
            run = page.evaluate("() => window.__benchFirstRun")
            run_ended = (opened - server.started_at) + float(run["ended"] or 0) / 1000
        finally:
            page.close()
    return healthy, first_chart, run_ended


def run(smoke: bool, store_dir: Path, repeats: int = 3) -> list[Figure]:
    """Median of `repeats` cold starts (one in a smoke run)."""
    from store import TableStore

    TableStore(f"sqlite:///{store_dir / 'store.sqlite'}").tables()  # seeded, as after an earlier start
    times = []
    port = free_port()
    with tempfile.TemporaryDirectory() as logs, browser_context() as context:
        for i in range(1 + (1 if smoke else repeats)):
            timing = one_start(context, store_dir, Path(logs) / f"start{i}.log", port)
            if i:  # the first start only fills the browser cache
                times.append(timing)
    healthy = statistics.median(t[0] for t in times)
    first_chart = statistics.median(t[1] for t in times)
    run_ended = statistics.median(t[2] for t in times)
    return [
        Figure(
            "cold start: process start to /_stcore/health answering",
            f"{healthy:.2f} s",
            f"< {TARGET_S:g} s",
            judged(smoke, healthy < TARGET_S),
        ),
        Figure(
            "cold start: process start to the first page's first chart drawn (its first script run ended at)",
            f"{first_chart:.2f} s ({run_ended:.2f} s)",
            f"< {TARGET_S:g} s",
            judged(smoke, first_chart < TARGET_S),
        ),
    ]
