"""Specification of pricing.tables: validation of the nine price tables with located problems.

Every test breaks a copy of the shipped data (read with `read_raw_tables`) in one place and expects a
Problem naming the table, the 1-based data row (row 1 = first line under the header) and the column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pricing.tables.schema import TABLE_NAMES, TABLES
from pricing.tables.loading import PriceTables, load_tables, tables_from_frames
from pricing.tables.validation import Problem, TableValidationError, validate_table, validate_tables

Raw = dict[str, pd.DataFrame]


def set_cell(table: str, index: int, column: str, value: str) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table].loc[index, column] = value
    return change


def drop_rows(table: str, keep: Callable[[pd.DataFrame], pd.Series]) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table] = raw[table][keep(raw[table])].reset_index(drop=True)
    return change


def duplicate_first_row(table: str) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table] = pd.concat([raw[table], raw[table].iloc[[0]]], ignore_index=True)
    return change


def drop_column(table: str, column: str) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table] = raw[table].drop(columns=[column])
    return change


def add_column(table: str, column: str) -> Callable[[Raw], None]:
    def change(raw: Raw) -> None:
        raw[table][column] = "x"
    return change


def problems_after(raw: Raw, change: Callable[[Raw], None]) -> list[Problem]:
    change(raw)
    _, problems = validate_tables(raw)
    return problems


# (id, change, table, row, column, words in the message). Row indexes in `set_cell` are 0-based,
# the expected rows 1-based.
CASES = [
    ("negative price", set_cell("prices", 2, "price_low", "-5"), "prices", 3, "price_low", "at least 0"),
    ("low above typical", set_cell("prices", 2, "price_low", "999"), "prices", 3, "price_typical",
     "price_low <= price_typical <= price_high"),
    ("text in a number cell", set_cell("prices", 4, "price_typical", "about 300"), "prices", 5, "price_typical",
     "'about 300' is not a number"),
    ("thousands separator", set_cell("devices", 0, "hourly_rate", "1,000"), "devices", 1, "hourly_rate",
     "not a number"),
    ("unknown currency", set_cell("prices", 2, "currency", "XXX"), "prices", 3, "currency",
     "unknown currency (not in fx) 'XXX'"),
    ("unknown region", set_cell("packages", 0, "region_id", "ZZ"), "packages", 1, "region_id",
     "unknown region 'ZZ'"),
    ("unknown region in prices", set_cell("prices", 8, "region_id", "Atlantis"), "prices", 9, "region_id",
     "unknown region 'Atlantis'"),
    ("unknown option", set_cell("sessions", 1, "option_id", "laser9"), "sessions", 2, "option_id",
     "unknown option 'laser9'"),
    ("unknown indication", set_cell("sessions", 1, "indication_id", "warts"), "sessions", 2, "indication_id",
     "unknown indication 'warts'"),
    ("sessions 0", set_cell("sessions", 0, "sessions_min", "0"), "sessions", 1, "sessions_min", "at least 1"),
    ("sessions_typical 2.5", set_cell("sessions", 0, "sessions_typical", "2.5"), "sessions", 1,
     "sessions_typical", "2.5 is not a whole number"),
    ("life_years 0", set_cell("devices", 1, "life_years", "0"), "devices", 2, "life_years", "more than 0"),
    ("apr_pct 500", set_cell("devices", 1, "apr_pct", "500"), "devices", 2, "apr_pct", "at most 100"),
    ("empty source", set_cell("regions", 3, "source", ""), "regions", 4, "source", "is empty"),
    ("blank source", set_cell("regions", 3, "source", "   "), "regions", 4, "source", "is empty"),
    ("estimate not yes/no", set_cell("regions", 3, "estimate", "maybe"), "regions", 4, "estimate",
     "must be yes or no"),
    ("down payment above device price", set_cell("devices", 1, "down_payment", "999999"), "devices", 2,
     "down_payment", "must not exceed device_price"),
    ("residual above device price", set_cell("devices", 4, "residual_value", "200000"), "devices", 5,
     "residual_value", "must not exceed device_price"),
    ("bad as_of date", set_cell("fx", 1, "as_of", "31/12/2025"), "fx", 2, "as_of", "not a date YYYY-MM-DD"),
    ("impossible as_of date", set_cell("fx", 1, "as_of", "2025-13-40"), "fx", 2, "as_of", "not a date"),
    ("package of one session", set_cell("packages", 0, "package_sessions", "1"), "packages", 1,
     "package_sessions", "at least 2"),
    ("unknown family", set_cell("options", 0, "family", "peel"), "options", 1, "family", "unknown family"),
    ("downtime out of order", set_cell("options", 0, "downtime_days_max", "0.5"), "options", 1,
     "downtime_days_typical", "downtime_days_min <= downtime_days_typical <= downtime_days_max"),
    ("infinite number", set_cell("prices", 0, "price_high", "inf"), "prices", 1, "price_high", "finite"),
    ("zero exchange rate", set_cell("fx", 1, "units_per_usd", "0"), "fx", 2, "units_per_usd", "more than 0"),
]


@pytest.mark.parametrize("change, table, row, column, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_cell_is_located(raw_tables, change, table, row, column, words):
    problems = problems_after(raw_tables, change)
    located = [p for p in problems if (p.table, p.row, p.column) == (table, row, column)]
    assert located, f"no problem at {table} row {row} column {column}; got {[str(p) for p in problems]}"
    assert any(words in p.message for p in located), [p.message for p in located]
    assert str(located[0]).startswith(f"{table}, row {row}, column {column}: ")


def test_duplicate_key_reports_both_rows(raw_tables):
    """prices row 1 copied to the end (row 97 of 97): both rows carry the duplicate-key problem on
    the key columns "region_id, option_id"."""
    last = len(raw_tables["prices"]) + 1
    problems = problems_after(raw_tables, duplicate_first_row("prices"))
    duplicates = [p for p in problems if "duplicate key" in p.message]
    assert {(p.table, p.row, p.column) for p in duplicates} == {("prices", 1, "region_id, option_id"),
                                                                ("prices", last, "region_id, option_id")}


def test_package_without_single_price(raw_tables):
    """Removing the US mn_pen price leaves its three packages (rows 1-3) without a single price."""
    problems = problems_after(raw_tables, drop_rows(
        "prices", lambda f: ~((f["region_id"] == "US") & (f["option_id"] == "mn_pen"))))
    located = [p for p in problems if "no single-session price for mn_pen in US" in p.message]
    assert [(p.table, p.row, p.column) for p in located] == [("packages", r, "option_id") for r in (1, 2, 3)]


def test_fx_without_usd(raw_tables):
    """Without the USD row the fx table is reported (a table-level problem, no row) on its currency column."""
    problems = problems_after(raw_tables, drop_rows("fx", lambda f: f["currency"] != "USD"))
    assert Problem("fx", None, "currency", "USD is missing (rates are units per 1 USD)") in problems


def test_missing_column(raw_tables):
    """A missing required column is a table-level problem (no row) naming the column."""
    problems = problems_after(raw_tables, drop_column("prices", "currency"))
    assert Problem("prices", None, "currency", "column is missing") in problems
    assert str(Problem("prices", None, "currency", "column is missing")) == \
        "prices, column currency: column is missing"


def test_missing_optional_column_is_no_problem(raw_tables):
    """An optional column (prices.unit) may be absent: nothing to report."""
    assert problems_after(raw_tables, drop_column("prices", "unit")) == []


def test_unknown_column(raw_tables):
    problems = problems_after(raw_tables, add_column("devices", "colour"))
    assert problems == [Problem("devices", None, "colour", "unknown column")]


def test_missing_table():
    typed, problems = validate_tables({})
    assert {p.table for p in problems} == set(TABLE_NAMES)
    assert all(p.message == "table is missing" for p in problems)


def test_several_problems_reported_in_one_call(raw_tables):
    """Four independent mistakes in four tables: validate_tables returns all four, and
    tables_from_frames raises one TableValidationError carrying all four."""
    for change in (set_cell("prices", 2, "price_low", "-5"), set_cell("fx", 1, "as_of", "yesterday"),
                   set_cell("regions", 3, "estimate", "perhaps"), set_cell("devices", 1, "down_payment", "1e9")):
        change(raw_tables)
    expected = {("prices", 3, "price_low"), ("fx", 2, "as_of"), ("regions", 4, "estimate"),
                ("devices", 2, "down_payment")}
    _, problems = validate_tables(raw_tables)
    assert {(p.table, p.row, p.column) for p in problems} == expected
    with pytest.raises(TableValidationError) as info:
        tables_from_frames(raw_tables)
    assert {(p.table, p.row, p.column) for p in info.value.problems} == expected
    assert str(info.value).startswith("4 problem(s) in the price tables: ")


def test_validate_table_orders_problems_by_row(raw_tables):
    prices = raw_tables["prices"]
    prices.loc[5, "price_high"] = "n/a"
    prices.loc[1, "price_typical"] = "x"
    _, problems = validate_table("prices", prices)
    assert [(p.row, p.column) for p in problems] == [(2, "price_typical"), (6, "price_high")]


def test_unknown_table_name():
    _, problems = validate_table("colours", pd.DataFrame())
    assert problems[0].table == "colours" and "unknown table" in problems[0].message


class TestShippedData:
    def test_loads_with_no_problems(self, raw_tables):
        _, problems = validate_tables(raw_tables)
        assert problems == []

    def test_load_tables_types_the_columns(self, shipped_tables):
        assert isinstance(shipped_tables, PriceTables)
        assert list(shipped_tables.as_dict()) == list(TABLE_NAMES)
        for name, frame in shipped_tables.as_dict().items():
            assert list(frame.columns) == TABLES[name].column_names
        assert shipped_tables.sessions["sessions_typical"].dtype == "int64"
        assert shipped_tables.prices["price_typical"].dtype == "float64"
        assert shipped_tables.units_per_usd()["USD"] == 1.0
        assert shipped_tables.units_per_usd()["GBP"] == pytest.approx(0.743)

    def test_column_names_are_trimmed(self, raw_tables):
        raw_tables["regions"] = raw_tables["regions"].rename(columns={"iso3": " iso3 "})
        _, problems = validate_tables(raw_tables)
        assert problems == []


class TestLoadTables:
    def test_missing_folder_raises_table_validation_error(self, tmp_path: Path):
        """A folder that does not exist: TableValidationError listing 9 "file not found" problems, one per
        table - not a FileNotFoundError traceback."""
        with pytest.raises(TableValidationError) as info:
            load_tables(tmp_path / "nowhere")
        assert not isinstance(info.value, FileNotFoundError)
        assert [p.table for p in info.value.problems] == list(TABLE_NAMES)
        assert all(p.message.startswith("file not found") for p in info.value.problems)

    def test_a_missing_and_an_empty_file(self, tmp_path, raw_tables, write_tables):
        folder = write_tables(tmp_path / "data", raw_tables)
        (folder / "safety.csv").unlink()
        (folder / "fx.csv").write_text("")
        with pytest.raises(TableValidationError) as info:
            load_tables(folder)
        by_table = {p.table: p.message for p in info.value.problems}
        assert set(by_table) == {"safety", "fx"}
        assert by_table["safety"].startswith("file not found")
        assert by_table["fx"].startswith("cannot read fx.csv")

    def test_a_written_copy_round_trips(self, tmp_path, raw_tables, write_tables, shipped_tables):
        folder = write_tables(tmp_path / "data", raw_tables)
        loaded = load_tables(folder)
        for name in TABLE_NAMES:
            pd.testing.assert_frame_equal(getattr(loaded, name), getattr(shipped_tables, name))

    def test_a_broken_written_copy_is_located(self, tmp_path, raw_tables, write_tables):
        raw_tables["prices"].loc[2, "price_low"] = "-5"
        folder = write_tables(tmp_path / "data", raw_tables)
        with pytest.raises(TableValidationError) as info:
            load_tables(str(folder))
        assert [str(p) for p in info.value.problems] == ["prices, row 3, column price_low: must be at least 0"]


def test_combining_per_table_checks_gives_what_validate_tables_gives(raw_tables: Raw) -> None:
    """Re-checking one edited table and reusing the others' checks finds the same problems, references
    between tables included (here a price row for an unknown region, and a missing column elsewhere)."""
    from pricing.tables.validation import check_each_table, combine_table_checks

    edited = raw_tables["prices"].copy()
    edited.loc[0, "region_id"] = "ZZ"
    checks = check_each_table(raw_tables)
    checks["prices"] = validate_table("prices", edited)
    typed, problems = combine_table_checks(checks)
    expected_typed, expected = validate_tables({**raw_tables, "prices": edited})
    assert problems == expected and any(p.message == "unknown region 'ZZ'" for p in problems)
    assert all(typed[name].equals(expected_typed[name]) for name in TABLE_NAMES)
    no_unit = {**raw_tables, "prices": edited.drop(columns=["currency"])}
    assert combine_table_checks(check_each_table(no_unit))[1] == validate_tables(no_unit)[1]


# --- warnings: valid figures that look wrong (issue 16) -------------------------------------------------


def row_of(raw: Raw, table: str, **key: str) -> int:
    """The 0-based index of the row of `table` with these key values."""
    frame = raw[table]
    match = pd.Series(True, index=frame.index)
    for column, value in key.items():
        match &= frame[column] == value
    return int(frame.index[match][0])


class TestDataWarnings:
    def test_a_high_above_4x_the_typical_is_a_located_warning(self, raw_tables: Raw) -> None:
        """US pen 100 / 300 / 1,300: 1,300 / 300 = 4.3x > 4x; at 1,200 (exactly 4x) there is none."""
        from pricing.tables.validation import data_warnings

        i = row_of(raw_tables, "prices", region_id="US", option_id="mn_pen")
        raw_tables["prices"].loc[i, "price_high"] = "1300"
        found = [w for w in data_warnings(raw_tables) if w.table == "prices"]
        assert [(w.row, w.column, w.severity) for w in found] == [(i + 1, "price_high", "warning")]
        assert "4.3x the typical 300" in found[0].message
        assert str(found[0]).startswith(f"warning: prices, row {i + 1}, column price_high: ")
        raw_tables["prices"].loc[i, "price_high"] = "1200"
        assert [w for w in data_warnings(raw_tables) if w.table == "prices"] == []

    def test_a_typical_at_its_own_low_is_a_warning_and_below_it_an_error(self, raw_tables: Raw) -> None:
        from pricing.tables.validation import data_warnings

        i = row_of(raw_tables, "prices", region_id="US", option_id="mn_pen")
        raw_tables["prices"].loc[i, "price_typical"] = "100"
        found = [w for w in data_warnings(raw_tables) if w.table == "prices" and w.column == "price_typical"]
        assert [(w.row, w.column) for w in found] == [(i + 1, "price_typical")]
        assert "'from' price is a minimum" in found[0].message
        assert validate_tables(raw_tables)[1] == []  # a warning never blocks
        raw_tables["prices"].loc[i, "price_typical"] = "90"
        assert any(p.column == "price_typical" and p.severity == "error" for p in validate_tables(raw_tables)[1])

    def test_a_package_below_the_lowest_single_price_is_a_warning(self, raw_tables: Raw) -> None:
        """US pen 3-pack at 290 = 96.67 a session, below the US low single price 100."""
        from pricing.tables.validation import data_warnings

        i = row_of(raw_tables, "packages", region_id="US", option_id="mn_pen", package_sessions="3")
        raw_tables["packages"].loc[i, "package_price"] = "290"
        found = [w for w in data_warnings(raw_tables) if w.table == "packages" and w.row == i + 1]
        assert [(w.column, w.severity) for w in found] == [("package_price", "warning")]
        assert "96.67 USD a session is below the lowest single price in US for mn_pen (100.00)" in found[0].message
        raw_tables["packages"].loc[i, "package_price"] = "300"
        assert [w for w in data_warnings(raw_tables) if w.table == "packages" and w.row == i + 1] == []

    def test_a_package_in_another_currency_is_compared_after_conversion(self, raw_tables: Raw) -> None:
        """The US pen 3-pack at 230 GBP = 230 / 0.743 / 3 = 103.19 USD a session: above the 100 low, no warning;
        at 220 GBP (98.70 USD) a warning."""
        from pricing.tables.validation import data_warnings

        i = row_of(raw_tables, "packages", region_id="US", option_id="mn_pen", package_sessions="3")
        raw_tables["packages"].loc[i, ["package_price", "currency"]] = ["230", "GBP"]
        assert [w for w in data_warnings(raw_tables) if w.table == "packages" and w.row == i + 1] == []
        raw_tables["packages"].loc[i, "package_price"] = "220"
        assert len([w for w in data_warnings(raw_tables) if w.table == "packages" and w.row == i + 1]) == 1

    def test_cells_that_are_not_numbers_raise_no_warning(self, raw_tables: Raw) -> None:
        from pricing.tables.validation import data_warnings

        raw_tables["prices"]["price_high"] = "lots"
        raw_tables["packages"]["package_price"] = ""
        assert data_warnings(raw_tables) == []
        assert data_warnings({}) == []


def test_unknown_treated_area_is_located(raw_tables: Raw) -> None:
    i = row_of(raw_tables, "sessions", option_id="mn_pen", indication_id="hair_loss")
    raw_tables["sessions"].loc[i, "treated_area"] = "elbow"
    problems = validate_tables(raw_tables)[1]
    assert problems == [Problem("sessions", i + 1, "treated_area", "unknown treated area 'elbow'")]


def test_area_downtime_out_of_order_is_located(raw_tables: Raw) -> None:
    i = row_of(raw_tables, "sessions", option_id="mn_pen", indication_id="hair_loss")
    raw_tables["sessions"].loc[i, "area_downtime_days_min"] = "2"
    problems = validate_tables(raw_tables)[1]
    assert [(p.row, p.column) for p in problems] == [(i + 1, "area_downtime_days_typical")]
