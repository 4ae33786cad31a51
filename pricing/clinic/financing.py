"""Ways to pay for a device: cash, loan, lease, 0 % promotion; balloon, deferral, sales tax, refurbished units.

All money is in the device's currency; rates are percent; months are whole months. For scenario s:

- Cost of the device (capitalised): C = device_price x (1 + sales_tax_pct / 100) + recertification_fee
  (the fee only for a refurbished unit, whose life may be shorter: `refurbished_life_years`).
- cash: C is paid in month 0; nothing is financed.
- loan (the default, as `device_economics`): F = C - down_payment is financed at i = APR / 1200 a month;
  payment = annuity leaving the balloon B for the last month (numpy-financial's pmt with fv = -B, see
  `pricing.finance.annuity_payment`; i = 0: (F - B) / n); payments in months D + 1 .. D + n (D deferred months,
  n = term_months), B with the last.
  During the deferral the balance grows to F x (1 + i)^D when `deferral_interest_accrues` (the usual
  equipment-finance case; the payment is then the annuity on that balance), else stays F (interest waived).
  Nothing financed or term 0: it is a cash purchase. Month 0 = C - F = the down payment (sales tax and the
  recertification fee are financed with the price).
- promo: a loan at 0 % APR whatever apr_pct says (payment (F - B) / n).
- lease: capitalised cost K = C - down_payment (paid in month 0); money factor MF = lease_money_factor, else
  lease_apr_pct / 2400, else apr_pct / 2400; residual R = lease_residual_value; term n = term_months.
  payment = depreciation part + finance part = (K - R) / n + (K + R) x MF, in months D + 1 .. D + n (with
  deferral interest, K grows first to K x (1 + 2 MF)^D: 2 MF = APR / 1200 a month).
  lease_end "buy": the clinic pays R with the last payment and keeps the device for its life (resale value at
  the end); "return": the device goes back, the projection ends with the lease (D + n months, at most the
  life), no resale.
- finance cost (the "total_interest" of a loan) = everything paid for the device (down payment, payments,
  balloon or buyout) - C, a returned lease's residual counted as paid: loan/promo: n x payment + B - F;
  lease: down + n x payment + R - C = n x (K + R) x MF. This is over the whole term (the fixed cost spreads it
  over the months in use); what is paid within the months in use is `FinancingSchedule.paid_for_device` - C.
- A loan or lease that runs past the months in use H (D + n > H) is settled in month H (as in
  `device_economics`): a loan's balance still owed after its payments up to H (the balloon is in it:
  P' (1 + i)^j - payment x ((1 + i)^j - 1) / i, j = H - D payments made, `pricing.finance.remaining_balance`;
  during the deferral the balance F (1 + i)^H, or F when the interest is waived); a lease's remaining payments
  plus, bought, the residual. Only the interest of the months in use is then paid.

Worked examples (tests/pricing/test_financing.py):
- loan 54,000 at 10 % over 48 months: 1,369.58 a month (devices.md §5); with a 10,000 balloon:
  (54,000 - 10,000 x 1.008333^-48) x 0.008333 / (1 - 1.008333^-48) = 1,199.29 a month + 10,000 in month 48.
- lease K = 100,000, R = 20,000, 36 months, MF 0.0025 (= 6 % APR / 2400):
  80,000 / 36 = 2,222.22 + 120,000 x 0.0025 = 300 -> 2,522.22 a month; finance cost 36 x 300 = 10,800.
- deferral: 100,000 at 12 % deferred 3 months with interest -> 100,000 x 1.01^3 = 103,030.10 to repay over
  60 months: 2,291.85 a month instead of 2,224.44.
- past the life: 100,000 at 8 % over 84 months (1,558.62 a month) with a 5-year life: 60 payments, and in
  month 60 the 34,461.97 still owed; interest paid 60 x 1,558.6214 + 34,461.97 - 100,000 = 27,979.25.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pricing.finance import annuity_payment, remaining_balance

Number = float | npt.NDArray[np.float64]
Text = str | npt.NDArray[np.str_]

FINANCING_KINDS: tuple[str, ...] = ("loan", "cash", "lease", "promo")
LEASE_ENDS: tuple[str, ...] = ("buy", "return")


def _optional(value: Number | None) -> npt.NDArray[np.float64]:
    return np.asarray(np.nan if value is None else value, dtype=np.float64)


@dataclass(frozen=True)
class Financing:
    """How the device is paid for (see the module docstring); defaults reproduce `device_economics`.

    kind: "loan" (down payment, APR and term of DeviceInputs; term 0 = cash), "cash", "lease" or "promo"
    (0 % APR); balloon: left to pay with the last loan payment (money); deferred_months: months before the
    first payment; deferral_interest_accrues: True = interest (or the lease charge) accrues during the deferral,
    False = waived; lease_money_factor or lease_apr_pct (MF = APR / 2400; neither: the device's APR);
    lease_residual_value (money); lease_end: "buy" or "return". Every field may be an array of scenarios.
    """

    kind: Text = "loan"
    balloon: Number = 0.0
    deferred_months: Number = 0.0
    deferral_interest_accrues: bool | npt.NDArray[np.bool_] = True
    lease_money_factor: Number | None = None
    lease_apr_pct: Number | None = None
    lease_residual_value: Number = 0.0
    lease_end: Text = "buy"

    def __post_init__(self) -> None:
        if not np.isin(np.asarray(self.kind), FINANCING_KINDS).all():
            raise ValueError(f"financing kind must be one of {', '.join(FINANCING_KINDS)}")
        if not np.isin(np.asarray(self.lease_end), LEASE_ENDS).all():
            raise ValueError(f"lease_end must be one of {', '.join(LEASE_ENDS)}")
        for name in ("balloon", "deferred_months", "lease_residual_value"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if not (np.isfinite(value).all() and (value >= 0).all()):
                raise ValueError(f"{name} must be a number >= 0")
        for name in ("lease_money_factor", "lease_apr_pct"):
            value = _optional(getattr(self, name))
            if not (np.isnan(value) | ((value >= 0) & np.isfinite(value))).all():
                raise ValueError(f"{name} must be >= 0")

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """Every field as an array (None -> NaN)."""
        return {
            "kind": np.asarray(self.kind, dtype=np.str_),
            "balloon": np.asarray(self.balloon, dtype=np.float64),
            "deferred_months": np.asarray(self.deferred_months, dtype=np.float64),
            "deferral_interest_accrues": np.asarray(self.deferral_interest_accrues, dtype=bool),
            "lease_money_factor": _optional(self.lease_money_factor),
            "lease_apr_pct": _optional(self.lease_apr_pct),
            "lease_residual_value": np.asarray(self.lease_residual_value, dtype=np.float64),
            "lease_end": np.asarray(self.lease_end, dtype=np.str_),
        }


@dataclass(frozen=True)
class Acquisition:
    """What buying the device costs beyond its price: sales tax (capitalised), a refurbished unit's fee and life.

    sales_tax_pct: percent of device_price, added to the cost (and financed with it); refurbished: a used,
    recertified unit (device_price is then its price); recertification_fee (money, refurbished only);
    refurbished_life_years: its remaining useful life (None: the device's life_years).
    Example: 45,000 refurbished laser, 7 % sales tax, 20,000 recertification -> cost 45,000 x 1.07 + 20,000
    = 68,150 (devices.md §3 and §9 give 15,000-25,000 for recertification and 20,000 as the default).
    """

    sales_tax_pct: Number = 0.0
    refurbished: bool | npt.NDArray[np.bool_] = False
    recertification_fee: Number = 0.0
    refurbished_life_years: Number | None = None

    def __post_init__(self) -> None:
        tax = np.asarray(self.sales_tax_pct, dtype=np.float64)
        fee = np.asarray(self.recertification_fee, dtype=np.float64)
        life = _optional(self.refurbished_life_years)
        if not (np.isfinite(tax).all() and ((tax >= 0) & (tax <= 100)).all()):
            raise ValueError("sales_tax_pct must be between 0 and 100")
        if not (np.isfinite(fee).all() and (fee >= 0).all()):
            raise ValueError("recertification_fee must be a number >= 0")
        if ((fee > 0) & ~np.asarray(self.refurbished, dtype=bool)).any():
            raise ValueError("recertification_fee applies to a refurbished device only")
        if not (np.isnan(life) | ((life > 0) & np.isfinite(life))).all():
            raise ValueError("refurbished_life_years must be more than 0")

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """Every field as an array (None -> NaN)."""
        return {
            "sales_tax_pct": np.asarray(self.sales_tax_pct, dtype=np.float64),
            "refurbished": np.asarray(self.refurbished, dtype=bool),
            "recertification_fee": np.asarray(self.recertification_fee, dtype=np.float64),
            "refurbished_life_years": _optional(self.refurbished_life_years),
        }


def cost_of_device(
    device_price: npt.ArrayLike, sales_tax_pct: npt.ArrayLike = 0.0, recertification_fee: npt.ArrayLike = 0.0
) -> npt.NDArray[np.float64]:
    """C = device_price x (1 + sales_tax_pct / 100) + recertification_fee. Example: 45,000, 7 %, 20,000 -> 68,150.

    >>> round(float(cost_of_device(45_000, 7, 20_000)), 2)
    68150.0
    """
    price = np.asarray(device_price, dtype=np.float64)
    fee = np.asarray(recertification_fee, dtype=np.float64)
    return price * (1.0 + np.asarray(sales_tax_pct, dtype=np.float64) / 100.0) + fee


def money_factor(apr_pct: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Lease money factor = APR / 2400. Example: 6 % -> 0.0025.

    >>> money_factor([6, 12]).tolist()
    [0.0025, 0.005]
    """
    return np.asarray(apr_pct, dtype=np.float64) / 2400.0


def lease_payment(
    capitalised_cost: npt.ArrayLike,
    residual: npt.ArrayLike,
    term_months: npt.ArrayLike,
    lease_money_factor: npt.ArrayLike,
) -> npt.NDArray[np.float64]:
    """Lease payment = (K - R) / n + (K + R) x MF (depreciation part + finance part); n = 0: 0.

    Example: K 100,000, R 20,000, 36 months, MF 0.0025 -> 2,222.22 + 300 = 2,522.22 a month.

    >>> lease_payment(100_000, 20_000, [36, 0], 0.0025).round(2).tolist()
    [2522.22, 0.0]
    """
    k, r, n, mf = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (capitalised_cost, residual, term_months, lease_money_factor))
    )
    return np.atleast_1d(np.where(n > 0, (k - r) / np.where(n > 0, n, 1.0) + (k + r) * mf, 0.0))


def deferred_balance(
    principal: npt.ArrayLike, monthly_rate: npt.ArrayLike, deferred_months: npt.ArrayLike, accrues: npt.ArrayLike = True
) -> npt.NDArray[np.float64]:
    """Balance after D months without payments: P x (1 + i)^D when interest accrues, else P.

    Example: 100,000 at 1 % a month (12 % APR), 3 months -> 103,030.10; waived -> 100,000.

    >>> deferred_balance(100_000, 0.01, 3, accrues=[True, False]).round(2).tolist()
    [103030.1, 100000.0]
    """
    p = np.asarray(principal, dtype=np.float64)
    grown = p * (1.0 + np.asarray(monthly_rate, dtype=np.float64)) ** np.asarray(deferred_months, dtype=np.float64)
    return np.atleast_1d(np.where(np.asarray(accrues, dtype=bool), grown, p))


@dataclass(frozen=True)
class FinancingSchedule:
    """Cash paid for the device, by scenario (arrays (S,)) and month (arrays (S, M + 1)); money in currency.

    kind: the financing in effect ("cash" also for a loan or promo with nothing financed or no term);
    cost: C (capitalised); financed: F (loan) or K (lease), 0 for cash; month0_outlay: paid in month 0;
    monthly_payment: the regular payment; payments: every payment by month (balloon, lease buyout and the
    settlement at the end of the life included), 0 after the months in use; interest: loan interest arising
    in each month (tax view; 0 for cash, promo and leases); finance_cost: see the module (over the whole term);
    settlement: what is still owed when a loan or lease runs past the months in use, paid in the last month
    (0 otherwise); paid_for_device: month-0 outlay + every payment within the months in use (a returned lease's
    residual counted as paid) = C + the interest or lease charges paid within the life; months_in_use: life in
    months, or D + n for a returned lease that ends earlier; resale_value: residual value received at the end
    (0 for a returned lease); used_up: the part of C the clinic consumes (C - resale value, or C - R for a
    returned lease).
    """

    kind: npt.NDArray[np.str_]
    cost: npt.NDArray[np.float64]
    financed: npt.NDArray[np.float64]
    month0_outlay: npt.NDArray[np.float64]
    monthly_payment: npt.NDArray[np.float64]
    payments: npt.NDArray[np.float64]
    interest: npt.NDArray[np.float64]
    finance_cost: npt.NDArray[np.float64]
    settlement: npt.NDArray[np.float64]
    paid_for_device: npt.NDArray[np.float64]
    months_in_use: npt.NDArray[np.int64]
    resale_value: npt.NDArray[np.float64]
    used_up: npt.NDArray[np.float64]
    is_lease: npt.NDArray[np.bool_]


def financing_schedule(
    cost: npt.ArrayLike,
    down_payment: npt.ArrayLike,
    apr_pct: npt.ArrayLike,
    term_months: npt.ArrayLike,
    life_months: npt.ArrayLike,
    residual_value: npt.ArrayLike,
    financing: Financing = Financing(),
) -> FinancingSchedule:
    """Month-by-month device payments for each scenario (formulas in the module docstring), vectorised.

    cost is C (see `cost_of_device`); life_months are whole months. Raises ValueError for a lease without a
    term, a balloon larger than the amount financed, or a down payment above the cost.
    """
    f = financing.arrays()
    names = ("cost", "down", "apr", "term", "life", "residual", *f)
    values = np.broadcast_arrays(
        *(np.asarray(x) for x in (cost, down_payment, apr_pct, term_months, life_months, residual_value)), *f.values()
    )
    a = dict(zip(names, (np.atleast_1d(v) for v in values), strict=True))
    c, down = a["cost"].astype(np.float64), a["down"].astype(np.float64)
    n = np.maximum(np.rint(a["term"].astype(np.float64)), 0.0)
    d = np.maximum(np.rint(a["deferred_months"]), 0.0)
    kind = a["kind"]
    is_lease, is_cash = kind == "lease", kind == "cash"
    if (is_lease & (n < 1)).any():
        raise ValueError("a lease needs a term of at least 1 month")
    if (down > c + 1e-9).any():
        raise ValueError("the down payment must not exceed the cost of the device")

    apr = np.where(kind == "promo", 0.0, a["apr"].astype(np.float64))
    financed = np.maximum(c - down, 0.0)
    is_loan = ~is_lease & ~is_cash & (financed > 0) & (n > 0)
    if (is_loan & (a["balloon"] > financed + 1e-9)).any():
        raise ValueError("the balloon must not exceed the amount financed")
    if (is_lease & (a["lease_residual_value"] > financed + 1e-9)).any():
        raise ValueError("the lease residual must not exceed the capitalised cost")
    balloon = np.where(is_loan, a["balloon"], 0.0)

    loan_rate = apr / 1200.0
    loan_balance = deferred_balance(financed, loan_rate, d, a["deferral_interest_accrues"])
    loan_pay = np.where(is_loan, annuity_payment(loan_balance, apr, n, balloon), 0.0)

    mf = np.where(
        np.isfinite(a["lease_money_factor"]),
        a["lease_money_factor"],
        np.where(np.isfinite(a["lease_apr_pct"]), money_factor(a["lease_apr_pct"]), money_factor(apr)),
    )
    lease_residual = a["lease_residual_value"]
    lease_balance = deferred_balance(financed, 2.0 * mf, d, a["deferral_interest_accrues"])
    lease_pay = lease_payment(lease_balance, lease_residual, n, mf)
    returned = is_lease & (a["lease_end"] == "return")

    payment = np.where(is_lease, lease_pay, loan_pay)
    life = np.maximum(np.rint(a["life"].astype(np.float64)), 1.0)
    in_use = np.where(returned, np.minimum(d + n, life), life).astype(np.int64)
    last_payment = np.where(is_lease | is_loan, d + n, 0.0)
    end_amount = np.where(is_lease & ~returned, lease_residual, balloon)

    months = np.arange(int(in_use.max()) + 1)[None, :]
    k = months - d[:, None]
    paying = (k >= 1) & (k <= n[:, None]) & (months <= in_use[:, None]) & (is_lease | is_loan)[:, None]
    # Past the months in use: what is still owed is settled in the last month (a loan's balance, which holds the
    # balloon; a lease's remaining payments and, bought, its residual).
    runs_past = (is_lease | is_loan) & (last_payment > in_use)
    made = np.maximum(in_use - d, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        owed_at_end = remaining_balance(
            deferred_balance(financed, loan_rate, np.minimum(in_use, d), a["deferral_interest_accrues"]),
            apr,
            loan_pay,
            made,
        )
    lease_owed = (n - np.minimum(made, n)) * lease_pay + np.where(returned, 0.0, lease_residual)
    settlement = np.where(runs_past, np.where(is_lease, lease_owed, owed_at_end), 0.0)
    payments = (
        np.where(paying, payment[:, None], 0.0)
        + np.where(paying & (months == last_payment[:, None]), end_amount[:, None], 0.0)
        + np.where(months == in_use[:, None], settlement[:, None], 0.0)
    )

    # Balance before the j-th payment: P' (1 + i)^(j - 1) - payment x ((1 + i)^(j - 1) - 1) / i.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        deferring = (months >= 1) & (months <= d[:, None])
        accrues = a["deferral_interest_accrues"][:, None]
        deferral_interest = np.where(
            deferring & accrues,
            financed[:, None] * np.exp((months - 1) * np.log1p(loan_rate)[:, None]) * loan_rate[:, None],
            0.0,
        )
        balance_before = remaining_balance(loan_balance[:, None], apr[:, None], loan_pay[:, None], np.maximum(k - 1, 0))
    interest = np.where(
        is_loan[:, None] & (months <= in_use[:, None]),
        deferral_interest + np.where(paying, balance_before * loan_rate[:, None], 0.0),
        0.0,
    )

    month0 = np.where(is_lease, down, np.where(is_loan, c - financed, c))
    finance_cost = np.where(
        is_loan, loan_pay * n + balloon - financed, np.where(is_lease, down + lease_pay * n + lease_residual - c, 0.0)
    )
    resale = np.where(returned, 0.0, a["residual"].astype(np.float64))
    used_up = np.where(returned, c - lease_residual, c - resale)
    paid = month0 + payments.sum(axis=1) + np.where(returned, lease_residual, 0.0)
    return FinancingSchedule(
        kind=np.where(~is_lease & ~is_loan, "cash", kind),
        cost=c,
        financed=np.where(is_lease | is_loan, financed, 0.0),
        month0_outlay=month0,
        monthly_payment=payment,
        payments=payments,
        interest=interest,
        finance_cost=finance_cost,
        settlement=settlement,
        paid_for_device=paid,
        months_in_use=in_use,
        resale_value=resale,
        used_up=used_up,
        is_lease=is_lease,
    )
