"""Tax view: depreciation (straight-line, US MACRS or expensed in year 1), income tax, after-tax cash flow.

MACRS percentages: IRS Publication 946, "How To Depreciate Property", Appendix A, Table A-1 (General
Depreciation System, 200 % declining balance switching to straight line, half-year convention), as transcribed
in shared/reference/devices.md §7 (both rows sum to 100 %):
    5-year property, tax years 1..6: 20.00, 32.00, 19.20, 11.52, 11.52, 5.76 % of the basis
    7-year property, tax years 1..8: 14.29, 24.49, 17.49, 12.49, 8.93, 8.92, 8.93, 4.46 %
Equipment of a professional-services practice is asset class 57.0, i.e. 5-year property; 7-year is what many
accountants use for property without a class life (devices.md §7). Money is in the device's currency.

Conventions (month 1 = the first month of tax year 1; the half-year convention is inside the table):
- straight: depreciation(m) = (C - resale value) / H in months 1..H (the book depreciation of device.py);
  macrs5 / macrs7: depreciation(m) = C x pct[tax year ceil(m / 12)] / 100 / 12 in months 1..H (each tax year
  spread evenly over its months; the resale value is ignored, as MACRS does).
  expense (Section 179 or 100 % bonus depreciation, US from 2025): the same with pct = 100 in tax year 1, i.e.
  C / 12 a month in months 1..12 and nothing after.
  C = cost of the device (price + sales tax + recertification fee), H = months in use.
- Owned device (cash, loan, promo): taxable(m) = operating profit(m) - depreciation(m) - loan interest(m);
  in month H the device is sold: + gain = resale value - (C - depreciation taken), a loss if negative.
- Leased device: everything paid for the lease is deducted when paid (down payment in month 0, payments,
  buyout), never depreciated; a bought-out device's resale value is taxable at the end (basis 0).
- tax(m) = rate / 100 x taxable(m). A negative tax is a saving against the practice's other income in the
  same month (the practice is assumed to have such income). after-tax cash flow(m) = cash flow(m) - tax(m).

Worked example (tests/pricing/test_tax.py): 10,000 device paid cash, 5-year MACRS, 1,000 operating profit a
month, 25 % tax. Year 1: depreciation 10,000 x 20 % / 12 = 166.67 a month -> taxable 833.33, tax 208.33,
after-tax cash 791.67. Year 2: 10,000 x 32 % / 12 = 266.67 -> taxable 733.33, tax 183.33. Sold after 24 months
for 6,000: depreciation taken 5,200, remaining basis 4,800, gain 1,200, taxed 300 in month 24.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pricing.clinic.financing import FinancingSchedule

Number = float | npt.NDArray[np.float64]
Text = str | npt.NDArray[np.str_]

MACRS_HALF_YEAR_PCT: dict[str, tuple[float, ...]] = {
    "macrs5": (20.00, 32.00, 19.20, 11.52, 11.52, 5.76),
    "macrs7": (14.29, 24.49, 17.49, 12.49, 8.93, 8.92, 8.93, 4.46),
}
# US from 2025: 100 % bonus depreciation restored and the Section 179 cap raised to 2.5M USD (shared/reference
# README, corrections item 11), so a device's whole cost can be deducted in tax year 1.
TAX_YEAR_PCT: dict[str, tuple[float, ...]] = {**MACRS_HALF_YEAR_PCT, "expense": (100.0,)}
DEPRECIATION_METHODS: tuple[str, ...] = ("straight", "macrs5", "macrs7", "expense")
# One row per method (straight-line's row unused), tax years 1..8, percent; zeros after a schedule ends.
_MACRS_TABLE = np.array(
    [[0.0] * 8] + [list(TAX_YEAR_PCT[m]) + [0.0] * (8 - len(TAX_YEAR_PCT[m])) for m in DEPRECIATION_METHODS[1:]]
)


@dataclass(frozen=True)
class TaxSettings:
    """depreciation: "straight", "macrs5", "macrs7" or "expense"; income_tax_rate_pct: percent (0 = no tax view).

    Either may be an array of scenarios. With the default rate 0, after-tax figures equal the pre-tax ones.
    """

    depreciation: Text = "straight"
    income_tax_rate_pct: Number = 0.0

    def __post_init__(self) -> None:
        if not np.isin(np.asarray(self.depreciation), DEPRECIATION_METHODS).all():
            raise ValueError(f"depreciation must be one of {', '.join(DEPRECIATION_METHODS)}")
        rate = np.asarray(self.income_tax_rate_pct, dtype=np.float64)
        if not (np.isfinite(rate).all() and ((rate >= 0) & (rate <= 100)).all()):
            raise ValueError("income_tax_rate_pct must be between 0 and 100")

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """Both fields as arrays."""
        return {
            "depreciation": np.asarray(self.depreciation, dtype=np.str_),
            "income_tax_rate_pct": np.asarray(self.income_tax_rate_pct, dtype=np.float64),
        }


def depreciation_by_month(
    cost: npt.ArrayLike,
    resale_value: npt.ArrayLike,
    months_in_use: npt.ArrayLike,
    method: npt.ArrayLike,
    n_months: int | None = None,
) -> npt.NDArray[np.float64]:
    """Tax depreciation by scenario and month 0 .. n_months (S, M + 1); 0 in month 0 and after the months in use.

    Example: cost 10,000, macrs5 -> months 1..12: 166.67, months 13..24: 266.67; straight over 60 months with
    resale 1,000 -> 150 a month.

    >>> depreciation_by_month(10_000, 0, 72, "macrs5")[0, [0, 1, 12, 13, 24, 25]].round(2).tolist()
    [0.0, 166.67, 166.67, 266.67, 266.67, 160.0]
    >>> depreciation_by_month(10_000, 1_000, 60, "straight")[0, [1, 60]].tolist()
    [150.0, 150.0]
    >>> depreciation_by_month(12_000, 0, 60, "expense")[0, [1, 12, 13]].tolist()
    [1000.0, 1000.0, 0.0]
    """
    c, resale, h, kind = np.broadcast_arrays(
        np.asarray(cost, dtype=np.float64),
        np.asarray(resale_value, dtype=np.float64),
        np.asarray(months_in_use, dtype=np.float64),
        np.asarray(method),
    )
    c, resale, h, kind = (np.atleast_1d(x) for x in (c, resale, h, kind))
    last = int(h.max()) if n_months is None else int(n_months)
    months = np.arange(last + 1)[None, :]
    table = _MACRS_TABLE
    method_row = np.select([kind == name for name in DEPRECIATION_METHODS], list(range(len(DEPRECIATION_METHODS))), 0)
    year = (months + 11) // 12 - 1
    in_table = (year >= 0) & (year < table.shape[1])
    macrs = c[:, None] * table[method_row[:, None], np.clip(year, 0, table.shape[1] - 1)] / 100.0 / 12.0
    macrs = np.where(in_table, macrs, 0.0)
    straight = ((c - resale) / np.maximum(h, 1.0))[:, None]
    per_month = np.where((kind == "straight")[:, None], straight, macrs)
    return np.where((months >= 1) & (months <= h[:, None]), per_month, 0.0)


def income_tax(taxable_income: npt.ArrayLike, income_tax_rate_pct: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """tax = rate / 100 x taxable income (negative: a saving). Example: 833.33 at 25 % -> 208.33.

    >>> income_tax([833.33, -100.0], 25).round(2).tolist()
    [208.33, -25.0]
    """
    rate = np.asarray(income_tax_rate_pct, dtype=np.float64)
    taxable = np.asarray(taxable_income, dtype=np.float64)
    return taxable * (rate[:, None] if rate.ndim == 1 and taxable.ndim == 2 else rate) / 100.0


@dataclass(frozen=True)
class TaxView:
    """By scenario and month (S, M + 1), money in the device's currency: depreciation deducted, taxable
    income, income tax and after-tax cash flow."""

    depreciation: npt.NDArray[np.float64]
    taxable_income: npt.NDArray[np.float64]
    income_tax: npt.NDArray[np.float64]
    after_tax_cash_flows: npt.NDArray[np.float64]


def tax_view(
    operating_profit: npt.NDArray[np.float64],
    cash_flows: npt.NDArray[np.float64],
    schedule: FinancingSchedule,
    tax: TaxSettings = TaxSettings(),
) -> TaxView:
    """Taxable income, tax and after-tax cash flow (conventions in the module docstring), vectorised.

    operating_profit: (S, M + 1), sessions x contribution margin - maintenance in months 1..H, 0 elsewhere;
    cash_flows: the pre-tax cash flows of the same shape; schedule: the device's financing.
    """
    t = tax.arrays()
    n_scen, width = cash_flows.shape
    method = np.broadcast_to(np.atleast_1d(t["depreciation"]), (n_scen,))
    rate = np.broadcast_to(np.atleast_1d(t["income_tax_rate_pct"]), (n_scen,))
    months = np.arange(width)[None, :]
    h = schedule.months_in_use
    at_end = months == h[:, None]
    lease = schedule.is_lease[:, None]

    depreciation = np.where(
        lease, 0.0, depreciation_by_month(schedule.cost, schedule.resale_value, h, method, width - 1)
    )
    remaining_basis = schedule.cost - depreciation.sum(axis=1)
    owned_gain = np.where(at_end, (schedule.resale_value - remaining_basis)[:, None], 0.0)
    owned = operating_profit - depreciation - schedule.interest + owned_gain
    lease_paid = schedule.payments + np.where(months == 0, schedule.month0_outlay[:, None], 0.0)
    leased = operating_profit - lease_paid + np.where(at_end, schedule.resale_value[:, None], 0.0)
    taxable = np.where(lease, leased, owned)
    tax_paid = income_tax(taxable, rate)
    return TaxView(
        depreciation=depreciation,
        taxable_income=taxable,
        income_tax=tax_paid,
        after_tax_cash_flows=cash_flows - tax_paid,
    )
