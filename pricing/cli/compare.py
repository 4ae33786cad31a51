"""`python -m pricing compare`: every option in a region for an indication, with its range."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from pricing.cli.args import (
    MAX_DRAWS,
    ArgumentError,
    choice_flag,
    currency_flag,
    data_folder_flag,
    known_currency,
    money_flag,
    number_flag,
    shown,
)
from pricing.patient.compare import DEFAULT_RANK_BY, RANK_COLUMNS, compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from pricing.tables.loading import DEFAULT_DATA_DIR, load_tables


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Declare `python -m pricing compare` and its flags."""
    compare = commands.add_parser("compare", help="every option in a region for an indication")
    compare.add_argument("--region", required=True, help="region id, e.g. US")
    compare.add_argument("--indication", required=True, help="indication id, e.g. acne_scars")
    compare.add_argument(
        "--currency", type=currency_flag, default=None, help="display currency, one of the fx table's (default: local)"
    )
    compare.add_argument(
        "--data", type=data_folder_flag, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables"
    )
    compare.add_argument(
        "--rank-by",
        type=choice_flag(tuple(RANK_COLUMNS)),
        default=DEFAULT_RANK_BY,
        help="cheapest first by the median of the simulated totals (p50, default) or the total at typical, low or "
        "high prices",
    )
    compare.add_argument("--daily-value", type=money_flag, default=0.0)
    compare.add_argument("--extras-per-visit", type=money_flag, default=0.0)
    compare.add_argument("--draws", type=number_flag(100, integer=True, maximum=MAX_DRAWS), default=DEFAULT_DRAWS)
    compare.add_argument("--seed", type=number_flag(integer=True), default=DEFAULT_SEED)
    compare.add_argument("--json", action="store_true")


_COMPARE_COLUMNS = (
    "option_id",
    "name",
    "family",
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
    "typical_outside_band",
    "band_note",
)
# The text table leaves out what is too long for a terminal line (names and notes; --json has them).
_TEXT_COLUMNS = tuple(c for c in _COMPARE_COLUMNS if c not in ("name", "band_note"))
RANK_WORDS = {
    "p50": "median (P50) of the simulated totals",
    "typical": "total at typical prices",
    "low": "total at low prices",
    "high": "total at high prices",
}


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
    currency = known_currency(
        "--currency", args.currency or str(regions.loc[region, "currency"]), list(tables.fx["currency"])
    )
    patient = PatientCosts(currency, args.extras_per_visit, args.daily_value)
    result = compare_courses(
        tables,
        [region],
        list(tables.options["option_id"]),
        args.indication,
        patient,
        draws=args.draws,
        seed=args.seed,
        rank_by=args.rank_by,
    )
    rows = result.rows.rename(columns={"option_name": "name"})
    payload = {
        "region": region,
        "indication": args.indication,
        "currency": currency,
        "rank_by": args.rank_by,
        "ranked_by": RANK_WORDS[args.rank_by],
        "options": json.loads(rows[list(_COMPARE_COLUMNS)].round(2).to_json(orient="records")),
        "unavailable": json.loads(result.unavailable.to_json(orient="records")),
    }
    return payload, rows[list(_TEXT_COLUMNS)]
