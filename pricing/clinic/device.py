"""Clinic device economics: cost per session, break-even, cash flow, payback, NPV, ROI, IRR, DSCR, utilisation.

Vectorised: every input may be a number or an array of scenarios (broadcast together). All money
is in `DeviceInputs.currency`. Definitions (also in the README):
- financed = device_price - down_payment; monthly_payment = annuity payment on financed at
  APR/12 per month over term months (APR 0: financed / term; term 0 or nothing financed: 0);
  total_interest = monthly_payment x term - financed (over the whole term)
- depreciation_per_month = (device_price - residual_value) / (life_years x 12)
- variable_cost_per_session = consumables + other_per_session + minutes / 60 x hourly_rate
- loaded_cost_per_session and overhead_per_month from `LoadedCosts` (0 by default)
- fixed_cost_per_month = depreciation_per_month + total_interest / (life_years x 12) + maintenance / 12
  + overhead_per_month
- full_cost_per_session = variable + loaded cost per session + fixed_cost_per_month / sessions_per_month
- contribution_margin = price - variable_cost_per_session - loaded cost per session
- break_even_sessions_per_month = ceil(fixed_cost_per_month / contribution_margin), none if margin <= 0;
  break_even_sessions_per_day = that / open_days_per_month
- operating cash (month m = 1..life months) = sessions x margin - maintenance / 12 - overhead_per_month
- cash flow: month 0 = -down_payment (financed) or -device_price (not); month m: operating cash -
  (monthly_payment while m <= term); a loan running past the life is settled in the last month (the balance
  still owed, `pricing.finance.remaining_balance`); the residual value comes in the last month
- payback_months (full cost), cash_payback_months, loan_paid_off_month, min_dscr, irr_annual_pct: the rules
  of `pricing.clinic.payback` (full cost = device_price + the interest paid within the life)
- npv = cash flows discounted monthly at (1 + r)^(1/12) - 1; roi = sum of all cash flows / device_price
- utilisation = sessions_per_month x minutes / 60 / hours_per_month
"Life months" is life_years x 12 rounded to whole months (at least 1); depreciation and interest are spread
over those months, the months the cash flow runs. "None" is NaN in arrays, None in `summary`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import numpy_financial as npf
import pandas as pd

from pricing.clinic.payback import (
    cash_payback_months,
    debt_service_coverage,
    full_cost_of_device,
    full_cost_payback_months,
    irr_by_scenario,
    irr_of_scenario,
    loan_paid_off_month,
)
from pricing.finance import annuity_payment, remaining_balance

Number = float | npt.NDArray[np.float64]

INPUT_FIELDS: tuple[str, ...] = (
    "device_price",
    "down_payment",
    "residual_value",
    "life_years",
    "maintenance_per_year",
    "apr_pct",
    "term_months",
    "consumables_per_session",
    "other_per_session",
    "minutes_per_session",
    "hourly_rate",
    "price_per_session",
    "sessions_per_month",
    "discount_rate_pct",
    "hours_per_month",
)
# Inputs a devices table may hold or not (read when present and not empty; else the default).
OPTIONAL_INPUT_FIELDS: tuple[str, ...] = ("open_days_per_month",)
DEFAULT_OPEN_DAYS_PER_MONTH = 22.0
# The figures of `DeviceEconomics.summary` (and the first of `ClinicProjection.summary`), in order.
ECONOMICS_SUMMARY_KEYS: tuple[str, ...] = (
    "monthly_payment",
    "total_interest",
    "depreciation_per_month",
    "variable_cost_per_session",
    "fixed_cost_per_month",
    "full_cost_per_session",
    "contribution_margin",
    "break_even_sessions_per_month",
    "payback_months",
    "npv",
    "roi",
    "utilisation",
    "full_cost_of_device",
    "cash_payback_months",
    "loan_paid_off_month",
    "irr_annual_pct",
    "min_dscr",
    "min_dscr_month",
    "break_even_sessions_per_day",
)
ECONOMICS_WHOLE_KEYS: frozenset[str] = frozenset(
    {"break_even_sessions_per_month", "payback_months", "cash_payback_months", "loan_paid_off_month", "min_dscr_month"}
)


def summary_figures(
    result: object,
    currency: str,
    keys: Iterable[str],
    whole_keys: frozenset[str],
    scenario: int,
    computed: Mapping[str, float] | None = None,
) -> dict[str, float | int | str | None]:
    """One scenario's figures of `result` (arrays by scenario, read by name): currency first, then `keys` in order.

    None where there is none (NaN or infinite: no break-even, no payback, no capacity limit); whole numbers for
    `whole_keys`; text as text; every other figure rounded to 6 decimals. `computed`: figures of this scenario
    alone, used instead of reading `result` (the IRR, costly for every scenario at once).
    """
    out: dict[str, float | int | str | None] = {"currency": currency}
    for key in keys:
        raw = computed[key] if computed is not None and key in computed else getattr(result, key)[scenario]
        if isinstance(raw, str | np.str_):
            out[key] = str(raw)
            continue
        value = float(raw)
        if math.isnan(value) or math.isinf(value):
            out[key] = None
        elif key in whole_keys:
            out[key] = int(value)
        else:
            out[key] = round(value, 6)
    return out


def within_life(monthly: npt.NDArray[np.float64], life_months: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """`monthly` (scenario x month 0..M) with NaN after each scenario's last month `life_months`."""
    months = np.arange(monthly.shape[1])
    return np.where(months[None, :] <= life_months[:, None], monthly, np.nan)


def variable_costs(
    a: Mapping[str, npt.NDArray[Any]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(labour, consumables, variable) per session from the device's input arrays: labour = minutes / 60 x
    hourly_rate; consumables = consumables_per_session + other_per_session; variable = consumables + labour."""
    labour = a["minutes_per_session"] / 60.0 * a["hourly_rate"]
    consumables = a["consumables_per_session"] + a["other_per_session"]
    return labour, consumables, consumables + labour


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
    open_days_per_month: Number = DEFAULT_OPEN_DAYS_PER_MONTH

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | pd.Series[Any], currency: str | None = None) -> DeviceInputs:
        """From a devices.csv row (or any mapping with the same names; an optional input empty: its default)."""
        kwargs = {name: float(values[name]) for name in INPUT_FIELDS if name in values}
        kwargs.update(
            {name: float(values[name]) for name in OPTIONAL_INPUT_FIELDS if name in values and pd.notna(values[name])}
        )
        return cls(currency=str(currency or values["currency"]), **kwargs)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, currency: str) -> DeviceInputs:
        """Many scenarios at once, one per row of `frame`, all in `currency` (empty optional inputs: default)."""
        columns = {n: frame[n].to_numpy(np.float64) for n in INPUT_FIELDS if n in frame}
        defaults = {"open_days_per_month": DEFAULT_OPEN_DAYS_PER_MONTH}
        columns.update(
            {n: frame[n].fillna(defaults[n]).to_numpy(np.float64) for n in OPTIONAL_INPUT_FIELDS if n in frame}
        )
        return cls(currency=currency, **columns)

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """Every numeric input as an array, broadcast to a common shape."""
        names = [f.name for f in fields(self) if f.name != "currency"]
        values = np.broadcast_arrays(*(np.asarray(getattr(self, n), dtype=np.float64) for n in names))
        return {n: np.atleast_1d(v).astype(np.float64) for n, v in zip(names, values, strict=True)}

    def with_values(self, **changes: Number) -> DeviceInputs:
        """A copy with some inputs replaced."""
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        return DeviceInputs(**{**current, **changes})


@dataclass(frozen=True)
class LoadedCosts:
    """Costs that come with each session beyond consumables and the operator's pay, and the device's share of the
    practice's fixed overhead; money in the device's currency.

    loaded_cost_per_session = price x (commission_pct + card_fee_pct + financing_fee_pct) / 100
                              + room_cost_per_hour x room minutes / 60
                              + marketing_per_new_patient / sessions_per_patient
                              + physician_minutes_per_session / 60 x physician_hourly_rate
                              + minutes / 60 x hourly_rate x (wage_loading - 1)
    overhead_per_month      = fixed overhead allocated to the device (rent, reception...), a fixed cost
    Room minutes are `room_minutes_per_session` (patient time in the room, numbing included), or the session's
    minutes when None. financing_fee_pct is the patient-financing merchant fee, as a percent of the price blended
    over all patients (5 % fee paid by 1 patient in 4 -> 1.25); wage_loading multiplies the operator's hourly
    rate (payroll taxes and benefits: 1.2 adds 20 %); physician minutes are a supervising physician's time.
    Example: price 500, 10 % commission, 3 % card fee, a room at 60 an hour for 90 minutes, 300 of marketing per
    new patient who comes for 3 sessions: 50 + 15 + 90 + 100 = 255 per session; with a 2 % financing fee,
    5 physician minutes at 240 an hour and a 1.2 wage loading on 45 minutes at 40 an hour: + 10 + 20 + 6 = 291.
    Every field may be an array of scenarios; the defaults add nothing.
    """

    commission_pct: Number = 0.0
    card_fee_pct: Number = 0.0
    room_cost_per_hour: Number = 0.0
    room_minutes_per_session: Number | None = None
    marketing_per_new_patient: Number = 0.0
    sessions_per_patient: Number = 1.0
    financing_fee_pct: Number = 0.0
    wage_loading: Number = 1.0
    physician_minutes_per_session: Number = 0.0
    physician_hourly_rate: Number = 0.0
    overhead_per_month: Number = 0.0

    def __post_init__(self) -> None:
        for name in ("commission_pct", "card_fee_pct", "financing_fee_pct"):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if not (np.isfinite(value).all() and ((value >= 0) & (value <= 100)).all()):
                raise ValueError(f"{name} must be between 0 and 100")
        for name in (
            "room_cost_per_hour",
            "marketing_per_new_patient",
            "physician_minutes_per_session",
            "physician_hourly_rate",
            "overhead_per_month",
        ):
            value = np.asarray(getattr(self, name), dtype=np.float64)
            if not (np.isfinite(value).all() and (value >= 0).all()):
                raise ValueError(f"{name} must be a number >= 0")
        minutes = np.asarray(
            np.nan if self.room_minutes_per_session is None else self.room_minutes_per_session, dtype=np.float64
        )
        if not (np.isnan(minutes) | ((minutes > 0) & np.isfinite(minutes))).all():
            raise ValueError("room_minutes_per_session must be more than 0")
        per_patient = np.asarray(self.sessions_per_patient, dtype=np.float64)
        if not (np.isfinite(per_patient).all() and (per_patient >= 1).all()):
            raise ValueError("sessions_per_patient must be at least 1")
        loading = np.asarray(self.wage_loading, dtype=np.float64)
        if not (np.isfinite(loading).all() and (loading >= 1).all()):
            raise ValueError("wage_loading must be at least 1")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | pd.Series[Any]) -> LoadedCosts:
        """From a devices-table row's optional overhead columns (same names); a missing column or an empty cell
        keeps the default."""
        given = {
            f.name: float(values[f.name])
            for f in fields(cls)
            if f.name in values and values[f.name] is not None and values[f.name] != "" and pd.notna(values[f.name])
        }
        return cls(**given)

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """Every field as an array (room minutes None -> NaN)."""
        return {
            f.name: np.asarray(np.nan if getattr(self, f.name) is None else getattr(self, f.name), dtype=np.float64)
            for f in fields(self)
        }


def loaded_cost_parts(
    price_per_session: npt.ArrayLike,
    minutes_per_session: npt.ArrayLike,
    loaded: LoadedCosts = LoadedCosts(),
    hourly_rate: npt.ArrayLike = 0.0,
) -> dict[str, npt.NDArray[np.float64]]:
    """Loaded cost per session by part: commission, card_fee, financing_fee, room, marketing, physician,
    wage_loading and their total (see LoadedCosts); hourly_rate is the operator's (for the wage loading).

    LoadedCosts' example: 50 + 15 + 0 + 90 + 100 = 255 a session; with the financing fee, physician and
    wage loading: 50 + 15 + 10 + 90 + 100 + 20 + 6 = 291.

    >>> loaded = LoadedCosts(10, 3, 60, room_minutes_per_session=90, marketing_per_new_patient=300,
    ...                      sessions_per_patient=3)
    >>> {part: value.tolist() for part, value in loaded_cost_parts(500, 45, loaded).items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'commission': [50.0], 'card_fee': [15.0], 'financing_fee': [0.0], 'room': [90.0], 'marketing': [100.0],
     'physician': [0.0], 'wage_loading': [0.0], 'total': [255.0]}
    >>> fuller = LoadedCosts(10, 3, 60, 90, 300, 3, financing_fee_pct=2, wage_loading=1.2,
    ...                      physician_minutes_per_session=5, physician_hourly_rate=240)
    >>> round(float(loaded_cost_parts(500, 45, fuller, hourly_rate=40)["total"][0]), 2)
    291.0
    """
    c = loaded.arrays()
    price = np.asarray(price_per_session, dtype=np.float64)
    minutes = np.asarray(minutes_per_session, dtype=np.float64)
    room_minutes = np.where(np.isnan(c["room_minutes_per_session"]), minutes, c["room_minutes_per_session"])
    parts = {
        "commission": price * c["commission_pct"] / 100.0,
        "card_fee": price * c["card_fee_pct"] / 100.0,
        "financing_fee": price * c["financing_fee_pct"] / 100.0,
        "room": c["room_cost_per_hour"] * room_minutes / 60.0,
        "marketing": c["marketing_per_new_patient"] / c["sessions_per_patient"],
        "physician": c["physician_minutes_per_session"] / 60.0 * c["physician_hourly_rate"],
        "wage_loading": minutes / 60.0 * np.asarray(hourly_rate, dtype=np.float64) * (c["wage_loading"] - 1.0),
    }
    parts = dict(zip(parts, (np.atleast_1d(x) for x in np.broadcast_arrays(*parts.values())), strict=True))
    parts["total"] = (
        parts["commission"]
        + parts["card_fee"]
        + parts["financing_fee"]
        + parts["room"]
        + parts["marketing"]
        + parts["physician"]
        + parts["wage_loading"]
    )
    return parts


def sessions_per_day(sessions_per_month: npt.ArrayLike, open_days_per_month: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Sessions a month / open days a month (none when no day is open). Example: 22 a month over 22 days -> 1.

    >>> sessions_per_day([22, 6, 5], [22, 22, 0]).round(4).tolist()
    [1.0, 0.2727, nan]
    """
    days = np.asarray(open_days_per_month, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_day = np.asarray(sessions_per_month, dtype=np.float64) / np.where(days > 0, days, 1.0)
    return np.atleast_1d(np.where(days > 0, per_day, np.nan))


@dataclass(frozen=True)
class DeviceEconomics:
    """Results per scenario (arrays of one shape), money in `currency`.

    By scenario and month 0 .. max life (S, M + 1): operating_cash_flows (before loan payments), payments (loan
    payments, the settlement at the end of the life included) and cash_flows. irr_annual_pct is computed when
    first read (one root-finding per scenario).
    """

    currency: str
    monthly_payment: npt.NDArray[np.float64]
    total_interest: npt.NDArray[np.float64]
    depreciation_per_month: npt.NDArray[np.float64]
    interest_per_month: npt.NDArray[np.float64]
    maintenance_per_month: npt.NDArray[np.float64]
    variable_cost_per_session: npt.NDArray[np.float64]
    consumables_per_session: npt.NDArray[np.float64]
    labour_per_session: npt.NDArray[np.float64]
    loaded_cost_per_session: npt.NDArray[np.float64]
    overhead_per_month: npt.NDArray[np.float64]
    fixed_cost_per_month: npt.NDArray[np.float64]
    full_cost_per_session: npt.NDArray[np.float64]
    contribution_margin: npt.NDArray[np.float64]
    monthly_profit: npt.NDArray[np.float64]
    break_even_sessions_per_month: npt.NDArray[np.float64]
    break_even_sessions_per_day: npt.NDArray[np.float64]
    full_cost_of_device: npt.NDArray[np.float64]
    payback_months: npt.NDArray[np.float64]
    cash_payback_months: npt.NDArray[np.float64]
    loan_paid_off_month: npt.NDArray[np.float64]
    min_dscr: npt.NDArray[np.float64]
    min_dscr_month: npt.NDArray[np.float64]
    npv: npt.NDArray[np.float64]
    roi: npt.NDArray[np.float64]
    utilisation: npt.NDArray[np.float64]
    life_months: npt.NDArray[np.int64]
    operating_cash_flows: npt.NDArray[np.float64]
    payments: npt.NDArray[np.float64]
    cash_flows: npt.NDArray[np.float64]

    @cached_property
    def irr_annual_pct(self) -> npt.NDArray[np.float64]:
        """Annual IRR (percent) of each scenario's cash flows over its life (`pricing.clinic.payback`)."""
        return irr_by_scenario(self.cash_flows, self.life_months)

    @property
    def cumulative_cash(self) -> npt.NDArray[np.float64]:
        """Cumulative cash by month (scenario x month 0..max life); NaN after a scenario's life."""
        return within_life(np.cumsum(self.cash_flows, axis=1), self.life_months)

    def summary(self, scenario: int = 0) -> dict[str, float | int | str | None]:
        """The CLI's figures for one scenario (ECONOMICS_SUMMARY_KEYS); None where there is none (no break-even,
        no payback)."""
        irr = {"irr_annual_pct": irr_of_scenario(self.cash_flows, self.life_months, scenario)}
        return summary_figures(self, self.currency, ECONOMICS_SUMMARY_KEYS, ECONOMICS_WHOLE_KEYS, scenario, irr)


def device_economics(inputs: DeviceInputs, loaded: LoadedCosts = LoadedCosts()) -> DeviceEconomics:
    """Compute every clinic figure for each scenario in `inputs` with its loaded costs (see the module docstring).

    Worked example T (tests/pricing/test_payback.py): 100,000 borrowed at 8 % over 84 months (1,558.62 a month)
    for a device with a 5-year life, no down payment and no resale value; 12 sessions a month at 400 with a
    variable cost of 55 (35 + 30 minutes at 40 an hour); maintenance 8,000 a year; 10 % discount rate.
    Operating cash 12 x 345 - 666.67 = 3,473.33 a month; the 34,461.97 still owed after 60 payments is repaid in
    month 60: NPV 69,624.36; full cost 100,000 + 27,979.25 interest = 127,979.25 -> payback month 37; the cash
    never dips below 0 -> cash payback 0.

    >>> t = device_economics(DeviceInputs("USD", 100_000, 0, 0, 5, 8_000, 8, 84, 35, 0, 30, 40, 400, 12, 10))
    >>> s = t.summary()
    >>> s["npv"], s["payback_months"], s["cash_payback_months"], s["loan_paid_off_month"]
    (69624.361502, 37, 0, 60)
    >>> round(s["full_cost_of_device"], 2), round(float(t.payments[0, 60]), 2)
    (127979.25, 36020.59)
    """
    a = inputs.arrays()
    life_months = np.maximum(np.rint(a["life_years"] * 12), 1).astype(np.int64)
    term = np.maximum(np.rint(a["term_months"]), 0)
    financed = np.maximum(a["device_price"] - a["down_payment"], 0.0)
    payment = annuity_payment(financed, a["apr_pct"], term)
    is_financed = payment > 0
    total_interest = np.where(is_financed, payment * term - financed, 0.0)
    paid_months = np.where(is_financed, np.minimum(term, life_months), 0)
    with np.errstate(invalid="ignore", over="ignore"):
        owed_at_end = remaining_balance(financed, a["apr_pct"], payment, life_months)
    settlement = np.where(is_financed & (term > life_months), owed_at_end, 0.0)

    depreciation = (a["device_price"] - a["residual_value"]) / life_months
    interest_per_month = total_interest / life_months
    maintenance_per_month = a["maintenance_per_year"] / 12.0
    labour, consumables, variable = variable_costs(a)
    parts = loaded_cost_parts(a["price_per_session"], a["minutes_per_session"], loaded, a["hourly_rate"])
    loaded_cost = np.broadcast_to(parts["total"], life_months.shape)
    overhead = np.broadcast_to(np.asarray(loaded.overhead_per_month, dtype=np.float64), life_months.shape)
    fixed = depreciation + interest_per_month + maintenance_per_month + overhead
    sessions = a["sessions_per_month"]
    with np.errstate(divide="ignore", invalid="ignore"):
        full_cost = np.where(
            sessions > 0, variable + loaded_cost + fixed / np.where(sessions > 0, sessions, 1.0), np.nan
        )
        margin = a["price_per_session"] - variable - loaded_cost
        break_even = np.where(margin > 0, np.ceil(np.round(fixed / np.where(margin > 0, margin, 1.0), 9)), np.nan)
        roi_denominator = np.where(a["device_price"] > 0, a["device_price"], np.nan)

    operating = sessions * margin - maintenance_per_month - overhead
    month0 = np.where(is_financed, a["down_payment"], a["device_price"])
    months = np.arange(int(life_months.max()) + 1)[None, :]
    in_life = (months >= 1) & (months <= life_months[:, None])
    operating_flows = np.where(in_life, operating[:, None], 0.0)
    payments = np.where((months >= 1) & (months <= paid_months[:, None]), payment[:, None], 0.0) + np.where(
        months == life_months[:, None], settlement[:, None], 0.0
    )
    flows = operating_flows - payments
    flows[:, 0] = -month0
    flows[np.arange(len(flows)), life_months] += a["residual_value"]

    device_cost = full_cost_of_device(a["device_price"], month0 + payments.sum(axis=1))
    _, min_dscr, min_dscr_month = debt_service_coverage(operating_flows, payments, life_months)

    monthly_rate = (1.0 + a["discount_rate_pct"] / 100.0) ** (1.0 / 12.0) - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):  # npf.pv evaluates its rate-0 branch's twin too
        npv = (
            -month0
            + npf.pv(monthly_rate, life_months, -operating, -a["residual_value"])
            - npf.pv(monthly_rate, paid_months, -payment)
            - settlement * (1.0 + monthly_rate) ** -life_months.astype(np.float64)
        )
    roi = flows.sum(axis=1) / roi_denominator
    utilisation = sessions * a["minutes_per_session"] / 60.0 / a["hours_per_month"]

    return DeviceEconomics(
        currency=inputs.currency,
        monthly_payment=payment,
        total_interest=total_interest,
        depreciation_per_month=depreciation,
        interest_per_month=interest_per_month,
        maintenance_per_month=maintenance_per_month,
        variable_cost_per_session=variable,
        consumables_per_session=consumables,
        labour_per_session=labour,
        loaded_cost_per_session=np.asarray(loaded_cost, dtype=np.float64).copy(),
        overhead_per_month=np.asarray(overhead, dtype=np.float64).copy(),
        fixed_cost_per_month=fixed,
        full_cost_per_session=full_cost,
        contribution_margin=margin,
        monthly_profit=sessions * margin - fixed,
        break_even_sessions_per_month=break_even,
        break_even_sessions_per_day=sessions_per_day(break_even, a["open_days_per_month"]),
        full_cost_of_device=device_cost,
        payback_months=full_cost_payback_months(operating_flows, device_cost, life_months),
        cash_payback_months=cash_payback_months(flows, life_months),
        loan_paid_off_month=loan_paid_off_month(payments, life_months),
        min_dscr=min_dscr,
        min_dscr_month=min_dscr_month,
        npv=np.asarray(npv, dtype=np.float64),
        roi=roi,
        utilisation=utilisation,
        life_months=life_months,
        operating_cash_flows=operating_flows,
        payments=payments,
        cash_flows=flows,
    )
