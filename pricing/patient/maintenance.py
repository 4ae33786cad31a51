"""Maintenance after the course: sessions a year, and the cost of each option over 1, 3 and 5 years.

For each option and band b (low / typical / high) and a horizon of Y years after the course:
    maintenance sessions      = maintenance_per_year x Y        (sessions.csv; may be fractional, e.g. 1.5 a year)
    cost per maintenance visit = price_b (+ extras per visit + downtime days per session_b x value of a day, when
                                 the patient's costs are given, as in the course total)
    total over Y years        = total_b (the course) + maintenance sessions x cost per maintenance visit
Maintenance sessions are priced as single sessions: they are months apart, beyond a package's usual expiry.
Money is in the rows' currency.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.course import BANDS, PRICE_COLUMN, PatientCosts

DEFAULT_YEARS: tuple[int, ...] = (1, 3, 5)
_DOWNTIME_PER_SESSION = {
    "low": "downtime_days_per_session_min",
    "typical": "downtime_days_per_session_typical",
    "high": "downtime_days_per_session_max",
}


def total_with_maintenance(
    course_total: npt.ArrayLike,
    cost_per_visit: npt.ArrayLike,
    maintenance_per_year: npt.ArrayLike,
    years: npt.ArrayLike,
) -> npt.NDArray[np.float64]:
    """course_total + maintenance_per_year x years x cost_per_visit (arrays broadcast).

    Example: course 1,400, 2 maintenance sessions a year at 300, over 3 years -> 1,400 + 6 x 300 = 3,200.

    >>> total_with_maintenance(1_400, 300, 2, [1, 3, 5]).tolist()
    [2000.0, 3200.0, 4400.0]
    """
    total, visit, per_year, y = (
        np.asarray(x, dtype=np.float64) for x in (course_total, cost_per_visit, maintenance_per_year, years)
    )
    return np.atleast_1d(total + per_year * y * visit)


def maintenance_table(
    rows: pd.DataFrame, years: Sequence[int] = DEFAULT_YEARS, patient: PatientCosts | None = None
) -> pd.DataFrame:
    """Maintenance figures for the rows of `CourseComparison.rows` (price_courses), aligned to its index.

    Needs price_low/typical/high, total_low/typical/high and maintenance_per_year (and, with `patient`,
    downtime_days_per_session_min/typical/max). Columns: maintenance_per_year; maintenance_cost_per_year_<b>;
    for each Y: maintenance_sessions_<Y>y and total_<Y>y_<b>, for b in low, typical, high.
    """
    if any(y < 0 for y in years):
        raise ValueError("years must be >= 0")
    if patient is not None and len(rows) and set(rows["currency"]) != {patient.currency}:
        raise ValueError(f"patient costs are in {patient.currency}, the rows in {sorted(set(rows['currency']))}")
    per_year = rows["maintenance_per_year"].to_numpy(np.float64)
    horizon = np.asarray(years, dtype=np.float64)
    out = pd.DataFrame(index=rows.index)
    out["maintenance_per_year"] = per_year
    for y in years:
        out[f"maintenance_sessions_{y}y"] = per_year * y
    for band in BANDS:
        visit = rows[PRICE_COLUMN[band]].to_numpy(np.float64)
        if patient is not None:
            days = rows[_DOWNTIME_PER_SESSION[band]].to_numpy(np.float64)
            visit = visit + patient.extras_per_visit + days * patient.daily_value_of_downtime
        out[f"maintenance_cost_per_year_{band}"] = per_year * visit
        totals = total_with_maintenance(
            rows[f"total_{band}"].to_numpy(np.float64)[:, None], visit[:, None], per_year[:, None], horizon[None, :]
        )
        for j, y in enumerate(years):
            out[f"total_{y}y_{band}"] = totals[:, j]
    return out
