"""`python -m pricing clinic`: a device's economics, or its month-by-month projection with any projection flag.

The device is given by its flags, or by `--device ID`: every input from that row of the devices table (`--data`,
default the shipped `data/`), its optional overhead columns included when the table has them; a flag given as
well overrides that input.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypedDict, TypeVar

import numpy as np
import pandas as pd

from pricing.cli.args import (
    HOURS_PER_MONTH,
    LIFE_YEARS,
    MAX_SESSIONS_PER_PATIENT,
    MINUTES,
    OPEN_DAYS_PER_MONTH,
    PHYSICIAN_MINUTES,
    SESSIONS_PER_MONTH,
    TERM_MONTHS,
    WAGE_LOADING,
    ArgumentError,
    choice_flag,
    currency_flag,
    given,
    known_currency,
    money_flag,
    month_flag,
    number_flag,
    percent_flag,
    seasonality_flag,
    shown,
)
from pricing.cli.quote import exchange_rate_currencies
from pricing.clinic.device import DEFAULT_OPEN_DAYS_PER_MONTH, DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.financing import FINANCING_KINDS, LEASE_ENDS, Acquisition, Financing
from pricing.clinic.projection import clinic_projection
from pricing.clinic.tax import DEPRECIATION_METHODS, TaxSettings
from pricing.clinic.volume import FLAT_SEASONALITY, REALITY_CHECK_DEMAND_FACTOR, VolumeProfile
from pricing.tables.loading import DEFAULT_DATA_DIR, load_tables

# The device's flags and the DeviceInputs field (devices-table column) each sets.
_DEVICE_FLAGS: dict[str, str] = {
    "device_price": "device_price",
    "down_payment": "down_payment",
    "residual": "residual_value",
    "life_years": "life_years",
    "maintenance_per_year": "maintenance_per_year",
    "apr": "apr_pct",
    "term_months": "term_months",
    "consumables": "consumables_per_session",
    "other_per_session": "other_per_session",
    "minutes": "minutes_per_session",
    "hourly_rate": "hourly_rate",
    "price": "price_per_session",
    "sessions_per_month": "sessions_per_month",
    "discount_rate": "discount_rate_pct",
}
# The loaded-cost flags and the LoadedCosts field (optional devices-table column) each sets.
_LOADED_FLAGS: dict[str, str] = {
    "commission_pct": "commission_pct",
    "card_fee_pct": "card_fee_pct",
    "financing_fee_pct": "financing_fee_pct",
    "room_cost_per_hour": "room_cost_per_hour",
    "room_minutes": "room_minutes_per_session",
    "marketing_per_new_patient": "marketing_per_new_patient",
    "sessions_per_patient": "sessions_per_patient",
    "wage_loading": "wage_loading",
    "physician_minutes": "physician_minutes_per_session",
    "physician_hourly_rate": "physician_hourly_rate",
    "overhead_per_month": "overhead_per_month",
}


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Declare `python -m pricing clinic` and its flags."""
    clinic = commands.add_parser("clinic", help="device economics: cost per session, break-even, payback")
    kind: Callable[[str], object]  # a flag's parser: a number, a choice or the 12 seasonal factors
    for flag, kind, text in (
        ("--device-price", money_flag, "purchase price"),
        ("--down-payment", money_flag, "paid at purchase"),
        ("--residual", money_flag, "resale value at end of life"),
        ("--life-years", number_flag(0, above=True, maximum=LIFE_YEARS), "useful life, years"),
        ("--maintenance-per-year", money_flag, "service per year"),
        ("--apr", percent_flag, "loan APR, percent"),
        ("--term-months", number_flag(integer=True, maximum=TERM_MONTHS), "loan term, months"),
        ("--consumables", money_flag, "consumables per session"),
        ("--other-per-session", money_flag, "other cost per session"),
        ("--minutes", number_flag(0, above=True, maximum=MINUTES), "provider minutes per session"),
        ("--hourly-rate", money_flag, "operator pay per hour"),
        ("--price", money_flag, "price charged"),
        ("--sessions-per-month", number_flag(maximum=SESSIONS_PER_MONTH), "sessions sold per month"),
        ("--discount-rate", percent_flag, "annual discount rate, percent"),
    ):
        clinic.add_argument(flag, type=kind, default=None, help=f"{text} (required without --device)")
    clinic.add_argument(
        "--hours-per-month",
        type=number_flag(0, above=True, maximum=HOURS_PER_MONTH),
        default=None,
        help="hours the device is available (for utilisation)",
    )
    clinic.add_argument(
        "--open-days-per-month",
        type=number_flag(0, above=True, maximum=OPEN_DAYS_PER_MONTH),
        default=None,
        help="days the clinic is open a month, for break-even sessions a day (default 22)",
    )
    clinic.add_argument("--device", default=None, help="a device id of the devices table: every input from its row")
    clinic.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables")
    # Month-by-month projection (pricing.clinic.device.clinic_projection): any of these flags switches the output to
    # the projection's keys; with none, the output is exactly device_economics' as before.
    projection = clinic.add_argument_group("month-by-month projection (any of these adds the projection keys)")
    for flag, kind, text in (
        (
            "--ramp-months",
            number_flag(integer=True, maximum=TERM_MONTHS),
            "months of ramp-up to full volume (default 0)",
        ),
        ("--ramp-start-pct", percent_flag, "share of full volume in month 1, percent (default 0)"),
        ("--no-show-pct", percent_flag, "booked sessions that do not happen, percent (default 0)"),
        ("--seasonality", seasonality_flag, "12 comma-separated factors, January first (scaled to mean 1)"),
        ("--start-month", month_flag, "calendar month of month 1, 1-12 (default 1)"),
        ("--financing", choice_flag(FINANCING_KINDS), "cash, loan (default: as --apr/--term-months), lease or promo"),
        ("--lease-money-factor", number_flag(maximum=100 / 2400), "lease money factor (= APR / 2400)"),
        ("--lease-apr", percent_flag, "lease APR, percent (money factor = APR / 2400; default --apr)"),
        ("--lease-residual", money_flag, "lease residual value (default 0)"),
        ("--lease-end", choice_flag(LEASE_ENDS), "buy the device for the residual, or return it (default buy)"),
        ("--balloon", money_flag, "loan balance paid with the last payment"),
        (
            "--deferred-months",
            number_flag(integer=True, maximum=TERM_MONTHS),
            "months before the first payment (default 0)",
        ),
        ("--deferral-interest", choice_flag(("accrues", "waived")), "interest during the deferral (default accrues)"),
        ("--sales-tax-pct", percent_flag, "sales tax on the device price, percent (capitalised and financed)"),
        ("--recert-fee", money_flag, "recertification fee of a refurbished device (needs --refurbished)"),
        ("--commission-pct", percent_flag, "provider commission, percent of the price"),
        ("--card-fee-pct", percent_flag, "card-processing fee, percent of the price"),
        ("--financing-fee-pct", percent_flag, "patient-financing merchant fee, percent of the price, blended"),
        ("--room-cost-per-hour", money_flag, "cost of the treatment room per hour"),
        ("--room-minutes", number_flag(0, above=True, maximum=MINUTES), "room minutes per session (default --minutes)"),
        ("--marketing-per-new-patient", money_flag, "marketing cost to win one new patient"),
        (
            "--sessions-per-patient",
            number_flag(1, maximum=MAX_SESSIONS_PER_PATIENT),
            "sessions each new patient buys (default 1)",
        ),
        (
            "--wage-loading",
            number_flag(1, maximum=WAGE_LOADING),
            "multiplier on the operator's hourly rate (default 1)",
        ),
        (
            "--physician-minutes",
            number_flag(maximum=PHYSICIAN_MINUTES),
            "supervising physician minutes per session (default 0)",
        ),
        ("--physician-hourly-rate", money_flag, "physician pay per hour (default 0)"),
        ("--overhead-per-month", money_flag, "fixed overhead allocated to the device per month (default 0)"),
        ("--depreciation", choice_flag(DEPRECIATION_METHODS), "tax depreciation (default straight)"),
        ("--tax-rate-pct", percent_flag, "income-tax rate, percent (default 0: after-tax = pre-tax)"),
    ):
        projection.add_argument(flag, type=kind, default=None, help=text)
    for flag, text in (
        ("--cap-at-capacity", "limit sessions to hours-per-month x 60 / minutes"),
        ("--refurbished", "a refurbished (recertified) device; its life is --life-years"),
        ("--reality-check", "add reality_check_* keys: the same case at half the volume"),
    ):
        projection.add_argument(flag, action="store_true", help=text)
    clinic.add_argument("--currency", type=currency_flag, default=None, help="(default: the device's, else USD)")
    clinic.add_argument("--json", action="store_true")


_PROJECTION_FLAGS = (
    "ramp_months",
    "ramp_start_pct",
    "no_show_pct",
    "seasonality",
    "start_month",
    "financing",
    "lease_money_factor",
    "lease_apr",
    "lease_residual",
    "lease_end",
    "balloon",
    "deferred_months",
    "deferral_interest",
    "sales_tax_pct",
    "recert_fee",
    "commission_pct",
    "card_fee_pct",
    "financing_fee_pct",
    "room_cost_per_hour",
    "room_minutes",
    "marketing_per_new_patient",
    "sessions_per_patient",
    "wage_loading",
    "physician_minutes",
    "physician_hourly_rate",
    "overhead_per_month",
    "depreciation",
    "tax_rate_pct",
    "cap_at_capacity",
    "refurbished",
    "reality_check",
)
_REALITY_CHECK_KEYS = (
    "average_sessions_per_month",
    "monthly_profit",
    "payback_months",
    "discounted_payback_months",
    "npv",
    "roi",
    "after_tax_npv",
)


_T = TypeVar("_T")


class _ProjectionSettings(TypedDict):
    """clinic_projection's settings, by its keyword names."""

    volume: VolumeProfile
    financing: Financing
    acquisition: Acquisition
    loaded: LoadedCosts
    tax: TaxSettings


def _projection_settings(args: argparse.Namespace, term_months: float, loaded: LoadedCosts) -> _ProjectionSettings:
    """The projection's inputs from the flags (unset flags keep their no-op defaults); loaded: see `_loaded_costs`."""
    kind = args.financing or "loan"
    lease_flags = [f for f in ("lease_money_factor", "lease_apr", "lease_residual", "lease_end") if given(args, f)]
    if lease_flags and kind != "lease":
        raise ArgumentError(f"--{lease_flags[0].replace('_', '-')} needs --financing lease")
    if args.lease_money_factor is not None and args.lease_apr is not None:
        raise ArgumentError("give --lease-money-factor or --lease-apr, not both")
    if args.balloon is not None and kind not in ("loan", "promo"):
        raise ArgumentError("--balloon needs --financing loan or promo")
    if args.recert_fee is not None and not args.refurbished:
        raise ArgumentError("--recert-fee needs --refurbished")
    if args.cap_at_capacity and args.hours_per_month is None and args.device is None:
        raise ArgumentError("--cap-at-capacity needs --hours-per-month")
    if kind == "lease" and term_months < 1:
        raise ArgumentError("--financing lease needs --term-months of at least 1")

    def pick(name: str, default: _T) -> _T:
        value: _T | None = getattr(args, name)  # the flag's parser returns the default's type
        return default if value is None else value

    try:
        return {
            "volume": VolumeProfile(
                ramp_months=pick("ramp_months", 0),
                ramp_start_pct=pick("ramp_start_pct", 0.0),
                seasonality=pick("seasonality", FLAT_SEASONALITY),
                start_month=pick("start_month", 1),
                no_show_pct=pick("no_show_pct", 0.0),
                cap_at_capacity=args.cap_at_capacity,
                demand_factor=np.array([1.0, REALITY_CHECK_DEMAND_FACTOR]) if args.reality_check else 1.0,
            ),
            "financing": Financing(
                kind=kind,
                balloon=pick("balloon", 0.0),
                deferred_months=pick("deferred_months", 0),
                deferral_interest_accrues=args.deferral_interest != "waived",
                lease_money_factor=args.lease_money_factor,
                lease_apr_pct=args.lease_apr,
                lease_residual_value=pick("lease_residual", 0.0),
                lease_end=pick("lease_end", "buy"),
            ),
            "acquisition": Acquisition(
                sales_tax_pct=pick("sales_tax_pct", 0.0),
                refurbished=args.refurbished,
                recertification_fee=pick("recert_fee", 0.0),
            ),
            "loaded": loaded,
            "tax": TaxSettings(
                depreciation=pick("depreciation", "straight"), income_tax_rate_pct=pick("tax_rate_pct", 0.0)
            ),
        }
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


def _device_row(args: argparse.Namespace) -> dict[str, Any]:
    """The row of `--device` in the devices table of `--data` (column -> value; an empty cell is NaN)."""
    devices = load_tables(args.data).devices
    ids = [str(d) for d in devices["device_id"]]
    if args.device not in ids:
        raise ArgumentError(f"unknown device {shown(args.device)}; one of: {', '.join(ids)}")
    return {str(column): value for column, value in devices.iloc[ids.index(args.device)].items()}


def _number(row: Mapping[str, Any], column: str) -> float | None:
    """A number of the row, None when the table has no such column or the cell is empty."""
    value = row.get(column)
    return None if value is None or value == "" or pd.isna(value) else float(value)


def _device_inputs(args: argparse.Namespace, row: Mapping[str, Any]) -> DeviceInputs:
    """DeviceInputs from the row (empty without --device), each overridden by its flag when given."""
    values: dict[str, float] = {}
    for flag, field in _DEVICE_FLAGS.items():
        value: float | None = getattr(args, flag)
        chosen = value if value is not None else _number(row, field)
        if chosen is None:
            missing = [f"--{f.replace('_', '-')}" for f in _DEVICE_FLAGS if getattr(args, f) is None]
            raise ArgumentError(f"the following arguments are required: {', '.join(missing)} (or --device ID)")
        values[field] = float(chosen)
    if values["down_payment"] > values["device_price"]:
        raise ArgumentError("--down-payment must not exceed --device-price")
    if values["residual_value"] > values["device_price"]:
        raise ArgumentError("--residual must not exceed --device-price")
    hours = args.hours_per_month if args.hours_per_month is not None else _number(row, "hours_per_month")
    open_days = (
        args.open_days_per_month if args.open_days_per_month is not None else _number(row, "open_days_per_month")
    )
    currency = args.currency or str(row.get("currency") or "USD")
    return DeviceInputs(
        currency=currency,
        **values,
        hours_per_month=math.nan if hours is None else hours,
        open_days_per_month=DEFAULT_OPEN_DAYS_PER_MONTH if open_days is None else open_days,
    )


def _loaded_costs(args: argparse.Namespace, row: Mapping[str, Any]) -> LoadedCosts:
    """LoadedCosts from the row's optional overhead columns (empty: the default), each overridden by its flag."""
    flags = {field: float(getattr(args, flag)) for flag, field in _LOADED_FLAGS.items() if given(args, flag)}
    try:
        return replace(LoadedCosts.from_mapping(row), **flags)
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


def run_clinic(args: argparse.Namespace) -> dict[str, object]:
    """device_economics' figures (loaded costs included); with any projection flag, clinic_projection's (same keys
    first, then new ones; --reality-check adds reality_check_<key> for the same case at half the volume)."""
    if args.currency is not None:  # a code the exchange-rate table does not know labels figures in no currency
        known_currency("--currency", args.currency, exchange_rate_currencies(args.data))
    row = _device_row(args) if args.device is not None else {}
    inputs = _device_inputs(args, row)
    loaded = _loaded_costs(args, row)
    if not any(given(args, name) for name in _PROJECTION_FLAGS):
        return {**device_economics(inputs, loaded).summary()}
    settings = _projection_settings(args, float(np.asarray(inputs.term_months)), loaded)
    try:
        result = clinic_projection(inputs, **settings)
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None
    payload: dict[str, object] = dict(result.summary(0))
    if args.reality_check:
        half = result.summary(1)
        payload.update({f"reality_check_{key}": half[key] for key in _REALITY_CHECK_KEYS})
    return payload
