"""Which courses have a typical total outside their own Monte Carlo P10-P90 band, on a data folder.

For every region x indication it runs `compare_courses` (all options, the region's own currency, no extras, no
value of downtime, the app's draws and seed: what Compare and `python -m pricing compare` show by default) and
counts the rows whose `total_typical` is below `p10` or above `p90`. Then it lists the located data warnings
of `pricing.tables.validation.data_warnings` (bands and packages that look wrong).

    .venv/bin/python scripts/band_check.py                 # the shipped data/
    .venv/bin/python scripts/band_check.py --data DIR --regions US UK --quiet

Exit code 0 always (a report, not a test); 2 with one line when the data folder cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pricing.patient.compare import compare_courses  # noqa: E402
from pricing.patient.course import PatientCosts  # noqa: E402
from pricing.patient.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED  # noqa: E402
from pricing.tables.loading import DEFAULT_DATA_DIR, PriceTables, load_tables  # noqa: E402
from pricing.tables.validation import TableValidationError, data_warnings  # noqa: E402

COLUMNS = ["region_id", "indication_id", "option_id", "total_low", "p10", "total_typical", "p50", "p90", "total_high"]


def band_rows(tables: PriceTables, regions: list[str], draws: int = DEFAULT_DRAWS) -> pd.DataFrame:
    """Every compared course (region x indication x option) with its totals, band and `side`
    ("below P10", "above P90" or "")."""
    currencies = tables.regions.set_index("region_id")["currency"]
    options = list(tables.options["option_id"])
    frames = []
    for region in regions:
        patient = PatientCosts(str(currencies[region]))
        for indication in tables.indications["indication_id"]:
            rows = compare_courses(tables, [region], options, indication, patient, draws=draws, seed=DEFAULT_SEED).rows
            frames.append(rows.assign(indication_id=indication)[COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    out["side"] = ""
    out.loc[out["total_typical"] < out["p10"], "side"] = "below P10"
    out.loc[out["total_typical"] > out["p90"], "side"] = "above P90"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with the nine CSV tables")
    parser.add_argument("--regions", nargs="*", default=None, help="region ids (default: every region)")
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS)
    parser.add_argument("--quiet", action="store_true", help="only the counts")
    args = parser.parse_args(argv)
    try:
        tables = load_tables(args.data)
    except TableValidationError as exc:
        print(f"error: --data {args.data}: {exc}", file=sys.stderr)
        return 2
    known = list(tables.regions["region_id"])
    regions = args.regions or known
    if unknown := sorted(set(regions) - set(known)):
        print(f"error: --regions: unknown {', '.join(unknown)}; one of: {', '.join(known)}", file=sys.stderr)
        return 2
    rows = band_rows(tables, regions, args.draws)
    outside = rows[rows["side"] != ""]
    print(
        f"typical total outside its own P10-P90: {len(outside)} of {len(rows)} rows "
        f"({len(outside) / max(len(rows), 1):.1%}) across {len(regions)} regions x "
        f"{rows['indication_id'].nunique()} indications"
    )
    if not args.quiet and len(outside):
        with pd.option_context("display.width", 200, "display.float_format", "{:,.0f}".format):
            print(outside.to_string(index=False))
    warnings = data_warnings(tables.as_dict())
    print(f"data warnings: {len(warnings)}")
    if not args.quiet:
        for warning in warnings:
            print(f"  {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
