"""Paying for a course over time: an instalment plan at an APR, and a 0 % promotion with deferred interest.

Instalment plan (fixed monthly payments, e.g. CareCredit's reduced-APR plans; APR 0 is a true 0 % plan such as
Cherry's 0 % options): r = APR / 100 / 12 a month over N months,
    monthly payment = P r / (1 - (1 + r)^-N)   (numpy-financial `pmt`, in a form exact for tiny r; APR 0: P / N)
    total paid = monthly payment x N;  interest = total paid - P.
Deferred-interest promotion ("no interest if paid in full within 6, 12, 18 or 24 months", CareCredit, purchases
of $200 or more), m promotional months, standard APR after it:
    minimum payment = min(P, max(P / m rounded up to the cent, floor))   (floor $30: CareCredit's calculator)
    cleared in time  = payment x m >= P
    deferred interest = P x ((1 + r)^m - 1), charged only when not cleared in time.
    Convention: interest from the purchase date on the original amount at the standard APR, compounded
    monthly, as consumer guides state the issuer's rule. Issuers accrue it on the daily balance of the
    promotional purchase, which falls as it is paid down, so this is the upper end of what is charged.
    owed at the end of the promotion = balance left + deferred interest (0 when cleared);
    total paid = payments made during the promotion + owed at the end (paid then in full).
The standard APR is an input: the reference found 32.99 % and 29.99 % on weak pages (prices.md §8), so the
default 32.99 % comes with APR_WARNING. Money is in the currency passed with the amount.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.finance import annuity_payment

CARECREDIT_STANDARD_APR_PCT = 32.99
CARECREDIT_MIN_PAYMENT_USD = 30.0
CARECREDIT_MIN_PURCHASE_USD = 200.0
CARECREDIT_PROMO_MONTHS: tuple[int, ...] = (6, 12, 18, 24)
APR_WARNING = (
    "standard APR 32.99 % is an unconfirmed default (weak sources give 32.99 % and 29.99 %); "
    "check the issuer's current terms"
)
_CENT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class InstalmentPlan:
    """Fixed monthly payments at `apr_pct` (percent a year) over `term_months` (>= 1)."""

    apr_pct: float
    term_months: int

    def __post_init__(self) -> None:
        if not 0 <= self.apr_pct <= 100 or self.term_months < 1:
            raise ValueError("apr_pct must be 0..100 and term_months >= 1")


@dataclass(frozen=True)
class DeferredInterestPlan:
    """0 % for `promo_months` if paid in full in time; otherwise interest at `apr_pct` from the purchase date.

    min_payment: the floor of the monthly payment; min_purchase: the smallest amount the promotion is
    offered on (CareCredit: 200 USD). Both in the currency of the amount financed.
    """

    promo_months: int
    apr_pct: float = CARECREDIT_STANDARD_APR_PCT
    min_payment: float = CARECREDIT_MIN_PAYMENT_USD
    min_purchase: float = 0.0

    def __post_init__(self) -> None:
        if self.promo_months < 1 or not 0 <= self.apr_pct <= 100 or self.min_payment < 0 or self.min_purchase < 0:
            raise ValueError("promo_months must be >= 1, apr_pct 0..100, min_payment and min_purchase >= 0")


def instalment_payment(
    principal: npt.ArrayLike, apr_pct: npt.ArrayLike, term_months: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Monthly payment of an instalment plan: the annuity (`pricing.finance.annuity_payment`); term >= 1.

    Example: 1,400 at 32.99 % over 12 months -> 138.55 a month (1,662.59 in all, 262.59 interest).

    >>> round(float(instalment_payment(1_400, 32.99, 12)[0]), 2)
    138.55
    """
    if np.any(np.asarray(term_months) < 1):
        raise ValueError("term_months must be >= 1")
    return annuity_payment(principal, apr_pct, term_months)


def promo_minimum_payment(
    principal: npt.ArrayLike, promo_months: npt.ArrayLike, floor: npt.ArrayLike = CARECREDIT_MIN_PAYMENT_USD
) -> npt.NDArray[np.float64]:
    """min(P, max(P / m rounded up to the cent, floor)). Vectorised.

    Example: 1,400 over 12 months -> 116.67 (1,400 / 12 = 116.666...); 300 over 24 months -> 30 (the floor).

    >>> promo_minimum_payment([1_400, 300], [12, 24]).tolist()
    [116.67, 30.0]
    """
    p, m, low = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (principal, promo_months, floor)))
    per_month = np.ceil(np.round(p * 100.0 / m, 6)) / 100.0
    return np.atleast_1d(np.minimum(p, np.maximum(per_month, low)))


def deferred_interest(
    principal: npt.ArrayLike, apr_pct: npt.ArrayLike, months: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """P x ((1 + APR / 1200)^m - 1): interest on the original amount from the purchase date, compounded monthly.

    Example: 1,400 at 32.99 % for 12 months -> 538.51.

    >>> round(float(deferred_interest(1_400, 32.99, 12)[0]), 2)
    538.51
    """
    p, apr, m = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (principal, apr_pct, months)))
    return np.atleast_1d(p * np.expm1(m * np.log1p(apr / 1200.0)))


@dataclass(frozen=True)
class Instalments:
    """An instalment plan's figures; money in `currency`."""

    currency: str
    principal: float
    apr_pct: float
    term_months: int
    monthly_payment: float
    total_paid: float
    interest: float

    def summary(self) -> dict[str, object]:
        return {
            "finance_apr_pct": self.apr_pct,
            "finance_months": self.term_months,
            "finance_monthly_payment": self.monthly_payment,
            "finance_total_paid": self.total_paid,
            "finance_interest": self.interest,
        }


@dataclass(frozen=True)
class DeferredInterestOutcome:
    """A deferred-interest promotion at one monthly payment; money in `currency`.

    eligible False: the amount is below the plan's min_purchase, so the promotion is not offered (the other
    figures show what it would be if it were). deferred_interest_if_late is what not clearing in time costs;
    interest_charged is it when not cleared at `monthly_payment`, else 0.
    """

    currency: str
    principal: float
    promo_months: int
    apr_pct: float
    eligible: bool
    minimum_payment: float
    monthly_payment: float
    cleared_in_time: bool
    balance_at_promo_end: float
    deferred_interest_if_late: float
    interest_charged: float
    owed_at_promo_end: float
    total_paid: float

    def summary(self) -> dict[str, object]:
        return {
            "promo_months": self.promo_months,
            "promo_apr_pct": self.apr_pct,
            "promo_eligible": self.eligible,
            "promo_minimum_payment": self.minimum_payment,
            "promo_monthly_payment": self.monthly_payment,
            "promo_cleared_in_time": self.cleared_in_time,
            "promo_balance_at_end": self.balance_at_promo_end,
            "promo_deferred_interest_if_late": self.deferred_interest_if_late,
            "promo_interest_charged": self.interest_charged,
            "promo_owed_at_end": self.owed_at_promo_end,
            "promo_total_paid": self.total_paid,
        }


def instalments(principal: float, plan: InstalmentPlan, currency: str) -> Instalments:
    """The instalment plan for one amount. Example: 1,400 USD at 32.99 % over 12 months -> 138.55 a month.

    >>> plan = instalments(1_400, InstalmentPlan(32.99, 12), "USD")
    >>> round(plan.monthly_payment, 2), round(plan.total_paid, 2), round(plan.interest, 2)
    (138.55, 1662.59, 262.59)
    """
    if principal < 0:
        raise ValueError("principal must be >= 0")
    payment = float(instalment_payment(principal, plan.apr_pct, plan.term_months)[0])
    total = payment * plan.term_months
    return Instalments(currency, float(principal), plan.apr_pct, plan.term_months, payment, total, total - principal)


def deferred_interest_frame(
    principal: npt.ArrayLike, plan: DeferredInterestPlan, monthly_payment: npt.ArrayLike | None = None
) -> pd.DataFrame:
    """The promotion for many amounts at once (default payment: the minimum). Columns as the fields of
    DeferredInterestOutcome after `principal`, less currency, promo_months and apr_pct."""
    p = np.atleast_1d(np.asarray(principal, dtype=np.float64))
    minimum = promo_minimum_payment(p, plan.promo_months, plan.min_payment)
    paying = (
        minimum if monthly_payment is None else np.broadcast_to(np.asarray(monthly_payment, dtype=np.float64), p.shape)
    )
    if np.any(paying < 0):
        raise ValueError("monthly_payment must be >= 0")
    paid_in_promo = np.minimum(paying * plan.promo_months, p)
    balance = p - paid_in_promo
    cleared = balance <= _CENT_TOLERANCE
    balance = np.where(cleared, 0.0, balance)
    if_late = deferred_interest(p, plan.apr_pct, plan.promo_months)
    charged = np.where(cleared, 0.0, if_late)
    owed = balance + charged
    return pd.DataFrame(
        {
            "eligible": p >= plan.min_purchase,
            "minimum_payment": minimum,
            "monthly_payment": paying,
            "cleared_in_time": cleared,
            "balance_at_promo_end": balance,
            "deferred_interest_if_late": if_late,
            "interest_charged": charged,
            "owed_at_promo_end": owed,
            "total_paid": paid_in_promo + owed,
        }
    )


def deferred_interest_outcome(
    principal: float, plan: DeferredInterestPlan, currency: str, monthly_payment: float | None = None
) -> DeferredInterestOutcome:
    """The promotion for one amount, at `monthly_payment` (default: the minimum payment, which clears it).

    Example: 1,400 USD, 12 months at 32.99 %: minimum 116.67, cleared, total paid 1,400. Paying 100 a month
    leaves 200 at month 12: deferred interest 1,400 x (1.0274917^12 - 1) = 538.51 is charged, 738.51 owed,
    1,938.51 paid in all.

    >>> plan = DeferredInterestPlan(12, 32.99)
    >>> paid = deferred_interest_outcome(1_400, plan, "USD")
    >>> paid.minimum_payment, paid.cleared_in_time, round(paid.total_paid, 2)
    (116.67, True, 1400.0)
    >>> late = deferred_interest_outcome(1_400, plan, "USD", monthly_payment=100)
    >>> late.cleared_in_time, round(late.interest_charged, 2)
    (False, 538.51)
    >>> round(late.owed_at_promo_end, 2), round(late.total_paid, 2)
    (738.51, 1938.51)
    """
    if principal < 0:
        raise ValueError("principal must be >= 0")
    row = deferred_interest_frame(principal, plan, monthly_payment).iloc[0]
    return DeferredInterestOutcome(
        currency=currency,
        principal=float(principal),
        promo_months=plan.promo_months,
        apr_pct=plan.apr_pct,
        eligible=bool(row["eligible"]),
        minimum_payment=float(row["minimum_payment"]),
        monthly_payment=float(row["monthly_payment"]),
        cleared_in_time=bool(row["cleared_in_time"]),
        balance_at_promo_end=float(row["balance_at_promo_end"]),
        deferred_interest_if_late=float(row["deferred_interest_if_late"]),
        interest_charged=float(row["interest_charged"]),
        owed_at_promo_end=float(row["owed_at_promo_end"]),
        total_paid=float(row["total_paid"]),
    )


def financing_table(
    rows: pd.DataFrame,
    instalment_plan: InstalmentPlan | None = None,
    promo_plan: DeferredInterestPlan | None = None,
    band: str = "typical",
) -> pd.DataFrame:
    """Financing of each row's course cost (`course_cost_<band>` of `CourseComparison.rows`), aligned to its
    index. The course cost is what the clinic charges; extras and the value of downtime are not financed.

    Columns with an instalment plan: finance_monthly_payment, finance_total_paid, finance_interest; with a
    promotion: promo_eligible, promo_minimum_payment, promo_deferred_interest_if_late (what missing the
    deadline costs), promo_total_paid (at the minimum payment, which clears it).
    """
    amount = rows[f"course_cost_{band}"].to_numpy(np.float64)
    out = pd.DataFrame(index=rows.index)
    if instalment_plan is not None:
        payment = instalment_payment(amount, instalment_plan.apr_pct, instalment_plan.term_months)
        out["finance_monthly_payment"] = payment
        out["finance_total_paid"] = payment * instalment_plan.term_months
        out["finance_interest"] = payment * instalment_plan.term_months - amount
    if promo_plan is not None:
        promo = deferred_interest_frame(amount, promo_plan)
        out["promo_eligible"] = promo["eligible"].to_numpy()
        out["promo_minimum_payment"] = promo["minimum_payment"].to_numpy()
        out["promo_deferred_interest_if_late"] = promo["deferred_interest_if_late"].to_numpy()
        out["promo_total_paid"] = promo["total_paid"].to_numpy()
    return out
