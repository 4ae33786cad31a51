"""The devices table's overhead columns (issue 15) and the shipped device defaults.

- The eleven optional overhead columns validate with located problems, may be empty, and may be missing
  altogether (a devices table kept from before they existed still loads).
- Every shipped device row carries its provenance and a value in each overhead column.
- With the shipped defaults, every device priced 20,000 or more pays back its full cost in 6 to 48 months.
  The shipped rows are run through the core (`device_economics` with each row's `LoadedCosts`), the one
  payback rule every page and the command line use; a hand-worked row checks the rule on figures worked by hand.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy_financial as npf
import pandas as pd
import pytest

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics

from pricing.tables.loading import load_tables
from pricing.tables.schema import TABLES
from pricing.tables.validation import validate_tables

OVERHEAD_COLUMNS = [
    "wage_loading", "physician_minutes_per_session", "physician_hourly_rate", "room_minutes_per_session",
    "room_cost_per_hour", "marketing_per_new_patient", "sessions_per_patient", "commission_pct", "card_fee_pct",
    "financing_fee_pct", "overhead_per_month",
]
# The no-op value of each column when its cell is empty (room minutes: no room cost without a room rate).
NO_OP = {c: 0.0 for c in OVERHEAD_COLUMNS} | {"wage_loading": 1.0, "sessions_per_patient": 1.0}
PAYBACK_FLOOR, PAYBACK_CEILING, PRICED_FROM = 6, 48, 20_000


def test_the_overhead_columns_are_declared_optional_in_order():
    spec = TABLES["devices"]
    names = spec.column_names
    assert names[names.index("hours_per_month") + 1: names.index("source")] == OVERHEAD_COLUMNS
    assert all(not spec.column(c).required and spec.column(c).help for c in OVERHEAD_COLUMNS)
    money = [c for c in OVERHEAD_COLUMNS if spec.column(c).maximum == 1e12]
    assert money == ["physician_hourly_rate", "room_cost_per_hour", "marketing_per_new_patient",
                     "overhead_per_month"]
    assert all(spec.column(c).minimum == 0 for c in money)


# (column, value, words in the message); row index 3 (rf_mn) is data row 4.
BAD_CELLS = [
    ("wage_loading", "0.5", "at least 1"),
    ("wage_loading", "3.5", "at most 3"),
    ("physician_minutes_per_session", "-5", "at least 0"),
    ("physician_minutes_per_session", "2000", "at most 1440"),
    ("physician_hourly_rate", "-1", "at least 0"),
    ("physician_hourly_rate", "about 200", "is not a number"),
    ("room_minutes_per_session", "0", "more than 0"),
    ("room_cost_per_hour", "2e12", "at most 1e+12"),
    ("room_cost_per_hour", "0.001", "too small"),
    ("marketing_per_new_patient", "-285", "at least 0"),
    ("sessions_per_patient", "0", "at least 1"),
    ("sessions_per_patient", "101", "at most 100"),
    ("commission_pct", "150", "at most 100"),
    ("card_fee_pct", "-2.5", "at least 0"),
    ("financing_fee_pct", "100.5", "at most 100"),
    ("overhead_per_month", "inf", "finite"),
]


@pytest.mark.parametrize("column, value, words", BAD_CELLS, ids=[f"{c}={v}" for c, v, _ in BAD_CELLS])
def test_an_out_of_bound_overhead_is_located(raw_tables, column, value, words):
    raw_tables["devices"].loc[3, column] = value
    _, problems = validate_tables(raw_tables)
    located = [p for p in problems if (p.table, p.row, p.column) == ("devices", 4, column)]
    assert located, [str(p) for p in problems]
    assert any(words in p.message for p in located), [p.message for p in located]
    assert str(located[0]).startswith(f"devices, row 4, column {column}: ")
    assert {(p.table, p.row, p.column) for p in problems} == {("devices", 4, column)}


def test_empty_overhead_cells_are_valid_and_stay_empty(raw_tables):
    raw_tables["devices"].loc[:, OVERHEAD_COLUMNS] = ""
    typed, problems = validate_tables(raw_tables)
    assert problems == []
    assert typed["devices"][OVERHEAD_COLUMNS].isna().all().all()


def _old_devices(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=OVERHEAD_COLUMNS)


def test_a_devices_table_without_the_overhead_columns_validates(raw_tables):
    raw_tables["devices"] = _old_devices(raw_tables["devices"])
    typed, problems = validate_tables(raw_tables)
    assert problems == []
    assert list(typed["devices"].columns) == TABLES["devices"].column_names
    assert typed["devices"][OVERHEAD_COLUMNS].isna().all().all()


def test_a_kept_data_folder_from_before_the_overhead_columns_loads(tmp_path: Path, data_dir: Path):
    """A copy of data/ whose devices.csv lacks the eleven columns (as saved before issue 15) loads; the
    columns come back empty and every other value is unchanged."""
    folder = Path(shutil.copytree(data_dir, tmp_path / "data"))
    devices = pd.read_csv(folder / "devices.csv", dtype=str, keep_default_na=False)
    _old_devices(devices).to_csv(folder / "devices.csv", index=False)
    kept, shipped = load_tables(folder), load_tables(data_dir)
    assert kept.devices[OVERHEAD_COLUMNS].isna().all().all()
    others = [c for c in TABLES["devices"].column_names if c not in OVERHEAD_COLUMNS]
    pd.testing.assert_frame_equal(kept.devices[others], shipped.devices[others])


class TestShippedDevices:
    def test_every_row_has_provenance(self, shipped_tables):
        devices = shipped_tables.devices
        for column in ("source", "year", "quality", "estimate", "note"):
            assert devices[column].str.strip().ne("").all(), column
        assert devices["estimate"].eq("yes").all()  # every row holds at least one [EST] overhead
        assert devices["quality"].str.contains(r"\[EST\]", regex=True).all()

    def test_every_overhead_is_filled_and_explained(self, shipped_tables):
        devices = shipped_tables.devices
        assert devices[OVERHEAD_COLUMNS].notna().all().all()
        for column in OVERHEAD_COLUMNS:
            assert devices["note"].str.contains(column, regex=False).all(), column

    def test_volume_differs_by_device(self, shipped_tables):
        """Not 43 a month for every device: ablative lasers sell far fewer sessions than microneedling."""
        volume = shipped_tables.devices.set_index("device_id")["sessions_per_month"]
        assert volume.nunique() > 1
        assert volume[["co2", "er_yag"]].max() * 3 <= volume[["mn_roller", "mn_pen"]].min()
        assert (volume[["rf_mn", "na_1550", "th_1927"]] < volume["mn_pen"]).all()

    def test_physician_time_only_where_the_device_needs_it(self, shipped_tables):
        devices = shipped_tables.devices.set_index("device_id")
        with_physician = devices.index[devices["physician_minutes_per_session"] > 0]
        assert sorted(with_physician) == ["co2", "er_yag"]
        assert (devices.loc[with_physician, "physician_hourly_rate"] > 0).all()

    def test_price_per_session_is_the_us_typical_price(self, shipped_tables):
        prices = shipped_tables.prices
        us = prices[prices["region_id"] == "US"].set_index("option_id")["price_typical"]
        devices = shipped_tables.devices
        assert devices["price_per_session"].tolist() == us[devices["option_id"]].tolist()


# --- full-cost payback from the shipped rows --------------------------------------------------


def _value(row: pd.Series, column: str) -> float:
    value = row.get(column)
    return NO_OP[column] if value is None or pd.isna(value) else float(value)


def operating_cash_per_month(row: pd.Series) -> float:
    """sessions x (price - consumables - other - labour x wage_loading - physician time - commission - card fee
    - financing fee - room cost - marketing per session) - maintenance / 12 - overhead_per_month."""
    price = float(row["price_per_session"])
    labour = float(row["minutes_per_session"]) / 60 * float(row["hourly_rate"]) * _value(row, "wage_loading")
    physician = _value(row, "physician_minutes_per_session") / 60 * _value(row, "physician_hourly_rate")
    percent = _value(row, "commission_pct") + _value(row, "card_fee_pct") + _value(row, "financing_fee_pct")
    room = _value(row, "room_minutes_per_session") / 60 * _value(row, "room_cost_per_hour")
    marketing = _value(row, "marketing_per_new_patient") / _value(row, "sessions_per_patient")
    margin = (price - float(row["consumables_per_session"]) - float(row["other_per_session"]) - labour - physician
              - price * percent / 100 - room - marketing)
    return (float(row["sessions_per_month"]) * margin - float(row["maintenance_per_year"]) / 12
            - _value(row, "overhead_per_month"))


def full_cost(row: pd.Series) -> float:
    """Device price + the loan interest paid within the device's life."""
    financed = float(row["device_price"]) - float(row["down_payment"])
    term = int(row["term_months"])
    if financed <= 0 or term <= 0:
        return float(row["device_price"])
    rate = float(row["apr_pct"]) / 1200
    payment = -float(npf.pmt(rate, term, financed)) if rate > 0 else financed / term
    balance, interest = financed, 0.0
    for _ in range(min(term, round(float(row["life_years"]) * 12))):
        interest += balance * rate
        balance -= payment - balance * rate
    return float(row["device_price"]) + interest


def full_cost_payback_months(row: pd.Series) -> float:
    """First month in which cumulative operating cash reaches the full cost (inf if it never does)."""
    cash = operating_cash_per_month(row)
    if cash <= 0:
        return math.inf
    return float(max(1, math.ceil(full_cost(row) / cash - 1e-9)))


def test_full_cost_payback_helper_on_a_hand_checked_row():
    """120,000 cash (no loan) earning 10 sessions x (1,000 - 100 consumables - 60 min x 50 x 1.2 labour - 10 %
    commission) - 1,200 / 12 maintenance - 200 overhead = 10 x 740 - 300 = 7,100 a month -> month 17
    (16 x 7,100 = 113,600 < 120,000 <= 120,700)."""
    row = pd.Series({"device_price": 120_000, "down_payment": 120_000, "term_months": 0, "apr_pct": 10,
                     "life_years": 5, "price_per_session": 1000, "consumables_per_session": 100,
                     "other_per_session": 0, "minutes_per_session": 60, "hourly_rate": 50, "wage_loading": 1.2,
                     "commission_pct": 10, "sessions_per_month": 10, "maintenance_per_year": 1200,
                     "overhead_per_month": 200})
    assert operating_cash_per_month(row) == pytest.approx(7_100)
    assert full_cost_payback_months(row) == 17
    financed = row.copy()
    # 108,000 at 10 % over 48 months: twice the 54,000 loan of devices.md §5 (1,369.58 a month) = 2,739.16
    financed["down_payment"], financed["term_months"] = 12_000, 48
    assert full_cost(financed) == pytest.approx(120_000 + 48 * 2_739.16 - 108_000, abs=1)


def _core_payback(row: pd.Series) -> float:
    """The core's full-cost payback of one device row (its overheads included); inf when it never pays back."""
    economics = device_economics(DeviceInputs.from_mapping(row), LoadedCosts.from_mapping(row))
    months = float(economics.payback_months[0])
    return math.inf if math.isnan(months) else months


def test_the_core_agrees_with_the_hand_worked_rule():
    """The hand-worked row above (cash, and financed with 10 % down at 10 % over 48 months) gives the same month
    through the core."""
    row = pd.Series({"device_id": "x", "option_id": "x", "name": "x", "currency": "USD", "device_price": 120_000,
                     "down_payment": 120_000, "residual_value": 0, "term_months": 0, "apr_pct": 10, "life_years": 5,
                     "price_per_session": 1000, "consumables_per_session": 100, "other_per_session": 0,
                     "minutes_per_session": 60, "hourly_rate": 50, "wage_loading": 1.2, "commission_pct": 10,
                     "sessions_per_month": 10, "maintenance_per_year": 1200, "overhead_per_month": 200,
                     "discount_rate_pct": 8, "hours_per_month": 173})
    assert _core_payback(row) == full_cost_payback_months(row) == 17
    financed = row.copy()
    financed["down_payment"], financed["term_months"] = 12_000, 48
    assert _core_payback(financed) == full_cost_payback_months(financed)


@pytest.mark.parametrize("device_id", ["rf_mn", "na_1550", "th_1927", "co2", "er_yag"])
def test_shipped_device_pays_back_in_a_realistic_time(shipped_tables, device_id):
    """Dealer sources: 10-18 months for a new device, about 28 for a 150k laser at realistic volume; the shipped
    defaults must give 6 to 48 months for every device priced 20,000 or more (issue 15: not 0 to 1 month)."""
    row = shipped_tables.devices.set_index("device_id").loc[device_id]
    assert float(row["device_price"]) >= PRICED_FROM
    months = _core_payback(row)
    assert PAYBACK_FLOOR <= months <= PAYBACK_CEILING, f"{device_id}: {months} months"
    assert months == full_cost_payback_months(row)


def test_every_device_priced_from_20000_is_checked(shipped_tables):
    priced = shipped_tables.devices.loc[shipped_tables.devices["device_price"] >= PRICED_FROM, "device_id"]
    assert sorted(priced) == sorted(["rf_mn", "na_1550", "th_1927", "co2", "er_yag"])
