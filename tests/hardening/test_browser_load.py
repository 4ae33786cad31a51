"""Real browser sessions against one server: while several visitors load every view, two editors change the same
table and save at the same moment. One save wins, the other is told and keeps its edits, and after reloading it
saves on top: both edits are in the table, no page shows an error.

The grid helpers come from tests/browser/test_edit_persists.py (the data editor is a canvas).
"""

from __future__ import annotations

import re
import threading
import urllib.request

import pytest

from browser.conftest import app_server, browser, wait_for_app  # noqa: F401  (fixtures used by name)
from browser.test_edit_persists import TIMEOUT_MS, _cell, _choose, _type_into_cell

expect = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed").expect
pytestmark = pytest.mark.browser

EDITS = {"US": 1111, "DE": 2222}


def _no_error(page) -> None:
    assert page.get_by_test_id("stException").count() == 0


def _edit(page, base_url: str, region: str, price: int) -> None:
    page.goto(f"{base_url}/price-tables")
    wait_for_app(page)
    _choose(page, "Show only regions", region, wait_for_app)
    _choose(page, "Show only options", "co2", wait_for_app)
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.locator("table[role=grid] tbody tr")).to_have_count(1, timeout=TIMEOUT_MS)
    grid.locator("canvas").first.wait_for(state="visible")
    _type_into_cell(page, grid, "price_typical", price)
    wait_for_app(page)
    expect(page.get_by_text("Unsaved edits (1 changed) pass every check.")).to_be_visible(timeout=TIMEOUT_MS)


def _visitors(base_url: str, stop: threading.Event, errors: list[str]) -> None:
    """Plain HTTP visitors meanwhile: the server must keep answering its health check and pages."""
    while not stop.is_set():
        for path in ("/_stcore/health", "/", "/regions", "/clinic"):
            try:
                with urllib.request.urlopen(base_url + path, timeout=10) as response:
                    if response.status != 200:
                        errors.append(f"{path}: {response.status}")
            except OSError as error:
                errors.append(f"{path}: {error}")


def test_two_editors_save_the_same_table_at_once_and_no_edit_is_lost(app_server: str, browser) -> None:  # noqa: F811
    stop, http_errors = threading.Event(), []
    visitors = threading.Thread(target=_visitors, args=(app_server, stop, http_errors), daemon=True)
    visitors.start()
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in EDITS]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(60_000)
        for page, (region, price) in zip(pages, EDITS.items()):
            _edit(page, app_server, region, price)
        saves = [page.get_by_role("button", name="Save as a new version") for page in pages]
        for save in saves:
            expect(save).to_be_enabled(timeout=TIMEOUT_MS)
        for save in saves:  # both clicks before either page has drawn its answer
            save.click()
        for page in pages:
            wait_for_app(page)
            _no_error(page)
        saved = [p for p in pages if p.get_by_text("Saved version 2 of Regional prices.").count()]
        told = [p for p in pages if p.get_by_text(re.compile("changed since you loaded it")).count()]
        assert len(saved) == 1 and len(told) == 1, "exactly one save wins and the other editor is told"
        loser = told[0]
        expect(loser.get_by_text(re.compile(r"Unsaved edits: .*Regional prices"))).to_be_visible()  # edits kept
        region, price = next((r, p) for (r, p), page in zip(EDITS.items(), pages) if page is loser)
        loser.get_by_role("button", name="Reload theirs (drop my edits)").click()
        wait_for_app(loser)
        _edit(loser, app_server, region, price)  # redo the edit on the newest version
        loser.get_by_role("button", name="Save as a new version").click()
        wait_for_app(loser)
        expect(loser.get_by_text("Saved version 3 of Regional prices.")).to_be_visible(timeout=TIMEOUT_MS)
        _no_error(loser)
        other = next(r for r in EDITS if r != region)
        _choose(loser, "Show only regions", other, wait_for_app)  # both regions' CO2 rows of version 3
        grid = loser.get_by_test_id("stDataFrame").first
        for value in EDITS.values():  # both edits are in the table
            expect(_cell(grid, value)).to_have_count(1, timeout=TIMEOUT_MS)
    finally:
        stop.set()
        for context in contexts:
            context.close()
    visitors.join(timeout=30)
    assert not http_errors, http_errors[:5]
