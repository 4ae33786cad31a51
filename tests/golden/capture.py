"""Capture the command line's JSON for a spread of inputs, as a snapshot for refactoring.

Run `python tests/golden/capture.py` to (re)write `tests/golden/cli_snapshot.json`; `test_cli_snapshot.py`
checks that the command line still prints exactly these figures. Rewrite the snapshot only when a figure is
meant to change, and say which in the commit.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("cli_snapshot.json")

_DEVICE_FLAGS = {
    "--device-price": "device_price", "--down-payment": "down_payment", "--residual": "residual_value",
    "--life-years": "life_years", "--maintenance-per-year": "maintenance_per_year", "--apr": "apr_pct",
    "--term-months": "term_months", "--consumables": "consumables_per_session",
    "--other-per-session": "other_per_session", "--minutes": "minutes_per_session",
    "--hourly-rate": "hourly_rate", "--price": "price_per_session", "--sessions-per-month": "sessions_per_month",
    "--discount-rate": "discount_rate_pct", "--hours-per-month": "hours_per_month",
}
_PROJECTION_FLAGS = (
    ["--ramp-months", "6", "--ramp-start-pct", "30"],
    ["--financing", "lease", "--lease-apr", "9", "--lease-residual", "1000"],
    ["--financing", "cash", "--no-show-pct", "10", "--cap-at-capacity", "--reality-check"],
    ["--financing", "promo", "--deferred-months", "3", "--sales-tax-pct", "7", "--commission-pct", "10",
     "--card-fee-pct", "3", "--room-cost-per-hour", "40", "--marketing-per-new-patient", "150",
     "--sessions-per-patient", "3", "--depreciation", "macrs5", "--tax-rate-pct", "25"],
)
_QUOTES = (
    ["--price", "300", "--sessions", "5", "--package", "3:800", "--downtime-days", "2", "--daily-value", "100"],
    ["--price", "950", "--sessions", "3", "--currency", "EUR", "--extras-per-visit", "40", "--interval-weeks", "6"],
    ["--price", "250", "--sessions", "6", "--package", "3:650", "--package", "6:1200", "--package-expiry-months",
     "6", "--membership-fee", "99", "--membership-included", "1", "--member-discount", "10",
     "--maintenance-per-year", "2", "--years", "1,3,5", "--finance-apr", "26.99", "--finance-months", "12",
     "--promo-months", "6", "--min-payment", "40"],
)


def _run(argv: list[str]) -> object:
    from pricing.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return {"exit": code, "json": json.loads(out.getvalue()) if code == 0 else None}


def _device_argvs() -> dict[str, list[str]]:
    devices = pd.read_csv(ROOT / "data" / "devices.csv")
    argvs = {}
    for row in devices.to_dict("records"):
        argv = ["clinic", "--json"]
        for flag, column in _DEVICE_FLAGS.items():
            argv += [flag, str(row[column])]
        argvs[str(row["device_id"])] = argv
    return argvs


def capture() -> dict[str, object]:
    """Every command's JSON for the spread of inputs, keyed by its arguments."""
    runs: dict[str, list[str]] = {}
    regions = pd.read_csv(ROOT / "data" / "regions.csv")["region_id"]
    indications = pd.read_csv(ROOT / "data" / "indications.csv")["indication_id"]
    for region in regions:
        for indication in indications:
            argv = ["compare", "--region", region, "--indication", indication, "--draws", "2000", "--json"]
            runs[" ".join(argv)] = argv
    runs["compare US acne EUR daily"] = ["compare", "--region", "US", "--indication", "acne_scars", "--currency",
                                         "EUR", "--daily-value", "120", "--extras-per-visit", "30", "--json"]
    for device_id, argv in _device_argvs().items():
        runs[f"clinic {device_id}"] = argv
        for i, extra in enumerate(_PROJECTION_FLAGS):
            runs[f"clinic {device_id} projection {i}"] = argv + extra
    for i, quote in enumerate(_QUOTES):
        runs[f"quote {i}"] = ["quote", *quote, "--json"]
    return {key: _run(argv) for key, argv in runs.items()}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    SNAPSHOT.write_text(json.dumps(capture(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {SNAPSHOT}")
