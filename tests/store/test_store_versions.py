"""Versions: first use, save, history counts, get, diff, restore, reset."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from store import DefaultsMissingError, InvalidRequestError, NotFoundError, TableStore
from store.schema_columns import column_names


def edited_prices(store: TableStore) -> pd.DataFrame:
    """v1 prices with one row changed (two cells), one removed, one added."""
    frame = store.current("prices").frame
    frame.loc[frame["option_id"] == "co2", "price_typical"] = [2600, 1250]
    frame.loc[0, "note"] = "checked 2026"
    frame = frame[frame["option_id"] != "mn_pen"]
    added = frame.iloc[[0]].assign(region_id="UK", currency="GBP")
    return pd.concat([frame, added], ignore_index=True)


def test_first_use_loads_shipped_defaults_as_version_1(store: TableStore) -> None:
    version = store.current("prices")
    assert version.version_no == 1
    assert version.info.note == "shipped defaults"
    assert version.info.action == "defaults"
    assert (version.info.rows_added, version.info.rows_changed, version.info.rows_removed) == (3, 0, 0)
    assert list(version.frame.columns) == column_names("prices")
    assert version.frame["price_low"].dtype == "float64"
    assert version.frame["note"].tolist() == ["", "", ""]


def test_save_adds_a_version_and_keeps_the_old_one(store: TableStore) -> None:
    original = store.current("prices").frame
    info = store.save_table("prices", edited_prices(store), base_version=1, note="spring update")
    assert (info.version_no, info.author, info.note, info.action) == (2, "alice", "spring update", "save")
    assert (info.rows_added, info.rows_changed, info.rows_removed) == (1, 2, 1)
    pd.testing.assert_frame_equal(store.get_version("prices", 1).frame, original)
    assert store.current("prices").version_no == 2
    history = store.history("prices")
    assert [v.version_no for v in history] == [2, 1]
    assert [v.note for v in history] == ["spring update", "shipped defaults"]
    assert history[0].saved_at >= history[1].saved_at and history[0].saved_at.tzinfo is not None


def test_diff_lists_added_removed_and_changed_cells(store: TableStore) -> None:
    store.save_table("prices", edited_prices(store), base_version=1)
    diff = store.diff("prices", 1)
    assert diff.key_columns == ("region_id", "option_id")
    assert tuple(diff.counts) == (1, 2, 1)
    assert [row["region_id"] for row in diff.added] == ["UK"]
    assert [row["option_id"] for row in diff.removed] == ["mn_pen"]
    changes = {change.key: {cell.column: (cell.old, cell.new) for cell in change.cells} for change in diff.changed}
    assert changes == {
        ("US", "co2"): {"price_typical": (2500, 2600), "note": ("", "checked 2026")},
        ("DE", "co2"): {"price_typical": (1200, 1250)},
    }
    assert store.diff("prices", 2, against=2).is_empty


def test_versions_are_per_table(store: TableStore) -> None:
    store.save_table("prices", edited_prices(store), base_version=1)
    assert store.current("fx").version_no == 1
    assert store.current_versions() == {"prices": 2, "fx": 1}


def test_restore_saves_the_old_content_as_a_new_version(store: TableStore) -> None:
    store.save_table("prices", edited_prices(store), base_version=1)
    info = store.restore("prices", 1, base_version=2)
    assert (info.version_no, info.action, info.source_version, info.note) == (3, "restore", 1, "restored version 1")
    assert (info.rows_added, info.rows_changed, info.rows_removed) == (1, 2, 1)
    pd.testing.assert_frame_equal(store.current("prices").frame, store.get_version("prices", 1).frame)
    assert len(store.history("prices")) == 3


def test_reset_to_defaults_is_a_version_too(store: TableStore, defaults_dir: Path) -> None:
    store.save_table("prices", edited_prices(store), base_version=1)
    info = store.reset_to_defaults("prices")
    assert (info.version_no, info.action) == (3, "reset")
    assert store.diff("prices", 1).is_empty


def test_safety_rows_are_matched_by_position(store: TableStore) -> None:
    frame = store.current("safety").frame
    frame.loc[1, "text"] = "Redness for 1-2 weeks."
    info = store.save_table("safety", frame.iloc[[1]].reset_index(drop=True), base_version=1)
    assert (info.rows_added, info.rows_changed, info.rows_removed) == (0, 1, 1)
    diff = store.diff("safety", 1)
    assert diff.key_columns == ("row",) and diff.changed[0].key == (1,)


def test_content_round_trips_with_column_order_and_missing_values(store: TableStore) -> None:
    frame = store.current("prices").frame
    frame = frame[["unit", *[c for c in frame.columns if c != "unit"]]].assign(extra="ünïcode €")
    frame.loc[1, "price_high"] = float("nan")
    store.save_table("prices", frame, base_version=1)
    back = store.current("prices").frame
    assert list(back.columns) == list(frame.columns)
    assert math.isnan(back.loc[1, "price_high"]) and back.loc[0, "extra"] == "ünïcode €"
    assert store.diff("prices", 1).columns_added == ("extra",)


def test_saving_an_unchanged_table_counts_nothing(store: TableStore) -> None:
    info = store.save_table("prices", store.current("prices").frame, base_version=1, note="no change")
    assert (info.version_no, info.rows_added, info.rows_changed, info.rows_removed) == (2, 0, 0, 0)


def test_unknown_table_and_version_are_clear_errors(store: TableStore) -> None:
    with pytest.raises(InvalidRequestError, match="no data table called '../etc'"):
        store.current("../etc")
    with pytest.raises(NotFoundError, match="prices has no version 9"):
        store.get_version("prices", 9)


def test_missing_defaults_file(store: TableStore, defaults_dir: Path) -> None:
    (defaults_dir / "regions.csv").unlink()
    with pytest.raises(DefaultsMissingError, match="regions"):
        store.current("regions")
    assert store.history("regions") == []  # history does not need the defaults


def test_conform_frame_text_columns_same_with_all_text_and_mixed_cells() -> None:
    from store.frames import conform_frame

    all_text = pd.DataFrame({"region_id": pd.Series(["US", "UK"], dtype=object)})
    mixed = pd.DataFrame({"region_id": pd.Series(["US", None, 3.0, float("nan")], dtype=object)})
    assert conform_frame("prices", all_text)["region_id"].tolist() == ["US", "UK"]
    assert conform_frame("prices", mixed)["region_id"].tolist() == ["US", "", "3", ""]
    assert conform_frame("prices", all_text)["region_id"].dtype == conform_frame("prices", mixed)["region_id"].dtype
