"""Wrong figures that were taken without a word (issue 19, items 4, 5 and the command-line cases of 9): a base
currency whose rate is not 1, a package priced in another currency than its region's, an unknown --currency for
`clinic`, and a named pipe in place of a table file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from hardening.hostile import DATA, ROOT
from pricing.patient.compare import PatientCosts, compare_courses
from pricing.tables.loading import read_raw_tables, tables_from_frames
from pricing.tables.validation import TableValidationError


def _raw() -> dict[str, pd.DataFrame]:
    raw, problems = read_raw_tables(DATA)
    assert not problems
    return raw


@pytest.mark.parametrize("rate", ["1.1", "0.999", "2"])
def test_a_base_currency_rate_other_than_one_is_a_located_problem(rate: str) -> None:
    """Before the fix: USD at 1.1 was accepted and every converted figure came out 10 % off with exit 0."""
    raw = _raw()
    fx = raw["fx"]
    row = int(fx.index[fx["currency"] == "USD"][0])
    fx.loc[row, "units_per_usd"] = rate
    with pytest.raises(TableValidationError) as caught:
        tables_from_frames(raw)
    located = [(p.table, p.row, p.column) for p in caught.value.problems]
    assert located == [("fx", row + 1, "units_per_usd")], caught.value.problems
    assert "USD must be exactly 1" in caught.value.problems[0].message


def test_a_base_rate_of_exactly_one_passes() -> None:
    raw = _raw()
    raw["fx"].loc[raw["fx"]["currency"] == "USD", "units_per_usd"] = "1.0"
    tables_from_frames(raw)


def test_a_package_in_another_currency_is_converted_like_prices_not_dropped() -> None:
    """A 3-pack of US microneedling (pen) priced in EUR is converted at the fx table's rates: it is the plan when
    it is cheapest, in USD and in EUR, never silently left out."""
    raw = _raw()
    packages = raw["packages"]
    row = packages.index[
        (packages["region_id"] == "US") & (packages["option_id"] == "mn_pen") & (packages["package_sessions"] == "3")
    ][0]
    packages.loc[row, ["currency", "package_price"]] = ["EUR", "100"]
    tables = tables_from_frames(raw)
    eur_per_usd = float(tables.units_per_usd()["EUR"])
    for currency, expected in (("USD", 100 / eur_per_usd), ("EUR", 100.0)):
        result = compare_courses(tables, ["US"], ["mn_pen"], "acne_scars", PatientCosts(currency=currency))
        first = result.rows.iloc[0]
        assert "3-pack" in str(first["plan_typical"]), first["plan_typical"]
        sessions = int(first["sessions_typical"])
        packs = -(-sessions // 3)
        assert float(first["total_typical"]) == pytest.approx(packs * expected, rel=1e-9), (currency, first)


# --- the command line ----------------------------------------------------------------------------------------


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pricing", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_clinic_with_an_unknown_currency_exits_2_in_one_line() -> None:
    """Before the fix: `clinic --currency XYZ` printed figures labelled XYZ with exit 0."""
    done = _cli("clinic", "--device", "co2", "--currency", "XYZ")
    assert done.returncode == 2, (done.returncode, done.stdout[:200])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--currency" in lines[0] and "XYZ" in lines[0], done.stderr
    assert _cli("clinic", "--device", "co2", "--currency", "EUR").returncode == 0  # a known one still works


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("table", ["prices", "fx"])
def test_a_named_pipe_as_a_table_file_is_refused_not_waited_on(tmp_path: Path, table: str) -> None:
    """Before the fix: `--data` whose prices.csv is a named pipe hung for ever (nobody writes into it)."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / f"{table}.csv").unlink()
    os.mkfifo(folder / f"{table}.csv")
    opened = threading.Event()

    def unblock() -> None:  # should the reader hang, open the pipe's other end after the timeout so it ends
        if not opened.wait(30):
            with open(folder / f"{table}.csv", "w"):
                pass

    threading.Thread(target=unblock, daemon=True).start()
    try:
        done = _cli("compare", "--region", "US", "--indication", "acne_scars", "--data", str(folder), timeout=25)
    finally:
        opened.set()
    assert done.returncode in (1, 2), (done.returncode, done.stderr)
    assert "not a regular file" in done.stderr and f"{table}.csv" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
