"""Finance primitives both wings use: the annuity payment of a loan or instalment plan.

Money in, money out, in whatever single currency the caller uses; rates are APR in percent.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


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
