"""Paying for a course over time: an instalment plan at an APR, a US-style 0 % promotion with deferred interest,
and each region's own kind of plan (regions table).

Instalment plan (fixed monthly payments: the UK's 0 % interest-free instalments, CareCredit's reduced-APR
plans, Cherry's 0 % options): r = APR / 100 / 12 a month over N months,
    monthly payment = P r / (1 - (1 + r)^-N)   (numpy-financial `pmt`, in a form exact for tiny r; APR 0: P / N)
    total paid = monthly payment x N;  interest = total paid - P.
Deferred-interest promotion ("no interest if paid in full within 6, 12, 18 or 24 months", CareCredit, purchases
of $200 or more), m promotional months, standard APR after it, a monthly payment p:
    payment to clear     = min(P, max(P / m rounded up to the cent, floor))   (the issuer's calculator)
    required minimum     = min(P, floor)   (floor $30: the minimum monthly payment the issuer's calculator states)
    cleared in time      = p x m >= P
    balance in month k   = max(P - (k - 1) p, 0), k = 1..m   (a payment lowers the balance from the next cycle)
    deferred interest    = APR / 12 x sum of the m monthly balances
                         = APR / 365 x the sum of daily balances, with 365 / 12 days a cycle: interest on the
                           average daily balance as it is paid down, not on the original amount, and not
                           compounded (it is not added to the balance during the promotion);
                           charged from the purchase date only when not cleared in time.
    owed at the end of the promotion = balance left + deferred interest (0 when cleared);
    total paid = payments made during the promotion + owed at the end (paid then in full).
Worked example: 1,400 at 32.99 %, 100 a month for 12 months: balances 1,400, 1,300, ..., 300 sum to 10,200
(average 850), so 10,200 x 0.3299 / 12 = 280.42 is charged, not 1,400 x ((1 + 0.3299 / 12)^12 - 1) = 538.51.
The standard APR is an input: the reference found 29.99 % (a weak 2026 page) and 32.99 % (another weak page)
and the review puts it at 26.99-29.99 %, so the default 29.99 % comes with APR_WARNING. Money is in the
currency passed with the amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pricing.finance import annuity_payment
from pricing.money_text import money

CARECREDIT_STANDARD_APR_PCT = 29.99
CARECREDIT_MIN_PAYMENT_USD = 30.0
CARECREDIT_MIN_PURCHASE_USD = 200.0
CARECREDIT_PROMO_MONTHS: tuple[int, ...] = (6, 12, 18, 24)
APR_WARNING = (
    "standard APR 29.99 % is an unconfirmed default (a weak 2026 page gives 29.99 %, another 32.99 %; "
    "the review puts it at 26.99-29.99 %); check the issuer's current terms"
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
    """0 % for `promo_months` if paid in full in time; otherwise interest at `apr_pct` from the purchase date,
    on the balance as it was paid down.

    min_payment: the issuer's required minimum monthly payment (also the floor of the payment that clears);
    min_purchase: the smallest amount the promotion is offered on (CareCredit: 200 USD). Both in the currency
    of the amount financed.
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

    Example: 1,400 at 29.99 % over 12 months -> 136.48 a month (1,637.70 in all, 237.70 interest).

    >>> round(float(instalment_payment(1_400, 29.99, 12)[0]), 2)
    136.48
    """
    if np.any(np.asarray(term_months) < 1):
        raise ValueError("term_months must be >= 1")
    return annuity_payment(principal, apr_pct, term_months)


def promo_minimum_payment(
    principal: npt.ArrayLike, promo_months: npt.ArrayLike, floor: npt.ArrayLike = CARECREDIT_MIN_PAYMENT_USD
) -> npt.NDArray[np.float64]:
    """The payment that clears the promotion in time: min(P, max(P / m rounded up to the cent, floor)). Vectorised.

    Example: 1,400 over 12 months -> 116.67 (1,400 / 12 = 116.666...); 300 over 24 months -> 30 (the floor).

    >>> promo_minimum_payment([1_400, 300], [12, 24]).tolist()
    [116.67, 30.0]
    """
    p, m, low = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (principal, promo_months, floor)))
    per_month = np.ceil(np.round(p * 100.0 / m, 6)) / 100.0
    return np.atleast_1d(np.minimum(p, np.maximum(per_month, low)))


def promo_balance_sum(
    principal: npt.ArrayLike, months: npt.ArrayLike, monthly_payment: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Sum of the m monthly balances max(P - (k - 1) p, 0), k = 1..m, of a purchase paid down by p a month.

    Closed form: with n = min(m, ceil(P / p)) months in which something is owed (n = m when p = 0),
    sum = n P - p n (n - 1) / 2. Divided by m it is the average daily balance of the promotion.
    Example: 1,400 paid down by 100 a month over 12 months: 1,400 + 1,300 + ... + 300 = 10,200.

    >>> promo_balance_sum([1_400, 1_400, 1_200], 12, [100, 0, 100]).tolist()
    [10200.0, 16800.0, 7800.0]
    """
    p, m, pay = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (principal, months, monthly_payment)))
    with np.errstate(divide="ignore", invalid="ignore"):
        owing = np.where(pay > 0, np.ceil(np.round(p / np.where(pay > 0, pay, 1.0), 9)), m)
    n = np.where(p > 0, np.minimum(m, owing), 0.0)
    return np.atleast_1d(n * p - pay * n * (n - 1.0) / 2.0)


def deferred_interest(
    principal: npt.ArrayLike, apr_pct: npt.ArrayLike, months: npt.ArrayLike, monthly_payment: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Deferred interest accrued over m months on the balance as it is paid down: APR / 1200 x the sum of the
    monthly balances (`promo_balance_sum`), simple interest, not compounded. Vectorised.

    Example (hand-worked in tests/pricing/test_patient_finance.py): 1,400 at 32.99 % for 12 months paying 100 a
    month: 10,200 x 0.3299 / 12 = 280.42; paying nothing: 1,400 x 0.3299 = 461.86.

    >>> [round(x, 2) for x in deferred_interest(1_400, 32.99, 12, [100, 0]).tolist()]
    [280.42, 461.86]
    """
    apr = np.asarray(apr_pct, dtype=np.float64)
    return np.atleast_1d(promo_balance_sum(principal, months, monthly_payment) * apr / 1200.0)


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
    figures show what it would be if it were). payment_to_clear is the smallest payment that clears it in
    time; required_minimum_payment the issuer's minimum, which may not (required_minimum_clears).
    deferred_interest_if_late is the interest accrued at `monthly_payment`, charged back if any balance is left
    at the end; interest_charged is it when not cleared at `monthly_payment`, else 0.
    """

    currency: str
    principal: float
    promo_months: int
    apr_pct: float
    eligible: bool
    payment_to_clear: float
    monthly_payment: float
    cleared_in_time: bool
    balance_at_promo_end: float
    deferred_interest_if_late: float
    interest_charged: float
    owed_at_promo_end: float
    total_paid: float
    required_minimum_payment: float
    required_minimum_clears: bool
    balance_at_required_minimum: float
    interest_at_required_minimum: float

    def summary(self) -> dict[str, object]:
        """The command line's keys (promo_minimum_payment is the payment that clears it in time)."""
        return {
            "promo_months": self.promo_months,
            "promo_apr_pct": self.apr_pct,
            "promo_eligible": self.eligible,
            "promo_minimum_payment": self.payment_to_clear,
            "promo_monthly_payment": self.monthly_payment,
            "promo_cleared_in_time": self.cleared_in_time,
            "promo_balance_at_end": self.balance_at_promo_end,
            "promo_deferred_interest_if_late": self.deferred_interest_if_late,
            "promo_interest_charged": self.interest_charged,
            "promo_owed_at_end": self.owed_at_promo_end,
            "promo_total_paid": self.total_paid,
        }

    def warning(self) -> str | None:
        """Words when the issuer's required minimum payment does not clear the promotion (see
        `minimum_payment_warning`)."""
        if self.required_minimum_clears or self.principal <= 0:
            return None
        return minimum_payment_warning_text(
            self.principal,
            self.promo_months,
            self.required_minimum_payment,
            self.balance_at_required_minimum,
            self.interest_at_required_minimum,
            self.payment_to_clear,
            self.currency,
        )


def instalments(principal: float, plan: InstalmentPlan, currency: str) -> Instalments:
    """The instalment plan for one amount. Example: 1,400 USD at 29.99 % over 12 months -> 136.48 a month;
    600 GBP at 0 % over 6 months (the UK's interest-free instalments) -> 100 a month, no interest.

    >>> plan = instalments(1_400, InstalmentPlan(29.99, 12), "USD")
    >>> round(plan.monthly_payment, 2), round(plan.total_paid, 2), round(plan.interest, 2)
    (136.48, 1637.7, 237.7)
    >>> uk = instalments(600, InstalmentPlan(0, 6), "GBP")
    >>> uk.monthly_payment, uk.interest
    (100.0, 0.0)
    """
    if principal < 0:
        raise ValueError("principal must be >= 0")
    payment = float(instalment_payment(principal, plan.apr_pct, plan.term_months)[0])
    total = payment * plan.term_months
    return Instalments(currency, float(principal), plan.apr_pct, plan.term_months, payment, total, total - principal)


def _paid_down(
    p: npt.NDArray[np.float64], paying: npt.NDArray[np.float64], plan: DeferredInterestPlan
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """(balance left at the end, cleared in time, deferred interest accrued) when paying `paying` a month."""
    balance = p - np.minimum(paying * plan.promo_months, p)
    cleared = balance <= _CENT_TOLERANCE
    accrued = deferred_interest(p, plan.apr_pct, plan.promo_months, paying)
    return np.where(cleared, 0.0, balance), cleared, accrued


def deferred_interest_frame(
    principal: npt.ArrayLike, plan: DeferredInterestPlan, monthly_payment: npt.ArrayLike | None = None
) -> pd.DataFrame:
    """The promotion for many amounts at once (default payment: the payment that clears it). Columns as the
    fields of DeferredInterestOutcome after `principal`, less currency, promo_months and apr_pct."""
    p = np.atleast_1d(np.asarray(principal, dtype=np.float64))
    to_clear = promo_minimum_payment(p, plan.promo_months, plan.min_payment)
    paying = (
        to_clear if monthly_payment is None else np.broadcast_to(np.asarray(monthly_payment, dtype=np.float64), p.shape)
    )
    if np.any(paying < 0):
        raise ValueError("monthly_payment must be >= 0")
    balance, cleared, if_late = _paid_down(p, paying, plan)
    required = np.minimum(p, plan.min_payment)
    balance_at_required, required_clears, accrued_at_required = _paid_down(p, required, plan)
    charged = np.where(cleared, 0.0, if_late)
    owed = balance + charged
    return pd.DataFrame(
        {
            "eligible": p >= plan.min_purchase,
            "payment_to_clear": to_clear,
            "monthly_payment": paying,
            "cleared_in_time": cleared,
            "balance_at_promo_end": balance,
            "deferred_interest_if_late": if_late,
            "interest_charged": charged,
            "owed_at_promo_end": owed,
            "total_paid": np.minimum(paying * plan.promo_months, p) + owed,
            "required_minimum_payment": required,
            "required_minimum_clears": required_clears,
            "balance_at_required_minimum": balance_at_required,
            "interest_at_required_minimum": np.where(required_clears, 0.0, accrued_at_required),
        }
    )


def deferred_interest_outcome(
    principal: float, plan: DeferredInterestPlan, currency: str, monthly_payment: float | None = None
) -> DeferredInterestOutcome:
    """The promotion for one amount, at `monthly_payment` (default: the payment that clears it).

    Example: 1,400 USD, 12 months at 32.99 %: 116.67 a month clears it, 1,400 paid. Paying 100 a month leaves 200
    at month 12, so the interest accrued on the paid-down balance is charged: 10,200 x 0.3299 / 12 = 280.415,
    480.415 owed then, 1,680.415 paid in all. The required minimum (30 a month) would leave 1,040 and bring
    14,820 x 0.3299 / 12 = 407.43 of interest.

    >>> plan = DeferredInterestPlan(12, 32.99)
    >>> paid = deferred_interest_outcome(1_400, plan, "USD")
    >>> paid.payment_to_clear, paid.cleared_in_time, round(paid.total_paid, 2)
    (116.67, True, 1400.0)
    >>> late = deferred_interest_outcome(1_400, plan, "USD", monthly_payment=100)
    >>> late.cleared_in_time, round(late.interest_charged, 2)
    (False, 280.42)
    >>> round(late.owed_at_promo_end, 3), round(late.total_paid, 3)
    (480.415, 1680.415)
    >>> late.required_minimum_clears, late.balance_at_required_minimum, round(late.interest_at_required_minimum, 2)
    (False, 1040.0, 407.43)
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
        payment_to_clear=float(row["payment_to_clear"]),
        monthly_payment=float(row["monthly_payment"]),
        cleared_in_time=bool(row["cleared_in_time"]),
        balance_at_promo_end=float(row["balance_at_promo_end"]),
        deferred_interest_if_late=float(row["deferred_interest_if_late"]),
        interest_charged=float(row["interest_charged"]),
        owed_at_promo_end=float(row["owed_at_promo_end"]),
        total_paid=float(row["total_paid"]),
        required_minimum_payment=float(row["required_minimum_payment"]),
        required_minimum_clears=bool(row["required_minimum_clears"]),
        balance_at_required_minimum=float(row["balance_at_required_minimum"]),
        interest_at_required_minimum=float(row["interest_at_required_minimum"]),
    )


def minimum_payment_warning_text(
    principal: float,
    promo_months: int,
    required_minimum: float,
    balance_left: float,
    interest: float,
    payment_to_clear: float,
    currency: str,
) -> str:
    """The warning in words, money as pricing.money_text writes it, e.g. 'The required minimum payment of $30.00 a
    month does not clear $1,400.00 within 12 months: paying only it leaves $1,040.00 after 12 months, and then
    $370.38 of deferred interest is charged. Pay at least $116.67 a month to clear it.' (in KRW: '₩42,000')."""
    return (
        f"The required minimum payment of {money(required_minimum, currency, 2)} a month does not clear "
        f"{money(principal, currency, 2)} within {promo_months} months: paying only it leaves "
        f"{money(balance_left, currency, 2)} after {promo_months} months, and then {money(interest, currency, 2)} of "
        f"deferred interest is charged. Pay at least {money(payment_to_clear, currency, 2)} a month to clear it."
    )


def minimum_payment_warning(principal: float, plan: DeferredInterestPlan, currency: str) -> str | None:
    """Words when the issuer's required minimum payment does not clear the promotion before it ends, else None.

    >>> minimum_payment_warning(300, DeferredInterestPlan(12, 29.99), "USD") is None  # 30 x 12 >= 300
    True
    >>> minimum_payment_warning(1_400, DeferredInterestPlan(12, 29.99), "USD")[:60]
    'The required minimum payment of $30.00 a month does not clea'
    """
    return deferred_interest_outcome(principal, plan, currency).warning()


def financing_table(
    rows: pd.DataFrame,
    instalment_plan: InstalmentPlan | None = None,
    promo_plan: DeferredInterestPlan | None = None,
    band: str = "typical",
) -> pd.DataFrame:
    """Financing of each row's course cost (`course_cost_<band>` of `CourseComparison.rows`), aligned to its
    index. The course cost is what the clinic charges; extras and the value of downtime are not financed.

    Columns with an instalment plan: finance_monthly_payment, finance_total_paid, finance_interest; with a
    promotion: promo_eligible, promo_minimum_payment (the payment that clears it), promo_deferred_interest_if_late
    (charged back if a balance is left after paying that), promo_total_paid (at that payment),
    promo_required_minimum_payment, promo_required_minimum_clears, promo_interest_at_required_minimum.
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
        out["promo_minimum_payment"] = promo["payment_to_clear"].to_numpy()
        out["promo_deferred_interest_if_late"] = promo["deferred_interest_if_late"].to_numpy()
        out["promo_total_paid"] = promo["total_paid"].to_numpy()
        out["promo_required_minimum_payment"] = promo["required_minimum_payment"].to_numpy()
        out["promo_required_minimum_clears"] = promo["required_minimum_clears"].to_numpy()
        out["promo_interest_at_required_minimum"] = promo["interest_at_required_minimum"].to_numpy()
    return out


# --- each region's own kind of plan (regions table) -----------------------------------------------------


@dataclass(frozen=True)
class RegionFinancing:
    """A region's own kind of patient financing, money in `currency` (converted from the region's own).

    promo: a US-style deferred-interest promotion, or None; instalments: an instalment plan, or None; both None:
    no plan found for the region (and none is offered by default). min_purchase: the smallest amount the plan
    is offered on (0: any).
    """

    region_id: str
    currency: str
    name: str
    promo: DeferredInterestPlan | None
    instalments: InstalmentPlan | None
    min_purchase: float
    source: str
    year: str
    estimate: bool
    note: str

    @property
    def has_plan(self) -> bool:
        return self.promo is not None or self.instalments is not None


def _cell(row: pd.Series, column: str) -> object:
    return row[column] if column in row.index else None


def _number(row: pd.Series, column: str) -> float | None:
    value = _cell(row, column)
    if value is None or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _text(row: pd.Series, column: str) -> str:
    value = _cell(row, column)
    return value.strip() if isinstance(value, str) else ""


def region_financing(
    regions: pd.DataFrame, region_id: str, currency: str, units_per_display_unit: float = 1.0
) -> RegionFinancing:
    """The region's plan from its `finance_*` columns (regions table), its money converted to `currency` by
    `units_per_display_unit` (display units per unit of the region's currency; 1 when they are the same).

    A month count that is not whole (the regions table's validation reports it) is rounded. Example: the
    shipped US row is a 12-month promotion at 29.99 % with a 30 USD minimum payment on 200 USD or more; the UK row
    is 6 months of 0 % instalments; Germany has none.
    """
    row: pd.Series = regions[regions["region_id"] == region_id].iloc[0]
    factor = float(units_per_display_unit)
    promo_months = _number(row, "finance_promo_months")
    instalment_months = _number(row, "finance_instalment_months")
    min_purchase = (_number(row, "finance_min_purchase") or 0.0) * factor
    promo = None
    if promo_months is not None and promo_months >= 1:
        promo = DeferredInterestPlan(
            int(round(promo_months)),
            _number(row, "finance_promo_apr_pct") or 0.0,  # empty: reported by the regions table's validation
            (_number(row, "finance_min_payment") or 0.0) * factor,
            min_purchase,
        )
    instalment = None
    if instalment_months is not None and instalment_months >= 1:
        instalment = InstalmentPlan(_number(row, "finance_instalment_apr_pct") or 0.0, int(round(instalment_months)))
    return RegionFinancing(
        region_id=region_id,
        currency=currency,
        name=_text(row, "finance_name"),
        promo=promo,
        instalments=instalment,
        min_purchase=min_purchase,
        source=_text(row, "finance_source"),
        year=_text(row, "finance_year"),
        estimate=_text(row, "finance_estimate").lower() == "yes",
        note=_text(row, "finance_note"),
    )
