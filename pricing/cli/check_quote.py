"""`python -m pricing check-quote`: is a clinic's quote fair? Its place in the region's prices of the same
sessions, what they cost in every region, and the cost per good outcome at the quoted price."""

from __future__ import annotations

import argparse
import json
import math

from pricing.cli.args import (
    MAX_DRAWS,
    MONEY,
    SESSIONS,
    ArgumentError,
    currency_flag,
    data_folder_flag,
    number_flag,
    package_flag,
    shown,
)
from pricing.patient.quote_check import QuoteError, check_quote, package_quote, per_session_quote
from pricing.patient.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED
from pricing.tables.loading import DEFAULT_DATA_DIR, load_tables


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Declare `python -m pricing check-quote` and its flags."""
    check = commands.add_parser("check-quote", help="is a clinic's quote fair? (percentile in the region)")
    check.add_argument("--region", required=True, help="region id, e.g. UK")
    check.add_argument("--indication", required=True, help="indication id, e.g. acne_scars")
    check.add_argument("--option", required=True, help="option id, e.g. mn_pen")
    check.add_argument(
        "--price", type=number_flag(0, above=True, maximum=MONEY), default=None, help="quoted price of one session"
    )
    check.add_argument(
        "--sessions",
        type=number_flag(1, integer=True, maximum=SESSIONS),
        default=None,
        help="sessions quoted at --price (default: the course's typical number)",
    )
    check.add_argument("--package", type=package_flag, default=None, help="a quoted package SIZE:PRICE, e.g. 3:800")
    check.add_argument(
        "--currency", type=currency_flag, default=None, help="currency of the quote (default: the region's)"
    )
    check.add_argument(
        "--data", type=data_folder_flag, default=DEFAULT_DATA_DIR, help="folder with the CSV tables (data/)"
    )
    check.add_argument("--draws", type=number_flag(100, integer=True, maximum=MAX_DRAWS), default=DEFAULT_DRAWS)
    check.add_argument("--seed", type=number_flag(integer=True), default=DEFAULT_SEED)
    check.add_argument("--json", action="store_true")


def _finite(value: object) -> object:
    """A NaN figure (no efficacy data) as JSON null."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def run_check_quote(args: argparse.Namespace) -> dict[str, object]:
    """The check as one JSON-ready object; ArgumentError (exit 2, one line) on any bad input."""
    if (args.price is None) == (args.package is None):
        raise ArgumentError("give the quote as --price (per session, with --sessions) or --package SIZE:PRICE")
    if args.package is not None and args.sessions is not None:
        raise ArgumentError("--sessions goes with --price; a --package gives its own sessions")
    tables = load_tables(args.data)
    regions = tables.regions.set_index("region_id")
    region = args.region.strip().upper()
    if region not in regions.index:
        raise ArgumentError(f"unknown region {shown(args.region)}; one of: {', '.join(regions.index)}")
    currency = args.currency or str(regions.loc[region, "currency"])
    try:
        if args.package is not None:
            quote = package_quote(int(args.package.sessions), float(args.package.price), currency)
        else:
            course = tables.sessions[
                (tables.sessions["option_id"] == args.option) & (tables.sessions["indication_id"] == args.indication)
            ]
            sessions = int(args.sessions) if args.sessions is not None else None
            if sessions is None:
                sessions = int(course["sessions_typical"].iloc[0]) if len(course) else 1
            quote = per_session_quote(float(args.price), sessions, currency)
        result = check_quote(
            tables, region, args.indication, args.option, quote, draws=int(args.draws), seed=int(args.seed)
        )
    except QuoteError as exc:
        raise ArgumentError(str(exc).rstrip(".")) from None
    regions_out = json.loads(result.regions.round(2).to_json(orient="records"))
    return {
        "region": region,
        "indication": args.indication,
        "option": args.option,
        "currency": currency,
        "quote_kind": quote.kind,
        "sessions": quote.sessions,
        "quote_total": round(quote.total, 2),
        "quote_per_session": round(quote.per_session, 2),
        "position": result.position.position,
        "share_of_clinics_dearer": round(result.position.share_dearer, 4),
        "share_of_clinics_cheaper": round(result.position.share_cheaper, 4),
        "region_low": round(result.position.low, 2),
        "region_high": round(result.position.high, 2),
        "answer": result.sentence(),
        "regions": regions_out,
        "cost_per_good_outcome": {k: _finite(v) for k, v in result.outcome.items()},
    }


def text(payload: dict[str, object]) -> str:
    """The check for a terminal: the answer, the cost per good outcome, then every region's price."""
    outcome = payload["cost_per_good_outcome"]
    assert isinstance(outcome, dict)
    cur = payload["currency"]
    lines = [str(payload["answer"])]
    if outcome["at_typical"] is None:
        lines.append(f"Cost per good outcome: {outcome['efficacy_note']}.")
    else:
        indicative = " (indicative only: grade D)" if outcome["indicative_only"] else ""
        lines.append(
            f"Cost per good outcome at this price: {outcome['p50']:,.0f} {cur} (P10-P90 {outcome['p10']:,.0f}-"
            f"{outcome['p90']:,.0f}), with a {outcome['p_good_typical']:.0%} typical chance of a good result"
            f"{indicative}; good = {outcome['definition']}. An estimate from study abstracts, not a promise."
        )
    lines.append(f"The same {payload['sessions']} sessions by region ({cur}), cheapest median first:")
    regions = payload["regions"]
    assert isinstance(regions, list)
    for row in regions:
        lines.append(
            f"  {row['region_id']:<3} median {row['p50']:>12,.0f}  P10-P90 {row['p10']:>10,.0f}-{row['p90']:<10,.0f}"
            f"  typical {row['total_typical']:>10,.0f}  {row['plan_typical']}"
        )
    return "\n".join(lines)
