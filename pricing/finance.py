"""Finance primitives both wings use: the annuity payment of a loan or instalment plan, the balance still owed
on it, and the annual internal rate of return of monthly cash flows.

Money in, money out, in whatever single currency the caller uses; rates are APR in percent.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import numpy_financial as npf


def annuity_payment(
    principal: npt.ArrayLike, apr_pct: npt.ArrayLike, term_months: npt.ArrayLike, balloon: npt.ArrayLike = 0.0
) -> npt.NDArray[np.float64]:
    """Monthly payment on `principal` at APR / 12 % a month over `term_months`, leaving `balloon` for the end.

    payment = (P (1 + i)^n - B) x i / ((1 + i)^n - 1), i = APR / 1200: numpy-financial's
    `pmt(i, n, -P, fv=B)`, with (1 + i)^n - 1 computed as expm1(n log1p(i)) so that a tiny rate tends to the
    0 % payment instead of losing every digit; i = 0: (P - B) / n; n = 0 or P = 0: 0. Vectorised.

    >>> round(float(annuity_payment(100_000, 8, 60)[0]), 2)
    2027.64
    >>> round(float(annuity_payment(54_000, 10, 48, balloon=10_000)[0]), 2)
    1199.29
    >>> float(annuity_payment(1_200, 0, 12)[0])
    100.0
    """
    p, apr, n, b = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (principal, apr_pct, term_months, balloon))
    )
    has_loan = (p > 0) & (n > 0)
    safe_n = np.where(n > 0, n, 1.0)
    rate = np.maximum(apr, 0.0) / 1200.0
    growth_minus_one = np.expm1(safe_n * np.log1p(rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        # P i / (1 - (1 + i)^-n) - B i / ((1 + i)^n - 1): the same payment, written so each part keeps its digits
        annuity = p * rate / -np.expm1(-safe_n * np.log1p(rate)) - np.where(b != 0, b * rate / growth_minus_one, 0.0)
    payment = np.where(rate > 0, annuity, (p - b) / safe_n)
    return np.atleast_1d(np.where(has_loan, payment, 0.0))


def remaining_balance(
    principal: npt.ArrayLike, apr_pct: npt.ArrayLike, payment: npt.ArrayLike, payments_made: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Balance still owed on `principal` at APR / 12 % a month after `payments_made` payments of `payment`.

    balance = P (1 + i)^j - payment x ((1 + i)^j - 1) / i, i = APR / 1200, j = payments made ((1 + i)^j - 1 as
    expm1(j log1p(i)), as in `annuity_payment`); i = 0: P - payment x j. Vectorised (broadcast).
    Example: 100,000 at 8 % over 84 months pays 1,558.62 a month; after 60 payments 34,461.97 is still owed.

    >>> payment = annuity_payment(100_000, 8, 84)
    >>> round(float(payment[0]), 2), round(float(remaining_balance(100_000, 8, payment, 60)[0]), 2)
    (1558.62, 34461.97)
    >>> float(remaining_balance(1_200, 0, 100, 3)[0])
    900.0
    """
    p, apr, pay, j = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (principal, apr_pct, payment, payments_made))
    )
    rate = np.maximum(apr, 0.0) / 1200.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        grown_minus_one = np.expm1(j * np.log1p(rate))
        owed = p * (grown_minus_one + 1.0) - pay * grown_minus_one / np.where(rate > 0, rate, 1.0)
    return np.atleast_1d(np.where(rate > 0, owed, p - pay * j))


def irr_annual_pct(monthly_flows: npt.ArrayLike) -> float:
    """Annual internal rate of return of monthly cash flows (month 0 first), in percent; NaN when there is none.

    The monthly IRR r solves sum of flow(m) / (1 + r)^m = 0 (numpy-financial's `irr`: of several roots, the
    one closest to 0); annual = ((1 + r)^12 - 1) x 100. NaN when the flows do not change sign (nothing to
    recover, or nothing recovered); when the first flow that is not 0 is money in (nothing was invested before
    money came back: the rate would be a cost of borrowing, not a return); when the rate and the undiscounted
    total disagree in sign (flows that change sign more than once, e.g. a large final payment, can have several
    rates, and the one closest to 0 is then not the return); when no rate solves it, or the annual rate
    overflows. With one outlay first and income after, the rate is unique and always shown.
    Example: -12,000 then 1,000 a month for 13 months: r = 1.1636 % a month -> 1.011636^12 - 1 = 14.89 % a year.

    >>> round(irr_annual_pct([-12_000.0] + [1_000.0] * 13), 2)
    14.89
    >>> irr_annual_pct([-1_000.0, -500.0]), irr_annual_pct([0.0, 500.0, -100.0])
    (nan, nan)
    """
    flows = np.asarray(monthly_flows, dtype=np.float64).ravel()
    if not (np.isfinite(flows).all() and (flows > 0).any() and (flows < 0).any()):
        return math.nan
    if flows[flows != 0][0] > 0:
        return math.nan
    try:
        with np.errstate(all="ignore"):
            monthly = float(npf.irr(flows))
            annual = (math.pow(1.0 + monthly, 12) - 1.0) * 100.0 if monthly > -1.0 else math.nan
    except (np.linalg.LinAlgError, ValueError, OverflowError):
        return math.nan
    total = float(flows.sum())
    if not math.isfinite(annual) or (total > 0 and annual <= 0) or (total < 0 and annual >= 0):
        return math.nan
    return annual
