"""Core benchmarks: Monte Carlo course totals and clinic cash flows, vectorised, at scale."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pricing.clinic.device import DeviceInputs, device_economics
from pricing.patient.compare import course_rows, package_arrays
from pricing.patient.course import PatientCosts, course_cost_table
from pricing.patient.uncertainty import draw_totals
from pricing.tables.loading import PriceTables

ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]


def eight_course_rows(tables: PriceTables) -> pd.DataFrame:
    """US course rows for all 8 options (fine lines, where every option has a course; missing ones borrowed)."""
    rows, _ = course_rows(tables, ["US"], ALL_OPTIONS, "fine_lines", "USD")
    while len(rows) < 8:
        rows = pd.concat([rows, rows.iloc[: 8 - len(rows)]], ignore_index=True)
    return rows


def monte_carlo_core(tables: PriceTables, rows: pd.DataFrame, draws: int) -> np.ndarray:
    """Course totals for every row and draw, through the core (packages applied)."""
    table = course_cost_table(rows, package_arrays(tables, rows, "USD"))
    return draw_totals(rows, table, PatientCosts("USD", 10.0, 50.0), draws=draws, seed=1)


def monte_carlo_plain(tables: PriceTables, rows: pd.DataFrame, draws: int) -> np.ndarray:
    """The same arithmetic as one plain numpy expression per step (baseline for the core's overhead)."""
    table = course_cost_table(rows, package_arrays(tables, rows, "USD"))
    rng = np.random.default_rng(1)
    lo, ty, hi = (rows[c].to_numpy(float)[:, None] for c in ("price_low", "price_typical", "price_high"))
    smin, sty, smax = (rows[c].to_numpy(float)[:, None] for c in ("sessions_min", "sessions_typical", "sessions_max"))
    dmin, dty, dmax = (
        rows[c].to_numpy(float)[:, None] for c in ("downtime_days_min", "downtime_days_typical", "downtime_days_max")
    )

    def tri(u, a, m, b):
        w = np.where(b > a, b - a, 1.0)
        return np.where(
            b > a, np.where(u < (m - a) / w, a + np.sqrt(u * w * (m - a)), b - np.sqrt((1 - u) * w * (b - m))), a
        )

    price = tri(rng.random((len(rows), draws)), lo, ty, hi)
    n = np.clip(np.rint(tri(rng.random((len(rows), draws)), smin - 0.5, sty, smax + 0.5)), smin, smax).astype(int)
    days = tri(rng.random((len(rows), draws)), dmin, dty, dmax)
    return price / ty * table.cost[np.arange(len(rows))[:, None], n] + 10.0 * n + n * days * 50.0


def device_scenarios(count: int, seed: int = 7) -> DeviceInputs:
    """Random but valid clinic scenarios (USD), ten-year lives."""
    rng = np.random.default_rng(seed)
    price = rng.uniform(5_000, 250_000, count)
    return DeviceInputs(
        currency="USD",
        device_price=price,
        down_payment=price * 0.1,
        residual_value=price * 0.2,
        life_years=np.full(count, 10.0),
        maintenance_per_year=price * 0.08,
        apr_pct=rng.uniform(0, 15, count),
        term_months=rng.integers(0, 84, count).astype(float),
        consumables_per_session=rng.uniform(10, 300, count),
        other_per_session=np.zeros(count),
        minutes_per_session=rng.uniform(15, 90, count),
        hourly_rate=rng.uniform(20, 60, count),
        price_per_session=rng.uniform(200, 1500, count),
        sessions_per_month=rng.uniform(5, 80, count),
        discount_rate_pct=rng.uniform(0, 12, count),
        hours_per_month=np.full(count, 173.0),
    )


def cash_flows(inputs: DeviceInputs) -> np.ndarray:
    """Run the clinic economics for every scenario; returns payback months (forces the whole computation)."""
    return device_economics(inputs).payback_months
