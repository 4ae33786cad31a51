"""Clinic device economics: cost per session, break-even, cash flow, payback, NPV, ROI, utilisation.

Vectorised: every input may be a number or an array of scenarios (broadcast together). All money
is in `DeviceInputs.currency`. Definitions (also in the README):
- financed = device_price - down_payment; monthly_payment = annuity payment on financed at
  APR/12 per month over term months (APR 0: financed / term; term 0 or nothing financed: 0);
  total_interest = monthly_payment x term - financed
- depreciation_per_month = (device_price - residual_value) / (life_years x 12)
- variable_cost_per_session = consumables + other_per_session + minutes / 60 x hourly_rate
- fixed_cost_per_month = depreciation_per_month + total_interest / (life_years x 12) + maintenance / 12
- full_cost_per_session = variable_cost_per_session + fixed_cost_per_month / sessions_per_month
- contribution_margin = price - variable_cost_per_session
- break_even_sessions_per_month = ceil(fixed_cost_per_month / contribution_margin), none if margin <= 0
- cash flow: month 0 = -down_payment (financed) or -device_price (not); month m = 1..life months:
  sessions x margin - maintenance / 12 - (monthly_payment while m <= term); residual in the last month
- payback_months = first m whose cumulative cash flow >= 0, none within the life
- npv = cash flows discounted monthly at (1 + r)^(1/12) - 1; roi = sum of all cash flows / device_price
- utilisation = sessions_per_month x minutes / 60 / hours_per_month
"Life months" is life_years x 12 rounded to whole months (at least 1); depreciation and interest are spread
over those months, the months the cash flow runs. "None" is NaN in arrays, None in `summary`.

`clinic_projection` computes the same figures month by month as practices meet them: volume with a ramp-up,
seasonality, no-shows and a capacity cap (pricing.volume), cash, loan, lease or 0 % promotion with balloon,
deferral, sales tax and refurbished units (pricing.financing), loaded costs per session (`LoadedCosts`) and an
optional tax view (pricing.tax). With every default it reproduces `device_economics` (tests check to 1e-9).
The formulas, with worked examples, are in docs/clinic-economics.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
import numpy_financial as npf
import pandas as pd

from pricing.financing import Acquisition, Financing, cost_of_device, financing_schedule
from pricing.tax import TaxSettings, tax_view
from pricing.volume import VolumeProfile, monthly_sessions

Number = float | npt.NDArray[np.float64]

INPUT_FIELDS: tuple[str, ...] = (
    "device_price", "down_payment", "residual_value", "life_years", "maintenance_per_year", "apr_pct",
    "term_months", "consumables_per_session", "other_per_session", "minutes_per_session", "hourly_rate",
    "price_per_session", "sessions_per_month", "discount_rate_pct", "hours_per_month",
)


@dataclass(frozen=True)
class DeviceInputs:
    """A device and how it is used; money in `currency`, rates in percent, times as named."""

    currency: str
    device_price: Number
    down_payment: Number
    residual_value: Number
    life_years: Number
    maintenance_per_year: Number
    apr_pct: Number
    term_months: Number
    consumables_per_session: Number
    other_per_session: Number
    minutes_per_session: Number
    hourly_rate: Number
    price_per_session: Number
    sessions_per_month: Number
    discount_rate_pct: Number
    hours_per_month: Number = 173.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], currency: str | None = None) -> "DeviceInputs":
        """From a devices.csv row (or any mapping with the same names)."""
        kwargs = {name: float(values[name]) for name in INPUT_FIELDS if name in values}  # type: ignore[arg-type]
        return cls(currency=str(currency or values["currency"]), **kwargs)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, currency: str) -> "DeviceInputs":
        """Many scenarios at once, one per row of `frame`, all in `currency`."""
        return cls(currency=currency, **{n: frame[n].to_numpy(np.float64) for n in INPUT_FIELDS if n in frame})

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """Every numeric input as an array, broadcast to a common shape."""
        names = [f.name for f in fields(self) if f.name != "currency"]
        values = np.broadcast_arrays(*(np.asarray(getattr(self, n), dtype=np.float64) for n in names))
        return {n: np.atleast_1d(v).astype(np.float64) for n, v in zip(names, values)}

    def with_values(self, **changes: Number) -> "DeviceInputs":
        """A copy with some inputs replaced."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        return DeviceInputs(**{**current, **changes})


@dataclass(frozen=True)
class DeviceEconomics:
    """Results per scenario (arrays of one shape), money in `currency`."""

    currency: str
    monthly_payment: npt.NDArray[np.float64]
    total_interest: npt.NDArray[np.float64]
    depreciation_per_month: npt.NDArray[np.float64]
    interest_per_month: npt.NDArray[np.float64]
    maintenance_per_month: npt.NDArray[np.float64]
    variable_cost_per_session: npt.NDArray[np.float64]
    consumables_per_session: npt.NDArray[np.float64]
    labour_per_session: npt.NDArray[np.float64]
    fixed_cost_per_month: npt.NDArray[np.float64]
    full_cost_per_session: npt.NDArray[np.float64]
    contribution_margin: npt.NDArray[np.float64]
    monthly_profit: npt.NDArray[np.float64]
    break_even_sessions_per_month: npt.NDArray[np.float64]
    payback_months: npt.NDArray[np.float64]
    npv: npt.NDArray[np.float64]
    roi: npt.NDArray[np.float64]
    utilisation: npt.NDArray[np.float64]
    life_months: npt.NDArray[np.int64]
    cash_flows: npt.NDArray[np.float64]

    @property
    def cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative cash by month (scenario x month 0..max life); NaN after a scenario's life."""
        cumulative = np.cumsum(self.cash_flows, axis=1)
        months = np.arange(self.cash_flows.shape[1])
        return np.where(months[None, :] <= self.life_months[:, None], cumulative, np.nan)

    def summary(self, scenario: int = 0) -> dict[str, float | int | str | None]:
        """The CLI's figures for one scenario; None where there is none (no break-even, no payback)."""
        keys = ("monthly_payment", "total_interest", "depreciation_per_month", "variable_cost_per_session",
                "fixed_cost_per_month", "full_cost_per_session", "contribution_margin",
                "break_even_sessions_per_month", "payback_months", "npv", "roi", "utilisation")
        out: dict[str, float | int | str | None] = {"currency": self.currency}
        for key in keys:
            value = float(getattr(self, key)[scenario])
            if math.isnan(value) or math.isinf(value):
                out[key] = None
            elif key in ("break_even_sessions_per_month", "payback_months"):
                out[key] = int(value)
            else:
                out[key] = round(value, 6)
        return out


def monthly_loan_payment(financed: Number, apr_pct: Number, term_months: Number) -> npt.NDArray[np.float64]:
    """Annuity payment per month on `financed` at apr_pct/12 % per month over `term_months` months.

    Example: 100,000 at 8 % APR over 60 months pays 2,027.64 a month. APR 0: financed / term;
    term 0 or nothing financed: 0.
    """
    financed, apr, term = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (financed, apr_pct,
                                                                                         term_months)))
    has_loan = (financed > 0) & (term > 0)
    safe_term = np.where(term > 0, term, 1.0)
    rate = apr / 100.0 / 12.0
    # Below about 1e-9 a month, (1 + r)^n - 1 loses its digits in floating point; the 0 % payment is then
    # exact to far better than a cent.
    charged = rate > 1e-9
    annuity = -npf.pmt(np.where(charged, rate, 1.0), safe_term, financed)
    payment = np.where(charged, annuity, financed / safe_term)
    return np.atleast_1d(np.where(has_loan, payment, 0.0))


def device_economics(inputs: DeviceInputs) -> DeviceEconomics:
    """Compute every clinic figure for each scenario in `inputs` (see the module docstring)."""
    a = inputs.arrays()
    life_months = np.maximum(np.rint(a["life_years"] * 12), 1).astype(np.int64)
    term = np.maximum(np.rint(a["term_months"]), 0)
    financed = np.maximum(a["device_price"] - a["down_payment"], 0.0)
    payment = monthly_loan_payment(financed, a["apr_pct"], term)
    is_financed = payment > 0
    total_interest = np.where(is_financed, payment * term - financed, 0.0)

    depreciation = (a["device_price"] - a["residual_value"]) / life_months
    interest_per_month = total_interest / life_months
    maintenance_per_month = a["maintenance_per_year"] / 12.0
    labour = a["minutes_per_session"] / 60.0 * a["hourly_rate"]
    variable = a["consumables_per_session"] + a["other_per_session"] + labour
    fixed = depreciation + interest_per_month + maintenance_per_month
    sessions = a["sessions_per_month"]
    with np.errstate(divide="ignore", invalid="ignore"):
        full_cost = np.where(sessions > 0, variable + fixed / np.where(sessions > 0, sessions, 1.0), np.nan)
        margin = a["price_per_session"] - variable
        break_even = np.where(margin > 0, np.ceil(np.round(fixed / np.where(margin > 0, margin, 1.0), 9)), np.nan)
        roi_denominator = np.where(a["device_price"] > 0, a["device_price"], np.nan)

    operating = sessions * margin - maintenance_per_month
    month0 = np.where(is_financed, -a["down_payment"], -a["device_price"])
    months = np.arange(int(life_months.max()) + 1)[None, :]
    in_life = (months >= 1) & (months <= life_months[:, None])
    flows = np.where(in_life, operating[:, None] - payment[:, None] * (months <= term[:, None]), 0.0)
    flows[:, 0] = month0
    flows[np.arange(len(flows)), life_months] += a["residual_value"]

    cumulative = np.cumsum(flows, axis=1)
    paid_back = (cumulative >= -1e-9) & (months <= life_months[:, None])
    payback = np.where(paid_back.any(axis=1), paid_back.argmax(axis=1), np.nan)

    monthly_rate = (1.0 + a["discount_rate_pct"] / 100.0) ** (1.0 / 12.0) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):  # npf.pv evaluates its rate-0 branch's twin too
        npv = (month0 + npf.pv(monthly_rate, life_months, -operating, -a["residual_value"])
               - npf.pv(monthly_rate, np.minimum(term, life_months), -payment))
    roi = flows.sum(axis=1) / roi_denominator
    utilisation = sessions * a["minutes_per_session"] / 60.0 / a["hours_per_month"]

    return DeviceEconomics(
        currency=inputs.currency, monthly_payment=payment, total_interest=total_interest,
        depreciation_per_month=depreciation, interest_per_month=interest_per_month,
        maintenance_per_month=maintenance_per_month, variable_cost_per_session=variable,
        consumables_per_session=a["consumables_per_session"] + a["other_per_session"],
        labour_per_session=labour, fixed_cost_per_month=fixed, full_cost_per_session=full_cost,
        contribution_margin=margin, monthly_profit=sessions * margin - fixed,
        break_even_sessions_per_month=break_even, payback_months=payback.astype(np.float64),
        npv=np.asarray(npv, dtype=np.float64), roi=roi, utilisation=utilisation, life_months=life_months,
        cash_flows=flows,
    )


@dataclass(frozen=True)
class LoadedCosts:
    """Costs that come with each session beyond consumables and the operator's pay; money in the device's currency.

    loaded_cost_per_session = price x (commission_pct + card_fee_pct) / 100
                              + room_cost_per_hour x room minutes / 60
                              + marketing_per_new_patient / sessions_per_patient
    Room minutes are `room_minutes_per_session` (patient time in the room, numbing included), or the session's
    minutes when None. Example: price 500, 10 % commission, 3 % card fee, a room at 60 an hour for 90 minutes,
    300 of marketing per new patient who comes for 3 sessions: 50 + 15 + 90 + 100 = 255 per session.
    Every field may be an array of scenarios; the defaults add nothing.
    """

    commission_pct: Number = 0.0
    card_fee_pct: Number = 0.0
    room_cost_per_hour: Number = 0.0
    room_minutes_per_session: Number | None = None
    marketing_per_new_patient: Number = 0.0
    sessions_per_patient: Number = 1.0

    def __post_init__(self) -> None:
        for name in ("commission_pct", "card_fee_pct"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if not (np.isfinite(value).all() and ((value >= 0) & (value <= 100)).all()):
                raise ValueError(f"{name} must be between 0 and 100")
        for name in ("room_cost_per_hour", "marketing_per_new_patient"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if not (np.isfinite(value).all() and (value >= 0).all()):
                raise ValueError(f"{name} must be a number >= 0")
        minutes = np.asarray(np.nan if self.room_minutes_per_session is None else self.room_minutes_per_session,
                             dtype=np.float64)
        if not (np.isnan(minutes) | ((minutes > 0) & np.isfinite(minutes))).all():
            raise ValueError("room_minutes_per_session must be more than 0")
        per_patient = np.asarray(self.sessions_per_patient, dtype=np.float64)
        if not (np.isfinite(per_patient).all() and (per_patient >= 1).all()):
            raise ValueError("sessions_per_patient must be at least 1")

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """Every field as an array (room minutes None -> NaN)."""
        return {f.name: np.asarray(np.nan if getattr(self, f.name) is None else getattr(self, f.name),
                                   dtype=np.float64) for f in fields(self)}


def loaded_cost_parts(price_per_session: npt.ArrayLike, minutes_per_session: npt.ArrayLike,
                      loaded: LoadedCosts = LoadedCosts()) -> dict[str, npt.NDArray[np.float64]]:
    """Loaded cost per session by part: commission, card_fee, room, marketing and their total (see LoadedCosts)."""
    c = loaded.arrays()
    price = np.asarray(price_per_session, dtype=np.float64)
    minutes = np.asarray(minutes_per_session, dtype=np.float64)
    room_minutes = np.where(np.isnan(c["room_minutes_per_session"]), minutes, c["room_minutes_per_session"])
    parts = {"commission": price * c["commission_pct"] / 100.0, "card_fee": price * c["card_fee_pct"] / 100.0,
             "room": c["room_cost_per_hour"] * room_minutes / 60.0,
             "marketing": c["marketing_per_new_patient"] / c["sessions_per_patient"]}
    parts = dict(zip(parts, (np.atleast_1d(x) for x in np.broadcast_arrays(*parts.values()))))
    parts["total"] = parts["commission"] + parts["card_fee"] + parts["room"] + parts["marketing"]
    return parts


def payback_month(cash_flows: npt.NDArray[np.float64], months_in_use: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The month from which cumulative cash stays >= 0 (within 1e-9) to the end of the months in use; NaN if none.

    cash_flows (S, M + 1) from month 0. Example: [-3,000, 1,000, 1,000, 1,000, 1,000] -> 3. For the cash flows
    of device_economics this is its payback (the first month with cumulative cash >= 0), except when nothing is
    paid in month 0 and the cash later dips below 0 (a lease with no down payment during a ramp): device_economics
    says month 0, this says the month the dip is recovered for good. A balloon or lease buyout that pushes the
    cumulative cash below 0 again moves the payback past it. Discounted payback: pass flow x (1 + i)^-m.
    """
    cumulative = np.cumsum(cash_flows, axis=1)
    months = np.arange(cash_flows.shape[1])[None, :]
    in_use = months <= np.asarray(months_in_use)[:, None]
    ahead = np.where(in_use, cumulative >= -1e-9, True)
    stays = np.logical_and.accumulate(ahead[:, ::-1], axis=1)[:, ::-1] & in_use
    return np.where(stays.any(axis=1), stays.argmax(axis=1), np.nan).astype(np.float64)


def discount_factors(discount_rate_pct: npt.ArrayLike, n_months: int) -> npt.NDArray[np.float64]:
    """(1 + i)^-m for months 0 .. n_months, i = (1 + r / 100)^(1/12) - 1; shape (S, n_months + 1).

    Example: r = 8 % -> i = 0.006434, month 12 -> 1 / 1.08 = 0.925926.
    """
    rate = np.atleast_1d(np.asarray(discount_rate_pct, dtype=np.float64))
    monthly = (1.0 + rate / 100.0) ** (1.0 / 12.0) - 1.0
    return (1.0 + monthly[:, None]) ** -np.arange(n_months + 1)[None, :]


PROJECTION_SUMMARY_KEYS: tuple[str, ...] = (
    "monthly_payment", "total_interest", "depreciation_per_month", "variable_cost_per_session",
    "fixed_cost_per_month", "full_cost_per_session", "contribution_margin", "break_even_sessions_per_month",
    "payback_months", "npv", "roi", "utilisation",
    "financing", "depreciation_method", "cost_of_device", "months_in_use", "loaded_cost_per_session",
    "average_sessions_per_month", "first_year_sessions", "capacity_sessions_per_month",
    "break_even_booked_sessions_per_month", "monthly_profit", "discounted_payback_months", "after_tax_npv",
    "after_tax_roi", "after_tax_payback_months", "after_tax_discounted_payback_months", "income_tax_total",
)
_WHOLE_KEYS = frozenset({"break_even_sessions_per_month", "payback_months", "months_in_use",
                         "break_even_booked_sessions_per_month", "discounted_payback_months",
                         "after_tax_payback_months", "after_tax_discounted_payback_months"})


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
    device), cash_flows, tax_depreciation, taxable_income, income_tax, after_tax_cash_flows.
    total_interest is the finance cost: loan interest, or the lease charge n x (K + R) x MF. Paybacks are the
    month from which cumulative cash stays >= 0 (`payback_month`).
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
    loaded_cost_per_session: npt.NDArray[np.float64]
    fixed_cost_per_month: npt.NDArray[np.float64]
    full_cost_per_session: npt.NDArray[np.float64]
    contribution_margin: npt.NDArray[np.float64]
    monthly_profit: npt.NDArray[np.float64]
    capacity_sessions_per_month: npt.NDArray[np.float64]
    average_sessions_per_month: npt.NDArray[np.float64]
    first_year_sessions: npt.NDArray[np.float64]
    break_even_sessions_per_month: npt.NDArray[np.float64]
    break_even_booked_sessions_per_month: npt.NDArray[np.float64]
    payback_months: npt.NDArray[np.float64]
    discounted_payback_months: npt.NDArray[np.float64]
    npv: npt.NDArray[np.float64]
    roi: npt.NDArray[np.float64]
    utilisation: npt.NDArray[np.float64]
    life_months: npt.NDArray[np.int64]
    demand_sessions: npt.NDArray[np.float64]
    sessions: npt.NDArray[np.float64]
    payments: npt.NDArray[np.float64]
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

    @property
    def months_in_use(self) -> npt.NDArray[np.int64]:
        """Months the device is in use: its life, or a returned lease's deferral + term."""
        return self.life_months

    def _within_use(self, monthly: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        months = np.arange(monthly.shape[1])
        return np.where(months[None, :] <= self.life_months[:, None], monthly, np.nan)

    @property
    def cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative cash by month (S, M + 1); NaN after a scenario's months in use."""
        return self._within_use(np.cumsum(self.cash_flows, axis=1))

    @property
    def discounted_cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative discounted cash (its last value is the NPV); NaN after the months in use."""
        return self._within_use(np.cumsum(self.discounted_cash_flows, axis=1))

    @property
    def after_tax_cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative after-tax cash by month; NaN after the months in use."""
        return self._within_use(np.cumsum(self.after_tax_cash_flows, axis=1))

    def summary(self, scenario: int = 0) -> dict[str, float | int | str | None]:
        """The figures of one scenario, keys in PROJECTION_SUMMARY_KEYS order after currency; None where there is
        none (no break-even, no payback, no capacity limit); money rounded to 6 decimals."""
        out: dict[str, float | int | str | None] = {"currency": self.currency}
        for key in PROJECTION_SUMMARY_KEYS:
            raw = getattr(self, key)[scenario]
            if isinstance(raw, str | np.str_):
                out[key] = str(raw)
                continue
            value = float(raw)
            if math.isnan(value) or math.isinf(value):
                out[key] = None
            elif key in _WHOLE_KEYS:
                out[key] = int(value)
            else:
                out[key] = round(value, 6)
        return out


def _scenario_arrays(*parts: Mapping[str, npt.NDArray[np.generic]],
                     extra: npt.NDArray[np.generic]) -> dict[str, npt.NDArray[np.generic]]:
    """Broadcast every per-scenario array (and `extra`, for its scenario count only) to one 1-d shape."""
    merged = {k: v for part in parts for k, v in part.items()}
    values = np.broadcast_arrays(*merged.values(), extra)
    return {k: np.atleast_1d(v) for k, v in zip(merged, values[:-1])}


def clinic_projection(inputs: DeviceInputs, volume: VolumeProfile = VolumeProfile(),
                      financing: Financing = Financing(), acquisition: Acquisition = Acquisition(),
                      loaded: LoadedCosts = LoadedCosts(), tax: TaxSettings = TaxSettings()) -> ClinicProjection:
    """Clinic economics month by month for every scenario (broadcast over all inputs), vectorised.

    For months m = 1 .. H (H = months in use: life_years x 12 rounded, a refurbished unit's own life, or a
    returned lease's deferral + term):
      sessions(m)     = delivered sessions (pricing.volume)
      margin          = price - (consumables + other + minutes / 60 x hourly_rate) - loaded cost per session
      cash flow(m)    = sessions(m) x margin - maintenance / 12 - device payments(m) (pricing.financing);
      month 0         = -(down payment, or the whole cost for cash); the resale value comes in month H
      depreciation_per_month = (cost of device - resale value) / H  (a returned lease: (cost - lease residual) / H)
      fixed_cost_per_month   = depreciation + finance cost / H + maintenance / 12
      average sessions = sum of sessions(m) / H; full cost = variable + loaded + fixed / average sessions
      break-even = ceil(fixed / margin) delivered sessions a month; booked: ceil(fixed / margin / (1 - no-show))
      payback = the month from which cumulative cash stays >= 0 (`payback_month`); discounted payback the
      same on flow x (1 + i)^-m,
      i = (1 + r)^(1/12) - 1; npv = sum of discounted flows; roi = sum of flows / cost of device
      utilisation = average sessions x minutes / 60 / hours_per_month
      after-tax: pricing.tax (flows minus income tax; NPV, ROI and both paybacks on those flows)
    Worked example (tests/pricing/test_device_extensions.py): test_device's example W with a 2-month ramp from
    50 % -> sessions 10, 15, 20, 20, ...: month 1 = 10 x 200 - 200 - 1,000 = 800, month 2 = 1,800, then
    2,800; cumulative -12,000 + 800 + 1,800 = -9,400 in month 2, then + 2,800 a month: -1,000 in month 5,
    +1,800 in month 6 -> payback 6 (5 without the ramp); sessions over 60 months 10 + 15 + 58 x 20 = 1,185,
    average 19.75.
    """
    season = np.asarray(volume.seasonality, dtype=np.float64)[..., 0]
    a = _scenario_arrays(inputs.arrays(), volume.arrays(), financing.arrays(), acquisition.arrays(), loaded.arrays(),
                         tax.arrays(), extra=season)
    life_years = np.where(a["refurbished"] & np.isfinite(a["refurbished_life_years"]), a["refurbished_life_years"],
                          a["life_years"])
    life_months = np.maximum(np.rint(life_years * 12), 1).astype(np.int64)
    cost = cost_of_device(a["device_price"], a["sales_tax_pct"], np.where(a["refurbished"], a["recertification_fee"],
                                                                           0.0))
    schedule = financing_schedule(cost, a["down_payment"], a["apr_pct"], a["term_months"], life_months,
                                  a["residual_value"], financing)
    h = schedule.months_in_use
    width = int(h.max())
    booked = monthly_sessions(a["sessions_per_month"], h, volume, a["hours_per_month"], a["minutes_per_session"],
                              n_months=width)
    sessions = booked.delivered

    labour = a["minutes_per_session"] / 60.0 * a["hourly_rate"]
    consumables = a["consumables_per_session"] + a["other_per_session"]
    variable = consumables + labour
    parts = loaded_cost_parts(a["price_per_session"], a["minutes_per_session"], loaded)
    parts = {k: np.broadcast_to(v, h.shape) for k, v in parts.items()}
    margin = a["price_per_session"] - variable - parts["total"]
    maintenance = a["maintenance_per_year"] / 12.0
    depreciation = schedule.used_up / h
    finance_per_month = schedule.finance_cost / h
    fixed = depreciation + finance_per_month + maintenance

    months = np.arange(width + 1)[None, :]
    active = (months >= 1) & (months <= h[:, None])
    operating = np.where(active, sessions * margin[:, None] - maintenance[:, None], 0.0)
    flows = operating - schedule.payments
    flows[:, 0] = -schedule.month0_outlay
    flows[np.arange(len(flows)), h] += schedule.resale_value

    total_sessions = sessions.sum(axis=1)
    average = total_sessions / h
    no_show = a["no_show_pct"] / 100.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        full_cost = np.where(average > 0, variable + parts["total"] + fixed / np.where(average > 0, average, 1.0),
                             np.nan)
        safe_margin = np.where(margin > 0, margin, 1.0)
        break_even = np.where(margin > 0, np.ceil(np.round(fixed / safe_margin, 9)), np.nan)
        booked_break_even = np.where((margin > 0) & (no_show < 1),
                                     np.ceil(np.round(fixed / safe_margin / np.where(no_show < 1, 1 - no_show, 1.0),
                                                      9)), np.nan)
        cost_denominator = np.where(cost > 0, cost, np.nan)
        utilisation = average * a["minutes_per_session"] / 60.0 / a["hours_per_month"]

    factors = discount_factors(a["discount_rate_pct"], width)
    discounted = flows * factors
    taxed = tax_view(operating, flows, schedule, tax)
    after_tax = taxed.after_tax_cash_flows

    return ClinicProjection(
        currency=inputs.currency, financing=schedule.kind, depreciation_method=a["depreciation"], cost_of_device=cost,
        monthly_payment=schedule.monthly_payment, total_interest=schedule.finance_cost,
        depreciation_per_month=depreciation, interest_per_month=finance_per_month, maintenance_per_month=maintenance,
        variable_cost_per_session=variable, consumables_per_session=consumables, labour_per_session=labour,
        commission_per_session=parts["commission"], card_fee_per_session=parts["card_fee"],
        room_cost_per_session=parts["room"], marketing_per_session=parts["marketing"],
        loaded_cost_per_session=parts["total"], fixed_cost_per_month=fixed, full_cost_per_session=full_cost,
        contribution_margin=margin, monthly_profit=average * margin - fixed,
        capacity_sessions_per_month=booked.capacity, average_sessions_per_month=average,
        first_year_sessions=sessions[:, 1:13].sum(axis=1), break_even_sessions_per_month=break_even,
        break_even_booked_sessions_per_month=booked_break_even, payback_months=payback_month(flows, h),
        discounted_payback_months=payback_month(discounted, h), npv=discounted.sum(axis=1),
        roi=flows.sum(axis=1) / cost_denominator, utilisation=utilisation, life_months=h,
        demand_sessions=booked.demand, sessions=sessions, payments=schedule.payments, cash_flows=flows,
        discounted_cash_flows=discounted, tax_depreciation=taxed.depreciation, taxable_income=taxed.taxable_income,
        income_tax=taxed.income_tax, income_tax_total=taxed.income_tax.sum(axis=1), after_tax_cash_flows=after_tax,
        after_tax_npv=(after_tax * factors).sum(axis=1), after_tax_roi=after_tax.sum(axis=1) / cost_denominator,
        after_tax_payback_months=payback_month(after_tax, h),
        after_tax_discounted_payback_months=payback_month(after_tax * factors, h),
    )
