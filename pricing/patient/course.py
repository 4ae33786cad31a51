"""A patient's course of treatment: sessions bought, extras, downtime and their cost, per option.

Vectorised over rows (one row per option and region). For each row, three bands:
- low     = price_low,     sessions_min,     downtime_days_min per session
- typical = price_typical, sessions_typical, downtime_days_typical per session
- high    = price_high,    sessions_max,     downtime_days_max per session
course_cost = cheapest way to buy at least the sessions from singles and packages; package prices
scale with the band (package price x band price / typical price), so the cheapest plan is the same
plan at every price level. extras_cost = extras_per_visit x sessions; downtime_days = days per
session x sessions; downtime_cost = downtime_days x daily_value; total = course + extras + downtime
cost; weeks = (sessions - 1) x interval_weeks. Money is in the row's `currency`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.packages import PurchasePlan, cheapest_cost_table, plan_from_choices

BANDS: tuple[str, ...] = ("low", "typical", "high")
SESSION_COLUMN = {"low": "sessions_min", "typical": "sessions_typical", "high": "sessions_max"}
DOWNTIME_COLUMN = {"low": "downtime_days_min", "typical": "downtime_days_typical", "high": "downtime_days_max"}
PRICE_COLUMN = {"low": "price_low", "typical": "price_typical", "high": "price_high"}
COURSE_INPUT_COLUMNS: tuple[str, ...] = (
    *PRICE_COLUMN.values(),
    *SESSION_COLUMN.values(),
    *DOWNTIME_COLUMN.values(),
    "interval_weeks",
    "currency",
)


@dataclass(frozen=True)
class PatientCosts:
    """What a patient adds per visit and per day off, in `currency`."""

    currency: str
    extras_per_visit: float = 0.0
    daily_value_of_downtime: float = 0.0


@dataclass(frozen=True)
class PackageArrays:
    """Packages aligned to course rows: sizes (R, P) and prices (R, P), price inf where a row has fewer."""

    sizes: npt.NDArray[np.int64]
    prices: npt.NDArray[np.float64]

    @staticmethod
    def empty(rows: int) -> PackageArrays:
        return PackageArrays(np.zeros((rows, 0), dtype=np.int64), np.zeros((rows, 0)))

    @staticmethod
    def from_frame(row_keys: pd.DataFrame, packages: pd.DataFrame, key: list[str]) -> PackageArrays:
        """Pad `packages` (columns key + package_sessions, package_price) to the rows of `row_keys`."""
        if packages.empty:
            return PackageArrays.empty(len(row_keys))
        rows = row_keys[key].reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
        joined = packages.merge(rows, on=key, how="inner")
        if joined.empty:
            return PackageArrays.empty(len(row_keys))
        joined["_slot"] = joined.groupby("_row").cumcount()
        width = int(joined["_slot"].max()) + 1
        sizes = np.ones((len(row_keys), width), dtype=np.int64)
        prices = np.full((len(row_keys), width), np.inf)
        sizes[joined["_row"], joined["_slot"]] = joined["package_sessions"].astype(np.int64)
        prices[joined["_row"], joined["_slot"]] = joined["package_price"].astype(np.float64)
        return PackageArrays(sizes, prices)


@dataclass(frozen=True)
class CourseCostTable:
    """Cheapest cost at the typical price of buying n = 0..N sessions per row (see packages.py)."""

    cost: npt.NDArray[np.float64]
    choice: npt.NDArray[np.int64]
    packages: PackageArrays

    def cost_at(self, sessions: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Typical-price course cost per row at the given session counts (same leading shape)."""
        rows = np.arange(self.cost.shape[0]).reshape((-1,) + (1,) * (np.ndim(sessions) - 1))
        return self.cost[rows, sessions]


def course_cost_table(courses: pd.DataFrame, packages: PackageArrays) -> CourseCostTable:
    """Cheapest typical-price cost for every session count up to each row's sessions_max."""
    max_sessions = int(courses["sessions_max"].max()) if len(courses) else 0
    cost, choice = cheapest_cost_table(
        courses["price_typical"].to_numpy(np.float64), packages.sizes, packages.prices, max_sessions
    )
    return CourseCostTable(cost, choice, packages)


def _band_factor(courses: pd.DataFrame, band: str) -> npt.NDArray[np.float64]:
    typical = courses["price_typical"].to_numpy(np.float64)
    band_price = courses[PRICE_COLUMN[band]].to_numpy(np.float64)
    factor: npt.NDArray[np.float64] = np.divide(band_price, typical, out=np.zeros_like(band_price), where=typical > 0)
    return factor


def band_course_cost(
    courses: pd.DataFrame, table: CourseCostTable, band: str, sessions: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.float64]:
    """Course cost in the band; a row whose typical price is 0 pays band price x sessions (no packages)."""
    n = courses[SESSION_COLUMN[band]].to_numpy(np.int64) if sessions is None else sessions
    typical = courses["price_typical"].to_numpy(np.float64)
    singles_only = courses[PRICE_COLUMN[band]].to_numpy(np.float64) * n
    return np.where(typical > 0, _band_factor(courses, band) * table.cost_at(n), singles_only)


def course_totals(courses: pd.DataFrame, table: CourseCostTable, patient: PatientCosts) -> pd.DataFrame:
    """Per row and band: sessions, course_cost, extras_cost, downtime_days, downtime_cost, total, weeks.

    `courses` must hold COURSE_INPUT_COLUMNS with every `currency` equal to `patient.currency`.
    """
    out = pd.DataFrame(index=courses.index)
    interval = courses["interval_weeks"].to_numpy(np.float64)
    for band in BANDS:
        n = courses[SESSION_COLUMN[band]].to_numpy(np.int64)
        course = band_course_cost(courses, table, band)
        extras = patient.extras_per_visit * n
        days = courses[DOWNTIME_COLUMN[band]].to_numpy(np.float64) * n
        downtime_cost = days * patient.daily_value_of_downtime
        out[f"sessions_{band}"] = n
        out[f"course_cost_{band}"] = course
        out[f"extras_cost_{band}"] = extras
        out[f"downtime_days_{band}"] = days
        out[f"downtime_cost_{band}"] = downtime_cost
        out[f"total_{band}"] = course + extras + downtime_cost
        out[f"weeks_{band}"] = (n - 1) * interval
    return out


def plan_descriptions(courses: pd.DataFrame, table: CourseCostTable, band: str = "typical") -> list[str]:
    """The plan in words for each row at the band's session count, e.g. "1 x 3-pack + 2 single sessions"."""
    return [plan.describe() for plan in purchase_plans(courses, table, band)]


def purchase_plans(courses: pd.DataFrame, table: CourseCostTable, band: str = "typical") -> list[PurchasePlan]:
    """PurchasePlan per row for the band's session count, at the band's price level."""
    factor = _band_factor(courses, band)
    plans = []
    for r, (n, single, currency) in enumerate(
        zip(courses[SESSION_COLUMN[band]], courses[PRICE_COLUMN[band]], courses["currency"], strict=True)
    ):
        typical_single = courses["price_typical"].iloc[r]
        if typical_single > 0:
            plan = plan_from_choices(
                int(n),
                float(typical_single),
                table.packages.sizes[r],
                table.packages.prices[r],
                table.choice[r],
                str(currency),
            )
            plans.append(_scaled_plan(plan, float(factor[r])))
        else:
            plans.append(
                plan_from_choices(
                    int(n),
                    float(single),
                    table.packages.sizes[r][:0],
                    table.packages.prices[r][:0],
                    np.full(int(n) + 1, -1),
                    str(currency),
                )
            )
    return plans


def _scaled_plan(plan: PurchasePlan, factor: float) -> PurchasePlan:
    lines = tuple(replace(line, unit_price=line.unit_price * factor) for line in plan.lines)
    return replace(plan, lines=lines, cost=plan.cost * factor)


def spend_schedule(
    sessions: int,
    interval_weeks: float,
    plan_lines: list[tuple[int, int, float]],
    extras_per_visit: float,
    downtime_cost_per_session: float,
) -> pd.DataFrame:
    """Cumulative spend by week over one course at one price level.

    A package is paid at the visit where its first session is used; singles, extras and the value of
    downtime at each visit. plan_lines: (size, count, unit_price), largest bundles used first.
    Returns columns session (1..n), week ((session-1) x interval), paid, cumulative.

    Example: 5 sessions every 4 weeks bought as a 3-pack at 800 and 2 singles at 300, 20 of extras a visit:
    the pack is paid at visit 1, the singles at visits 4 and 5.

    >>> schedule = spend_schedule(5, 4.0, [(1, 2, 300.0), (3, 1, 800.0)], 20.0, 0.0)
    >>> schedule["paid"].tolist()
    [820.0, 20.0, 20.0, 320.0, 320.0]
    >>> schedule["week"].tolist()[-1], schedule["cumulative"].tolist()[-1]
    (16.0, 1500.0)
    """
    paid = np.full(sessions, extras_per_visit + downtime_cost_per_session, dtype=np.float64)
    visit = 0
    for size, count, unit_price in sorted(plan_lines, key=lambda line: -line[0]):
        for _ in range(count):
            if visit < sessions:
                paid[visit] += unit_price
            visit += size
    session = np.arange(1, sessions + 1)
    return pd.DataFrame(
        {"session": session, "week": (session - 1) * interval_weeks, "paid": paid, "cumulative": np.cumsum(paid)}
    )
