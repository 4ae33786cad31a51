"""What every benchmark part returns: one row of the printed table, and the median timer they share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One row of the report: what was measured, the figure, the target, and whether it was met.

    `met` is None when the target is not judged (smoke runs, figures given for information).
    """

    what: str
    figure: str
    target: str = "-"
    met: bool | None = None


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    """Median wall time of `repeats` calls of `work`."""
    return statistics.median(timed(work)[1] for _ in range(repeats))


def timed(work: Callable[[], object]) -> tuple[object, float]:
    """The result of `work()` and its wall time in seconds."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def judged(smoke: bool, condition: bool) -> bool | None:
    """The verdict of a target, or None in a smoke run (small sizes: targets do not apply)."""
    return None if smoke else bool(condition)


def ms(seconds: float) -> str:
    """'123 ms'."""
    return f"{seconds * 1000:.0f} ms"
