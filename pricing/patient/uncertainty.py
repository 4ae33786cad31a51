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


# A typical total within half a cent (or a relative 1e-6, the single-precision draws' error) of P10 or P90 is
# inside the band: equal amounts must not be reported as outside it.
_BAND_TOLERANCE = 0.005
_BAND_RELATIVE_TOLERANCE = 1e-6


def typical_outside_band(total_typical: npt.ArrayLike, p10: npt.ArrayLike, p90: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where the typical total lies outside [P10, P90] of the simulated totals (same currency).

    A typical total within half a cent (or 1e-6 of the percentile) of P10 or P90 counts as inside.

    >>> typical_outside_band([310.0, 500.0, 1000.0], [413.0, 400.0, 400.0], [1500.0, 900.0, 999.999]).tolist()
    [True, False, False]
    """
    typical = np.asarray(total_typical, dtype=np.float64)
    low, high = np.asarray(p10, dtype=np.float64), np.asarray(p90, dtype=np.float64)
    slack_low = np.maximum(_BAND_TOLERANCE, np.abs(low) * _BAND_RELATIVE_TOLERANCE)
    slack_high = np.maximum(_BAND_TOLERANCE, np.abs(high) * _BAND_RELATIVE_TOLERANCE)
    return (typical < low - slack_low) | (typical > high + slack_high)


def triangular_median(low: npt.ArrayLike, mode: npt.ArrayLike, high: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Median of the triangular distribution on (low, mode, high), row-wise; low where the band has no width.

    median = low + sqrt((high - low)(mode - low) / 2) when mode >= (low + high) / 2,
    else high - sqrt((high - low)(high - mode) / 2).

    >>> triangular_median([0.0, 0.0, 5.0], [1.0, 0.0, 5.0], [2.0, 2.0, 5.0]).round(4).tolist()
    [1.0, 0.5858, 5.0]
    """
    a, c, b = (np.asarray(x, dtype=np.float64) for x in (low, mode, high))
    width = b - a
    left = a + np.sqrt(np.maximum(width * (c - a), 0.0) / 2)
    right = b - np.sqrt(np.maximum(width * (b - c), 0.0) / 2)
    return np.where(width > 0, np.where(c >= (a + b) / 2, left, right), a)


# The simulated median of a part must move the total by more than this share for the part to be named.
_SHIFT_SHARE = 0.01

_REASONS = {
    ("price", "above"): "the typical price is near the low end of its range; most clinics charge more.",
    ("price", "below"): "the typical price is near the high end of its range; most clinics charge less.",
    ("sessions", "above"): "the typical number of sessions is near the fewest; many patients need more.",
    ("sessions", "below"): "the typical number of sessions is near the most; many patients need fewer.",
}


def band_notes(rows: pd.DataFrame) -> list[str]:
    """Why the typical total lies outside [P10, P90], in words, per course row ("" where it is inside).

    rows needs price_low/typical/high, sessions_min/typical/max, total_typical, p10 and p90. The parts are the
    draws' own: the price factor is triangular on (low, typical, high) and the sessions triangular on
    (min - 0.5, typical, max + 0.5), rounded. A part is named when its median lies more than 1 % away from its
    typical value in the direction of the band (median above typical when the typical total is below P10);
    when neither is, packages, extras or downtime moved the draws and the note says only where most courses fall.

    >>> frame = pd.DataFrame({"price_low": [200.0], "price_typical": [310.0], "price_high": [3471.0],
    ...     "sessions_min": [2], "sessions_typical": [3], "sessions_max": [6], "total_typical": [930.0],
    ...     "p10": [1240.0], "p90": [6100.0]})
    >>> print(band_notes(frame)[0])  # doctest: +NORMALIZE_WHITESPACE
    Below P10: the typical price is near the low end of its range; most clinics charge more.
    The typical number of sessions is near the fewest; many patients need more.
    """
    outside = typical_outside_band(rows["total_typical"], rows["p10"], rows["p90"])
    typical_price = rows["price_typical"].to_numpy(np.float64)
    safe_price = np.where(typical_price > 0, typical_price, 1.0)
    price_shift = (
        triangular_median(
            rows["price_low"].to_numpy(np.float64) / safe_price,
            np.where(typical_price > 0, 1.0, 0.0),
            rows["price_high"].to_numpy(np.float64) / safe_price,
        )
        - 1.0
    )
    sessions = rows["sessions_typical"].to_numpy(np.float64)
    fewest, most = (rows[c].to_numpy(np.float64) for c in ("sessions_min", "sessions_max"))
    sessions_median = np.clip(np.rint(triangular_median(fewest - 0.5, sessions, most + 0.5)), fewest, most)
    sessions_shift = sessions_median / np.where(sessions > 0, sessions, 1.0) - 1.0
    below_p10 = rows["total_typical"].to_numpy(np.float64) < rows["p10"].to_numpy(np.float64)
    notes: list[str] = []
    for is_outside, below, price, count in zip(outside, below_p10, price_shift, sessions_shift, strict=True):
        if not is_outside:
            notes.append("")
            continue
        direction, sign = ("above", 1.0) if below else ("below", -1.0)
        reasons = [
            _REASONS[(part, direction)]
            for part, shift in (("price", price), ("sessions", count))
            if sign * shift > _SHIFT_SHARE
        ]
        where = "Below P10" if below else "Above P90"
        if not reasons:
            most_cost = "more" if below else "less"
            reasons = [f"most simulated courses cost {most_cost} (packages, extras or downtime move them)."]
        notes.append(f"{where}: " + " ".join([reasons[0], *(r[0].upper() + r[1:] for r in reasons[1:])]))
    return notes
