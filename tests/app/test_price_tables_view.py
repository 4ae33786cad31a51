"""Price tables view (AppTest) and its helpers: edits are checked and kept, saved as versions every view
follows, conflicts offer both ways out, history restores and resets, imports are previewed, faults are
explained, scenarios are kept and shared.

AppTest cannot type into a data editor; a keyed editor's edit state (edited_rows, added_rows,
deleted_rows) is assigned on ``at.session_state`` instead, exactly what the browser sends.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables, read_raw_tables
from pricing.tables.validation import check_each_table
from store import StoreLockedError, TableStore
from store.diffing import diff_contents
from pricing.tables.schema import TABLES
from store.frames import frame_to_content
from ui import table_drafts
from views.price_tables import drafts, history
from views.price_tables import editor as te
from views.price_tables import scenarios as sc

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE = "views/price_tables/page.py"
COMPARE = "views/compare_treatments/page.py"
ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]
SEMICOLON_CSV = (
    "Region ID;Option_ID;price low;price_typical;price_high;currency;unit;source;year;quality;estimate;note\r\n"
    "US;co2;1.200,50;1.500,75;3.000;USD;per session, full face;clinic list;2026;[clinic];nein;Preis für 1 Sitzung\r\n"
    "US;mn_pen;200;abc;700;USD;per session, full face;clinic list;2026;[clinic];no;\r\n"
).encode("cp1252")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store folder the app uses in this test."""
    folder = tmp_path / "store"
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(folder))
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    return folder


def _other_store(data_dir: Path, author: str = "bob") -> TableStore:
    """A second editor of the same store (another process or person)."""
    return TableStore(f"sqlite:///{data_dir / 'store.sqlite'}", author=author)


def _open(start_on_compare: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if not start_on_compare:
        at.switch_page(PAGE).run()
        assert not at.exception
    return at


def _editor_view(at: AppTest) -> pd.DataFrame:
    return at.data_editor[0].value


def _position(at: AppTest, region: str, option: str) -> int:
    view = _editor_view(at)
    return int(view.index[(view["region_id"] == region) & (view["option_id"] == option)][0])


def _edit(at: AppTest, edited_rows=None, added_rows=None, deleted_rows=None) -> AppTest:
    """Give the editor on screen these pending edits (relative to the table it shows), then rerun."""
    at.session_state[at.data_editor[0].key] = {"edited_rows": edited_rows or {}, "added_rows": added_rows or [],
                                               "deleted_rows": deleted_rows or []}
    return at.run()


def _section(at: AppTest, name: str) -> AppTest:
    at.session_state["price_tables.section"] = name
    return at.run()


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first read-only table on the page with these columns (read-only tables carry no key in AppTest)."""
    for frame in at.dataframe:
        if frame.editing_mode == "read_only" and set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(f"no table with columns {columns}")


def _tables(at: AppTest, *columns: str) -> list[pd.DataFrame]:
    return [f.value for f in at.dataframe if f.editing_mode == "read_only" and set(columns) <= set(f.value.columns)]


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def _save(at: AppTest, note: str = "") -> AppTest:
    if note:
        at.text_input(key=drafts.note_key("prices")).input(note).run()
    return at.button(key="price_tables.save.prices").click().run()


def _price(frame: pd.DataFrame, region: str, option: str, column: str = "price_typical") -> float:
    return float(frame.loc[(frame["region_id"] == region) & (frame["option_id"] == option), column].iloc[0])


# --- the view ----------------------------------------------------------------------------------

def test_renders_every_table_in_a_typed_editor(data_dir: Path) -> None:
    at = _open()
    assert at.title[0].value == "Price tables"
    assert at.data_editor[0].editing_mode == "dynamic"
    assert len(_editor_view(at)) == len(load_tables().prices)
    assert at.button(key="price_tables.save.prices").disabled
    for table in table_drafts.EDIT_ORDER:
        at.selectbox(key="price_tables.table").set_value(table).run()
        assert not at.exception, table
        assert list(_editor_view(at).columns) == [te.MARK_COLUMN, *TABLES[table].column_names]
    assert all(w.help for w in at.selectbox) and all(w.help for w in at.text_input)


def test_price_low_above_price_high_is_located_and_blocks_save(data_dir: Path) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_low": 5000.0}})
    assert not at.exception
    problems = _table(at, "Table", "Row", "Key", "Column", "Problem")
    assert problems.to_dict("records") == [{
        "Table": "Regional prices", "Row": 7, "Key": "US / co2", "Column": "price_typical",
        "Problem": "must satisfy price_low <= price_typical <= price_high"}]
    save = at.button(key="price_tables.save.prices")
    assert save.disabled and "problem" in save.help
    assert "problem" in _texts(at.error) and "Unsaved edits" in _texts(at.warning)
    assert _other_store(data_dir).current("prices").version_no == 1  # nothing saved
    at.switch_page(COMPARE).run()  # figures never see an invalid edit
    ranked = at.dataframe[0].value.set_index("Option")
    assert ranked.loc["Fractional CO2 laser", "Per session (USD)"] == _price(load_tables().prices, "US", "co2")


def test_valid_edit_saved_as_version_2_and_compare_follows(data_dir: Path) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 2000.0}})
    assert "pass every check" in _texts(at.success)
    _save(at, note="dearer CO2 in the US")
    assert not at.exception
    assert "Saved version 2 of Regional prices." in _texts(at.success)
    kept = _other_store(data_dir).current("prices")
    assert (kept.version_no, kept.info.note, kept.info.rows_changed) == (2, "dearer CO2 in the US", 1)
    assert _price(kept.frame, "US", "co2") == 2000.0
    assert at.button(key="price_tables.save.prices").disabled  # nothing pending any more

    at.switch_page(COMPARE).run()
    assert not at.exception
    shipped = load_tables()
    prices = shipped.prices.copy()
    prices.loc[(prices["region_id"] == "US") & (prices["option_id"] == "co2"), "price_typical"] = 2000.0
    expected = compare_courses(dataclasses.replace(shipped, prices=prices), ["US"], ALL_OPTIONS, "acne_scars",
                               PatientCosts("USD", 0.0, 0.0), draws=20_000).rows.set_index("option_name")
    ranked = at.dataframe[0].value.set_index("Option")
    assert ranked.loc["Fractional CO2 laser", "Per session (USD)"] == 2000
    assert ranked.loc["Fractional CO2 laser", "Price estimate?"] == "no"  # the owner's price is not an estimate
    for option, total in ranked["At typical prices (USD)"].items():
        assert total == round(expected.loc[option, "total_typical"])


def test_edits_survive_other_views_and_can_be_discarded(data_dir: Path) -> None:
    at = _open()
    position = _position(at, "US", "co2")
    _edit(at, {position: {"price_typical": 1111.0}})
    for view in (COMPARE, "views/regions/page.py", "views/clinic_planner/page.py", "views/real_world_payback/page.py"):
        at.switch_page(view).run()
        reminder = _texts(at.info)  # the other views say the figures leave the unsaved edit out
        assert "Unsaved edits in Price tables: Regional prices (1 changed)" in reminder, (view, reminder)
    at.switch_page(PAGE).run()
    assert "Regional prices" in _texts(at.warning) and "1 changed" in _texts(at.warning)
    assert not at.button(key="price_tables.save.prices").disabled
    at.button(key="price_tables.discard.prices").click().run()
    assert "discarded" in _texts(at.info)
    assert at.button(key="price_tables.save.prices").disabled
    assert _price(_editor_view(at), "US", "co2") == _price(load_tables().prices, "US", "co2")


def test_filtered_edit_and_added_row_merge_into_the_full_table(data_dir: Path) -> None:
    at = _open()
    at.session_state[drafts.filter_key("prices", "region_id")] = ["DE"]
    at.run()
    view = _editor_view(at)
    assert set(view["region_id"]) == {"DE"} and len(view) < len(load_tables().prices)
    new_row = {"option_id": "co2", "price_low": 1.0, "price_typical": 2.0, "price_high": 3.0, "currency": "EUR",
               "source": "s", "year": "2026", "quality": "[EST]", "estimate": "yes"}
    _edit(at, {_position(at, "DE", "mn_pen"): {"price_high": 999.0}},
          deleted_rows=[_position(at, "DE", "co2")], added_rows=[new_row])
    assert "2 changed" in _texts(at.warning)  # DE co2 deleted and added again counts as changed, by key
    _save(at)
    kept = _other_store(data_dir).current("prices").frame
    assert len(kept) == len(load_tables().prices)  # hidden rows kept, one removed, one added
    assert _price(kept, "DE", "mn_pen", "price_high") == 999.0
    assert _price(kept, "DE", "co2") == 2.0  # the added row got the filtered region
    assert _price(kept, "US", "co2") == _price(load_tables().prices, "US", "co2")


def test_conflict_offers_both_ways_and_save_mine_anyway(data_dir: Path) -> None:
    at = _open()
    position = _position(at, "US", "co2")
    _edit(at, {position: {"price_typical": 1000.0}})
    other = _other_store(data_dir)
    theirs = other.current("prices").frame.copy()
    theirs.loc[(theirs["region_id"] == "US") & (theirs["option_id"] == "co2"), "price_typical"] = 1100.0
    other.save_table("prices", theirs, base_version=1, note="bob's prices")

    _save(at)
    assert not at.exception
    warning = _texts(at.warning)
    assert "changed since you loaded it" in warning and "bob saved version 2" in warning and "version 1" in warning
    assert at.button(key="price_tables.reload.prices").label == "Reload theirs (drop my edits)"
    assert at.button(key="price_tables.force.prices").label == "Save mine anyway as a new version"
    assert other.current("prices").version_no == 2

    at.button(key="price_tables.force.prices").click().run()
    kept = other.current("prices")
    assert kept.version_no == 3 and _price(kept.frame, "US", "co2") == 1000.0
    assert "Saved version 3" in _texts(at.success)


def test_conflict_reload_theirs_drops_my_edits(data_dir: Path) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 1000.0}})
    other = _other_store(data_dir)
    theirs = other.current("prices").frame.copy()
    theirs.loc[(theirs["region_id"] == "US") & (theirs["option_id"] == "co2"), "price_typical"] = 1100.0
    other.save_table("prices", theirs, base_version=1)
    _save(at)
    at.button(key="price_tables.reload.prices").click().run()
    assert not at.exception
    assert "Loaded version 2" in _texts(at.info)
    assert _price(_editor_view(at), "US", "co2") == 1100.0
    assert at.button(key="price_tables.save.prices").disabled and not at.warning


def test_history_compares_and_restores_a_version(data_dir: Path) -> None:
    at = _open()
    original = _price(load_tables().prices, "US", "co2")
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 2000.0}})
    _save(at, note="dearer")
    _section(at, "History")
    assert not at.exception
    history = _table(at, "Version", "Saved (UTC)")
    assert list(history["Version"]) == [2, 1] and list(history["Changed"]) == [1, 0]
    changed = _table(at, "Key", "Column", "Before", "After").set_index("Column")
    assert changed.loc["price_typical"].tolist() == ["US / co2", f"{original:.0f}", "2000"]
    assert changed.loc["source", "After"] == "your price" and changed.loc["quality", "After"] == "[own]"
    at.button(key="price_tables.restore.prices").click().run()
    assert "Restored version 1 of Regional prices as version 3." in _texts(at.success)
    kept = _other_store(data_dir).current("prices")
    assert (kept.version_no, kept.info.action, kept.info.source_version) == (3, "restore", 1)
    assert _price(kept.frame, "US", "co2") == original
    _section(at, "Edit")
    assert _price(_editor_view(at), "US", "co2") == original


def test_reset_to_shipped_defaults_is_a_new_version(data_dir: Path) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 2000.0}})
    _save(at)
    _section(at, "History")
    at.button(key="price_tables.reset.prices").click().run()
    assert not at.exception and "shipped defaults, as version 3" in _texts(at.success)
    kept = _other_store(data_dir).current("prices")
    assert (kept.version_no, kept.info.action) == (3, "reset")
    assert _price(kept.frame, "US", "co2") == _price(load_tables().prices, "US", "co2")


def test_restore_is_blocked_while_edits_are_unsaved(data_dir: Path) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 2000.0}})
    _section(at, "History")
    assert "Save or discard your unsaved edits" in _texts(at.caption)


def _import(at: AppTest, name: str, data: bytes, mode: str = "update", table: str = "prices", round_: int = 0):
    _section(at, "Import")
    at.radio(key=f"price_tables.import.mode.{table}").set_value(mode).run()
    return at.file_uploader(key=f"price_tables.upload.{table}.{round_}").upload(name, data, "text/csv").run()


def test_import_semicolon_decimal_comma_csv_previews_every_problem_and_saves_nothing(data_dir: Path) -> None:
    at = _import(_open(), "prix.csv", SEMICOLON_CSV, mode="append")
    assert not at.exception
    report = _texts(at.markdown)
    assert "Read 2 rows from a CSV file (cp1252, semicolon-separated)." in report
    cells = _table(at, "Row", "Column", "Problem")
    assert cells.to_dict("records") == [
        {"Row": 1, "Column": "region_id", "Problem": "US / co2 is already in the table: use update to change it"},
        {"Row": 2, "Column": "price_typical", "Problem": 'expected a number, found "abc"'},
        {"Row": 2, "Column": "region_id", "Problem": "US / mn_pen is already in the table: use update to change it"},
    ]
    save = at.button(key="price_tables.import.save.prices")
    assert save.disabled and "fix the problems" in save.help
    at = _import(at, "prix.csv", SEMICOLON_CSV, mode="update")
    changed = _table(at, "Key", "Column", "Now", "From the file")
    assert {"Key": "US / co2", "Column": "price_low", "Now": "500", "From the file": "1200.5"} in changed.to_dict(
        "records"
    )
    assert _table(at, "Row", "Column", "Problem").to_dict("records") == [
        {"Row": 2, "Column": "price_typical", "Problem": 'expected a number, found "abc"'}
    ]
    assert at.button(key="price_tables.import.save.prices").disabled
    assert [i.version_no for i in _other_store(data_dir).history("prices")] == [1]


UPDATE_CSV = (
    "\ufeffRegion;Option;Low;Typical (USD);High;Currency\r\n"
    "us;Non-ablative fractional laser 1550 nm;$750;$1,200.00;$2,000;usd\r\n"
    "us;rf microneedling;600;900;950;USD\r\n"
).encode()


def test_import_update_previews_then_saves_one_version_with_the_author_and_packages_follow(data_dir: Path) -> None:
    at = _open()
    at.text_input(key="author").input("Dr Ana Lopez").run()
    at = _import(at, "may.csv", UPDATE_CSV)
    assert not at.exception
    changed = _table(at, "Key", "Column", "Now", "From the file")
    typical = changed[changed["Column"] == "price_typical"]
    assert typical[["Key", "Now", "From the file"]].values.tolist() == [["US / rf_mn", "750", "900"],
                                                                       ["US / na_1550", "1000", "1200"]]
    moved = _table(at, "Key", "Before", "After", "Currency")
    assert moved.values.tolist() == [["US / na_1550 / 3 sessions", 2630.0, 3156.0, "USD"],
                                     ["US / na_1550 / 6 sessions", 4950.0, 5940.0, "USD"]]  # the RF 3-pack is sourced
    at.text_input(key="price_tables.import.note.prices").input("our May list").run()
    at.button(key="price_tables.import.save.prices").click().run()
    assert not at.exception
    assert "saved version 2 of Regional prices and version 2 of Packages" in _texts(at.success)
    history_row = _other_store(data_dir).history("prices")[0]
    assert (history_row.author, history_row.note) == ("Dr Ana Lopez", "our May list")
    _section(at, "History")
    assert _table(at, "Version", "Author").iloc[0][["Version", "Author"]].tolist() == [2, "Dr Ana Lopez"]
    at.switch_page(COMPARE).run()
    assert not at.exception


def test_an_import_meeting_a_newer_version_offers_both_ways(data_dir: Path) -> None:
    at = _import(_open(), "may.csv", UPDATE_CSV)
    bob = _other_store(data_dir)
    bob.save_table("packages", bob.current("packages").frame, base_version=1, note="bob's")
    at.button(key="price_tables.import.save.prices").click().run()
    assert "Nothing was saved" in _texts(at.warning)
    assert [i.version_no for i in bob.history("prices")] == [1]
    at.button(key="price_tables.import.again.prices").click().run()
    at.button(key="price_tables.import.save.prices").click().run()
    assert [i.version_no for i in bob.history("packages")] == [3, 2, 1]


def test_saving_is_refused_with_the_permissions_sentence(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import views.price_tables.author as author

    monkeypatch.setattr(author, "save_refusal", lambda: "This copy of the dashboard is read-only.")
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 1000.0}})
    save = at.button(key="price_tables.save.prices")
    assert save.disabled and save.help == "This copy of the dashboard is read-only."
    at = _import(at, "may.csv", UPDATE_CSV)
    assert at.button(key="price_tables.import.save.prices").help == "This copy of the dashboard is read-only."


def test_import_replace_and_a_file_over_the_size_limit(data_dir: Path) -> None:
    at = _open()
    at.selectbox(key="price_tables.table").set_value("fx").run()
    rows = "currency,units_per_usd,as_of,source,year,quality,estimate,note\n" \
           "USD,1,2026-01-02,x,2026,[official],no,\nEUR,0.9,2026-01-02,x,2026,[official],no,\n"
    at = _import(at, "fx.csv", rows.encode(), mode="replace", table="fx")
    assert at.button(key="price_tables.import.save.fx").disabled  # regions and prices lose their currencies
    at.button(key="price_tables.import.take.fx").click().run()
    assert len(_editor_view(at)) == 2 and "is in the editor as unsaved edits" in _texts(at.success)
    _section(at, "Import")
    big = b"currency,units_per_usd\n" + b"XXX,1\n" * 1_000_000
    at.file_uploader(key="price_tables.upload.fx.1").upload("big.csv", big, "text/csv").run()
    assert not at.exception
    assert "more than the 5 MB an import can take" in _texts(at.error)


def test_export_offers_csv_and_xlsx_of_the_saved_table(data_dir: Path) -> None:
    at = _open()
    _section(at, "Export")
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Excel (.xlsx)"]
    assert len(_table(at, "region_id", "price_low")) == len(load_tables().prices)


def test_a_store_that_cannot_be_opened_gives_a_clear_error_and_the_editor_keeps_working(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "store-file"
    not_a_folder.write_text("I am a file, not a folder")
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(not_a_folder))
    at = _open()
    assert not at.exception
    assert "cannot be created" in _texts(at.error) or "cannot be opened" in _texts(at.error)
    assert "shipped defaults" in _texts(at.warning)
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 1000.0}})
    assert not at.exception
    save = at.button(key="price_tables.save.prices")
    assert save.disabled and "could not be read" in save.help
    _section(at, "History")
    assert not at.exception and at.error


def test_a_fault_while_saving_keeps_the_edits(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open()
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 1000.0}})

    def locked(*args, **kwargs):
        raise StoreLockedError("The data store at x is busy with someone else's change; try again in a moment.")

    monkeypatch.setattr(TableStore, "save_tables", locked)
    _save(at)
    assert not at.exception
    assert "Not saved: The data store at x is busy" in _texts(at.error)
    assert "1 changed" in _texts(at.warning) and not at.button(key="price_tables.save.prices").disabled


def test_scenario_save_share_load_rename_delete(data_dir: Path) -> None:
    at = _open(start_on_compare=True)
    at.sidebar.number_input(key="extras").set_value(40.0).run()
    at.switch_page(PAGE).run()
    _section(at, "Scenarios")
    at.text_input(key="price_tables.scenario.name").input("US with extras").run()
    at.button(key="price_tables.scenario.save").click().run()
    assert not at.exception and "Saved scenario 'US with extras'." in _texts(at.success)
    link = at.code[0].value
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "/" and query["region"] == ["US"] and query["extras"] == ["40"]
    assert query["indication"] == ["Acne scars"] and query["currency"] == ["Local (USD)"]
    assert set(query["options"]) == set(load_tables().options["name"])  # pills are bound by their labels

    at.switch_page(COMPARE).run()
    at.sidebar.number_input(key="extras").set_value(5.0).run()
    at.switch_page(PAGE).run()
    _section(at, "Scenarios")
    at.button(key="price_tables.scenario.load").click().run()
    assert "Loaded scenario 'US with extras'" in _texts(at.success)
    at.switch_page(COMPARE).run()
    assert at.sidebar.number_input(key="extras").value == 40.0

    at.switch_page(PAGE).run()
    _section(at, "Scenarios")
    at.text_input(key="price_tables.scenario.new_name").input("Extras 40").run()
    at.button(key="price_tables.scenario.rename").click().run()
    assert "Renamed 'US with extras' to 'Extras 40'." in _texts(at.success)
    at.button(key="price_tables.scenario.delete").click().run()
    assert "Deleted scenario 'Extras 40'." in _texts(at.success) and "None yet." in _texts(at.caption)


def test_a_duplicate_scenario_name_is_refused_with_a_message(data_dir: Path) -> None:
    at = _open(start_on_compare=True)
    at.switch_page(PAGE).run()
    _section(at, "Scenarios")
    for _ in range(2):
        at.text_input(key="price_tables.scenario.name").input("Same").run()
        at.button(key="price_tables.scenario.save").click().run()
    assert not at.exception and "already exists" in _texts(at.error)


# --- helpers of the view ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    tables, problems = read_raw_tables(ROOT / "data")
    assert not problems
    return tables


def test_apply_edits_matches_rows_by_identity_in_a_filtered_view(raw) -> None:
    full = te.editor_frame("prices", raw["prices"])
    view, ids = te.filter_view(full, {"region_id": ["UK"], "option_id": []})
    assert len(view) == (raw["prices"]["region_id"] == "UK").sum() and list(view.index) == list(range(len(view)))
    state = {"edited_rows": {0: {"price_high": 801}}, "deleted_rows": [1],
             "added_rows": [{"option_id": "new", "price_low": 1}]}
    edited = te.apply_edits("prices", full, ids, state, fill={"region_id": "UK"})
    assert len(edited) == len(full)  # one removed, one added, hidden rows untouched
    assert edited.loc[ids[0], "price_high"] == 801.0 and ids[1] not in edited.index
    added = edited.iloc[-1]
    assert (added["region_id"], added["option_id"], added["price_low"]) == ("UK", "new", 1.0)
    assert np.isnan(added["price_high"]) and added["note"] is pd.NA or added["note"] is None
    assert edited.drop(index=[ids[0], edited.index[-1]]).equals(full.drop(index=[ids[0], ids[1]]))
    def counts(loaded: pd.DataFrame, current: pd.DataFrame) -> tuple[int, int, int]:
        content = table_drafts.frame_content
        return table_drafts.content_counts("prices", content("prices", loaded), content("prices", current))

    assert counts(full, edited) == (1, 1, 1)
    assert table_drafts.describe_counts(counts(full, full)) == "no row changes"


def test_editor_frames_round_trip_to_the_stored_form(raw) -> None:
    for table in table_drafts.EDIT_ORDER:
        store_form = table_drafts.store_frame(table, te.editor_frame(table, raw[table]))
        assert frame_to_content(store_form) == frame_to_content(table_drafts.store_frame(table, raw[table])), table
        assert table_drafts.frame_content(table, te.editor_frame(table, raw[table])) == frame_to_content(store_form)


def test_column_config_is_typed_from_the_schema(raw) -> None:
    config = te.column_config("prices", te.reference_values(raw), te.editor_frame("prices", raw["prices"]))
    low = config["price_low"]
    assert low["type_config"]["type"] == "number" and low["type_config"]["min_value"] == 0
    assert "in the row's currency" in low["help"] and "Required" in low["help"]
    assert config["region_id"]["type_config"]["options"][:2] == ["US", "UK"]
    assert config["estimate"]["type_config"]["options"] == ["yes", "no"]
    sessions = te.column_config("sessions", te.reference_values(raw))
    assert sessions["sessions_min"]["type_config"] | {} == {"type": "number", "min_value": 1, "max_value": 100,
                                                          "format": "%d", "step": 1}
    assert sessions["indication_id"]["type_config"]["type"] == "selectbox"
    assert te.column_config("options", te.reference_values(raw))["option_id"]["type_config"]["type"] == "text"
    assert "all" in te.column_config("safety", te.reference_values(raw))["option_id"]["type_config"]["options"]
    assert te.column_config("fx", te.reference_values(raw))["as_of"]["type_config"]["validate"] == te.DATE_PATTERN
    for table in table_drafts.EDIT_ORDER:
        assert all(c["help"] for c in te.column_config(table, te.reference_values(raw)).values()), table


def test_edit_problems_count_what_an_edit_breaks_in_other_tables(raw) -> None:
    options = te.editor_frame("options", raw["options"])
    without_co2 = options[options["option_id"] != "co2"]
    problems = te.edit_problems("options", without_co2, raw)
    assert {p.table for p in problems} >= {"prices", "sessions"}
    assert all(p.message == "unknown option 'co2'" for p in problems if p.column == "option_id"
               and p.table != "packages")
    old = tuple(p for p in problems if p.table == "prices")
    assert not [p for p in te.edit_problems("options", without_co2, raw, old) if p.table == "prices"]
    checks = check_each_table(raw)  # the kept tables' own checks, reused: same problems
    assert te.edit_problems("options", without_co2, raw, (), checks) == problems
    assert te.edit_problems("options", without_co2, raw, old, checks) == te.edit_problems("options", without_co2, raw, old)
    frame = te.problems_table(problems, {**raw, "options": without_co2.reset_index(drop=True)})
    assert list(frame.columns) == ["Table", "Row", "Key", "Column", "Problem"]
    assert frame["Key"].str.contains("co2").all()


def test_diff_tables_lists_cells_before_and_after(raw) -> None:
    old = table_drafts.store_frame("prices", te.editor_frame("prices", raw["prices"]))
    new = old.copy()
    new.loc[0, "price_high"] = 701.0
    new = new.drop(index=1)
    parts = history.diff_tables(diff_contents(frame_to_content(old), frame_to_content(new), ("region_id", "option_id")))
    assert parts["changed"].to_dict("records") == [{"Key": "US / mn_roller", "Column": "price_high",
                                                    "Before": "700", "After": "701"}]
    assert parts["removed"]["option_id"].tolist() == ["mn_pen"] and parts["added"].empty


def test_drafts_fold_when_the_editor_is_gone(raw) -> None:
    state: dict = {}
    frame = raw["fx"]
    draft = drafts.fresh_draft("fx", None, frame, state)
    draft.view_ids = list(draft.base.index)
    state[draft.editor_key] = {"edited_rows": {0: {"units_per_usd": 2.0}}, "added_rows": [], "deleted_rows": []}
    drafts.apply_live_edits(draft, state)
    assert draft.pending and draft.current.loc[0, "units_per_usd"] == 2.0
    del state[draft.editor_key]  # another view: Streamlit forgets the editor's state
    drafts.apply_live_edits(draft, state)
    assert draft.pending and draft.base.loc[0, "units_per_usd"] == 2.0
    assert table_drafts.pending_tables(state) == {"fx": "1 changed"}


def test_draft_converts_each_frame_once_and_follows_new_edits(raw, monkeypatch) -> None:
    state: dict = {}
    draft = drafts.fresh_draft("fx", None, raw["fx"], state)
    draft.view_ids = list(draft.base.index)
    converted: list[int] = []
    real = table_drafts.frame_content
    monkeypatch.setattr(table_drafts, "frame_content", lambda table, frame: converted.append(id(frame)) or real(table, frame))
    state[draft.editor_key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    drafts.apply_live_edits(draft, state)
    assert draft.current is draft.base  # nothing edited: no copy
    for _ in range(3):  # a rerun asks several times (badge, notices, problems)
        assert not draft.pending and table_drafts.pending_tables(state) == {}
    assert len(converted) == len(set(converted)) <= 2  # loaded and base, once each
    state[draft.editor_key] = {"edited_rows": {0: {"units_per_usd": 2.0}}, "added_rows": [], "deleted_rows": []}
    drafts.apply_live_edits(draft, state)
    assert draft.pending and draft.counts_text() == "1 changed"
    state[draft.editor_key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}  # the edit undone
    drafts.apply_live_edits(draft, state)
    assert not draft.pending


def test_share_url_carries_the_choices_as_streamlit_reads_them() -> None:
    tables = load_tables()
    choices = {"region": "UK", "options": ["co2", "mn_pen"], "extras": 40.0, "downtime_value": 12.5,
               "currency": "local", "indication": "fine_lines", "devices": ["co2"], "target_margin": 40}
    url = sc.share_url(sc.app_base_url("http://host:8501/price-tables", "price-tables"), choices,
                       sc.url_labels(tables, choices))
    assert url == ("http://host:8501/?region=UK&indication=Fine+lines+%26+wrinkles&currency=Local+%28GBP%29"
                   "&options=Fractional+CO2+laser&options=Microneedling+%28pen%29&downtime_value=12.5&extras=40")
    assert sc.share_query({"options": [], "currency": "EUR"}) == "currency=EUR&options="
    assert sc.app_base_url("https://x.org/app/price-tables/", "price-tables") == "https://x.org/app/"
    assert sc.app_base_url(None, "price-tables") == sc.FALLBACK_BASE_URL
    state = {"region": "US", "extras": np.float64(3.0), "options": ("co2",), "other": 1}
    assert sc.current_choices(state) == {"region": "US", "options": ["co2"], "extras": 3.0}
    target: dict = {}
    assert sc.apply_choices(target, {"region": "DE", "unknown": 1, "options": ["co2"]}) == ["region", "options"]
    assert target == {"region": "DE", "options": ["co2"]}


def test_an_edited_price_is_marked_until_saved_and_the_estimated_packages_follow(data_dir: Path) -> None:
    at = _open()
    at.text_input(key="author").input("Ana").run()
    _edit(at, {_position(at, "US", "na_1550"): {"price_typical": 1200.0}})
    assert "Saved as **your price**" in _texts(at.info) and "US / na\\_1550" in _texts(at.info)
    assert _table(at, "Key", "Before", "After").values.tolist() == [
        ["US / na_1550 / 3 sessions", 2630.0, 3156.0, "USD"], ["US / na_1550 / 6 sessions", 4950.0, 5940.0, "USD"]]
    _section(at, "History")  # the grid leaves the screen: its edits are folded in, as after each edit in a browser
    _section(at, "Edit")
    view = _editor_view(at)
    marked = view.loc[view[te.MARK_COLUMN].notna(), ["region_id", "option_id", te.MARK_COLUMN]]
    assert marked.values.tolist() == [["US", "na_1550", "price_typical 1,000 → 1,200"]]
    _save(at)
    assert "Saved version 2 of Regional prices and version 2 of Packages." in _texts(at.success)
    assert _editor_view(at)[te.MARK_COLUMN].isna().all()  # saved: nothing marked any more
    packages = _other_store(data_dir).current("packages")
    assert (packages.info.author, packages.info.rows_changed) == ("Ana", 2)
    prices = _other_store(data_dir).current("prices").frame
    row = prices[(prices["region_id"] == "US") & (prices["option_id"] == "na_1550")].iloc[0]
    assert (row["source"], row["quality"], row["estimate"]) == ("your price", "[own]", "no")


def test_edited_marks_name_the_changed_cells_and_new_rows() -> None:
    loaded = pd.DataFrame({"a": [1.0, 2.0, np.nan], "b": ["x", "y", None]})
    base = loaded.copy()
    base.loc[1, "a"] = 2.5
    base.loc[2, "b"] = "new text"
    base.loc[7] = [4.0, "z"]
    marks = te.edited_marks(loaded, base)
    assert marks.tolist() == [None, "a 2 → 2.5", "b (empty) → new text", "new row"]


def test_the_author_comes_with_the_link(data_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["author"] = "Bo"
    at.run()
    at.switch_page(PAGE).run()
    assert at.text_input(key="author").value == "Bo"
    _edit(at, {_position(at, "US", "co2"): {"price_typical": 1000.0}})
    _save(at)
    assert _other_store(data_dir).history("prices")[0].author == "Bo"
