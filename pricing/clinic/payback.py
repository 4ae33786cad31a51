"""When a device pays back, and how well its cash covers its debt: the one set of rules every clinic figure uses.

`device_economics` (the closed form) and `clinic_projection` (month by month) both call these functions, and so
does every page and the command line. Arrays are by scenario (S,) or by scenario and month 0 .. M (S, M + 1);
money in the device's currency; H = the months in use of each scenario (its useful life in months). "None" is
NaN in arrays and None in the summaries.

- operating cash(m) = revenue - variable costs - loaded costs and overheads - maintenance in month m = 1 .. H,
  before any loan or lease payment (0 in month 0).
- full cost of the device = what the device costs (price + sales tax + recertification) plus the interest or
  lease charges paid within the life = max(cost, everything paid for the device within the months in use, a
  returned lease's residual counted as paid) (`full_cost_of_device`). A loan or lease that runs past the life
  is settled in the life's last month, so only the interest of the months in use counts.
- **payback_months** (the headline, "full-cost payback") = the first month m in 0 .. H in which the cumulative
  operating cash reaches the full cost; none within H: NaN. The same rule for cash, loan, lease and promotion:
  a financed device pays back later than the same device bought for cash only by its interest. Resale value
  is not counted. The discounted and after-tax paybacks apply the same rule to the operating cash discounted
  to month 0, or after income tax.
- **cash_payback_months** ("cash out of pocket recovered") = the month from which the owner's cumulative cash
  (down payment and actual payments included) stays >= 0 up to H; 0 when it never dips below 0; NaN when it is
  below 0 at H.
- **loan_paid_off_month** = the month of the last loan or lease payment within the life; 0 when nothing is paid
  after month 0 (cash).
- **DSCR** (debt service coverage) in month m = operating cash(m) / debt service(m), for the months with debt
  service (every loan or lease payment of that month, a balloon, a lease buyout and the settlement at the end
  of the life included); min_dscr and min_dscr_month: its lowest value and the first month it occurs; NaN
  without debt service.
- **irr_annual_pct** = the annual IRR of the owner's monthly cash flow (`pricing.finance.irr_annual_pct`).

Worked example (tests/pricing/test_payback.py, example W of tests/pricing/test_device.py): a 60,000 device,
12,000 down, 48,000 at 0 % over 48 months (1,000 a month), operating cash 20 x 200 - 200 = 3,800 a month.
Full cost 60,000 (no interest): cumulative operating cash 15 x 3,800 = 57,000, 16 x 3,800 = 60,800 -> payback
month 16. Cash: -12,000 + 2,800 m -> -800 in month 4, +2,000 in month 5 -> cash payback month 5. Last payment
in month 48; DSCR 3,800 / 1,000 = 3.8 in months 1 .. 48.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pricing.finance import irr_annual_pct

TOLERANCE = 1e-9  # a sum reaches its target within 1e-9 of the target (at least 1e-9 absolute)


def _in_use(width: int, months_in_use: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """(S, width): month m is within 0 .. H."""
    return np.arange(width)[None, :] <= np.atleast_1d(np.asarray(months_in_use))[:, None]


def full_cost_of_device(cost: npt.ArrayLike, paid_for_device: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The full cost the payback must recover: max(cost, everything paid for the device within the life).

    cost = price + sales tax + recertification fee; paid_for_device = month-0 outlay + payments within the months
    in use (a balloon, a lease buyout and the settlement of what is still owed at the end of the life included;
    a returned lease's residual counted as paid), i.e. the cost plus the interest or lease charges paid within
    the life. Example: 100,000 at 8 % over 84 months with a 5-year life: 60 x 1,558.6214 + 34,461.97 owed at the
    end = 127,979.25.

    >>> full_cost_of_device([60_000, 100_000], [60_000, 127_979.25]).tolist()
    [60000.0, 127979.25]
    """
    cost_array = np.asarray(cost, dtype=np.float64)
    return np.atleast_1d(np.maximum(cost_array, np.asarray(paid_for_device, dtype=np.float64)))


def full_cost_payback_months(
    operating_cash_flows: npt.NDArray[np.float64], full_cost: npt.ArrayLike, months_in_use: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """payback_months: the first month 0 .. H whose cumulative operating cash reaches the full cost; NaN if none.

    operating_cash_flows (S, M + 1) from month 0 (before loan or lease payments; discounted or after tax for the
    discounted and after-tax paybacks). Example W: 3,800 a month against 60,000 -> 15 x 3,800 = 57,000 < 60,000
    <= 16 x 3,800 = 60,800 -> month 16; within a 12-month life: none.

    >>> w = np.array([[0.0] + [3_800.0] * 20])
    >>> full_cost_payback_months(np.vstack([w, w]), [60_000, 60_000], [20, 12]).tolist()
    [16.0, nan]
    """
    target = np.atleast_1d(np.asarray(full_cost, dtype=np.float64))[:, None]
    cumulative = np.cumsum(operating_cash_flows, axis=1)
    reached = (cumulative >= target - TOLERANCE * np.maximum(1.0, np.abs(target))) & _in_use(
        operating_cash_flows.shape[1], months_in_use
    )
    return np.where(reached.any(axis=1), reached.argmax(axis=1), np.nan).astype(np.float64)


def cash_payback_months(cash_flows: npt.NDArray[np.float64], months_in_use: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """cash_payback_months: the month from which cumulative cash stays >= 0 (within 1e-9) up to H; NaN if none.

    cash_flows (S, M + 1) from month 0, the owner's cash (down payment, payments, resale value). 0 when the cash
    never dips below 0; a balloon or lease buyout that takes the cumulative cash below 0 again moves it past the
    dip. Example: [-3,000, 1,000, 1,000, 1,000, 1,000] -> 3; within 2 months: none; nothing paid at the start
    and no dip: 0.

    >>> flows = np.array([[-3_000.0, 1_000, 1_000, 1_000, 1_000], [0.0, 500, 500, 500, 500]])
    >>> cash_payback_months(flows, [4, 4]).tolist(), cash_payback_months(flows[:1], [2]).tolist()
    ([3.0, 0.0], [nan])
    """
    cumulative = np.cumsum(cash_flows, axis=1)
    in_use = _in_use(cash_flows.shape[1], months_in_use)
    ahead = np.where(in_use, cumulative >= -1e-9, True)
    stays = np.logical_and.accumulate(ahead[:, ::-1], axis=1)[:, ::-1] & in_use
    return np.where(stays.any(axis=1), stays.argmax(axis=1), np.nan).astype(np.float64)


def loan_paid_off_month(payments: npt.NDArray[np.float64], months_in_use: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The month of the last loan or lease payment within 1 .. H; 0 when nothing is paid after month 0.

    payments (S, M + 1): every payment for the device by month (month 0 is the outlay, not a payment).
    Example: 48 monthly payments in a 60-month life -> 48; a loan of 84 months settled at the end of a
    60-month life -> 60; cash -> 0.

    >>> payments = np.zeros((3, 61))
    >>> payments[0, 1:49] = 1_000.0
    >>> payments[1, 1:61] = 1_558.62
    >>> loan_paid_off_month(payments, [60, 60, 60]).tolist()
    [48.0, 60.0, 0.0]
    """
    width = payments.shape[1]
    paying = (payments > 0) & _in_use(width, months_in_use) & (np.arange(width)[None, :] >= 1)
    last = width - 1 - paying[:, ::-1].argmax(axis=1)
    return np.where(paying.any(axis=1), last, 0).astype(np.float64)


def debt_service_coverage(
    operating_cash_flows: npt.NDArray[np.float64], payments: npt.NDArray[np.float64], months_in_use: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(DSCR by month (S, M + 1), min_dscr (S,), min_dscr_month (S,)): operating cash / debt service.

    Debt service = the loan or lease payments of the month (months 1 .. H with a payment); NaN in the other
    months, and min_dscr / min_dscr_month NaN without any debt service. Example W: 3,800 / 1,000 = 3.8 in
    months 1 .. 48 -> min 3.8 in month 1; with 4,000 due in month 3 as well: 3,800 / 5,000 = 0.76 in month 3.

    >>> operating = np.array([[0.0] + [3_800.0] * 4])
    >>> payments = np.array([[0.0, 1_000, 1_000, 5_000, 0]])
    >>> by_month, lowest, month = debt_service_coverage(operating, payments, [4])
    >>> by_month.round(2).tolist(), lowest.tolist(), month.tolist()
    ([[nan, 3.8, 3.8, 0.76, nan]], [0.76], [3.0])
    """
    width = operating_cash_flows.shape[1]
    serviced = (payments > 0) & _in_use(width, months_in_use) & (np.arange(width)[None, :] >= 1)
    dscr = np.divide(operating_cash_flows, payments, out=np.full(serviced.shape, np.nan), where=serviced)
    month = np.where(serviced, dscr, np.inf).argmin(axis=1)
    any_service = serviced.any(axis=1)
    lowest = dscr[np.arange(len(dscr)), month]
    return (
        dscr,
        np.where(any_service, lowest, np.nan).astype(np.float64),
        np.where(any_service, month, np.nan).astype(np.float64),
    )


def irr_by_scenario(cash_flows: npt.NDArray[np.float64], months_in_use: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """irr_annual_pct per scenario: the annual IRR (percent) of each row's cash flows, months 0 .. H.

    Example: -12,000 then 1,000 a month for 13 months -> 14.89 % a year; only outlays -> NaN.

    >>> flows = np.array([[-12_000.0] + [1_000.0] * 13, [-12_000.0] + [-1.0] * 13])
    >>> irr_by_scenario(flows, [13, 13]).round(2).tolist()
    [14.89, nan]
    """
    return np.array([irr_of_scenario(cash_flows, months_in_use, k) for k in range(cash_flows.shape[0])])


def irr_of_scenario(cash_flows: npt.NDArray[np.float64], months_in_use: npt.ArrayLike, scenario: int) -> float:
    """irr_annual_pct of one scenario (row `scenario`), months 0 .. its H: what `irr_by_scenario` gives for it."""
    horizon = np.broadcast_to(np.atleast_1d(np.asarray(months_in_use)), (cash_flows.shape[0],))
    return irr_annual_pct(cash_flows[scenario, : int(horizon[scenario]) + 1])
