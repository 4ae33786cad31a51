"""`python -m pricing quote`: one course from a price, sessions and packages, with its optional extras."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from pricing.cli.args import (
    DOWNTIME_DAYS,
    EXPIRY_MONTHS,
    INTERVAL_WEEKS,
    MAINTENANCE_SESSIONS,
    SESSIONS,
    TERM_MONTHS,
    ArgumentError,
    currency_flag,
    data_folder_flag,
    known_currency,
    money_flag,
    needs,
    number_flag,
    package_flag,
    percent_flag,
    years_flag,
)
from pricing.patient.financing import (
    APR_WARNING,
    CARECREDIT_MIN_PAYMENT_USD,
    CARECREDIT_MIN_PURCHASE_USD,
    CARECREDIT_STANDARD_APR_PCT,
    DeferredInterestPlan,
    InstalmentPlan,
    deferred_interest_outcome,
    instalments,
)
from pricing.patient.maintenance import DEFAULT_YEARS, total_with_maintenance
from pricing.patient.membership import Membership, membership_cost
from pricing.patient.package_terms import package_terms_risk
from pricing.patient.packages import PurchasePlan, cheapest_plan
from pricing.tables.loading import DEFAULT_DATA_DIR, read_table_csv
from pricing.tables.validation import Problem, TableValidationError


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Declare `python -m pricing quote` and its flags."""
    quote = commands.add_parser("quote", help="cost of one course from a price, sessions and packages")
    quote.add_argument("--price", type=money_flag, required=True, help="price of one session")
    quote.add_argument(
        "--sessions", type=number_flag(1, integer=True, maximum=SESSIONS), required=True, help="sessions needed"
    )
    quote.add_argument(
        "--package",
        type=package_flag,
        action="append",
        default=[],
        metavar="SIZE:PRICE",
        help="a bundle of SIZE sessions for PRICE (repeatable)",
    )
    quote.add_argument(
        "--downtime-days", type=number_flag(maximum=DOWNTIME_DAYS), default=0.0, help="downtime days per session"
    )
    quote.add_argument("--daily-value", type=money_flag, default=0.0, help="value of one day of downtime")
    quote.add_argument("--extras-per-visit", type=money_flag, default=0.0, help="numbing, aftercare, travel")
    quote.add_argument(
        "--interval-weeks", type=number_flag(maximum=INTERVAL_WEEKS), default=4.0, help="weeks between sessions"
    )
    quote.add_argument(
        "--currency", type=currency_flag, default="USD", help="currency of the amounts, one of the fx table's"
    )
    quote.add_argument(
        "--data",
        type=data_folder_flag,
        default=DEFAULT_DATA_DIR,
        help="folder whose fx.csv lists the known currencies (default: the shipped data)",
    )
    quote.add_argument("--json", action="store_true")
    more = quote.add_argument_group(
        "package terms, membership, maintenance and paying over time",
        "each adds its keys to the output only when given (docs/patient-economics.md)",
    )
    more.add_argument(
        "--package-expiry-months",
        type=number_flag(maximum=EXPIRY_MONTHS),
        default=None,
        help="months a package stays valid from purchase: sessions at risk and their value",
    )
    more.add_argument(
        "--membership-fee",
        type=money_flag,
        default=None,
        help="membership fee per month: cost as a member against without, break-even sessions",
    )
    more.add_argument(
        "--membership-included",
        type=number_flag(maximum=SESSIONS),
        default=None,
        help="sessions included per month (default 0)",
    )
    more.add_argument(
        "--member-price",
        type=money_flag,
        default=None,
        help="member price of a session not included (default: --price less --member-discount)",
    )
    more.add_argument("--member-discount", type=percent_flag, default=None, help="member discount, percent (default 0)")
    more.add_argument(
        "--membership-min-months",
        type=number_flag(integer=True, maximum=TERM_MONTHS),
        default=None,
        help="minimum membership term, months (default 0)",
    )
    more.add_argument(
        "--membership-credit", action="store_true", help="the fee is banked credit spent on sessions (MedAndSpa-style)"
    )
    more.add_argument(
        "--maintenance-per-year",
        type=number_flag(maximum=MAINTENANCE_SESSIONS),
        default=None,
        help="maintenance sessions a year after the course: totals over --years",
    )
    more.add_argument(
        "--years",
        type=years_flag,
        default=None,
        metavar="Y[,Y...]",
        help="years after the course for the maintenance totals (default 1,3,5)",
    )
    more.add_argument(
        "--finance-apr",
        type=percent_flag,
        default=None,
        help=f"standard APR, percent (default {CARECREDIT_STANDARD_APR_PCT:g}, with a warning)",
    )
    more.add_argument(
        "--finance-months",
        type=number_flag(1, integer=True, maximum=TERM_MONTHS),
        default=None,
        help="instalment plan over this many months at --finance-apr",
    )
    more.add_argument(
        "--promo-months",
        type=number_flag(1, integer=True, maximum=TERM_MONTHS),
        default=None,
        help="0 %% promotion with deferred interest at --finance-apr (CareCredit: 6, 12, 18, 24)",
    )
    more.add_argument(
        "--min-payment",
        type=money_flag,
        default=None,
        help=f"floor of the promotion's monthly payment (default {CARECREDIT_MIN_PAYMENT_USD:g})",
    )
    more.add_argument(
        "--promo-payment",
        type=money_flag,
        default=None,
        help="monthly payment made during the promotion (default: the minimum payment)",
    )


def exchange_rate_currencies(folder: Path) -> list[str]:
    """The currency codes of `<folder>/fx.csv`; TableValidationError when the file cannot be read."""
    path = Path(folder) / "fx.csv"
    try:
        fx = read_table_csv(path)
    except FileNotFoundError:
        raise TableValidationError([Problem("fx", None, None, f"file not found: {path}")]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        message = f"cannot read {path.name}: {exc}".splitlines()[0]
        raise TableValidationError([Problem("fx", None, None, message)]) from None
    if "currency" not in fx:
        raise TableValidationError([Problem("fx", None, "currency", "column missing")])
    return [code.strip().upper() for code in fx["currency"] if code.strip()]


def run_quote(args: argparse.Namespace) -> dict[str, object]:
    known_currency("--currency", args.currency, exchange_rate_currencies(args.data))
    plan = cheapest_plan(args.price, args.package, args.sessions, args.currency)
    downtime_days = args.downtime_days * args.sessions
    extras = args.extras_per_visit * args.sessions
    downtime_cost = downtime_days * args.daily_value
    return {
        "sessions": args.sessions,
        "plan": [{"size": line.size, "count": line.count, "unit_price": line.unit_price} for line in plan.lines],
        "plan_text": plan.describe(),
        "course_cost": plan.cost,
        "extras_cost": extras,
        "downtime_days": downtime_days,
        "downtime_cost": downtime_cost,
        "total_cost": plan.cost + extras + downtime_cost,
        "weeks": (args.sessions - 1) * args.interval_weeks,
        "currency": args.currency,
    } | _quote_extensions(args, plan)


def _quote_extensions(args: argparse.Namespace, plan: PurchasePlan) -> dict[str, object]:
    """The keys of the optional quote flags (none without them, so the default output is unchanged)."""
    needs(
        args,
        "--membership-fee",
        (
            "--membership-included",
            "--member-price",
            "--member-discount",
            "--membership-min-months",
            "--membership-credit",
        ),
    )
    needs(args, "--maintenance-per-year", ("--years",))
    needs(args, "--promo-months", ("--min-payment", "--promo-payment"))
    if args.finance_apr is not None and args.finance_months is None and args.promo_months is None:
        raise ArgumentError("--finance-apr needs --finance-months or --promo-months")
    if args.member_price is not None and args.member_discount:
        raise ArgumentError("give --member-price or --member-discount, not both")
    out: dict[str, object] = {}
    if args.package_expiry_months is not None:
        risk = package_terms_risk(plan, args.interval_weeks, args.package_expiry_months)
        out |= {"package_expiry_months": args.package_expiry_months} | risk.summary()
    if args.membership_fee is not None:
        membership = Membership(
            args.currency,
            args.membership_fee,
            args.membership_included or 0.0,
            args.member_price,
            args.member_discount or 0.0,
            args.membership_min_months or 0,
            args.membership_credit,
        )
        out |= membership_cost(membership, args.sessions, args.interval_weeks, args.price, plan.cost).summary()
    if args.maintenance_per_year is not None:
        per_visit = args.price + args.extras_per_visit + args.downtime_days * args.daily_value
        course_total = plan.cost + (args.extras_per_visit + args.downtime_days * args.daily_value) * args.sessions
        out |= {
            "maintenance_per_year": args.maintenance_per_year,
            "maintenance_cost_per_year": args.maintenance_per_year * per_visit,
        }
        for years in args.years or DEFAULT_YEARS:
            out[f"total_cost_{years}y"] = float(
                total_with_maintenance(course_total, per_visit, args.maintenance_per_year, years)[0]
            )
    if args.finance_months is not None or args.promo_months is not None:
        apr = CARECREDIT_STANDARD_APR_PCT if args.finance_apr is None else args.finance_apr
        out["financed_amount"] = plan.cost
        if args.finance_months is not None:
            out |= instalments(plan.cost, InstalmentPlan(apr, args.finance_months), args.currency).summary()
        if args.promo_months is not None:
            promo = DeferredInterestPlan(
                args.promo_months,
                apr,
                CARECREDIT_MIN_PAYMENT_USD if args.min_payment is None else args.min_payment,
                CARECREDIT_MIN_PURCHASE_USD if args.currency == "USD" else 0.0,
            )
            outcome = deferred_interest_outcome(plan.cost, promo, args.currency, args.promo_payment)
            out |= outcome.summary()
            if (minimum_warning := outcome.warning()) is not None:
                out["promo_warning"] = minimum_warning
        if args.finance_apr is None:
            out["finance_warning"] = APR_WARNING
    return out
