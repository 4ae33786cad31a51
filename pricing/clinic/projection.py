"""The month-by-month clinic projection: the same figures month by month as practices meet them: volume with a ramp-up,
seasonality, no-shows and a capacity cap (pricing.clinic.volume), cash, loan, lease or 0 % promotion with balloon,
deferral, sales tax and refurbished units (pricing.clinic.financing), loaded costs per session (`LoadedCosts`) and an
optional tax view (pricing.clinic.tax). With every default it reproduces `device_economics` (tests check to 1e-9).
The formulas, with worked examples, are in docs/clinic-economics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from pricing.clinic import payback
from pricing.clinic.device import (
    ECONOMICS_SUMMARY_KEYS,
    ECONOMICS_WHOLE_KEYS,
    DeviceInputs,
    LoadedCosts,
    loaded_cost_parts,
    sessions_per_day,
    summary_figures,
    variable_costs,
    within_life,
)
from pricing.clinic.financing import Acquisition, Financing, cost_of_device, financing_schedule
from pricing.clinic.tax import TaxSettings, tax_view
from pricing.clinic.volume import VolumeProfile, monthly_sessions


def discount_factors(discount_rate_pct: npt.ArrayLike, n_months: int) -> npt.NDArray[np.float64]:
    """(1 + i)^-m for months 0 .. n_months, i = (1 + r / 100)^(1/12) - 1; shape (S, n_months + 1).

    Example: r = 8 % -> i = 0.006434, month 12 -> 1 / 1.08 = 0.925926.

    >>> factors = discount_factors([8, 0], 12)
    >>> factors.shape, round(float(factors[0, 12]), 6), float(factors[1, 12])
    ((2, 13), 0.925926, 1.0)
    """
    rate = np.atleast_1d(np.asarray(discount_rate_pct, dtype=np.float64))
    monthly = (1.0 + rate / 100.0) ** (1.0 / 12.0) - 1.0
    return (1.0 + monthly[:, None]) ** -np.arange(n_months + 1)[None, :]


PROJECTION_SUMMARY_KEYS: tuple[str, ...] = (
    *ECONOMICS_SUMMARY_KEYS,
    "financing",
    "depreciation_method",
    "cost_of_device",
    "months_in_use",
    "loaded_cost_per_session",
    "average_sessions_per_month",
    "first_year_sessions",
    "capacity_sessions_per_month",
    "break_even_booked_sessions_per_month",
    "monthly_profit",
    "discounted_payback_months",
    "after_tax_npv",
    "after_tax_roi",
    "after_tax_payback_months",
    "after_tax_discounted_payback_months",
    "income_tax_total",
)
_WHOLE_KEYS = ECONOMICS_WHOLE_KEYS | frozenset(
    {
        "months_in_use",
        "break_even_booked_sessions_per_month",
        "discounted_payback_months",
        "after_tax_payback_months",
        "after_tax_discounted_payback_months",
    }
)


@dataclass(frozen=True)
class ClinicProjection:
    """Month-by-month clinic economics per scenario; money in `currency`.

    Per scenario (S,): the figures of DeviceEconomics (same names and meaning, now over the months in use with
    the sessions actually delivered), plus financing (kind), depreciation_method, cost_of_device (price + sales
    tax + recertification), months_in_use (= life_months), loaded cost parts, average_sessions_per_month,
    first_year_sessions, capacity_sessions_per_month (hours x 60 / minutes; inf without hours; it limits the
    sessions only with VolumeProfile.cap_at_capacity), break_even_booked_sessions_per_month
    (bookings needed with the no-show rate), discounted_payback_months and the after-tax figures.
    By scenario and month 0 .. M (S, M + 1): demand_sessions (booked), sessions (delivered), payments (for the
    device, the settlement at the end of the life included), operating_cash_flows (before payments), cash_flows,
    dscr (NaN without debt service), tax_depreciation, taxable_income, income_tax, after_tax_cash_flows.
    total_interest is the finance cost over the whole term: loan interest, or the lease charge n x (K + R) x MF.
    Paybacks, DSCR and IRR follow `pricing.clinic.payback` (payback_months: the full-cost payback;
    cash_payback_months: the month from which cumulative cash stays >= 0); irr_annual_pct is computed when
    first read.
    """

    currency: str
    financing: npt.NDArray[np.str_]
    depreciation_method: npt.NDArray[np.str_]
    cost_of_device: npt.NDArray[np.float64]
    monthly_payment: npt.NDArray[np.float64]
    total_interest: npt.NDArray[np.float64]
    depreciation_per_month: npt.NDArray[np.float64]
    interest_per_month: npt.NDArray[np.float64]
    maintenance_per_month: npt.NDArray[np.float64]
    variable_cost_per_session: npt.NDArray[np.float64]
    consumables_per_session: npt.NDArray[np.float64]
    labour_per_session: npt.NDArray[np.float64]
    commission_per_session: npt.NDArray[np.float64]
    card_fee_per_session: npt.NDArray[np.float64]
    room_cost_per_session: npt.NDArray[np.float64]
    marketing_per_session: npt.NDArray[np.float64]
    financing_fee_per_session: npt.NDArray[np.float64]
    physician_per_session: npt.NDArray[np.float64]
    wage_loading_per_session: npt.NDArray[np.float64]
    loaded_cost_per_session: npt.NDArray[np.float64]
    overhead_per_month: npt.NDArray[np.float64]
    price_per_session: npt.NDArray[np.float64]
    fixed_cost_per_month: npt.NDArray[np.float64]
    full_cost_per_session: npt.NDArray[np.float64]
    contribution_margin: npt.NDArray[np.float64]
    monthly_profit: npt.NDArray[np.float64]
    capacity_sessions_per_month: npt.NDArray[np.float64]
    average_sessions_per_month: npt.NDArray[np.float64]
    first_year_sessions: npt.NDArray[np.float64]
    break_even_sessions_per_month: npt.NDArray[np.float64]
    break_even_booked_sessions_per_month: npt.NDArray[np.float64]
    break_even_sessions_per_day: npt.NDArray[np.float64]
    full_cost_of_device: npt.NDArray[np.float64]
    payback_months: npt.NDArray[np.float64]
    cash_payback_months: npt.NDArray[np.float64]
    loan_paid_off_month: npt.NDArray[np.float64]
    min_dscr: npt.NDArray[np.float64]
    min_dscr_month: npt.NDArray[np.float64]
    discounted_payback_months: npt.NDArray[np.float64]
    npv: npt.NDArray[np.float64]
    roi: npt.NDArray[np.float64]
    utilisation: npt.NDArray[np.float64]
    life_months: npt.NDArray[np.int64]
    demand_sessions: npt.NDArray[np.float64]
    sessions: npt.NDArray[np.float64]
    payments: npt.NDArray[np.float64]
    operating_cash_flows: npt.NDArray[np.float64]
    dscr: npt.NDArray[np.float64]
    cash_flows: npt.NDArray[np.float64]
    discounted_cash_flows: npt.NDArray[np.float64]
    tax_depreciation: npt.NDArray[np.float64]
    taxable_income: npt.NDArray[np.float64]
    income_tax: npt.NDArray[np.float64]
    income_tax_total: npt.NDArray[np.float64]
    after_tax_cash_flows: npt.NDArray[np.float64]
    after_tax_npv: npt.NDArray[np.float64]
    after_tax_roi: npt.NDArray[np.float64]
    after_tax_payback_months: npt.NDArray[np.float64]
    after_tax_discounted_payback_months: npt.NDArray[np.float64]

    @cached_property
    def irr_annual_pct(self) -> npt.NDArray[np.float64]:
        """Annual IRR (percent) of each scenario's cash flows over its months in use (`pricing.clinic.payback`)."""
        return payback.irr_by_scenario(self.cash_flows, self.life_months)

    @property
    def months_in_use(self) -> npt.NDArray[np.int64]:
        """Months the device is in use: its life, or a returned lease's deferral + term."""
        return self.life_months

    @property
    def cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative cash by month (S, M + 1); NaN after a scenario's months in use."""
        return within_life(np.cumsum(self.cash_flows, axis=1), self.life_months)

    @property
    def after_tax_cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative after-tax cash by month; NaN after the months in use."""
        return within_life(np.cumsum(self.after_tax_cash_flows, axis=1), self.life_months)

    def summary(self, scenario: int = 0) -> dict[str, float | int | str | None]:
        """The figures of one scenario, keys in PROJECTION_SUMMARY_KEYS order after currency; None where there is
        none (no break-even, no payback, no capacity limit); money rounded to 6 decimals."""
        irr = {"irr_annual_pct": payback.irr_of_scenario(self.cash_flows, self.life_months, scenario)}
        return summary_figures(self, self.currency, PROJECTION_SUMMARY_KEYS, _WHOLE_KEYS, scenario, irr)


def _scenario_arrays(*parts: Mapping[str, npt.NDArray[Any]], extra: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    """Broadcast every per-scenario array (and `extra`, for its scenario count only) to one 1-d shape."""
    merged = {k: v for part in parts for k, v in part.items()}
    values = np.broadcast_arrays(*merged.values(), extra)
    return {k: np.atleast_1d(v) for k, v in zip(merged, values[:-1], strict=True)}


def clinic_projection(
    inputs: DeviceInputs,
    volume: VolumeProfile = VolumeProfile(),
    financing: Financing = Financing(),
    acquisition: Acquisition = Acquisition(),
    loaded: LoadedCosts = LoadedCosts(),
    tax: TaxSettings = TaxSettings(),
) -> ClinicProjection:
    """Clinic economics month by month for every scenario (broadcast over all inputs), vectorised.

    For months m = 1 .. H (H = months in use: life_years x 12 rounded, a refurbished unit's own life, or a
    returned lease's deferral + term):
      sessions(m)     = delivered sessions (pricing.clinic.volume)
      margin          = price - (consumables + other + minutes / 60 x hourly_rate) - loaded cost per session
      operating(m)    = sessions(m) x margin - maintenance / 12 - overhead_per_month
      cash flow(m)    = operating(m) - device payments(m) (pricing.clinic.financing; a loan or lease running past
                        the months in use is settled in month H);
      month 0         = -(down payment, or the whole cost for cash); the resale value comes in month H
      depreciation_per_month = (cost of device - resale value) / H  (a returned lease: (cost - lease residual) / H)
      fixed_cost_per_month   = depreciation + finance cost / H + maintenance / 12 + overhead_per_month
      average sessions = sum of sessions(m) / H; full cost = variable + loaded + fixed / average sessions
      break-even = ceil(fixed / margin) delivered sessions a month; booked: ceil(fixed / margin / (1 - no-show));
      a day: break-even / open_days_per_month
      payback_months = the first month whose cumulative operating cash reaches the full cost of the device (cost +
      interest or lease charges paid within the months in use); discounted payback the same on operating(m) x
      (1 + i)^-m, i = (1 + r)^(1/12) - 1; cash payback, loan paid off, DSCR, IRR: `pricing.clinic.payback`
      npv = sum of discounted flows; roi = sum of flows / cost of device
      utilisation = average sessions x minutes / 60 / hours_per_month
      after-tax: pricing.clinic.tax (flows minus income tax; NPV and ROI on those flows; the after-tax paybacks:
      operating(m) - tax(m), month 0 included, against the full cost)
    Worked example (tests/pricing/test_device_extensions.py): test_device's example W with a 2-month ramp from
    50 % -> sessions 10, 15, 20, 20, ...: month 1 = 10 x 200 - 200 - 1,000 = 800, month 2 = 1,800, then
    2,800; cumulative -12,000 + 800 + 1,800 = -9,400 in month 2, then + 2,800 a month: -1,000 in month 5,
    +1,800 in month 6 -> cash payback 6 (5 without the ramp); operating cash 1,800, 2,800, then 3,800: 4,600 +
    14 x 3,800 = 57,800 in month 16, 61,600 in month 17 -> full-cost payback 17 (16 without the ramp); sessions
    over 60 months 10 + 15 + 58 x 20 = 1,185, average 19.75.
    """
    season = np.asarray(volume.seasonality, dtype=np.float64)[..., 0]
    a = _scenario_arrays(
        inputs.arrays(),
        volume.arrays(),
        financing.arrays(),
        acquisition.arrays(),
        loaded.arrays(),
        tax.arrays(),
        extra=season,
    )
    life_years = np.where(
        a["refurbished"] & np.isfinite(a["refurbished_life_years"]), a["refurbished_life_years"], a["life_years"]
    )
    life_months = np.maximum(np.rint(life_years * 12), 1).astype(np.int64)
    cost = cost_of_device(
        a["device_price"], a["sales_tax_pct"], np.where(a["refurbished"], a["recertification_fee"], 0.0)
    )
    schedule = financing_schedule(
        cost, a["down_payment"], a["apr_pct"], a["term_months"], life_months, a["residual_value"], financing
    )
    h = schedule.months_in_use
    width = int(h.max())
    booked = monthly_sessions(
        a["sessions_per_month"], h, volume, a["hours_per_month"], a["minutes_per_session"], n_months=width
    )
    sessions = booked.delivered

    labour, consumables, variable = variable_costs(a)
    parts = loaded_cost_parts(a["price_per_session"], a["minutes_per_session"], loaded, a["hourly_rate"])
    parts = {k: np.broadcast_to(v, h.shape) for k, v in parts.items()}
    margin = a["price_per_session"] - variable - parts["total"]
    maintenance = a["maintenance_per_year"] / 12.0
    overhead = a["overhead_per_month"]
    depreciation = schedule.used_up / h
    finance_per_month = schedule.finance_cost / h
    fixed = depreciation + finance_per_month + maintenance + overhead

    months = np.arange(width + 1)[None, :]
    active = (months >= 1) & (months <= h[:, None])
    operating = np.where(active, sessions * margin[:, None] - maintenance[:, None] - overhead[:, None], 0.0)
    flows = operating - schedule.payments
    flows[:, 0] = -schedule.month0_outlay
    flows[np.arange(len(flows)), h] += schedule.resale_value

    total_sessions = sessions.sum(axis=1)
    average = total_sessions / h
    no_show = a["no_show_pct"] / 100.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        full_cost = np.where(
            average > 0, variable + parts["total"] + fixed / np.where(average > 0, average, 1.0), np.nan
        )
        safe_margin = np.where(margin > 0, margin, 1.0)
        break_even = np.where(margin > 0, np.ceil(np.round(fixed / safe_margin, 9)), np.nan)
        booked_break_even = np.where(
            (margin > 0) & (no_show < 1),
            np.ceil(np.round(fixed / safe_margin / np.where(no_show < 1, 1 - no_show, 1.0), 9)),
            np.nan,
        )
        cost_denominator = np.where(cost > 0, cost, np.nan)
        utilisation = average * a["minutes_per_session"] / 60.0 / a["hours_per_month"]

    factors = discount_factors(a["discount_rate_pct"], width)
    discounted = flows * factors
    taxed = tax_view(operating, flows, schedule, tax)
    after_tax = taxed.after_tax_cash_flows
    after_tax_operating = operating - taxed.income_tax
    device_cost = payback.full_cost_of_device(cost, schedule.paid_for_device)
    dscr, min_dscr, min_dscr_month = payback.debt_service_coverage(operating, schedule.payments, h)

    return ClinicProjection(
        currency=inputs.currency,
        financing=schedule.kind,
        depreciation_method=a["depreciation"],
        cost_of_device=cost,
        monthly_payment=schedule.monthly_payment,
        total_interest=schedule.finance_cost,
        depreciation_per_month=depreciation,
        interest_per_month=finance_per_month,
        maintenance_per_month=maintenance,
        variable_cost_per_session=variable,
        consumables_per_session=consumables,
        labour_per_session=labour,
        commission_per_session=parts["commission"],
        card_fee_per_session=parts["card_fee"],
        room_cost_per_session=parts["room"],
        marketing_per_session=parts["marketing"],
        financing_fee_per_session=parts["financing_fee"],
        physician_per_session=parts["physician"],
        wage_loading_per_session=parts["wage_loading"],
        loaded_cost_per_session=parts["total"],
        overhead_per_month=overhead,
        price_per_session=a["price_per_session"],
        fixed_cost_per_month=fixed,
        full_cost_per_session=full_cost,
        contribution_margin=margin,
        monthly_profit=average * margin - fixed,
        capacity_sessions_per_month=booked.capacity,
        average_sessions_per_month=average,
        first_year_sessions=sessions[:, 1:13].sum(axis=1),
        break_even_sessions_per_month=break_even,
        break_even_booked_sessions_per_month=booked_break_even,
        break_even_sessions_per_day=sessions_per_day(break_even, a["open_days_per_month"]),
        full_cost_of_device=device_cost,
        payback_months=payback.full_cost_payback_months(operating, device_cost, h),
        cash_payback_months=payback.cash_payback_months(flows, h),
        loan_paid_off_month=payback.loan_paid_off_month(schedule.payments, h),
        min_dscr=min_dscr,
        min_dscr_month=min_dscr_month,
        discounted_payback_months=payback.full_cost_payback_months(operating * factors, device_cost, h),
        npv=discounted.sum(axis=1),
        roi=flows.sum(axis=1) / cost_denominator,
        utilisation=utilisation,
        life_months=h,
        demand_sessions=booked.demand,
        sessions=sessions,
        payments=schedule.payments,
        operating_cash_flows=operating,
        dscr=dscr,
        cash_flows=flows,
        discounted_cash_flows=discounted,
        tax_depreciation=taxed.depreciation,
        taxable_income=taxed.taxable_income,
        income_tax=taxed.income_tax,
        income_tax_total=taxed.income_tax.sum(axis=1),
        after_tax_cash_flows=after_tax,
        after_tax_npv=(after_tax * factors).sum(axis=1),
        after_tax_roi=after_tax.sum(axis=1) / cost_denominator,
        after_tax_payback_months=payback.full_cost_payback_months(after_tax_operating, device_cost, h),
        after_tax_discounted_payback_months=payback.full_cost_payback_months(
            after_tax_operating * factors, device_cost, h
        ),
    )
