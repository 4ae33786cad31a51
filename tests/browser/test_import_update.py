"""An owner's spreadsheet imported in update mode (issue 17): the preview shows what changes, one click saves it
with the owner's name, and Compare's course total moves.

The file is written as owners write it: a BOM, semicolons, "Region", "Option", "Typical (USD)", a lowercase region
code, the option's name and "$1,500.00".
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed").expect
pytestmark = pytest.mark.browser

OPTION = "Non-ablative fractional laser 1550 nm"
SHEET = f"\ufeffRegion;Option;Low;Typical (USD);High;Currency\r\nus;{OPTION};$750;$1,500.00;$2,000;usd\r\n"
TIMEOUT_MS = 30_000
OWN_SHOTS = Path("/tmp/scr/helper-store")


def _row_cells(page) -> list[str]:
    """The cells of the option's row in Compare's ranked table (the grid mirrors them in an accessible table)."""
    ranked = page.get_by_test_id("stDataFrame").first
    row = ranked.locator("table[role=grid] tr").filter(has_text=OPTION)
    expect(row).to_have_count(1, timeout=TIMEOUT_MS)
    return [t.strip() for t in row.locator("td").all_inner_texts()]


def _headers(page) -> list[str]:
    ranked = page.get_by_test_id("stDataFrame").first
    return [t.strip() for t in ranked.locator("table[role=grid] th").all_inner_texts()]


def _typical_total(page) -> float:
    """The option's total at typical prices, once the grid has drawn its header."""
    for _ in range(60):
        cells, headers = _row_cells(page), _headers(page)
        if any(h.startswith("At typical prices") for h in headers):
            break
        page.wait_for_timeout(500)
    column = next(i for i, h in enumerate(headers) if h.startswith("At typical prices"))
    offset = len(headers) - len(cells)  # a header cell for the row numbers, when there is one
    return float(cells[column - offset].replace(",", ""))


def test_import_update_preview_save_and_compare_moves(app_server, page, wait_for_app, screenshot, tmp_path) -> None:
    page.goto(f"{app_server}/")
    wait_for_app(page)
    before = _typical_total(page)

    page.goto(f"{app_server}/price-tables")
    wait_for_app(page)
    page.get_by_label("Your name", exact=True).fill("Dr Ana Lopez")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("tab", name="Import").click()
    wait_for_app(page)
    sheet = tmp_path / "our-prices.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(str(sheet))
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("What the import would change")).to_be_visible(timeout=TIMEOUT_MS)
    expect(main.get_by_text("Rows that change")).to_be_visible()
    expect(main.get_by_text("Estimated packages that follow your prices")).to_be_visible()
    shot = screenshot(page, "import-update-preview")
    save = page.get_by_role("button", name="Save import as a new version")
    expect(save).to_be_enabled(timeout=TIMEOUT_MS)
    save.click()
    wait_for_app(page)
    expect(
        main.get_by_text(re.compile(r"Imported: saved version 2 of Regional prices and version 2 of Packages"))
    ).to_be_visible(timeout=TIMEOUT_MS)
    saved_shot = screenshot(page, "import-update-saved")

    page.get_by_role("tab", name="History").click()
    wait_for_app(page)
    history = page.get_by_test_id("stDataFrame").first
    expect(history.locator("td").filter(has_text=re.compile(r"^\s*Dr Ana Lopez\s*$"))).to_have_count(
        1, timeout=TIMEOUT_MS
    )

    page.goto(f"{app_server}/")
    wait_for_app(page)
    after = _typical_total(page)
    # the course is one estimated 3-pack, which followed the typical price from 1,000 to 1,500 USD by the same ratio
    assert after == pytest.approx(before * 1.5, abs=1), (before, after)
    compare_shot = screenshot(page, "import-update-compare")
    OWN_SHOTS.mkdir(parents=True, exist_ok=True)
    for path in (shot, saved_shot, compare_shot):
        shutil.copy(path, OWN_SHOTS / path.name)
