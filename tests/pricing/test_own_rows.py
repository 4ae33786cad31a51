"""Own rows: an owner's edited device kept beside the sourced row it started from, marked as theirs."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pricing.tables.loading import load_tables
from pricing.tables.own_rows import OWN_SOURCE, with_own_devices
from pricing.tables.validation import validate_table

DAY = date(2026, 12, 5)


def _edited(device_id: str, **values: float | None) -> pd.DataFrame:
    return pd.DataFrame([values], index=[device_id])


def test_an_own_row_follows_its_source_row_and_is_marked_as_the_owners() -> None:
    devices = load_tables().devices
    out, ids = with_own_devices(devices, _edited("co2", price_per_session=1_100.0, sessions_per_month=9.0),
                                ["price_per_session", "sessions_per_month"], DAY)
    assert ids == ["co2_mine"]
    position = list(out["device_id"]).index("co2")
    own = out.iloc[position + 1]
    assert own["device_id"] == "co2_mine" and own["name"] == "Fractional CO2 laser (mine)"
    assert (own["price_per_session"], own["sessions_per_month"]) == (1_100.0, 9.0)
    assert own["device_price"] == devices.set_index("device_id").at["co2", "device_price"]  # unchanged columns kept
    assert (own["source"], own["year"], own["quality"]) == (OWN_SOURCE, "2026", "[own]")
    assert str(own["estimate"]).lower() in {"no", "false"} and "2026-12-05" in own["note"] and "'co2'" in own["note"]
    # every other row exactly as it was, and the table still passes its own validation
    pd.testing.assert_frame_equal(out.drop(index=position + 1).reset_index(drop=True), devices.reset_index(drop=True))
    assert validate_table("devices", out)[1] == []


def test_saving_again_replaces_the_own_row_and_an_own_row_is_updated_in_place() -> None:
    devices = load_tables().devices
    once, _ = with_own_devices(devices, _edited("co2", price_per_session=1_100.0), ["price_per_session"], DAY)
    twice, ids = with_own_devices(once, _edited("co2", price_per_session=1_200.0), ["price_per_session"], DAY)
    assert ids == ["co2_mine"] and len(twice) == len(devices) + 1
    assert twice.set_index("device_id").at["co2_mine", "price_per_session"] == 1_200.0
    mine, ids = with_own_devices(twice, _edited("co2_mine", price_per_session=1_300.0), ["price_per_session"], DAY)
    assert ids == ["co2_mine"] and len(mine) == len(devices) + 1
    assert mine.set_index("device_id").at["co2_mine", "name"] == "Fractional CO2 laser (mine)"  # no "(mine) (mine)"
    assert mine.set_index("device_id").at["co2", "price_per_session"] == devices.set_index("device_id").at[
        "co2", "price_per_session"]


def test_an_emptied_overhead_stays_empty() -> None:
    devices = load_tables().devices
    out, _ = with_own_devices(devices, _edited("mn_pen", commission_pct=None), ["commission_pct"], DAY)
    assert pd.isna(out.set_index("device_id").at["mn_pen_mine", "commission_pct"])
