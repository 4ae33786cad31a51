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

import pandas as pd

from pricing.compare import compare_courses
from pricing.course import PatientCosts
from pricing.device import DeviceInputs, device_economics
from pricing.packages import Package, cheapest_plan
from pricing.tables import DEFAULT_DATA_DIR, TableValidationError, load_tables
from pricing.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED


class ArgumentError(Exception):
    """A bad command-line value; its message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ArgumentError(message)


def _number(minimum: float = 0.0, *, integer: bool = False, above: bool = False):
    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a {'whole ' if integer else ''}number") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
        if value < minimum or (above and value == minimum):
            raise argparse.ArgumentTypeError(f"{text} must be {'more than' if above else 'at least'} {minimum:g}")
        return value
    return parse


def _percent(text: str) -> float:
    value = _number()(text)
    if value > 100:
        raise argparse.ArgumentTypeError(f"{text} must be a percentage between 0 and 100")
    return value


def _package(text: str) -> Package:
    size, sep, price = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"'{text}' should be SIZE:PRICE, e.g. 3:800")
    return Package(int(_number(2, integer=True)(size)), _number()(price))


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"'{text}' is not a 3-letter ISO currency code")
    return code


def _build_parser() -> _Parser:
    parser = _Parser(prog="python -m pricing", description="Treatment course and clinic device costs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    quote = commands.add_parser("quote", help="cost of one course from a price, sessions and packages")
    quote.add_argument("--price", type=_number(), required=True, help="price of one session")
    quote.add_argument("--sessions", type=_number(1, integer=True), required=True, help="sessions needed")
    quote.add_argument("--package", type=_package, action="append", default=[], metavar="SIZE:PRICE",
                       help="a bundle of SIZE sessions for PRICE (repeatable)")
    quote.add_argument("--downtime-days", type=_number(), default=0.0, help="downtime days per session")
    quote.add_argument("--daily-value", type=_number(), default=0.0, help="value of one day of downtime")
    quote.add_argument("--extras-per-visit", type=_number(), default=0.0, help="numbing, aftercare, travel")
    quote.add_argument("--interval-weeks", type=_number(), default=4.0, help="weeks between sessions")
    quote.add_argument("--currency", type=_currency, default="USD")
    quote.add_argument("--json", action="store_true")

    clinic = commands.add_parser("clinic", help="device economics: cost per session, break-even, payback")
    for flag, kind, text in (
        ("--device-price", _number(), "purchase price"), ("--down-payment", _number(), "paid at purchase"),
        ("--residual", _number(), "resale value at end of life"),
        ("--life-years", _number(0, above=True), "useful life, years"),
        ("--maintenance-per-year", _number(), "service per year"), ("--apr", _percent, "loan APR, percent"),
        ("--term-months", _number(integer=True), "loan term, months"),
        ("--consumables", _number(), "consumables per session"),
        ("--other-per-session", _number(), "other cost per session"),
        ("--minutes", _number(0, above=True), "provider minutes per session"),
        ("--hourly-rate", _number(), "operator pay per hour"), ("--price", _number(), "price charged"),
        ("--sessions-per-month", _number(), "sessions sold per month"),
        ("--discount-rate", _percent, "annual discount rate, percent"),
    ):
        clinic.add_argument(flag, type=kind, required=True, help=text)
    clinic.add_argument("--hours-per-month", type=_number(0, above=True), default=None,
                        help="hours the device is available (for utilisation)")
    clinic.add_argument("--currency", type=_currency, default="USD")
    clinic.add_argument("--json", action="store_true")

    compare = commands.add_parser("compare", help="every option in a region for an indication")
    compare.add_argument("--region", required=True, help="region id, e.g. US")
    compare.add_argument("--indication", required=True, help="indication id, e.g. acne_scars")
    compare.add_argument("--currency", type=_currency, default=None, help="display currency (default: local)")
    compare.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables")
    compare.add_argument("--daily-value", type=_number(), default=0.0)
    compare.add_argument("--extras-per-visit", type=_number(), default=0.0)
    compare.add_argument("--draws", type=_number(100, integer=True), default=DEFAULT_DRAWS)
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
    }


def run_clinic(args: argparse.Namespace) -> dict[str, object]:
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
    return device_economics(inputs).summary()


_COMPARE_COLUMNS = ("option_id", "price_low", "price_typical", "price_high", "sessions_min", "sessions_typical",
                    "sessions_max", "plan_typical", "course_cost_typical", "downtime_days_typical",
                    "total_low", "total_typical", "total_high", "p10", "p50", "p90", "weeks_typical")


def run_compare(args: argparse.Namespace) -> tuple[dict[str, object], pd.DataFrame]:
    tables = load_tables(args.data)
    regions = tables.regions.set_index("region_id")
    region = args.region.strip().upper()
    if region not in regions.index:
        raise ArgumentError(f"unknown region '{args.region}'; one of: {', '.join(regions.index)}")
    if args.indication not in set(tables.indications["indication_id"]):
        raise ArgumentError(f"unknown indication '{args.indication}'; one of: "
                            f"{', '.join(tables.indications['indication_id'])}")
    currency = args.currency or str(regions.loc[region, "currency"])
    if currency not in set(tables.fx["currency"]):
        raise ArgumentError(f"unknown currency '{currency}'; one of: {', '.join(tables.fx['currency'])}")
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
