"""Clinic cases of the Real-world payback page: a device plus the page's settings -> a `ClinicScenario`.

The page applies one set of settings to devices of very different prices (a 4,995 pen beside a 150,000 laser),
so the ways of paying are stated relative to each device (`PaymentTerms`: percent of its cost, of the amount
financed, of its new price) and turned into money here, in the device's currency:

    new price P, sales tax t %, refurbished at q % of new with fee f (refurbished only)
    device price    p = P x q / 100 (refurbished) or P;   cost C = p x (1 + t / 100) + f     (pricing.clinic.financing)
    down payment    C x down_payment_pct / 100, or the device's own down payment when not given (x q / 100 for a
                    refurbished unit: the same share of its price)
    balloon         (C - down payment) x balloon_pct / 100                       (loan and promo)
    lease residual  C x lease_residual_pct / 100
    refurbished     life = the device's life - life_reduction_years; resale value min(the device's, p)

Every default reproduces the device's own figures (`device_economics`: loan as its row says, no ramp, flat
seasonality, no no-shows, no loaded cost, no tax). Also here: the seasonality presets, the device inputs with
the Clinic planner's edits applied, the parts of the full cost of one session, and the services of a menu
built from the projected devices.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from pricing.clinic.device import INPUT_FIELDS, DeviceInputs, LoadedCosts
from pricing.clinic.financing import FINANCING_KINDS, LEASE_ENDS, Acquisition, Financing, cost_of_device
from pricing.clinic.menu_economics import MenuService
from pricing.clinic.projection import ClinicProjection
from pricing.clinic.scenarios import ClinicScenario
from pricing.clinic.tax import TaxSettings
from pricing.clinic.volume import FLAT_SEASONALITY, VolumeProfile
from pricing.tables.validation import device_row_problems, validate_table

# [EST] A northern-hemisphere aesthetic clinic, January first, mean 1: resurfacing is booked when sun exposure is
# low (October to March, busiest before the winter holidays and in the new year), quiet in the summer holidays.
# Not from a source (devices.md found no seasonality figure); the +/- 20 % swing is a judgement. South of the
# equator, or for a clinic that knows its own pattern, enter custom factors.
TYPICAL_AESTHETIC_SEASONALITY: tuple[float, ...] = (
    1.10,
    1.05,
    1.05,
    1.00,
    0.95,
    0.90,
    0.80,
    0.80,
    1.00,
    1.10,
    1.20,
    1.05,
)
SEASONALITY_PRESETS: dict[str, tuple[float, ...]] = {
    "flat": FLAT_SEASONALITY,
    "aesthetic": TYPICAL_AESTHETIC_SEASONALITY,
}
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def seasonality_problems(factors: Sequence[float | None]) -> list[str]:
    """Why 12 custom seasonality factors cannot be used (none: they can), in words a clinic owner can act on.

    Example: [1] * 11 -> ["12 factors are needed, one per month (11 given)"]; [0] * 12 -> ["... not all 0"].
    """
    if len(factors) != 12:
        return [f"12 factors are needed, one per month ({len(factors)} given)"]
    problems = [
        f"{MONTH_NAMES[i]}: a factor must be a number of at least 0"
        for i, f in enumerate(factors)
        if f is None or not math.isfinite(float(f)) or float(f) < 0
    ]
    if not problems and sum(float(f) for f in factors if f is not None) <= 0:  # no problems: none is None
        problems.append("the factors must not all be 0 (there would be no sessions in any month)")
    return problems


def edited_device_inputs(
    devices: pd.DataFrame, device_ids: Sequence[str], edits: Mapping[str, Mapping[str, float | None]]
) -> tuple[dict[str, DeviceInputs], dict[str, list[str]]]:
    """Inputs of each device: its devices-table row (`devices` indexed by device_id) with the session's edits.

    edits: {device_id: {input field: value, None for an emptied cell}}, as the Clinic planner keeps them.
    Returns the inputs of the devices whose edited row passes the devices table's checks, and for the others
    the problems, each naming its column ("down_payment: must not exceed device_price").
    """
    rows = devices.loc[list(device_ids)].copy()
    touched = [d for d in device_ids if edits.get(d)]
    for device_id in touched:
        for field, value in edits[device_id].items():
            if field in INPUT_FIELDS:
                rows.loc[device_id, field] = np.nan if value is None else value
    problems: dict[str, list[str]] = {}
    if touched:
        candidate = rows.loc[touched].rename_axis("device_id").reset_index()
        typed, found = validate_table("devices", candidate)
        found += device_row_problems(typed)
        for problem in found:
            if problem.row is not None:
                device_id = str(candidate.loc[problem.row - 1, "device_id"])
                problems.setdefault(device_id, []).append(f"{problem.column}: {problem.message}")
    # device_id is the devices table's key, so .loc[d] is one row (the stubs also allow a DataFrame)
    inputs = {
        d: DeviceInputs.from_mapping(cast("pd.Series[Any]", rows.loc[d]), currency=str(rows.loc[d, "currency"]))
        for d in device_ids
        if d not in problems
    }
    return inputs, problems


@dataclass(frozen=True)
class PaymentTerms:
    """How each device is paid for, relative to its own price (see the module docstring); defaults change nothing.

    kind: "loan" (the device's APR and term unless given here), "cash", "lease" or "promo" (0 % APR);
    down_payment_pct: percent of the cost of the device, None = the device's own down payment (for a refurbished
    unit scaled with its price);
    apr_pct, term_months: None = the device's own; lease_money_factor or lease_apr_pct (None, None: MF =
    APR / 2400 of the loan APR); lease_residual_pct: percent of the cost; lease_end: "buy" or "return";
    balloon_pct: percent of the amount financed (loan, promo); deferred_months: months before the first payment;
    deferral_interest_accrues; sales_tax_pct: percent of the device price (capitalised);
    refurbished_price_pct: a refurbished unit's price, percent of new; recertification_fee: money in the
    device's currency; life_reduction_years: a refurbished unit's life is the device's life less this.
    """

    kind: str = "loan"
    down_payment_pct: float | None = None
    apr_pct: float | None = None
    term_months: float | None = None
    lease_money_factor: float | None = None
    lease_apr_pct: float | None = None
    lease_residual_pct: float = 0.0
    lease_end: str = "buy"
    balloon_pct: float = 0.0
    deferred_months: float = 0.0
    deferral_interest_accrues: bool = True
    sales_tax_pct: float = 0.0
    refurbished_price_pct: float = 100.0
    recertification_fee: float = 0.0
    life_reduction_years: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FINANCING_KINDS:
            raise ValueError(f"financing kind must be one of {', '.join(FINANCING_KINDS)}")
        if self.lease_end not in LEASE_ENDS:
            raise ValueError(f"lease_end must be one of {', '.join(LEASE_ENDS)}")
        for name in ("down_payment_pct", "lease_residual_pct", "balloon_pct", "sales_tax_pct"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise ValueError(f"{name} must be between 0 and 100")
        if not 0 < self.refurbished_price_pct <= 100:
            raise ValueError("refurbished_price_pct must be more than 0 and at most 100")
        for name in (
            "apr_pct",
            "term_months",
            "lease_money_factor",
            "lease_apr_pct",
            "deferred_months",
            "recertification_fee",
            "life_reduction_years",
        ):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a number >= 0")


def clinic_case(
    name: str,
    inputs: DeviceInputs,
    *,
    volume: VolumeProfile = VolumeProfile(),
    terms: PaymentTerms = PaymentTerms(),
    refurbished: bool = False,
    loaded: LoadedCosts = LoadedCosts(),
    tax: TaxSettings = TaxSettings(),
) -> ClinicScenario:
    """The device (scalar inputs) paid for by `terms`, as a scenario for `compare_scenarios`.

    Raises ValueError, in words a clinic owner can act on, for what cannot be computed: a down payment above the
    cost, a lease without a term, a lease residual above the amount leased, a refurbished unit with no life left.
    Example: a 150,000 laser refurbished at 50 % of new with 7 % sales tax and a 20,000 fee costs
    75,000 x 1.07 + 20,000 = 100,250; at 10 % down, 10,025 is paid at purchase and 90,225 financed.
    """
    a = {k: float(v[0]) for k, v in inputs.arrays().items()}
    share = terms.refurbished_price_pct / 100.0 if refurbished else 1.0
    price = a["device_price"] * share
    fee = terms.recertification_fee if refurbished else 0.0
    cost = float(cost_of_device(price, terms.sales_tax_pct, fee))
    down = a["down_payment"] * share if terms.down_payment_pct is None else cost * terms.down_payment_pct / 100.0
    term = a["term_months"] if terms.term_months is None else terms.term_months
    if down > cost + 1e-9:
        raise ValueError(f"the down payment ({down:,.0f}) is more than the cost of the device ({cost:,.0f})")
    life = a["life_years"] - terms.life_reduction_years if refurbished else a["life_years"]
    if refurbished and round(life * 12) < 1:
        raise ValueError(
            f"a refurbished unit with {terms.life_reduction_years:g} years less than the device's "
            f"{a['life_years']:g}-year life has no life left"
        )
    if terms.kind == "lease" and round(term) < 1:
        raise ValueError("a lease needs a term of at least 1 month (this device's term is 0: enter a term)")
    residual = cost * terms.lease_residual_pct / 100.0
    if terms.kind == "lease" and residual > cost - down + 1e-9:
        raise ValueError(
            f"the lease residual ({residual:,.0f}) is more than the amount leased "
            f"({cost - down:,.0f}: the cost less the down payment)"
        )
    device = inputs.with_values(
        device_price=price,
        down_payment=down,
        term_months=term,
        apr_pct=a["apr_pct"] if terms.apr_pct is None else terms.apr_pct,
        residual_value=min(a["residual_value"], price) if refurbished else a["residual_value"],
    )
    financing = Financing(
        kind=terms.kind,
        balloon=max(cost - down, 0.0) * terms.balloon_pct / 100.0 if terms.kind in ("loan", "promo") else 0.0,
        deferred_months=terms.deferred_months,
        deferral_interest_accrues=terms.deferral_interest_accrues,
        lease_money_factor=terms.lease_money_factor,
        lease_apr_pct=terms.lease_apr_pct,
        lease_residual_value=residual if terms.kind == "lease" else 0.0,
        lease_end=terms.lease_end,
    )
    acquisition = Acquisition(
        sales_tax_pct=terms.sales_tax_pct,
        refurbished=refurbished,
        recertification_fee=fee,
        refurbished_life_years=life if refurbished else None,
    )
    return ClinicScenario(name, device, volume, financing, acquisition, loaded, tax)


SESSION_COST_PARTS: tuple[str, ...] = (
    "Consumables and other",
    "Operator pay",
    "Physician",
    "Commission",
    "Card fee",
    "Financing fee",
    "Room",
    "Marketing",
    "Device (fixed cost)",
)


def session_cost_parts(projection: ClinicProjection, scenario: int = 0) -> dict[str, float]:
    """The full cost of one delivered session by part, money in the projection's currency.

    Per session: consumables + other, operator pay (minutes / 60 x hourly rate x wage loading), physician, commission,
    card fee and financing fee (percent of the price), room (room cost per hour x room minutes / 60), marketing (per
    new patient / sessions per patient) and the device: fixed cost per month (overhead per month included) / average
    sessions delivered a month (NaN with no sessions). The parts add up to `full_cost_per_session`. Example:
    test_device's example W with 10 % commission, 3 % card fee, a room at 30 an hour and 300 of marketing per patient
    of 3 sessions -> 25, 20, 0, 24.50, 7.35, 0, 15, 100 and 1,100 / 20 = 55.
    """
    s = scenario
    average = float(projection.average_sessions_per_month[s])
    fixed = float(projection.fixed_cost_per_month[s])
    values = (
        projection.consumables_per_session,
        projection.labour_per_session + projection.wage_loading_per_session,
        projection.physician_per_session,
        projection.commission_per_session,
        projection.card_fee_per_session,
        projection.financing_fee_per_session,
        projection.room_cost_per_session,
        projection.marketing_per_session,
    )
    # Every part but the last (the device's share of the fixed cost, added below) has a per-session array.
    parts = {name: float(v[s]) for name, v in zip(SESSION_COST_PARTS[:-1], values, strict=True)}
    parts["Device (fixed cost)"] = fixed / average if average > 0 else float("nan")
    return parts


MENU_COLUMNS: tuple[str, ...] = (
    "service",
    "price_per_session",
    "cost_per_session",
    "room_minutes_per_session",
    "sessions_per_month",
    "own_fixed_cost_per_month",
)


def menu_frame(
    cases: Sequence[ClinicScenario], projection: ClinicProjection, rows: Sequence[int] | None = None
) -> pd.DataFrame:
    """The menu's services prefilled from projected cases, columns MENU_COLUMNS; cases[k] is scenario rows[k] of
    `projection` (default: scenario k).

    price per session: the case's; cost per session: variable + loaded cost as projected; room minutes: the loaded
    costs' room minutes, else the session's minutes; sessions a month: the average delivered over the months in
    use (ramp, seasonality and no-shows included); own fixed cost: the device's fixed cost per month
    (depreciation + finance cost + maintenance, with the case's way of paying).
    """
    at = np.arange(len(cases)) if rows is None else np.asarray(rows, dtype=np.int64)
    room = [
        c.inputs.minutes_per_session if c.loaded.room_minutes_per_session is None else c.loaded.room_minutes_per_session
        for c in cases
    ]
    return pd.DataFrame(
        {
            "service": [c.name for c in cases],
            "price_per_session": np.array([c.inputs.price_per_session for c in cases], dtype=np.float64),
            "cost_per_session": (projection.variable_cost_per_session + projection.loaded_cost_per_session)[at],
            "room_minutes_per_session": np.array(room, dtype=np.float64),
            "sessions_per_month": projection.average_sessions_per_month[at],
            "own_fixed_cost_per_month": projection.fixed_cost_per_month[at],
        }
    )


def menu_services(frame: pd.DataFrame) -> tuple[list[MenuService], list[str]]:
    """MenuService per row of an edited menu table (MENU_COLUMNS; a missing own fixed cost counts as 0), and the
    problems of the rows that cannot be used, each naming its row (1 = the first) and column."""
    services: list[MenuService] = []
    problems: list[str] = []
    seen: set[str] = set()
    for row_number, row in enumerate(frame.to_dict("records"), start=1):
        name = "" if row.get("service") is None or pd.isna(row.get("service")) else str(row["service"]).strip()
        found = []
        if not name:
            found.append("service: needs a name")
        elif name in seen:
            found.append(f"service: '{name}' is on the menu twice")
        numbers = {}
        for column in MENU_COLUMNS[1:]:
            value = pd.to_numeric(pd.Series([row.get(column)], dtype=object), errors="coerce").iloc[0]  # "abc": NaN
            missing = pd.isna(value)
            if column == "own_fixed_cost_per_month" and missing and pd.isna(row.get(column)):
                value, missing = 0.0, False
            if missing or not math.isfinite(float(value)) or float(value) < 0:
                found.append(f"{column}: must be a number of at least 0")
            elif column == "room_minutes_per_session" and float(value) <= 0:
                found.append(f"{column}: must be more than 0")
            else:
                numbers[column] = float(value)
        if found:
            problems += [f"row {row_number}, {p}" for p in found]
            continue
        seen.add(name)
        services.append(MenuService(name=name, **numbers))
    return services, problems
