"""Subprocess for the crash test: saves a large prices table again and again.

Usage: python crash_worker.py STORE_URL DEFAULTS_DIR MARKER_FILE ROWS

Each save N stores ROWS rows whose ``price_low`` is N. While saving N = 3,
right after the INSERT and before the COMMIT, it writes MARKER_FILE and
sleeps, so the test can SIGKILL it in the middle of that transaction.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import event

from store import Database, TableStore

CRASH_AT = 3


def big_prices(iteration: int, rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_id": [f"R{i}" for i in range(rows)],
            "option_id": "co2",
            "price_low": float(iteration),
            "price_typical": [float(i) for i in range(rows)],
            "price_high": 1e6,
            "currency": "USD",
            "unit": "per session, full face",
            "source": "https://example.org",
            "year": "2025",
            "quality": "[EST]",
            "estimate": "yes",
            "note": f"iteration {iteration}",
        }
    )


def main(url: str, defaults_dir: str, marker: str, rows: int) -> None:
    store = TableStore(Database(url), defaults_dir=defaults_dir, author="crasher")
    state = {"iteration": 0}

    def pause_inside_transaction(conn, cursor, statement, *args) -> None:
        if statement.startswith("INSERT INTO costdash_table_versions") and state["iteration"] == CRASH_AT:
            Path(marker).write_text("inside")
            time.sleep(30)

    event.listen(store.db.engine(), "after_cursor_execute", pause_inside_transaction)
    base = store.current("prices").version_no
    for iteration in range(1, CRASH_AT + 1):
        state["iteration"] = iteration
        base = store.save_table(
            "prices", big_prices(iteration, rows), base_version=base, note=f"iteration {iteration}"
        ).version_no


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
