"""How sure the figures are: Monte Carlo course totals, and a sensitivity tornado for a device.

Monte Carlo, per row and draw: price factor from a triangular distribution on (low, typical, high)
divided by typical; sessions from a triangular distribution on (min - 0.5, typical, max + 0.5),
rounded and clipped to min..max; downtime days per session triangular on (min, typical, max).
total = factor x cheapest typical-price cost of those sessions + extras x sessions
        + sessions x downtime days x daily value.
Seeded with numpy's PCG64 so the same seed gives the same P10/P50/P90.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.course import CourseCostTable, PatientCosts
from pricing.device import DeviceInputs, device_economics

DEFAULT_SEED = 20261122
DEFAULT_DRAWS = 20_000


def triangular_from_uniform(u: npt.NDArray[np.float64], low: npt.ArrayLike, mode: npt.ArrayLike,
                            high: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Inverse CDF of the triangular distribution; a zero-width band (low == high) returns low.

    Unlike numpy's sampler it accepts low == mode == high, which real price tables contain.
    """
    low, mode, high = (np.asarray(x, dtype=np.float64)[..., None] for x in (low, mode, high))
    width = high - low
    safe_width = np.where(width > 0, width, 1.0)
    split = (mode - low) / safe_width
    left = low + np.sqrt(u * safe_width * (mode - low))
    right = high - np.sqrt((1.0 - u) * safe_width * (high - mode))
    return np.where(width > 0, np.where(u < split, left, right), low)


def draw_totals(courses: pd.DataFrame, table: CourseCostTable, patient: PatientCosts,
                draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> npt.NDArray[np.float64]:
    """Monte Carlo course totals, shape (rows, draws), in `patient.currency`."""
    rng = np.random.default_rng(seed)
    rows = len(courses)
    col = {c: courses[c].to_numpy(np.float64) for c in (
        "price_low", "price_typical", "price_high", "sessions_min", "sessions_typical", "sessions_max",
        "downtime_days_min", "downtime_days_typical", "downtime_days_max")}
    typical = col["price_typical"]
    price = triangular_from_uniform(rng.random((rows, draws)), col["price_low"], typical, col["price_high"])
    sessions_float = triangular_from_uniform(rng.random((rows, draws)), col["sessions_min"] - 0.5,
                                             col["sessions_typical"], col["sessions_max"] + 0.5)
    sessions = np.clip(np.rint(sessions_float), col["sessions_min"][:, None], col["sessions_max"][:, None])
    sessions = sessions.astype(np.int64)
    course = np.where(typical[:, None] > 0,
                      price / np.where(typical > 0, typical, 1.0)[:, None] * table.cost_at(sessions),
                      price * sessions)
    total = course + patient.extras_per_visit * sessions
    if patient.daily_value_of_downtime:
        days = triangular_from_uniform(rng.random((rows, draws)), col["downtime_days_min"],
                                       col["downtime_days_typical"], col["downtime_days_max"])
        total += sessions * days * patient.daily_value_of_downtime
    return total


def total_percentiles(totals: npt.NDArray[np.float64]) -> pd.DataFrame:
    """P10, P50 and P90 of each row of Monte Carlo totals."""
    p10, p50, p90 = np.percentile(totals, [10, 50, 90], axis=1)
    return pd.DataFrame({"p10": p10, "p50": p50, "p90": p90})


SENSITIVITY_INPUTS: dict[str, str] = {
    "price_per_session": "Price charged per session",
    "sessions_per_month": "Sessions per month",
    "consumables_per_session": "Consumables per session",
    "other_per_session": "Other cost per session",
    "minutes_per_session": "Minutes per session",
    "hourly_rate": "Operator hourly rate",
    "device_price": "Device price (with down payment and residual)",
    "maintenance_per_year": "Maintenance per year",
    "apr_pct": "Financing APR",
    "life_years": "Useful life",
}


def profit_sensitivity(inputs: DeviceInputs, change_pct: float = 20.0) -> pd.DataFrame:
    """Monthly profit when each input moves down and up by `change_pct` percent, one at a time.

    monthly profit = sessions_per_month x contribution_margin - fixed_cost_per_month (money in
    inputs.currency). Device price moves with its down payment and residual value (both are set as
    shares of the price). Returns rows sorted by swing = |profit_high - profit_low|, largest first,
    with columns input, label, value_low, value_high, profit_low, profit_high, base_profit, swing.
    """
    base = inputs.arrays()
    names = list(SENSITIVITY_INPUTS)
    factors = np.array([1 - change_pct / 100, 1 + change_pct / 100])
    scenario = {k: np.repeat(v[:1], 1 + 2 * len(names)) for k, v in base.items()}
    linked = {"device_price": ("device_price", "down_payment", "residual_value")}
    for i, name in enumerate(names):
        for j, factor in enumerate(factors):
            for column in linked.get(name, (name,)):
                scenario[column][1 + 2 * i + j] = base[column][0] * factor
    profit = device_economics(inputs.with_values(**scenario)).monthly_profit
    low, high = profit[1::2], profit[2::2]
    out = pd.DataFrame({
        "input": names, "label": [SENSITIVITY_INPUTS[n] for n in names],
        "value_low": [base[n][0] * factors[0] for n in names], "value_high": [base[n][0] * factors[1] for n in names],
        "profit_low": low, "profit_high": high, "base_profit": profit[0], "swing": np.abs(high - low),
    })
    return out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
