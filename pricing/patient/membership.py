"""Memberships: a course's cost as a member (monthly fee, included sessions, member price) against without.

The reference found no membership that includes a microneedling or laser session (prices.md §7); the ones
found are discount models (a fee and a % off services) and banked-credit models (the fee becomes credit
usable on services). Both are inputs here.

For a course of n sessions lasting W weeks ((n - 1) x interval):
- months M    = max(ceil(W / 4.345), 1, minimum term)   (a member pays whole months, at least one)
- fees F      = monthly_fee x M
- included I  = floor(included_sessions_per_month x M); extra sessions E = max(n - I, 0)
- member price per extra session p_m = member_price_per_session if given, else single price x (1 - discount % / 100)
- member cost = F + E x p_m; with banked credit the fees are credit spent on those sessions first:
  F + max(E x p_m - F, 0) = max(F, E x p_m)
- saving = cost without membership (by default n x single price; pass the plan's cost to count packages)
  - member cost (negative: the membership costs more)
- break-even sessions = the smallest n whose member cost over the same M months is at most n x single price
  (None when no number of sessions makes it pay).
Money is in the membership's `currency`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.patient.package_terms import WEEKS_PER_MONTH

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Membership:
    """A clinic membership; money in `currency`.

    member_price_per_session, when given, is the price of a session not included; otherwise the member pays
    the single price less discount_pct. banked_credit: the monthly fee is credit spent on sessions.
    """

    currency: str
    monthly_fee: float
    included_sessions_per_month: float = 0.0
    member_price_per_session: float | None = None
    discount_pct: float = 0.0
    minimum_term_months: int = 0
    banked_credit: bool = False

    def __post_init__(self) -> None:
        if self.monthly_fee < 0 or self.included_sessions_per_month < 0 or self.minimum_term_months < 0:
            raise ValueError("monthly_fee, included_sessions_per_month and minimum_term_months must be >= 0")
        if self.member_price_per_session is not None and self.member_price_per_session < 0:
            raise ValueError("member_price_per_session must be >= 0")
        if not 0 <= self.discount_pct <= 100:
            raise ValueError("discount_pct must be between 0 and 100")

    def price_per_extra_session(self, single_price: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """p_m: the member price if given, else single price x (1 - discount_pct / 100)."""
        single = np.asarray(single_price, dtype=np.float64)
        if self.member_price_per_session is not None:
            return np.full_like(single, self.member_price_per_session)
        return single * (1.0 - self.discount_pct / 100.0)


def membership_months(course_weeks: npt.ArrayLike, minimum_term_months: int = 0) -> npt.NDArray[np.int64]:
    """Months paid for a course: max(ceil(weeks / 4.345), 1, minimum term).

    Example: 8 weeks (3 sessions every 4 weeks) -> ceil(1.84) = 2 months; with a 6-month minimum, 6.

    >>> membership_months([8.0, 0.0]).tolist(), membership_months([8.0], minimum_term_months=6).tolist()
    ([2, 1], [6])
    """
    weeks = np.asarray(course_weeks, dtype=np.float64)
    months = np.ceil(weeks / WEEKS_PER_MONTH - _TOLERANCE)
    return np.maximum(np.maximum(months, 1), minimum_term_months).astype(np.int64)


def _member_cost(
    m: Membership,
    sessions: npt.NDArray[np.float64],
    fees: npt.NDArray[np.float64],
    included: npt.NDArray[np.float64],
    extra_price: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    extra_cost = np.maximum(sessions - included, 0.0) * extra_price
    return np.maximum(fees, extra_cost) if m.banked_credit else fees + extra_cost


def break_even_sessions(
    membership: Membership, months: npt.ArrayLike, single_price: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Smallest number of sessions n >= 0 for which the member cost over `months` <= n x single price.

    NaN where none exists (single price 0 with a fee, or a member price above the single price that never
    catches up). Vectorised. Exact: the cost difference is piecewise linear in n, so the answer is the first
    whole number at or after a root of one of its pieces or one of its breakpoints; each candidate is
    checked against the cost itself.
    Example: 99 a month, 20 % off a 300 single price, 2 months: fees 198, saving 60 a session -> 198 / 60 =
    3.3 -> 4 sessions.

    >>> break_even_sessions(Membership("USD", 99, discount_pct=20), 2, 300).tolist()
    [4.0]
    """
    single = np.atleast_1d(np.asarray(single_price, dtype=np.float64))
    months_arr = np.broadcast_to(np.asarray(months, dtype=np.float64), single.shape)
    fees = membership.monthly_fee * months_arr
    included = np.floor(membership.included_sessions_per_month * months_arr + _TOLERANCE)
    p_m = membership.price_per_extra_session(single)
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = [
            np.zeros_like(single),
            fees / single,
            (fees - included * p_m) / (single - p_m),
            included * p_m / (p_m - single),
            included,
            included + fees / p_m,
        ]
    candidates = np.ceil(np.stack(roots, axis=-1) - _TOLERANCE)
    candidates = np.where(np.isfinite(candidates) & (candidates >= 0), candidates, np.inf)
    safe = np.where(np.isfinite(candidates), candidates, 0.0)
    member = _member_cost(membership, safe, fees[..., None], included[..., None], p_m[..., None])
    pays = np.isfinite(candidates) & (member <= safe * single[..., None] + _TOLERANCE * np.maximum(1.0, member))
    best = np.where(pays, candidates, np.inf).min(axis=-1)
    return np.where(np.isfinite(best), best, np.nan)


@dataclass(frozen=True)
class MembershipCost:
    """A course as a member against without; money in `currency`. break_even_sessions None: never pays."""

    currency: str
    months: int
    fees: float
    included_sessions: int
    extra_sessions: int
    price_per_extra_session: float
    member_cost: float
    non_member_cost: float
    saving: float
    break_even_sessions: int | None

    def summary(self) -> dict[str, object]:
        return {
            "membership_months": self.months,
            "membership_fees": self.fees,
            "membership_included_sessions": self.included_sessions,
            "membership_extra_sessions": self.extra_sessions,
            "membership_price_per_extra_session": self.price_per_extra_session,
            "membership_cost": self.member_cost,
            "non_member_cost": self.non_member_cost,
            "membership_saving": self.saving,
            "membership_break_even_sessions": self.break_even_sessions,
        }


def membership_costs(
    membership: Membership,
    sessions: npt.ArrayLike,
    course_weeks: npt.ArrayLike,
    single_price: npt.ArrayLike,
    non_member_cost: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """Vectorised membership figures, one row per course (see the module docstring for the formulas).

    Columns: membership_months, membership_fees, membership_included_sessions, membership_extra_sessions,
    membership_price_per_extra_session, membership_cost, non_member_cost, membership_saving,
    membership_break_even_sessions (pandas Int64, <NA> when it never pays).
    """
    n = np.atleast_1d(np.asarray(sessions, dtype=np.float64))
    single = np.broadcast_to(np.asarray(single_price, dtype=np.float64), n.shape)
    months = np.broadcast_to(membership_months(course_weeks, membership.minimum_term_months), n.shape)
    fees = membership.monthly_fee * months.astype(np.float64)
    included = np.floor(membership.included_sessions_per_month * months + _TOLERANCE)
    p_m = membership.price_per_extra_session(single)
    member = _member_cost(membership, n, fees, included, p_m)
    without = (
        n * single
        if non_member_cost is None
        else np.broadcast_to(np.asarray(non_member_cost, dtype=np.float64), n.shape)
    )
    break_even = break_even_sessions(membership, months, single)
    return pd.DataFrame(
        {
            "membership_months": months.astype(np.int64),
            "membership_fees": fees.astype(np.float64),
            "membership_included_sessions": included.astype(np.int64),
            "membership_extra_sessions": np.maximum(n - included, 0).astype(np.int64),
            "membership_price_per_extra_session": p_m,
            "membership_cost": member,
            "non_member_cost": without,
            "membership_saving": without - member,
            "membership_break_even_sessions": pd.array(
                [None if np.isnan(b) else int(b) for b in break_even], dtype="Int64"
            ),
        }
    )


def membership_cost(
    membership: Membership,
    sessions: int,
    interval_weeks: float,
    single_price: float,
    non_member_cost: float | None = None,
) -> MembershipCost:
    """One course as a member against without (by default without = sessions x single price).

    Example: 150 a month including 1 session a month, extra sessions at 200, single price 300; 4 sessions
    every 4 weeks = 12 weeks -> 3 months, fees 450, 3 included, 1 extra at 200: member cost 650 against
    1,200 without, saving 550; break-even 2 sessions (450 <= 2 x 300).

    >>> member = Membership("USD", 150, included_sessions_per_month=1, member_price_per_session=200)
    >>> cost = membership_cost(member, 4, 4, 300)
    >>> cost.months, cost.fees, cost.included_sessions, cost.extra_sessions, cost.member_cost
    (3, 450.0, 3, 1, 650.0)
    >>> cost.non_member_cost, cost.saving, cost.break_even_sessions
    (1200.0, 550.0, 2)
    """
    if sessions < 0 or interval_weeks < 0 or single_price < 0:
        raise ValueError("sessions, interval_weeks and single_price must be >= 0")
    weeks = max(sessions - 1, 0) * interval_weeks
    row = membership_costs(membership, sessions, weeks, single_price, non_member_cost).iloc[0]
    break_even = row["membership_break_even_sessions"]
    return MembershipCost(
        currency=membership.currency,
        months=int(row["membership_months"]),
        fees=float(row["membership_fees"]),
        included_sessions=int(row["membership_included_sessions"]),
        extra_sessions=int(row["membership_extra_sessions"]),
        price_per_extra_session=float(row["membership_price_per_extra_session"]),
        member_cost=float(row["membership_cost"]),
        non_member_cost=float(row["non_member_cost"]),
        saving=float(row["membership_saving"]),
        break_even_sessions=None if pd.isna(break_even) else int(break_even),
    )


def membership_table(rows: pd.DataFrame, membership: Membership, band: str = "typical") -> pd.DataFrame:
    """membership_costs for each row of `CourseComparison.rows` in one band (default typical), aligned to its
    index: sessions_<band>, weeks_<band>, price_<band>; without = course_cost_<band> (the cheapest plan,
    packages counted). Every row's `currency` must be the membership's.
    """
    if len(rows) and set(rows["currency"]) != {membership.currency}:
        raise ValueError(f"the membership is in {membership.currency}, the rows in {sorted(set(rows['currency']))}")
    out = membership_costs(
        membership,
        rows[f"sessions_{band}"].to_numpy(),
        rows[f"weeks_{band}"].to_numpy(),
        rows[f"price_{band}"].to_numpy(),
        rows[f"course_cost_{band}"].to_numpy(),
    )
    out.index = rows.index
    return out
