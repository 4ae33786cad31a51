"""Package terms: which sessions of a bought package fall after its expiry, and what was bought but not needed.

Schedule (the same convention as `course.spend_schedule`): the plan's purchases are used in the order of its
lines (largest packages first, single sessions last); each purchase is paid at the visit where its first
session is used. Visit i (1-based) is at week (i - 1) x interval_weeks, so session k of a package started at
week w is at w + (k - 1) x interval_weeks. Expiry is counted from purchase: a package expires
expiry_months x WEEKS_PER_MONTH weeks after the visit where it was bought; a session on the expiry week
itself is still in time.

- at risk  = a session the course needs that falls after its package's expiry (to be bought again, or lost);
             its value is the package's per-session price (package price / package sessions).
- unneeded = a session bought beyond the sessions needed (the cheapest plan may overbuy when a bigger package
             costs less); its value is the per-session price of the purchase it comes from.
The two sets never overlap, so value at risk + value unneeded is the most a patient can lose to the terms.
Single sessions never expire. Money is in the plan's `currency`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pricing.patient.packages import PurchasePlan

WEEKS_PER_MONTH = 4.345  # 365 days / 7 / 12 months
_IN_TIME = 1e-9  # weeks: a session on the expiry week is in time despite float rounding

ExpiryMonths = float | Mapping[int, float] | None
"""Months a package stays valid: one figure for every package, or per package size (a size not in the
mapping never expires); None = no expiry."""

SCHEDULE_COLUMNS: tuple[str, ...] = (
    "visit",
    "week",
    "purchase",
    "package_sessions",
    "session_in_package",
    "expiry_week",
    "value",
    "needed",
    "after_expiry",
    "at_risk",
)


def _months_for(expiry_months: ExpiryMonths, package_sessions: int) -> float:
    if expiry_months is None:
        return math.inf
    if isinstance(expiry_months, Mapping):
        return float(expiry_months.get(package_sessions, math.inf))
    return float(expiry_months)


def package_schedule(plan: PurchasePlan, interval_weeks: float, expiry_months: ExpiryMonths) -> pd.DataFrame:
    """One row per session bought, in the order used (see the module docstring).

    Columns: visit (1..sessions bought), week, purchase (1.. in the order bought), package_sessions (1 for a
    single session), session_in_package (k), expiry_week (inf for singles and packages without expiry), value
    (per-session price), needed (visit <= sessions needed), after_expiry (week > expiry_week), at_risk
    (needed and after expiry). Sessions beyond the need continue at the same interval.
    """
    given = (
        []
        if expiry_months is None
        else (list(expiry_months.values()) if isinstance(expiry_months, Mapping) else [expiry_months])
    )
    if interval_weeks < 0 or any(months < 0 for months in given):
        raise ValueError("interval_weeks and expiry_months must be >= 0")
    sizes: list[int] = []
    values: list[float] = []
    purchase: list[int] = []
    k_in_package: list[int] = []
    start_visit: list[int] = []
    months: list[float] = []
    number = 0
    for line in plan.lines:
        for _ in range(line.count):
            number += 1
            first = len(sizes) + 1
            for k in range(1, line.size + 1):
                sizes.append(line.size)
                values.append(line.unit_price / line.size)
                purchase.append(number)
                k_in_package.append(k)
                start_visit.append(first)
                months.append(math.inf if line.size == 1 else _months_for(expiry_months, line.size))
    visit = np.arange(1, len(sizes) + 1)
    week = (visit - 1) * float(interval_weeks)
    start_week = (np.asarray(start_visit, dtype=np.float64) - 1) * float(interval_weeks)
    expiry_week = start_week + np.asarray(months, dtype=np.float64) * WEEKS_PER_MONTH
    after = week > expiry_week + _IN_TIME
    needed = visit <= plan.sessions_needed
    return pd.DataFrame(
        {
            "visit": visit,
            "week": week,
            "purchase": np.asarray(purchase, dtype=np.int64),
            "package_sessions": np.asarray(sizes, dtype=np.int64),
            "session_in_package": np.asarray(k_in_package, dtype=np.int64),
            "expiry_week": expiry_week,
            "value": np.asarray(values, dtype=np.float64),
            "needed": needed,
            "after_expiry": after,
            "at_risk": needed & after,
        },
        columns=list(SCHEDULE_COLUMNS),
    )


@dataclass(frozen=True)
class PackageTermsRisk:
    """What the package terms put at risk for one plan; money in `currency`."""

    currency: str
    sessions_needed: int
    sessions_bought: int
    sessions_at_risk: int
    value_at_risk: float
    at_risk_visits: tuple[int, ...]
    sessions_unneeded: int
    value_unneeded: float

    def summary(self) -> dict[str, object]:
        """Plain values for JSON (visits as a list)."""
        return {
            "sessions_at_risk": self.sessions_at_risk,
            "value_at_risk": self.value_at_risk,
            "at_risk_visits": list(self.at_risk_visits),
            "sessions_unneeded": self.sessions_unneeded,
            "value_unneeded": self.value_unneeded,
        }


def package_terms_risk(plan: PurchasePlan, interval_weeks: float, expiry_months: ExpiryMonths) -> PackageTermsRisk:
    """Sessions at risk from expiry, and sessions bought but not needed, for one plan.

    sessions_at_risk = needed sessions whose week > purchase week + expiry_months x 4.345;
    value_at_risk = sum of their package's price / package sessions; value_unneeded likewise for the
    sessions after the last one needed.

    Example: 8 sessions every 6 weeks, single 300, 6-pack 1,500 -> 1 x 6-pack + 2 singles. With a 6-month
    expiry (26.07 weeks) the 6-pack's sessions fall at weeks 0, 6, ..., 30: session 6 (week 30) is at risk,
    1 session worth 250.

    >>> from pricing.patient.packages import Package, cheapest_plan
    >>> plan = cheapest_plan(300, [Package(6, 1_500)], 8, "USD")
    >>> risk = package_terms_risk(plan, 6, 6)
    >>> risk.sessions_at_risk, risk.value_at_risk, risk.at_risk_visits, risk.sessions_unneeded
    (1, 250.0, (6,), 0)
    >>> package_terms_risk(plan, 6, 12).sessions_at_risk
    0
    """
    schedule = package_schedule(plan, interval_weeks, expiry_months)
    at_risk = schedule["at_risk"].to_numpy()
    unneeded = ~schedule["needed"].to_numpy()
    value = schedule["value"].to_numpy()
    return PackageTermsRisk(
        currency=plan.currency,
        sessions_needed=plan.sessions_needed,
        sessions_bought=len(schedule),
        sessions_at_risk=int(at_risk.sum()),
        value_at_risk=float(value[at_risk].sum()),
        at_risk_visits=tuple(int(v) for v in schedule["visit"].to_numpy()[at_risk]),
        sessions_unneeded=int(unneeded.sum()),
        value_unneeded=float(value[unneeded].sum()),
    )
