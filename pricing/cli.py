"""Command line: `python -m pricing quote|clinic|compare` (see README, "Command line").

Exit codes: 0 success; 2 bad arguments (one line on stderr); 1 the data folder has invalid tables
(one line per problem on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import numpy as np
import pandas as pd

from pricing.compare import compare_courses
from pricing.course import PatientCosts
from pricing.device import DeviceInputs, LoadedCosts, clinic_projection, device_economics
from pricing.financing import FINANCING_KINDS, LEASE_ENDS, Acquisition, Financing
from pricing.maintenance import DEFAULT_YEARS, total_with_maintenance
from pricing.membership import Membership, membership_cost
from pricing.package_terms import package_terms_risk
from pricing.packages import Package, PurchasePlan, cheapest_plan
from pricing.patient_finance import (APR_WARNING, CARECREDIT_MIN_PAYMENT_USD, CARECREDIT_MIN_PURCHASE_USD,
                                     CARECREDIT_STANDARD_APR_PCT, DeferredInterestPlan, InstalmentPlan,
                                     deferred_interest_outcome, instalments)
from pricing.schema import TABLES
from pricing.tables import DEFAULT_DATA_DIR, TableValidationError, load_tables
from pricing.tax import TaxSettings
from pricing.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from pricing.volume import FLAT_SEASONALITY, REALITY_CHECK_DEMAND_FACTOR, VolumeProfile


# Upper bounds of the flags: the price tables' own bounds (pricing.schema), so the command line accepts what the
# tables accept and nothing so large that a figure overflows to infinity or a plan needs gigabytes.
_MONEY = float(TABLES["prices"].column("price_typical").maximum or 0)  # any amount of money
_SESSIONS = float(TABLES["sessions"].column("sessions_max").maximum or 0)  # sessions in a course or a package
_DOWNTIME_DAYS = float(TABLES["options"].column("downtime_days_max").maximum or 0)
_INTERVAL_WEEKS = float(TABLES["sessions"].column("interval_weeks").maximum or 0)
_MAINTENANCE_SESSIONS = float(TABLES["sessions"].column("maintenance_per_year").maximum or 0)
_EXPIRY_MONTHS = float(TABLES["packages"].column("package_expiry_months").maximum or 0)
_LIFE_YEARS = float(TABLES["devices"].column("life_years").maximum or 0)
_TERM_MONTHS = float(TABLES["devices"].column("term_months").maximum or 0)  # any loan, lease or plan term
_MINUTES = float(TABLES["devices"].column("minutes_per_session").maximum or 0)
_SESSIONS_PER_MONTH = float(TABLES["devices"].column("sessions_per_month").maximum or 0)
_HOURS_PER_MONTH = float(TABLES["devices"].column("hours_per_month").maximum or 0)
_MAX_YEARS = 100.0  # years after the course for maintenance totals
_MAX_SEASONAL_FACTOR = 1e6
_MAX_SESSIONS_PER_PATIENT = 1000.0
_MAX_DRAWS = 200_000  # ten times the app's 20,000; more only costs memory
_TINY = 1e-9


class ArgumentError(Exception):
    """A bad command-line value; its message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def _short(text: str) -> str:
    """A command-line value as a message shows it: at most 40 characters."""
    return f"{text[:40]}..." if len(text) > 40 else text


def _shown(text: str) -> str:
    return f"'{_short(text)}'"


def _number(minimum: float = 0.0, *, integer: bool = False, above: bool = False, maximum: float | None = None):
    """A parser of one numeric flag: finite, at least (or above) `minimum`, at most `maximum`.

    A non-zero value smaller than _TINY is refused too: dividing by it overflows (1e-320 sessions a month).
    """
    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a {'whole ' if integer else ''}number") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not a finite number")
        if value < minimum or (above and value == minimum):
            raise argparse.ArgumentTypeError(
                f"{_short(text)} must be {'more than' if above else 'at least'} {minimum:g}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"{_short(text)} must be at most {maximum:g}")
        if value and abs(value) < _TINY:
            raise argparse.ArgumentTypeError(f"{_short(text)} is too small to compute with; use 0 or at least "
                                             f"{_TINY:g}")
        return value
    return parse


def _percent(text: str) -> float:
    value = _number()(text)
    if value > 100:
        raise argparse.ArgumentTypeError(f"{_short(text)} must be a percentage between 0 and 100")
    return value


def _package(text: str) -> Package:
    size, sep, price = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"{_shown(text)} should be SIZE:PRICE, e.g. 3:800")
    return Package(int(_number(2, integer=True, maximum=_SESSIONS)(size)), _money(price))


def _years(text: str) -> tuple[int, ...]:
    years = tuple(int(_number(1, integer=True, maximum=_MAX_YEARS)(part.strip())) for part in text.split(","))
    if len(set(years)) != len(years):
        raise argparse.ArgumentTypeError(f"{_shown(text)} repeats a year")
    return years


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a 3-letter ISO currency code")
    return code


def _money(text: str) -> float:
    return _number(maximum=_MONEY)(text)


def _build_parser() -> _Parser:
    parser = _Parser(prog="python -m pricing", description="Treatment course and clinic device costs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    quote = commands.add_parser("quote", help="cost of one course from a price, sessions and packages")
    quote.add_argument("--price", type=_money, required=True, help="price of one session")
    quote.add_argument("--sessions", type=_number(1, integer=True, maximum=_SESSIONS), required=True,
                       help="sessions needed")
    quote.add_argument("--package", type=_package, action="append", default=[], metavar="SIZE:PRICE",
                       help="a bundle of SIZE sessions for PRICE (repeatable)")
    quote.add_argument("--downtime-days", type=_number(maximum=_DOWNTIME_DAYS), default=0.0,
                       help="downtime days per session")
    quote.add_argument("--daily-value", type=_money, default=0.0, help="value of one day of downtime")
    quote.add_argument("--extras-per-visit", type=_money, default=0.0, help="numbing, aftercare, travel")
    quote.add_argument("--interval-weeks", type=_number(maximum=_INTERVAL_WEEKS), default=4.0,
                       help="weeks between sessions")
    quote.add_argument("--currency", type=_currency, default="USD")
    quote.add_argument("--json", action="store_true")
    more = quote.add_argument_group("package terms, membership, maintenance and paying over time",
                                    "each adds its keys to the output only when given (docs/patient-economics.md)")
    more.add_argument("--package-expiry-months", type=_number(maximum=_EXPIRY_MONTHS), default=None,
                      help="months a package stays valid from purchase: sessions at risk and their value")
    more.add_argument("--membership-fee", type=_money, default=None,
                      help="membership fee per month: cost as a member against without, break-even sessions")
    more.add_argument("--membership-included", type=_number(maximum=_SESSIONS), default=None,
                      help="sessions included per month (default 0)")
    more.add_argument("--member-price", type=_money, default=None,
                      help="member price of a session not included (default: --price less --member-discount)")
    more.add_argument("--member-discount", type=_percent, default=None, help="member discount, percent (default 0)")
    more.add_argument("--membership-min-months", type=_number(integer=True, maximum=_TERM_MONTHS), default=None,
                      help="minimum membership term, months (default 0)")
    more.add_argument("--membership-credit", action="store_true",
                      help="the fee is banked credit spent on sessions (MedAndSpa-style)")
    more.add_argument("--maintenance-per-year", type=_number(maximum=_MAINTENANCE_SESSIONS), default=None,
                      help="maintenance sessions a year after the course: totals over --years")
    more.add_argument("--years", type=_years, default=None, metavar="Y[,Y...]",
                      help="years after the course for the maintenance totals (default 1,3,5)")
    more.add_argument("--finance-apr", type=_percent, default=None,
                      help=f"standard APR, percent (default {CARECREDIT_STANDARD_APR_PCT:g}, with a warning)")
    more.add_argument("--finance-months", type=_number(1, integer=True, maximum=_TERM_MONTHS), default=None,
                      help="instalment plan over this many months at --finance-apr")
    more.add_argument("--promo-months", type=_number(1, integer=True, maximum=_TERM_MONTHS), default=None,
                      help="0 %% promotion with deferred interest at --finance-apr (CareCredit: 6, 12, 18, 24)")
    more.add_argument("--min-payment", type=_money, default=None,
                      help=f"floor of the promotion's monthly payment (default {CARECREDIT_MIN_PAYMENT_USD:g})")
    more.add_argument("--promo-payment", type=_money, default=None,
                      help="monthly payment made during the promotion (default: the minimum payment)")

    clinic = commands.add_parser("clinic", help="device economics: cost per session, break-even, payback")
    for flag, kind, text in (
        ("--device-price", _money, "purchase price"), ("--down-payment", _money, "paid at purchase"),
        ("--residual", _money, "resale value at end of life"),
        ("--life-years", _number(0, above=True, maximum=_LIFE_YEARS), "useful life, years"),
        ("--maintenance-per-year", _money, "service per year"), ("--apr", _percent, "loan APR, percent"),
        ("--term-months", _number(integer=True, maximum=_TERM_MONTHS), "loan term, months"),
        ("--consumables", _money, "consumables per session"),
        ("--other-per-session", _money, "other cost per session"),
        ("--minutes", _number(0, above=True, maximum=_MINUTES), "provider minutes per session"),
        ("--hourly-rate", _money, "operator pay per hour"), ("--price", _money, "price charged"),
        ("--sessions-per-month", _number(maximum=_SESSIONS_PER_MONTH), "sessions sold per month"),
        ("--discount-rate", _percent, "annual discount rate, percent"),
    ):
        clinic.add_argument(flag, type=kind, required=True, help=text)
    clinic.add_argument("--hours-per-month", type=_number(0, above=True, maximum=_HOURS_PER_MONTH), default=None,
                        help="hours the device is available (for utilisation)")
    # Month-by-month projection (pricing.device.clinic_projection): any of these flags switches the output to
    # the projection's keys; with none, the output is exactly device_economics' as before.
    projection = clinic.add_argument_group("month-by-month projection (any of these adds the projection keys)")
    for flag, kind, text in (
        ("--ramp-months", _number(integer=True, maximum=_TERM_MONTHS), "months of ramp-up to full volume (default 0)"),
        ("--ramp-start-pct", _percent, "share of full volume in month 1, percent (default 0)"),
        ("--no-show-pct", _percent, "booked sessions that do not happen, percent (default 0)"),
        ("--seasonality", _seasonality, "12 comma-separated factors, January first (scaled to mean 1)"),
        ("--start-month", _month, "calendar month of month 1, 1-12 (default 1)"),
        ("--financing", _choice(FINANCING_KINDS), "cash, loan (default: as --apr/--term-months), lease or promo"),
        ("--lease-money-factor", _number(maximum=100 / 2400), "lease money factor (= APR / 2400)"),
        ("--lease-apr", _percent, "lease APR, percent (money factor = APR / 2400; default --apr)"),
        ("--lease-residual", _money, "lease residual value (default 0)"),
        ("--lease-end", _choice(LEASE_ENDS), "buy the device for the residual, or return it (default buy)"),
        ("--balloon", _money, "loan balance paid with the last payment"),
        ("--deferred-months", _number(integer=True, maximum=_TERM_MONTHS),
         "months before the first payment (default 0)"),
        ("--deferral-interest", _choice(("accrues", "waived")), "interest during the deferral (default accrues)"),
        ("--sales-tax-pct", _percent, "sales tax on the device price, percent (capitalised and financed)"),
        ("--recert-fee", _money, "recertification fee of a refurbished device (needs --refurbished)"),
        ("--commission-pct", _percent, "provider commission, percent of the price"),
        ("--card-fee-pct", _percent, "card-processing fee, percent of the price"),
        ("--room-cost-per-hour", _money, "cost of the treatment room per hour"),
        ("--room-minutes", _number(0, above=True, maximum=_MINUTES), "room minutes per session (default --minutes)"),
        ("--marketing-per-new-patient", _money, "marketing cost to win one new patient"),
        ("--sessions-per-patient", _number(1, maximum=_MAX_SESSIONS_PER_PATIENT),
         "sessions each new patient buys (default 1)"),
        ("--depreciation", _choice(("straight", "macrs5", "macrs7")), "tax depreciation (default straight)"),
        ("--tax-rate-pct", _percent, "income-tax rate, percent (default 0: after-tax = pre-tax)"),
    ):
        projection.add_argument(flag, type=kind, default=None, help=text)
    for flag, text in (("--cap-at-capacity", "limit sessions to hours-per-month x 60 / minutes"),
                       ("--refurbished", "a refurbished (recertified) device; its life is --life-years"),
                       ("--reality-check", "add reality_check_* keys: the same case at half the volume")):
        projection.add_argument(flag, action="store_true", help=text)
    clinic.add_argument("--currency", type=_currency, default="USD")
    clinic.add_argument("--json", action="store_true")

    compare = commands.add_parser("compare", help="every option in a region for an indication")
    compare.add_argument("--region", required=True, help="region id, e.g. US")
    compare.add_argument("--indication", required=True, help="indication id, e.g. acne_scars")
    compare.add_argument("--currency", type=_currency, default=None, help="display currency (default: local)")
    compare.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables")
    compare.add_argument("--daily-value", type=_money, default=0.0)
    compare.add_argument("--extras-per-visit", type=_money, default=0.0)
    compare.add_argument("--draws", type=_number(100, integer=True, maximum=_MAX_DRAWS), default=DEFAULT_DRAWS)
    compare.add_argument("--seed", type=_number(integer=True), default=DEFAULT_SEED)
    compare.add_argument("--json", action="store_true")
    return parser


def run_quote(args: argparse.Namespace) -> dict[str, object]:
    plan = cheapest_plan(args.price, args.package, args.sessions, args.currency)
    downtime_days = args.downtime_days * args.sessions
    extras = args.extras_per_visit * args.sessions
    downtime_cost = downtime_days * args.daily_value
    return {
        "sessions": args.sessions,
        "plan": [{"size": line.size, "count": line.count, "unit_price": line.unit_price} for line in plan.lines],
        "plan_text": plan.describe(),
        "course_cost": plan.cost, "extras_cost": extras, "downtime_days": downtime_days,
        "downtime_cost": downtime_cost, "total_cost": plan.cost + extras + downtime_cost,
        "weeks": (args.sessions - 1) * args.interval_weeks, "currency": args.currency,
    } | _quote_extensions(args, plan)


def _needs(args: argparse.Namespace, given: str, flags: tuple[str, ...]) -> None:
    """Raise when a flag that only refines `given` is used without it."""
    if getattr(args, given.lstrip("-").replace("-", "_")) is None:
        for flag in flags:
            value = getattr(args, flag.lstrip("-").replace("-", "_"))
            if value is not None and value is not False:
                raise ArgumentError(f"{flag} needs {given}")


def _quote_extensions(args: argparse.Namespace, plan: PurchasePlan) -> dict[str, object]:
    """The keys of the optional quote flags (none without them, so the default output is unchanged)."""
    _needs(args, "--membership-fee", ("--membership-included", "--member-price", "--member-discount",
                                      "--membership-min-months", "--membership-credit"))
    _needs(args, "--maintenance-per-year", ("--years",))
    _needs(args, "--promo-months", ("--min-payment", "--promo-payment"))
    if args.finance_apr is not None and args.finance_months is None and args.promo_months is None:
        raise ArgumentError("--finance-apr needs --finance-months or --promo-months")
    if args.member_price is not None and args.member_discount:
        raise ArgumentError("give --member-price or --member-discount, not both")
    out: dict[str, object] = {}
    if args.package_expiry_months is not None:
        risk = package_terms_risk(plan, args.interval_weeks, args.package_expiry_months)
        out |= {"package_expiry_months": args.package_expiry_months} | risk.summary()
    if args.membership_fee is not None:
        membership = Membership(args.currency, args.membership_fee, args.membership_included or 0.0,
                                args.member_price, args.member_discount or 0.0, args.membership_min_months or 0,
                                args.membership_credit)
        out |= membership_cost(membership, args.sessions, args.interval_weeks, args.price, plan.cost).summary()
    if args.maintenance_per_year is not None:
        per_visit = args.price + args.extras_per_visit + args.downtime_days * args.daily_value
        course_total = plan.cost + (args.extras_per_visit + args.downtime_days * args.daily_value) * args.sessions
        out |= {"maintenance_per_year": args.maintenance_per_year,
                "maintenance_cost_per_year": args.maintenance_per_year * per_visit}
        for years in args.years or DEFAULT_YEARS:
            out[f"total_cost_{years}y"] = float(total_with_maintenance(course_total, per_visit,
                                                                       args.maintenance_per_year, years)[0])
    if args.finance_months is not None or args.promo_months is not None:
        apr = CARECREDIT_STANDARD_APR_PCT if args.finance_apr is None else args.finance_apr
        out["financed_amount"] = plan.cost
        if args.finance_months is not None:
            out |= instalments(plan.cost, InstalmentPlan(apr, args.finance_months), args.currency).summary()
        if args.promo_months is not None:
            promo = DeferredInterestPlan(
                args.promo_months, apr,
                CARECREDIT_MIN_PAYMENT_USD if args.min_payment is None else args.min_payment,
                CARECREDIT_MIN_PURCHASE_USD if args.currency == "USD" else 0.0)
            out |= deferred_interest_outcome(plan.cost, promo, args.currency, args.promo_payment).summary()
        if args.finance_apr is None:
            out["finance_warning"] = APR_WARNING
    return out


def _seasonality(text: str) -> tuple[float, ...]:
    factors = tuple(_number(maximum=_MAX_SEASONAL_FACTOR)(part.strip()) for part in text.split(","))
    if len(factors) != 12 or sum(factors) <= 0:
        raise argparse.ArgumentTypeError(f"{_shown(text)} should be 12 comma-separated factors >= 0, January first")
    return factors


def _month(text: str) -> int:
    value = int(_number(1, integer=True)(text))
    if value > 12:
        raise argparse.ArgumentTypeError(f"{_short(text)} must be a month between 1 and 12")
    return value


def _choice(options: Sequence[str]):
    def parse(text: str) -> str:
        if text not in options:
            raise argparse.ArgumentTypeError(f"{_shown(text)} is not one of {', '.join(options)}")
        return text
    return parse


_PROJECTION_FLAGS = ("ramp_months", "ramp_start_pct", "no_show_pct", "seasonality", "start_month", "financing",
                     "lease_money_factor", "lease_apr", "lease_residual", "lease_end", "balloon", "deferred_months",
                     "deferral_interest", "sales_tax_pct", "recert_fee", "commission_pct", "card_fee_pct",
                     "room_cost_per_hour", "room_minutes", "marketing_per_new_patient", "sessions_per_patient",
                     "depreciation", "tax_rate_pct", "cap_at_capacity", "refurbished", "reality_check")
_REALITY_CHECK_KEYS = ("average_sessions_per_month", "monthly_profit", "payback_months", "discounted_payback_months",
                       "npv", "roi", "after_tax_npv")


def _given(args: argparse.Namespace, name: str) -> bool:
    value = getattr(args, name)
    return value is not None and value is not False


def _projection_settings(args: argparse.Namespace) -> dict[str, object]:
    """The projection's inputs from the flags (unset flags keep their no-op defaults)."""
    kind = args.financing or "loan"
    lease_flags = [f for f in ("lease_money_factor", "lease_apr", "lease_residual", "lease_end") if _given(args, f)]
    if lease_flags and kind != "lease":
        raise ArgumentError(f"--{lease_flags[0].replace('_', '-')} needs --financing lease")
    if args.lease_money_factor is not None and args.lease_apr is not None:
        raise ArgumentError("give --lease-money-factor or --lease-apr, not both")
    if args.balloon is not None and kind not in ("loan", "promo"):
        raise ArgumentError("--balloon needs --financing loan or promo")
    if args.recert_fee is not None and not args.refurbished:
        raise ArgumentError("--recert-fee needs --refurbished")
    if args.cap_at_capacity and args.hours_per_month is None:
        raise ArgumentError("--cap-at-capacity needs --hours-per-month")
    if kind == "lease" and args.term_months < 1:
        raise ArgumentError("--financing lease needs --term-months of at least 1")

    def pick(name: str, default: object) -> object:
        value = getattr(args, name)
        return default if value is None else value
    try:
        return {
            "volume": VolumeProfile(
                ramp_months=pick("ramp_months", 0), ramp_start_pct=pick("ramp_start_pct", 0.0),
                seasonality=pick("seasonality", FLAT_SEASONALITY), start_month=pick("start_month", 1),
                no_show_pct=pick("no_show_pct", 0.0), cap_at_capacity=args.cap_at_capacity,
                demand_factor=np.array([1.0, REALITY_CHECK_DEMAND_FACTOR]) if args.reality_check else 1.0),
            "financing": Financing(
                kind=kind, balloon=pick("balloon", 0.0), deferred_months=pick("deferred_months", 0),
                deferral_interest_accrues=args.deferral_interest != "waived",
                lease_money_factor=args.lease_money_factor, lease_apr_pct=args.lease_apr,
                lease_residual_value=pick("lease_residual", 0.0), lease_end=pick("lease_end", "buy")),
            "acquisition": Acquisition(sales_tax_pct=pick("sales_tax_pct", 0.0), refurbished=args.refurbished,
                                       recertification_fee=pick("recert_fee", 0.0)),
            "loaded": LoadedCosts(
                commission_pct=pick("commission_pct", 0.0), card_fee_pct=pick("card_fee_pct", 0.0),
                room_cost_per_hour=pick("room_cost_per_hour", 0.0), room_minutes_per_session=args.room_minutes,
                marketing_per_new_patient=pick("marketing_per_new_patient", 0.0),
                sessions_per_patient=pick("sessions_per_patient", 1.0)),
            "tax": TaxSettings(depreciation=pick("depreciation", "straight"),
                               income_tax_rate_pct=pick("tax_rate_pct", 0.0)),
        }
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


def run_clinic(args: argparse.Namespace) -> dict[str, object]:
    """device_economics' figures; with any projection flag, clinic_projection's (same keys first, then new ones;
    --reality-check adds reality_check_<key> for the same case at half the volume)."""
    if args.down_payment > args.device_price:
        raise ArgumentError("--down-payment must not exceed --device-price")
    if args.residual > args.device_price:
        raise ArgumentError("--residual must not exceed --device-price")
    inputs = DeviceInputs(
        currency=args.currency, device_price=args.device_price, down_payment=args.down_payment,
        residual_value=args.residual, life_years=args.life_years, maintenance_per_year=args.maintenance_per_year,
        apr_pct=args.apr, term_months=args.term_months, consumables_per_session=args.consumables,
        other_per_session=args.other_per_session, minutes_per_session=args.minutes,
        hourly_rate=args.hourly_rate, price_per_session=args.price, sessions_per_month=args.sessions_per_month,
        discount_rate_pct=args.discount_rate,
        hours_per_month=math.nan if args.hours_per_month is None else args.hours_per_month,
    )
    if not any(_given(args, name) for name in _PROJECTION_FLAGS):
        return device_economics(inputs).summary()
    try:
        result = clinic_projection(inputs, **_projection_settings(args))  # type: ignore[arg-type]
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None
    payload: dict[str, object] = dict(result.summary(0))
    if args.reality_check:
        half = result.summary(1)
        payload.update({f"reality_check_{key}": half[key] for key in _REALITY_CHECK_KEYS})
    return payload


_COMPARE_COLUMNS = ("option_id", "price_low", "price_typical", "price_high", "sessions_min", "sessions_typical",
                    "sessions_max", "plan_typical", "course_cost_typical", "downtime_days_typical",
                    "total_low", "total_typical", "total_high", "p10", "p50", "p90", "weeks_typical")


def run_compare(args: argparse.Namespace) -> tuple[dict[str, object], pd.DataFrame]:
    tables = load_tables(args.data)
    regions = tables.regions.set_index("region_id")
    region = args.region.strip().upper()
    if region not in regions.index:
        raise ArgumentError(f"unknown region {_shown(args.region)}; one of: {', '.join(regions.index)}")
    if args.indication not in set(tables.indications["indication_id"]):
        raise ArgumentError(f"unknown indication {_shown(args.indication)}; one of: "
                            f"{', '.join(tables.indications['indication_id'])}")
    currency = args.currency or str(regions.loc[region, "currency"])
    if currency not in set(tables.fx["currency"]):
        raise ArgumentError(f"unknown currency {_shown(currency)}; one of: {', '.join(tables.fx['currency'])}")
    patient = PatientCosts(currency, args.extras_per_visit, args.daily_value)
    result = compare_courses(tables, [region], list(tables.options["option_id"]), args.indication, patient,
                             draws=args.draws, seed=args.seed)
    table = result.rows[list(_COMPARE_COLUMNS)]
    payload = {
        "region": region, "indication": args.indication, "currency": currency,
        "options": json.loads(table.round(2).to_json(orient="records")),
        "unavailable": json.loads(result.unavailable.to_json(orient="records")),
    }
    return payload, table


def _print_text(command: str, payload: dict[str, object], table: pd.DataFrame | None) -> None:
    if table is None:
        width = max(len(k) for k in payload)
        for key, value in payload.items():
            shown = f"{value:,.2f}" if isinstance(value, float) else value
            print(f"{key:<{width}}  {shown}")
        return
    print(f"Course cost for {payload['indication']} in {payload['region']} ({payload['currency']}), "
          "ranked by typical total; P10-P90 from Monte Carlo")
    with pd.option_context("display.width", 250, "display.max_columns", 30, "display.float_format", "{:,.0f}".format):
        print(table.to_string(index=False))
    for item in payload["unavailable"]:  # type: ignore[union-attr]
        print(f"not compared: {item['option_id']}: {item['reason']}")


def _infinite_keys(payload: object, prefix: str = "") -> list[str]:
    """Keys of the output whose value is an infinite or NaN number (a figure that overflowed)."""
    if isinstance(payload, dict):
        return [k for key, value in payload.items() for k in _infinite_keys(value, f"{prefix}{key}")]
    if isinstance(payload, list):
        return [k for i, value in enumerate(payload) for k in _infinite_keys(value, f"{prefix}[{i}].")]
    if isinstance(payload, float) and not math.isfinite(payload):
        return [prefix.rstrip(".")]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = _build_parser().parse_args(argv)
        table = None
        if args.command == "quote":
            payload = run_quote(args)
        elif args.command == "clinic":
            payload = run_clinic(args)
        else:
            payload, table = run_compare(args)
        if overflowed := _infinite_keys(payload):
            raise ArgumentError(f"{', '.join(overflowed[:3])} cannot be computed from these values (the figure is "
                                "not finite); use smaller amounts")
    except ArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TableValidationError as exc:
        print(f"error: {len(exc.problems)} problem(s) in the tables:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(payload))
    else:
        _print_text(args.command, payload, table)
    return 0
