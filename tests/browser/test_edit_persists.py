"""An edit made in the Price tables grid and saved with a note is kept: after a reload, and in Compare's figures.

Drives the real data editor, a glide-data-grid canvas: a click selects a cell of the (filtered, one-row)
table, the arrow keys move to the price column (the grid mirrors its selection in an accessible table,
which tells where it is), Enter opens the cell's editor, then type and commit with Enter.
"""

from __future__ import annotations

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed").expect
pytestmark = pytest.mark.browser

NEW_PRICE = 1234
NOTE = "browser test: US CO2 typical price"
ROW_MARKER_PX = 30  # the row-selection column of a dynamic editor
ROW_HEIGHT_PX = 35
TIMEOUT_MS = 20_000


def _choose(page, label: str, value: str, wait_for_app) -> None:
    """Pick ``value`` in the multiselect labelled ``label``."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(value)
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def _cell(scope, value: object):
    """Cells in ``scope`` (a grid or one of its rows) whose raw value is ``value``.

    glide-data-grid mirrors the cells it draws in an accessible table, with raw (unformatted) values.
    """
    return scope.locator("td").filter(has_text=re.compile(rf"^\s*{re.escape(str(value))}\s*$"))


def _select_cell(page, grid, column: str) -> None:
    """Select the first row's cell in ``column``: click the row, then arrow keys until the grid says so."""
    headers = [t.strip() for t in grid.locator("table[role=grid] th").all_inner_texts()]
    target = headers.index(column) + 1  # aria-colindex is 1-based
    grid.click(position={"x": ROW_MARKER_PX + 20, "y": ROW_HEIGHT_PX * 1.5})
    selected = grid.locator("table[role=grid] td[aria-selected=true]")
    expect(selected).to_have_count(1)
    now = int(selected.first.get_attribute("aria-colindex") or 0)
    for _ in range(len(headers)):
        if now == target:
            return
        step = 1 if now < target else -1
        page.keyboard.press("ArrowRight" if step > 0 else "ArrowLeft")
        expect(grid.locator(f"table[role=grid] td[aria-selected=true][aria-colindex='{now + step}']")).to_have_count(1)
        now += step
    raise AssertionError(f"could not select the {column} cell")


def _type_into_cell(page, grid, column: str, value: object, attempts: int = 3) -> None:
    """Type ``value`` into the first row's ``column`` cell and commit it with Enter.

    Under load the grid's editor can take Enter before it has taken the typed text (the commit then
    keeps the old value and the selection just moves down), so the grid's own copy of the cell is
    checked and the edit repeated if needed.
    """
    for _ in range(attempts):
        _select_cell(page, grid, column)
        page.keyboard.press("Enter")
        cell_editor = page.get_by_test_id("portal").locator(".gdg-clip-region").locator("input, textarea").first
        expect(cell_editor).to_be_focused(timeout=TIMEOUT_MS)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(str(value))
        expect(cell_editor).to_have_value(str(value))
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        try:
            expect(_cell(grid, value)).to_have_count(1, timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the grid did not take {value} in {column}")


def test_edited_price_is_saved_reloaded_and_used_by_compare(app_server, page, wait_for_app, screenshot) -> None:
    page.goto(f"{app_server}/price-tables")
    wait_for_app(page)
    _choose(page, "Show only regions", "US", wait_for_app)
    _choose(page, "Show only options", "co2", wait_for_app)

    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.locator("table[role=grid] tbody tr")).to_have_count(1, timeout=TIMEOUT_MS)  # US / co2 only
    expect(_cell(grid, "co2")).to_have_count(1)
    expect(_cell(grid, NEW_PRICE)).to_have_count(0)

    grid.locator("canvas").first.wait_for(state="visible")
    _type_into_cell(page, grid, "price_typical", NEW_PRICE)
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Unsaved edits (1 changed) pass every check.")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("Note for this version", exact=True).fill(NOTE)
    page.keyboard.press("Enter")
    wait_for_app(page)
    save = page.get_by_role("button", name="Save as a new version")
    expect(save).to_be_enabled(timeout=TIMEOUT_MS)
    save.click()
    wait_for_app(page)
    expect(main.get_by_text("Saved version 2 of Regional prices.")).to_be_visible(timeout=TIMEOUT_MS)
    screenshot(page, "price-tables-saved")

    page.reload()
    wait_for_app(page)
    expect(main.get_by_text(re.compile(r"Editing Version 2 .*" + re.escape(NOTE)))).to_be_visible(timeout=TIMEOUT_MS)
    _choose(page, "Show only regions", "US", wait_for_app)
    _choose(page, "Show only options", "co2", wait_for_app)
    expect(_cell(page.get_by_test_id("stDataFrame").first, NEW_PRICE)).to_have_count(1, timeout=TIMEOUT_MS)
    screenshot(page, "price-tables-after-reload")

    # The ranked table leads with the median and its range; a wide window shows every column, the price per
    # session included (the grid draws only the columns in view).
    page.set_viewport_size({"width": 3000, "height": 900})
    page.goto(f"{app_server}/")  # Compare treatments is the default page
    wait_for_app(page)
    ranked = page.get_by_test_id("stDataFrame").first
    co2_row = ranked.locator("table[role=grid] tr").filter(has_text="Fractional CO2 laser")
    expect(_cell(co2_row, NEW_PRICE)).to_have_count(1, timeout=TIMEOUT_MS)
    screenshot(page, "compare-after-price-edit")
