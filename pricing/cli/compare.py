"""`python -m pricing compare`: every option in a region for an indication, with its range."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from pricing.cli.args import MAX_DRAWS, ArgumentError, currency_flag, money_flag, number_flag, shown
from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from pricing.tables.loading import DEFAULT_DATA_DIR, load_tables


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Declare `python -m pricing compare` and its flags."""
    compare = commands.add_parser("compare", help="every option in a region for an indication")
    compare.add_argument("--region", required=True, help="region id, e.g. US")
    compare.add_argument("--indication", required=True, help="indication id, e.g. acne_scars")
    compare.add_argument("--currency", type=currency_flag, default=None, help="display currency (default: local)")
    compare.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables")
    compare.add_argument("--daily-value", type=money_flag, default=0.0)
    compare.add_argument("--extras-per-visit", type=money_flag, default=0.0)
    compare.add_argument("--draws", type=number_flag(100, integer=True, maximum=MAX_DRAWS), default=DEFAULT_DRAWS)
    compare.add_argument("--seed", type=number_flag(integer=True), default=DEFAULT_SEED)
    compare.add_argument("--json", action="store_true")


_COMPARE_COLUMNS = (
    "option_id",
    "price_low",
    "price_typical",
    "price_high",
    "sessions_min",
    "sessions_typical",
    "sessions_max",
    "plan_typical",
    "course_cost_typical",
    "downtime_days_typical",
    "total_low",
    "total_typical",
    "total_high",
    "p10",
    "p50",
    "p90",
    "weeks_typical",
)


def run_compare(args: argparse.Namespace) -> tuple[dict[str, object], pd.DataFrame]:
    tables = load_tables(args.data)
    regions = tables.regions.set_index("region_id")
    region = args.region.strip().upper()
    if region not in regions.index:
        raise ArgumentError(f"unknown region {shown(args.region)}; one of: {', '.join(regions.index)}")
    if args.indication not in set(tables.indications["indication_id"]):
        raise ArgumentError(
            f"unknown indication {shown(args.indication)}; one of: {', '.join(tables.indications['indication_id'])}"
        )
    currency = args.currency or str(regions.loc[region, "currency"])
    if currency not in set(tables.fx["currency"]):
        raise ArgumentError(f"unknown currency {shown(currency)}; one of: {', '.join(tables.fx['currency'])}")
    patient = PatientCosts(currency, args.extras_per_visit, args.daily_value)
    result = compare_courses(
        tables, [region], list(tables.options["option_id"]), args.indication, patient, draws=args.draws, seed=args.seed
    )
    table = result.rows[list(_COMPARE_COLUMNS)]
    payload = {
        "region": region,
        "indication": args.indication,
        "currency": currency,
        "options": json.loads(table.round(2).to_json(orient="records")),
        "unavailable": json.loads(result.unavailable.to_json(orient="records")),
    }
    return payload, table
