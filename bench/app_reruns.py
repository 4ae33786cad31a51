"""App benchmarks: script time of a rerun after a widget change, per view, through AppTest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


VIEWS: dict[str, tuple[str, str, Callable[[int], object]]] = {
    "Compare treatments": ("views/compare.py", "extras", lambda i: float(10 + i)),
    "Regions": ("views/regions.py", "extras", lambda i: float(10 + i)),
    "Clinic planner": ("views/clinic.py", "target_margin", lambda i: 30 + i % 20),
    "Price tables": ("views/price_tables.py", "_bench_touch", lambda i: i),
}


def rerun_seconds(view: str, repeats: int) -> list[float]:
    """Script time (measured inside app.py) of `repeats` reruns after a widget change (cold run excluded)."""
    page, key, value = VIEWS[view]
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(page).run()
    at.run()
    if at.exception:
        raise RuntimeError(f"{view}: {at.exception[0].value}")
    times = []
    for i in range(repeats):
        at.session_state[key] = value(i)
        at.run()
        times.append(float(at.session_state["_script_seconds"]))
        if at.exception:
            raise RuntimeError(f"{view}: {at.exception[0].value}")
    return times
