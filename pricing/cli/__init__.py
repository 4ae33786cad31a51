"""Command line: `python -m pricing quote|clinic|compare|check-quote` (see README, "Command line").

Exit codes: 0 success; 2 bad arguments (one line on stderr); 1 the data folder has invalid tables
(one line per problem on stderr).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence

import pandas as pd

from pricing.cli import check_quote, clinic, compare, quote
from pricing.cli.args import ArgumentError, Parser
from pricing.tables.validation import TableValidationError


def build_parser() -> Parser:
    """The parser of every command."""
    parser = Parser(prog="python -m pricing", description="Treatment course and clinic device costs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in (quote, clinic, compare, check_quote):
        command.add_parser(commands)
    return parser


def _print_text(command: str, payload: dict[str, object], table: pd.DataFrame | None) -> None:
    if table is None:
        width = max(len(k) for k in payload)
        for key, value in payload.items():
            shown = f"{value:,.2f}" if isinstance(value, float) else value
            print(f"{key:<{width}}  {shown}")
        return
    print(
        f"Course cost for {payload['indication']} in {payload['region']} ({payload['currency']}), "
        f"cheapest first by the {payload['ranked_by']}; P10-P90 from Monte Carlo"
    )
    with pd.option_context("display.width", 250, "display.max_columns", 30, "display.float_format", "{:,.0f}".format):
        print(table.to_string(index=False))
    options, unavailable = payload["options"], payload["unavailable"]
    if isinstance(options, list):  # always: compare's records
        for item in options:
            if item["band_note"]:
                print(f"typical total outside P10-P90: {item['option_id']}: {item['band_note']}")
    if isinstance(unavailable, list):
        for item in unavailable:
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
        args = build_parser().parse_args(argv)
        table = None
        if args.command == "quote":
            payload = quote.run_quote(args)
        elif args.command == "clinic":
            payload = clinic.run_clinic(args)
        elif args.command == "check-quote":
            payload = check_quote.run_check_quote(args)
        else:
            payload, table = compare.run_compare(args)
        if overflowed := _infinite_keys(payload):
            raise ArgumentError(
                f"{', '.join(overflowed[:3])} cannot be computed from these values (the figure is "
                "not finite); use smaller amounts"
            )
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
    elif args.command == "check-quote":
        print(check_quote.text(payload))
    else:
        _print_text(args.command, payload, table)
    return 0
