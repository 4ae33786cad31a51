"""Courses side by side: every option in a region, or one option across regions, in one currency.

Joins the price tables into course rows (price, sessions for the indication, downtime, packages),
converts money to the display currency, and computes bands, plans and Monte Carlo percentiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.currency import conversion_factor
from pricing.patient.course import (
    CourseCostTable,
    PackageArrays,
    PatientCosts,
    course_cost_table,
    course_totals,
    plan_descriptions,
    purchase_plans,
)
from pricing.patient.packages import PurchasePlan
from pricing.patient.uncertainty import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    band_notes,
    draw_totals,
    total_percentiles,
    typical_outside_band,
)
from pricing.tables.loading import PriceTables

_PROVENANCE = ("source", "year", "quality", "estimate")

# What a comparison can be ranked by, and the column it sorts: the median of the simulated totals first, as
# the headline reads; the totals at typical, low and high prices on request.
RANK_COLUMNS: dict[str, str] = {"p50": "p50", "typical": "total_typical", "low": "total_low", "high": "total_high"}
DEFAULT_RANK_BY = "p50"


@dataclass(frozen=True)
class CourseComparison:
    """Ranked course rows (cheapest first on `rank_by`, a key of RANK_COLUMNS), what could not be compared, the
    plans and the simulated totals, both in the rows' order."""

    currency: str
    indication_id: str
    rows: pd.DataFrame
    unavailable: pd.DataFrame
    plans: tuple[PurchasePlan, ...]
    draws: np.ndarray
    rank_by: str = DEFAULT_RANK_BY


def _with_prefix(frame: pd.DataFrame, prefix: str, columns: Sequence[str]) -> pd.DataFrame:
    return frame.rename(columns={c: f"{prefix}_{c}" for c in columns})


def course_rows(
    tables: PriceTables, region_ids: Sequence[str], option_ids: Sequence[str], indication_id: str, currency: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Course inputs per (region, option) in `currency`, and the pairs left out with the reason."""
    rates = tables.units_per_usd()
    wanted = pd.MultiIndex.from_product([list(region_ids), list(option_ids)], names=["region_id", "option_id"])
    prices = tables.prices.set_index(["region_id", "option_id"])
    prices = prices[prices.index.isin(wanted)].reset_index()
    prices = _with_prefix(prices, "price", [*_PROVENANCE, "note"])
    sessions = tables.sessions[tables.sessions["indication_id"] == indication_id]
    sessions = _with_prefix(sessions.drop(columns=["indication_id"]), "sessions", [*_PROVENANCE, "note"])
    options = _with_prefix(tables.options.rename(columns={"name": "option_name"}), "downtime", [*_PROVENANCE, "note"])
    regions = tables.regions[["region_id", "name"]].rename(columns={"name": "region_name"})
    rows = prices.merge(options, on="option_id").merge(regions, on="region_id")
    rows = rows.merge(sessions, on="option_id", how="left", indicator=True)

    offered = set(zip(tables.prices["region_id"], tables.prices["option_id"], strict=True))
    missing = [(r, o, "no price for this option in this region") for r, o in wanted if (r, o) not in offered]
    no_course = rows["_merge"] == "left_only"
    missing += [
        (r, o, "no course data for this indication (not used, or not found in the sources)")
        for r, o in zip(rows.loc[no_course, "region_id"], rows.loc[no_course, "option_id"], strict=True)
    ]
    rows = rows[~no_course].drop(columns="_merge").reset_index(drop=True)
    # Scalp and body indications carry their own downtime per session (sessions.csv, area_downtime_days_*); the
    # option's downtime (options.csv) is for the face and stays where the indication gives none.
    for band in ("min", "typical", "max"):
        area = f"area_downtime_days_{band}"
        if area in rows:
            own = pd.to_numeric(rows[area], errors="coerce")
            rows[f"downtime_days_{band}"] = own.fillna(rows[f"downtime_days_{band}"]).astype(np.float64)

    factor = conversion_factor(rows["currency"].to_numpy(), currency, rates) if len(rows) else np.zeros(0)
    rows["price_currency"] = rows["currency"]
    for column in ("price_low", "price_typical", "price_high"):
        rows[column] = rows[column].to_numpy(np.float64) * factor
    rows["currency"] = currency
    for column in ("sessions_min", "sessions_typical", "sessions_max"):
        rows[column] = rows[column].astype(np.int64)
    unavailable = pd.DataFrame(missing, columns=["region_id", "option_id", "reason"])
    return rows, unavailable


def package_arrays(tables: PriceTables, rows: pd.DataFrame, currency: str) -> PackageArrays:
    """The rows' packages with prices in `currency`."""
    packages = tables.packages.merge(rows[["region_id", "option_id"]], on=["region_id", "option_id"])
    if len(packages):
        packages = packages.assign(
            package_price=packages["package_price"].to_numpy(np.float64)
            * conversion_factor(packages["currency"].to_numpy(), currency, tables.units_per_usd())
        )
    return PackageArrays.from_frame(rows, packages, ["region_id", "option_id"])


@dataclass(frozen=True)
class PreparedCourses:
    """Course rows in one currency with their cheapest-plan table: everything that does not depend on the
    patient's extras and value of downtime (so a view can keep it while those inputs change)."""

    currency: str
    indication_id: str
    rows: pd.DataFrame
    unavailable: pd.DataFrame
    cost_table: CourseCostTable


def prepare_courses(
    tables: PriceTables, region_ids: Sequence[str], option_ids: Sequence[str], indication_id: str, currency: str
) -> PreparedCourses:
    """Join and convert the tables for the chosen regions, options and indication (see course_rows)."""
    rows, unavailable = course_rows(tables, region_ids, option_ids, indication_id, currency)
    return PreparedCourses(
        currency, indication_id, rows, unavailable, course_cost_table(rows, package_arrays(tables, rows, currency))
    )


def rank_order(rows: pd.DataFrame, rank_by: str = DEFAULT_RANK_BY) -> npt.NDArray[np.intp]:
    """Row positions cheapest first on RANK_COLUMNS[rank_by]; ties by the typical total, then the rows' order.

    >>> frame = pd.DataFrame({"p50": [900.0, 700.0, 700.0], "total_typical": [300.0, 800.0, 600.0],
    ...     "total_low": [200.0, 500.0, 400.0], "total_high": [3000.0, 1200.0, 900.0]})
    >>> rank_order(frame).tolist(), rank_order(frame, "typical").tolist()
    ([2, 1, 0], [0, 2, 1])
    """
    if rank_by not in RANK_COLUMNS:
        raise ValueError(f"rank_by must be one of {', '.join(RANK_COLUMNS)}, not {rank_by!r}")
    return np.lexsort((rows["total_typical"].to_numpy(), rows[RANK_COLUMNS[rank_by]].to_numpy()))


def price_courses(
    prepared: PreparedCourses,
    patient: PatientCosts,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    rank_by: str = DEFAULT_RANK_BY,
) -> CourseComparison:
    """Bands, plans and Monte Carlo percentiles for prepared rows, ranked by `rank_by` (see compare_courses)."""
    if patient.currency != prepared.currency:
        raise ValueError(f"patient costs are in {patient.currency}, the courses in {prepared.currency}")
    rows, table = prepared.rows, prepared.cost_table
    totals = course_totals(rows, table, patient)
    drawn = draw_totals(rows, table, patient, draws=draws, seed=seed) if len(rows) else np.zeros((0, draws))
    per_session = {f"downtime_days_{b}": f"downtime_days_per_session_{b}" for b in ("min", "typical", "max")}
    result = pd.concat(
        [
            rows.drop(columns=["sessions_min", "sessions_typical", "sessions_max"]).rename(columns=per_session),
            totals,
            total_percentiles(drawn) if len(rows) else pd.DataFrame(columns=["p10", "p50", "p90"]),
        ],
        axis=1,
    )
    plans = purchase_plans(rows, table, "typical")
    result["plan_typical"] = [plan.describe() for plan in plans]
    result["plan_low"] = plan_descriptions(rows, table, "low")
    result["plan_high"] = plan_descriptions(rows, table, "high")
    result["sessions_min"] = rows["sessions_min"]
    result["sessions_max"] = rows["sessions_max"]
    result["typical_outside_band"] = typical_outside_band(result["total_typical"], result["p10"], result["p90"])
    result["band_note"] = band_notes(result)
    order = rank_order(result, rank_by)
    return CourseComparison(
        currency=patient.currency,
        indication_id=prepared.indication_id,
        rows=result.iloc[order].reset_index(drop=True),
        unavailable=prepared.unavailable,
        plans=tuple(plans[i] for i in order),
        draws=drawn[order],
        rank_by=rank_by,
    )


def compare_courses(
    tables: PriceTables,
    region_ids: Sequence[str],
    option_ids: Sequence[str],
    indication_id: str,
    patient: PatientCosts,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    rank_by: str = DEFAULT_RANK_BY,
) -> CourseComparison:
    """Course cost of each (region, option) for the indication, in `patient.currency`, cheapest first by `rank_by`
    (default the median, P50, of the simulated totals; see RANK_COLUMNS).

    rows columns: region_id, region_name, option_id, option_name, family, currency, price_low/typical/high,
    sessions_min/typical/max, interval_weeks, maintenance_per_year, downtime_days_per_session_min/typical/max,
    for each band b in low/typical/high: sessions_b, course_cost_b, extras_cost_b, downtime_days_b,
    downtime_cost_b, total_b, weeks_b; plan_low/typical/high (words), p10/p50/p90, typical_outside_band (the
    typical total lies outside [p10, p90]) and band_note (why, in words; "" inside), and provenance columns
    price_*, sessions_*, downtime_*.
    """
    prepared = prepare_courses(tables, region_ids, option_ids, indication_id, patient.currency)
    return price_courses(prepared, patient, draws=draws, seed=seed, rank_by=rank_by)
