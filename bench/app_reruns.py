"""App benchmarks: script time of a rerun after a widget change, per view, through AppTest.

The script time is measured inside app.py (`st.session_state["_script_seconds"]`, set at the end of a
finished run); when a run ends early (st.stop) the wall time of `AppTest.run` is used instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SCRIPT_SECONDS_KEY = "_script_seconds"
PRICE_FILTER_KEY = "price_tables.filter.prices.region_id"  # views.price_tables.drafts.filter_key("prices", "region_id")

# view: (page script, widget key, value of the widget on the i-th change)
VIEWS: dict[str, tuple[str, str, Callable[[int], object]]] = {
    "Compare treatments": ("views/compare_treatments/page.py", "extras", lambda i: float(10 + i)),
    "Regions": ("views/regions/page.py", "extras", lambda i: float(10 + i)),
    "Clinic planner": ("views/clinic_planner/page.py", "target_margin", lambda i: 30 + i % 20),
    "Real-world payback": ("views/real_world_payback/page.py", "rw_ramp", lambda i: 1 + i % 12),
    # The price editor's region filter: every other change shows the whole table again.
    "Price tables": ("views/price_tables/page.py", PRICE_FILTER_KEY, lambda i: ["US"] if i % 2 == 0 else []),
}


def _check(at: AppTest, view: str) -> None:
    if at.exception:
        raise RuntimeError(f"{view}: {at.exception[0].value}")


def timed_run(at: AppTest, view: str) -> float:
    """Run the script once; its script time from app.py, else the wall time of the run."""
    at.session_state[SCRIPT_SECONDS_KEY] = None
    start = time.perf_counter()
    at.run()
    wall = time.perf_counter() - start
    _check(at, view)
    seconds = at.session_state.get(SCRIPT_SECONDS_KEY)
    return float(seconds) if seconds is not None else wall


def open_view(view: str, timeout: float = 120) -> AppTest:
    """An AppTest session showing the view, after its first run."""
    page = VIEWS[view][0]
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    _check(at, view)
    at.switch_page(page).run()
    _check(at, view)
    return at


def changed_reruns(at: AppTest, view: str, repeats: int) -> list[float]:
    """Script time of `repeats` reruns, each after the view's widget changed."""
    _, key, value = VIEWS[view]
    times = []
    for i in range(repeats):
        at.session_state[key] = value(i)
        times.append(timed_run(at, view))
    return times


def rerun_seconds(view: str, repeats: int) -> list[float]:
    """Script time of `repeats` reruns after a widget change (the cold first run excluded)."""
    at = open_view(view)
    at.run()
    _check(at, view)
    return changed_reruns(at, view, repeats)


def cold_and_rerun_seconds(view: str, repeats: int, timeout: float = 600) -> tuple[float, list[float]]:
    """The view's run with every cache emptied first (store read, validation and compute included), then
    `repeats` reruns after a widget change."""
    at = open_view(view, timeout)
    st.cache_resource.clear()
    st.cache_data.clear()
    cold = timed_run(at, view)
    return cold, changed_reruns(at, view, repeats)
