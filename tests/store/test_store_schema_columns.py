"""TABLE_COLUMNS agrees with data/README.md and with the shipped CSVs (when they exist)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from store import export_csv, export_xlsx, import_table
from store.frames import read_default_csv
from store.schema_columns import TABLE_COLUMNS, TABLE_KEYS, column_names

DATA = Path(__file__).resolve().parents[2] / "data"


def test_every_documented_table_has_columns_and_keys() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^### `(\w+)\.csv`", readme, flags=re.MULTILINE)
    assert sorted(documented) == sorted(TABLE_COLUMNS) == sorted(TABLE_KEYS)
    for table, keys in TABLE_KEYS.items():
        assert set(keys) <= set(column_names(table))


@pytest.mark.parametrize("table", sorted(TABLE_COLUMNS))
def test_shipped_csv_header_matches_and_imports_cleanly(table: str) -> None:
    path = DATA / f"{table}.csv"
    if not path.exists():
        pytest.skip(f"{path.name} is not there yet")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    assert header == column_names(table)
    shipped = read_default_csv(DATA, table)
    result = import_table(table, path.read_bytes())
    assert result.report.ok, result.report.messages()[:5]
    pd.testing.assert_frame_equal(result.frame, shipped)
    for exported in (export_csv(shipped), export_xlsx(shipped, sheet_name=table)):
        pd.testing.assert_frame_equal(import_table(table, exported).frame, shipped)
