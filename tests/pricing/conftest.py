"""Shared fixtures of the pricing-core tests.

- `shipped_tables`: the default data in `data/`, loaded and validated once per session.
- `raw_tables`: a fresh copy of the shipped CSVs as text frames (edit it freely in a test).
- `write_tables`: writes raw frames as a data folder that `load_tables` / `--data` can read.
- `device`: builds `DeviceInputs` from a small, hand-checkable base scenario plus overrides.
- `courses`: builds the course frame `course_totals` expects from a few numbers.

Factories are session-scoped so that hypothesis tests may use them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run from elsewhere than the repo root
    sys.path.insert(0, str(ROOT))

from pricing.patient.course import PackageArrays  # noqa: E402
from pricing.clinic.device import DeviceInputs
from pricing.tables.loading import PriceTables, load_tables, read_raw_tables

DATA_DIR = ROOT / "data"

# A device a person can work out on paper: 12,000 cash, one year of life, nothing but depreciation
# as fixed cost, 10 sessions a month at 100 with no variable cost -> 1,000 a month operating cash.
SIMPLE_DEVICE: dict[str, float] = {
    "device_price": 12_000.0, "down_payment": 0.0, "residual_value": 0.0, "life_years": 1.0,
    "maintenance_per_year": 0.0, "apr_pct": 0.0, "term_months": 0.0, "consumables_per_session": 0.0,
    "other_per_session": 0.0, "minutes_per_session": 60.0, "hourly_rate": 0.0, "price_per_session": 100.0,
    "sessions_per_month": 10.0, "discount_rate_pct": 0.0, "hours_per_month": 100.0,
}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def shipped_tables() -> PriceTables:
    return load_tables(DATA_DIR)


@pytest.fixture(scope="session")
def _shipped_raw() -> dict[str, pd.DataFrame]:
    raw, problems = read_raw_tables(DATA_DIR)
    assert problems == []
    return raw


@pytest.fixture
def raw_tables(_shipped_raw: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A private copy of the shipped tables, every cell as text, ready to break."""
    return {name: frame.copy(deep=True) for name, frame in _shipped_raw.items()}


@pytest.fixture(scope="session")
def write_tables() -> Callable[[Path, dict[str, pd.DataFrame]], Path]:
    def write(folder: Path, raw: dict[str, pd.DataFrame]) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in raw.items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        return folder
    return write


@pytest.fixture(scope="session")
def device() -> Callable[..., DeviceInputs]:
    """DeviceInputs of SIMPLE_DEVICE with keyword overrides (numbers or arrays), currency USD."""
    def make(currency: str = "USD", **overrides: object) -> DeviceInputs:
        unknown = set(overrides) - set(SIMPLE_DEVICE)
        assert not unknown, f"unknown device inputs {unknown}"
        return DeviceInputs(currency=currency, **{**SIMPLE_DEVICE, **overrides})  # type: ignore[arg-type]
    return make


@pytest.fixture(scope="session")
def courses() -> Callable[..., pd.DataFrame]:
    """A course frame (COURSE_INPUT_COLUMNS) from per-row lists or scalars; defaults are one plain row."""
    defaults: dict[str, object] = {
        "price_low": 100.0, "price_typical": 300.0, "price_high": 700.0,
        "sessions_min": 2, "sessions_typical": 3, "sessions_max": 6,
        "downtime_days_min": 1.0, "downtime_days_typical": 2.5, "downtime_days_max": 7.0,
        "interval_weeks": 4.0, "currency": "USD",
    }

    def make(**columns: object) -> pd.DataFrame:
        values = {**defaults, **columns}
        rows = max((len(v) for v in values.values() if isinstance(v, (list, tuple, np.ndarray))), default=1)
        frame = pd.DataFrame({k: (list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v] * rows)
                              for k, v in values.items()})
        for c in ("sessions_min", "sessions_typical", "sessions_max"):
            frame[c] = frame[c].astype(np.int64)
        return frame
    return make


@pytest.fixture(scope="session")
def package_arrays() -> Callable[[list[list[tuple[int, float]]]], PackageArrays]:
    """PackageArrays from one list of (size, price) per row (rows may have different counts)."""
    def make(per_row: list[list[tuple[int, float]]]) -> PackageArrays:
        width = max((len(r) for r in per_row), default=0)
        sizes = np.ones((len(per_row), width), dtype=np.int64)
        prices = np.full((len(per_row), width), np.inf)
        for i, row in enumerate(per_row):
            for j, (size, price) in enumerate(row):
                sizes[i, j], prices[i, j] = size, price
        return PackageArrays(sizes, prices)
    return make
