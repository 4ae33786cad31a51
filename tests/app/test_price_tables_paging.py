"""The Price tables grid a page at a time (tables over editor.PAGE_ROWS rows): every page's edits are kept, the
page choice never loses them, rows added land on the last page, and a save takes the edits of every page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pricing.tables.loading import load_tables
from pricing.tables.validation import validate_tables
from store import TableStore
from views.price_tables import drafts
from views.price_tables import editor as te
from views.price_tables.editor import MARK_COLUMN, PAGE_ROWS

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE = "views/price_tables/page.py"
REGIONS = 60  # 60 more regions x 8 options: over PAGE_ROWS price rows, so two pages


def test_pages_split_a_view_and_keep_row_identities() -> None:
    frame = pd.DataFrame({"x": range(1_203)}, index=range(10, 1_213))
    assert te.page_count(0) == 1 and te.page_count(500) == 1 and te.page_count(501) == 2
    view, ids = te.page_view(frame.reset_index(drop=True), list(frame.index), 2)
    assert len(view) == 203 and list(view.index) == list(range(203))
    assert ids[0] == 1_010 and ids[-1] == 1_212 and view["x"].iloc[0] == 1_000
    assert te.page_label(1, 1_203) == "Rows 501-1,000 of 1,203"
    assert te.page_label(2, 1_203) == "Rows 1,001-1,203 of 1,203"


@pytest.fixture
def big_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store whose prices have more rows than one page of the grid."""
    folder = tmp_path / "store"
    folder.mkdir()
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(folder))
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    shipped = load_tables().as_dict()
    ids = [f"R{i:03d}" for i in range(REGIONS)]
    regions = pd.concat(
        [shipped["regions"], shipped["regions"].iloc[[0] * REGIONS].assign(region_id=ids, name=ids, currency="USD")],
        ignore_index=True,
    )
    us = shipped["prices"].loc[shipped["prices"]["region_id"] == "US"]
    prices = pd.concat(
        [shipped["prices"], *(us.assign(region_id=region, currency="USD") for region in ids)], ignore_index=True
    )
    assert not validate_tables({**shipped, "regions": regions, "prices": prices})[1]
    store = TableStore(f"sqlite:///{folder / 'store.sqlite'}")
    versions = {name: version.version_no for name, version in store.tables().items()}
    store.save_table("regions", regions, base_version=versions["regions"], note="test: more regions")
    store.save_table("prices", prices, base_version=versions["prices"], note="test: more regions")
    return folder


def _kept_prices(folder: Path) -> pd.DataFrame:
    return TableStore(f"sqlite:///{folder / 'store.sqlite'}").current("prices").frame


def _edit(at: AppTest, edited_rows=None, added_rows=None) -> AppTest:
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": edited_rows or {},
        "added_rows": added_rows or [],
        "deleted_rows": [],
    }
    return at.run()


def _choose_page(at: AppTest, page: int) -> AppTest:
    return at.selectbox(key=drafts.page_key("prices")).set_value(page).run()


@pytest.mark.slow
def test_edits_on_two_pages_are_kept_across_page_changes_and_saved_together(big_store: Path) -> None:
    total = len(_kept_prices(big_store))
    assert total > PAGE_ROWS
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    first = at.data_editor[0].value
    assert len(first) == PAGE_ROWS
    assert at.selectbox(key=drafts.page_key("prices")).value == 0
    key_1 = tuple(first.loc[3, ["region_id", "option_id"]])
    _edit(at, {3: {"price_high": 987654.0}})
    _choose_page(at, 1)
    second = at.data_editor[0].value
    assert len(second) == total - PAGE_ROWS
    key_2 = tuple(second.loc[0, ["region_id", "option_id"]])
    assert key_2 != key_1
    _edit(at, {0: {"price_high": 876543.0}})
    assert "2 changed" in "\n".join(str(w.value) for w in at.warning)
    _choose_page(at, 0)
    back = at.data_editor[0].value
    assert back.loc[3, "price_high"] == 987654.0 and "987,654" in str(back.loc[3, MARK_COLUMN])
    at.button(key="price_tables.save.prices").click().run()
    assert not at.exception
    kept = _kept_prices(big_store).set_index(["region_id", "option_id"])
    assert kept.loc[key_1, "price_high"] == 987654.0
    assert kept.loc[key_2, "price_high"] == 876543.0
    assert len(kept) == total


def test_a_row_added_on_the_first_page_moves_the_grid_to_the_last_page() -> None:
    prices = load_tables().prices
    big = pd.concat([prices] * 6, ignore_index=True)  # only the row count matters here
    state: dict = {}
    draft = drafts.fresh_draft("prices", None, big, state)
    draft.view_ids = list(draft.base.index[:PAGE_ROWS])
    state[drafts.page_key("prices")] = 0
    new_row = {"region_id": "US", "option_id": "co2", "price_typical": 2.0}
    state[draft.editor_key] = {"edited_rows": {1: {"price_high": 5.0}}, "added_rows": [new_row], "deleted_rows": []}
    drafts.on_editor_change("prices", state)
    assert state[drafts.page_key("prices")] == te.page_count(len(big) + 1) - 1
    assert len(draft.base) == len(big) + 1 and draft.base["price_typical"].iloc[-1] == 2.0
    assert draft.base.loc[draft.view_ids[1], "price_high"] == 5.0  # the edit on the first page is kept
    state[drafts.page_key("prices")] = 0
    draft.view_ids = list(draft.base.index[:PAGE_ROWS])
    state[draft.editor_key] = {"edited_rows": {2: {"price_high": 6.0}}, "added_rows": [], "deleted_rows": []}
    drafts.on_editor_change("prices", state)
    assert state[drafts.page_key("prices")] == 0  # an edit alone keeps the page
    drafts.on_filter_change("prices", state)
    assert state[drafts.page_key("prices")] == 0
    assert draft.base.loc[draft.view_ids[2], "price_high"] == 6.0


def test_figures_of_a_draft_are_kept_until_the_working_copy_changes() -> None:
    state: dict = {}
    draft = drafts.fresh_draft("fx", None, load_tables().fx, state)
    draft.view_ids = list(draft.base.index)
    calls: list[int] = []
    assert draft.memo("n", lambda: calls.append(1) or len(calls), "a") == 1
    assert draft.memo("n", lambda: calls.append(1) or len(calls), "a") == 1  # the same copies and inputs
    assert draft.memo("n", lambda: calls.append(1) or len(calls), "b") == 2  # another input
    assert draft.counts_text() == "no row changes"
    state[draft.editor_key] = {"edited_rows": {0: {"units_per_usd": 2.0}}, "added_rows": [], "deleted_rows": []}
    drafts.on_editor_change("fx", state)
    assert draft.counts_text() == "1 changed"  # a new working copy: counted again
    assert draft.memo("n", lambda: calls.append(1) or len(calls), "b") == 3
