"""Import modes on the shipped tables (issue 17): update changes exactly the matching rows, append refuses a key
already there, replace takes the file; a messy owner's spreadsheet imports; a bad cell saves nothing; own prices
are marked and the estimated packages follow them while sourced ones stay; one import is one version or none."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from pricing.tables.own_rows import OWN_PRICE_SOURCE
from store import ConflictError, Database, TableStore, export_csv, import_table
from store.import_modes import PlanRefusedError, plan_import, save_plan

pytestmark = pytest.mark.slow  # each test seeds and checks the nine shipped tables (about 2 s)
DATA = Path(__file__).resolve().parents[2] / "data"
TODAY = date(2026, 5, 14)


@pytest.fixture
def shipped(database: Database) -> TableStore:
    """A store seeded with the shipped tables, signing as nobody in particular."""
    return TableStore(database, defaults_dir=DATA)


def _tables(store: TableStore) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    versions = store.tables()
    return {name: v.frame for name, v in versions.items()}, {name: v.version_no for name, v in versions.items()}


def _plan(store: TableStore, data: bytes, mode: str = "update", table: str = "prices", **kwargs):
    tables, versions = _tables(store)
    result = import_table(table, data, references=tables)
    return plan_import(table, result, tables, mode, versions=versions, saved_on=TODAY, **kwargs)  # type: ignore[arg-type]


def _row(frame: pd.DataFrame, region: str, option: str, sessions: int | None = None) -> pd.Series:
    mask = (frame["region_id"] == region) & (frame["option_id"] == option)
    if sessions is not None:
        mask &= frame["package_sessions"] == sessions
    return frame.loc[mask].iloc[0]


def test_update_changes_exactly_the_matching_rows_in_one_version_with_the_author(shipped: TableStore) -> None:
    before, _ = _tables(shipped)
    data = b"region_id,option_id,price_typical\nUS,co2,1000\nUS,mn_pen,320\n"
    plan = _plan(shipped, data)
    assert plan.ok, plan.problem_lines()
    assert [
        (c.key, [(x.column, x.old, x.new) for x in c.cells if x.column == "price_typical"]) for c in plan.changed
    ] == [
        (("US", "mn_pen"), [("price_typical", 300, 320)]),
        (("US", "co2"), [("price_typical", 950, 1000)]),
    ]
    assert not plan.unmatched and not plan.added and not plan.moved  # US co2 and mn_pen packages are sourced
    infos = save_plan(shipped, plan, note="May prices", author="Dr Ana Lopez")
    assert [(i.table, i.version_no, i.author, i.note, i.rows_changed) for i in infos] == [
        ("prices", 2, "Dr Ana Lopez", "May prices", 2)
    ]
    after = shipped.current("prices").frame
    assert len(after) == len(before["prices"])
    changed = after.compare(before["prices"])
    assert sorted({after.loc[i, "option_id"] for i in changed.index}) == ["co2", "mn_pen"]
    assert _row(after, "US", "co2")["price_low"] == 500  # a column the file does not have stays
    assert shipped.history("packages")[0].version_no == 1


def test_update_appends_unmatched_rows_when_asked(shipped: TableStore) -> None:
    data = b"region,option,low,typical,high,currency\nUS,co2,500,1000,3000,USD\n"
    tables, versions = _tables(shipped)
    without = tables["prices"][~((tables["prices"]["region_id"] == "US") & (tables["prices"]["option_id"] == "co2"))]
    shipped.save_table("prices", without, base_version=versions["prices"])
    plan = _plan(shipped, data)
    assert plan.unmatched == ((1, "US / co2"),) and not plan.added
    plan = _plan(shipped, data, append_unmatched=True)
    assert plan.ok, plan.problem_lines()
    assert len(plan.added) == 1 and plan.added[0]["source"] == OWN_PRICE_SOURCE


def test_append_refuses_a_key_already_in_the_table(shipped: TableStore) -> None:
    plan = _plan(shipped, b"region,option,low,typical,high,currency\nUS,co2,1,2,3,USD\n", mode="append")
    assert plan.problem_lines() == ["row 1, region_id: US / co2 is already in the table: use update to change it"]
    with pytest.raises(PlanRefusedError, match="nothing was saved"):
        save_plan(shipped, plan)
    assert shipped.history("prices")[0].version_no == 1


def test_a_messy_spreadsheet_imports(shipped: TableStore) -> None:
    """Friendly headers, names for ids, lowercase codes, '£1,234.50', a BOM and semicolons; then as xlsx."""
    text = (
        "Region;Option;Low;Typical (GBP);High;Currency\r\n"
        "uk;rf microneedling;£900;£1,234.50;£1,500.00;gbp\r\n"
        "Uk;Fractional CO2 laser;£ 500;£700;£2,100;GBP\r\n"
    )
    plan = _plan(shipped, b"\xef\xbb\xbf" + text.encode())
    assert plan.ok, plan.problem_lines()
    rf = _row(plan.frame, "UK", "rf_mn")
    assert (rf["price_low"], rf["price_typical"], rf["price_high"], rf["currency"]) == (900, 1234.5, 1500, "GBP")
    assert _row(plan.frame, "UK", "co2")["price_typical"] == 700
    workbook = Workbook()
    for row in text.replace("\r", "").strip().split("\n"):
        workbook.active.append(row.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    again = _plan(shipped, buffer.getvalue())
    pd.testing.assert_frame_equal(again.frame, plan.frame)


def test_a_bad_cell_is_located_and_saves_nothing(shipped: TableStore) -> None:
    plan = _plan(shipped, b"Region,Option,Typical\nUS,co2,abc\nUS,Laser of dreams,300\nUS,rf_mn,5000\n")
    assert plan.problem_lines() == [
        'row 1, price_typical: expected a number, found "abc"',
        'row 2, option_id: there is no option "Laser of dreams" (by id or by name)',
        "row 3, price_typical: must satisfy price_low <= price_typical <= price_high",
    ]
    with pytest.raises(PlanRefusedError):
        save_plan(shipped, plan)
    assert [i.version_no for i in shipped.history("prices")] == [1]


def test_estimated_packages_follow_an_own_price_and_sourced_ones_stay(shipped: TableStore) -> None:
    tables, _ = _tables(shipped)
    plan = _plan(shipped, b"region,option,typical\nUS,na_1550,1200\nUS,rf_mn,900\n")
    assert plan.ok, plan.problem_lines()
    own = _row(plan.frame, "US", "na_1550")
    assert (own["source"], own["quality"], own["estimate"], own["year"]) == (
        OWN_PRICE_SOURCE,
        "[own]",
        "no",
        "2026-05-14",
    )
    # the estimated 3- and 6-packs (3 x 1000 x 0.875 = 2,630 rounded; 4,950) follow 1000 -> 1200; the clinic's
    # RF microneedling 3-pack (1,950) stays
    assert [(m.option_id, m.package_sessions, m.old_price, m.new_price) for m in plan.moved] == [
        ("na_1550", 3, 2630, 3156),
        ("na_1550", 6, 4950, 5940),
    ]
    infos = save_plan(shipped, plan, author="Ana")
    assert [(i.table, i.version_no) for i in infos] == [("prices", 2), ("packages", 2)]
    packages = shipped.current("packages").frame
    assert _row(packages, "US", "na_1550", 3)["package_price"] == 3156
    assert _row(packages, "US", "rf_mn", 3)["package_price"] == 1950
    assert packages.drop(columns="note").compare(tables["packages"].drop(columns="note")).shape[0] == 2


def test_replace_takes_the_file_as_the_whole_table(shipped: TableStore) -> None:
    tables, _ = _tables(shipped)
    fx = tables["fx"].copy()
    fx.loc[fx["currency"] == "EUR", "units_per_usd"] = 0.9
    plan = _plan(shipped, export_csv(fx), mode="replace", table="fx")
    assert plan.ok, plan.problem_lines()
    assert [(c.key, c.cells[0].new) for c in plan.changed] == [(("EUR",), 0.9)] and not plan.removed
    short = _plan(shipped, export_csv(fx.iloc[:2]), mode="replace", table="fx")
    assert len(short.removed) == len(fx) - 2 and not short.file_problems
    assert str(short.table_problems[0]) == "regions, row 3, column currency: unknown currency (not in fx) 'CAD'"


def test_an_import_that_meets_a_newer_version_is_a_conflict_and_saves_nothing(
    shipped: TableStore, database: Database
) -> None:
    plan = _plan(shipped, b"region,option,typical\nUS,na_1550,1200\n")
    bob = TableStore(database, defaults_dir=DATA, author="bob")
    bob.save_table("packages", bob.current("packages").frame, base_version=1, note="bob's")
    with pytest.raises(ConflictError) as caught:
        save_plan(shipped, plan, author="Ana")
    assert (caught.value.table, caught.value.author) == ("packages", "bob")
    assert [i.version_no for i in shipped.history("prices")] == [1]  # prices was not saved either
    assert [i.version_no for i in save_plan(shipped, plan, author="Ana", force=True)] == [2, 3]


def test_no_version_is_signed_with_the_machine_user_name(shipped: TableStore) -> None:
    import getpass

    tables, versions = _tables(shipped)
    info = shipped.save_table("fx", tables["fx"], base_version=versions["fx"])
    assert info.author == "" and info.author != getpass.getuser()
