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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt
import numpy_financial as npf
import pandas as pd

from pricing.finance import annuity_payment

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
)
ECONOMICS_WHOLE_KEYS: frozenset[str] = frozenset({"break_even_sessions_per_month", "payback_months"})


def summary_figures(
    result: object, currency: str, keys: Iterable[str], whole_keys: frozenset[str], scenario: int
) -> dict[str, float | int | str | None]:
    """One scenario's figures of `result` (arrays by scenario, read by name): currency first, then `keys` in order.

    None where there is none (NaN or infinite: no break-even, no payback, no capacity limit); whole numbers for
    `whole_keys`; text as text; every other figure rounded to 6 decimals.
    """
    out: dict[str, float | int | str | None] = {"currency": currency}
    for key in keys:
        raw = getattr(result, key)[scenario]
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

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | pd.Series[Any], currency: str | None = None) -> DeviceInputs:
        """From a devices.csv row (or any mapping with the same names)."""
        kwargs = {name: float(values[name]) for name in INPUT_FIELDS if name in values}
        return cls(currency=str(currency or values["currency"]), **kwargs)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, currency: str) -> DeviceInputs:
        """Many scenarios at once, one per row of `frame`, all in `currency`."""
        return cls(currency=currency, **{n: frame[n].to_numpy(np.float64) for n in INPUT_FIELDS if n in frame})

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
        return within_life(np.cumsum(self.cash_flows, axis=1), self.life_months)

    def summary(self, scenario: int = 0) -> dict[str, float | int | str | None]:
        """The CLI's figures for one scenario (ECONOMICS_SUMMARY_KEYS); None where there is none (no break-even,
        no payback)."""
        return summary_figures(self, self.currency, ECONOMICS_SUMMARY_KEYS, ECONOMICS_WHOLE_KEYS, scenario)


def device_economics(inputs: DeviceInputs) -> DeviceEconomics:
    """Compute every clinic figure for each scenario in `inputs` (see the module docstring)."""
    a = inputs.arrays()
    life_months = np.maximum(np.rint(a["life_years"] * 12), 1).astype(np.int64)
    term = np.maximum(np.rint(a["term_months"]), 0)
    financed = np.maximum(a["device_price"] - a["down_payment"], 0.0)
    payment = annuity_payment(financed, a["apr_pct"], term)
    is_financed = payment > 0
    total_interest = np.where(is_financed, payment * term - financed, 0.0)

    depreciation = (a["device_price"] - a["residual_value"]) / life_months
    interest_per_month = total_interest / life_months
    maintenance_per_month = a["maintenance_per_year"] / 12.0
    labour, consumables, variable = variable_costs(a)
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
        npv = (
            month0
            + npf.pv(monthly_rate, life_months, -operating, -a["residual_value"])
            - npf.pv(monthly_rate, np.minimum(term, life_months), -payment)
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
        fixed_cost_per_month=fixed,
        full_cost_per_session=full_cost,
        contribution_margin=margin,
        monthly_profit=sessions * margin - fixed,
        break_even_sessions_per_month=break_even,
        payback_months=payback.astype(np.float64),
        npv=np.asarray(npv, dtype=np.float64),
        roi=roi,
        utilisation=utilisation,
        life_months=life_months,
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
        minutes = np.asarray(
            np.nan if self.room_minutes_per_session is None else self.room_minutes_per_session, dtype=np.float64
        )
        if not (np.isnan(minutes) | ((minutes > 0) & np.isfinite(minutes))).all():
            raise ValueError("room_minutes_per_session must be more than 0")
        per_patient = np.asarray(self.sessions_per_patient, dtype=np.float64)
        if not (np.isfinite(per_patient).all() and (per_patient >= 1).all()):
            raise ValueError("sessions_per_patient must be at least 1")

    def arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        """Every field as an array (room minutes None -> NaN)."""
        return {
            f.name: np.asarray(np.nan if getattr(self, f.name) is None else getattr(self, f.name), dtype=np.float64)
            for f in fields(self)
        }


def loaded_cost_parts(
    price_per_session: npt.ArrayLike, minutes_per_session: npt.ArrayLike, loaded: LoadedCosts = LoadedCosts()
) -> dict[str, npt.NDArray[np.float64]]:
    """Loaded cost per session by part: commission, card_fee, room, marketing and their total (see LoadedCosts).

    LoadedCosts' example: 50 + 15 + 90 + 100 = 255 a session.

    >>> loaded = LoadedCosts(10, 3, 60, room_minutes_per_session=90, marketing_per_new_patient=300,
    ...                      sessions_per_patient=3)
    >>> {part: value.tolist() for part, value in loaded_cost_parts(500, 45, loaded).items()}
    {'commission': [50.0], 'card_fee': [15.0], 'room': [90.0], 'marketing': [100.0], 'total': [255.0]}
    """
    c = loaded.arrays()
    price = np.asarray(price_per_session, dtype=np.float64)
    minutes = np.asarray(minutes_per_session, dtype=np.float64)
    room_minutes = np.where(np.isnan(c["room_minutes_per_session"]), minutes, c["room_minutes_per_session"])
    parts = {
        "commission": price * c["commission_pct"] / 100.0,
        "card_fee": price * c["card_fee_pct"] / 100.0,
        "room": c["room_cost_per_hour"] * room_minutes / 60.0,
        "marketing": c["marketing_per_new_patient"] / c["sessions_per_patient"],
    }
    parts = dict(zip(parts, (np.atleast_1d(x) for x in np.broadcast_arrays(*parts.values())), strict=True))
    parts["total"] = parts["commission"] + parts["card_fee"] + parts["room"] + parts["marketing"]
    return parts
