"""How sure a patient's figures are: Monte Carlo course totals and their percentiles.

Monte Carlo, per row and draw: price factor from a triangular distribution on (low, typical, high)
divided by typical; sessions from a triangular distribution on (min - 0.5, typical, max + 0.5),
rounded and clipped to min..max; downtime days per session triangular on (min, typical, max).
total = factor x cheapest typical-price cost of those sessions + extras x sessions
        + sessions x downtime days x daily value.
Seeded with numpy's PCG64 so the same seed gives the same P10/P50/P90.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.course import CourseCostTable, PatientCosts

DEFAULT_SEED = 20261122
DEFAULT_DRAWS = 20_000


def triangular_from_uniform(
    u: npt.NDArray[np.floating], low: npt.ArrayLike, mode: npt.ArrayLike, high: npt.ArrayLike
) -> npt.NDArray[np.floating]:
    """Inverse CDF of the triangular distribution, row-wise: u has shape (rows, draws), the bounds (rows,).

    x = low + sqrt(u (high - low)(mode - low)) where u < (mode - low)/(high - low), else
    high - sqrt((1 - u)(high - low)(high - mode)). Unlike numpy's sampler it accepts a zero-width band
    (low == mode == high, which real price tables contain): those rows return low. Computed in u's dtype.
    """
    low, mode, high = (np.asarray(x, dtype=np.float64).reshape(-1, 1) for x in (low, mode, high))
    width = high - low
    safe_width = np.where(width > 0, width, 1.0)
    dtype = u.dtype
    split = ((mode - low) / safe_width).astype(dtype)
    left_scale = (safe_width * (mode - low)).astype(dtype)
    right_scale = (safe_width * (high - mode)).astype(dtype)
    is_left = u < split
    root = np.where(is_left, u * left_scale, (1 - u) * right_scale)
    np.sqrt(root, out=root)
    out = np.where(is_left, low.astype(dtype) + root, high.astype(dtype) - root)
    flat = (width <= 0).ravel()
    if flat.any():
        out[flat] = low[flat].astype(dtype)
    return out


_BLOCK_DRAWS = 16_384  # draws per block: 8 rows of float32 temporaries stay in a 1 MiB L2 cache
_THREADS = min(2, os.cpu_count() or 1)  # blocks are drawn on this many threads (numpy releases the GIL)


def _draw_block(
    rng: np.random.Generator,
    col: dict[str, npt.NDArray[np.float64]],
    table: CourseCostTable,
    patient: PatientCosts,
    size: int,
) -> npt.NDArray[np.float64]:
    rows = len(col["price_typical"])
    typical = col["price_typical"]
    has_typical = typical > 0
    safe_typical = np.where(has_typical, typical, 1.0)
    factor = triangular_from_uniform(
        rng.random((rows, size), dtype=np.float32),
        col["price_low"] / safe_typical,
        np.where(has_typical, 1.0, 0.0),
        col["price_high"] / safe_typical,
    )
    sessions = triangular_from_uniform(
        rng.random((rows, size), dtype=np.float32),
        col["sessions_min"] - 0.5,
        col["sessions_typical"],
        col["sessions_max"] + 0.5,
    )
    np.rint(sessions, out=sessions)
    np.clip(
        sessions,
        col["sessions_min"][:, None].astype(np.float32),
        col["sessions_max"][:, None].astype(np.float32),
        out=sessions,
    )
    count = sessions.astype(np.int64)
    course = np.take_along_axis(table.cost, count, axis=1)  # float64: money is summed in double precision
    if not has_typical.all():
        flat = ~has_typical
        course[flat] = sessions[flat]
        factor[flat] = triangular_from_uniform(
            rng.random((int(flat.sum()), size), dtype=np.float32),
            col["price_low"][flat],
            typical[flat],
            col["price_high"][flat],
        )
    course *= factor
    per_visit = patient.extras_per_visit
    if patient.daily_value_of_downtime:
        days = triangular_from_uniform(
            rng.random((rows, size), dtype=np.float32),
            col["downtime_days_min"],
            col["downtime_days_typical"],
            col["downtime_days_max"],
        )
        days *= patient.daily_value_of_downtime
        days += per_visit
        days *= sessions
        course += days
    elif per_visit:
        sessions *= per_visit
        course += sessions
    return course


def draw_totals(
    courses: pd.DataFrame,
    table: CourseCostTable,
    patient: PatientCosts,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> npt.NDArray[np.float64]:
    """Monte Carlo course totals, shape (rows, draws), in `patient.currency`.

    Drawn in fixed-size blocks of draws, each from its own stream spawned from ``seed`` (same seed, same
    figures, on one thread or two), which keeps the arithmetic in cache and lets two cores share the work.
    A row whose typical price is 0 draws its price directly and pays price x sessions.
    """
    col = {
        c: courses[c].to_numpy(np.float64)
        for c in (
            "price_low",
            "price_typical",
            "price_high",
            "sessions_min",
            "sessions_typical",
            "sessions_max",
            "downtime_days_min",
            "downtime_days_typical",
            "downtime_days_max",
        )
    }
    total = np.empty((len(courses), draws))
    starts = range(0, draws, _BLOCK_DRAWS)
    streams = np.random.SeedSequence(seed).spawn(len(starts))  # one stream a block: same figures on any thread

    def fill(block: int) -> None:
        start = starts[block]
        stop = min(start + _BLOCK_DRAWS, draws)
        total[:, start:stop] = _draw_block(np.random.default_rng(streams[block]), col, table, patient, stop - start)

    if _THREADS > 1 and len(starts) >= 4:
        with ThreadPoolExecutor(_THREADS) as pool:
            list(pool.map(fill, range(len(starts))))
    else:
        for block in range(len(starts)):
            fill(block)
    return total


def total_percentiles(totals: npt.NDArray[np.float64]) -> pd.DataFrame:
    """P10, P50 and P90 of each row of Monte Carlo totals."""
    p10, p50, p90 = np.percentile(totals, [10, 50, 90], axis=1)
    return pd.DataFrame({"p10": p10, "p50": p50, "p90": p90})
