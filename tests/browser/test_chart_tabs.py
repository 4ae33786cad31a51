"""Compare's chart tabs in the browser: the first paint draws the open tab's chart only, and choosing another tab
draws its chart (a rerun of the charts' fragment only) without an error."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
pytestmark = pytest.mark.browser

PLOTS_DRAWN = "() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length"
SPREAD_LEGEND = "P10-P90 (middle 80 %)"  # only the "How sure" tab's chart has it


def test_a_chart_tab_draws_when_chosen(app_server: str, page, wait_for_app) -> None:
    page.goto(app_server + "/")
    wait_for_app(page)
    page.wait_for_function(f"() => ({PLOTS_DRAWN})() >= 2")
    tab = page.get_by_role("tab").filter(has_text="How sure (P10-P90)")
    assert tab.get_attribute("aria-selected") == "false"
    assert page.evaluate(PLOTS_DRAWN) == 2  # the open tab's chart and the cost per good result: no hidden charts
    assert page.locator(".js-plotly-plot").filter(has_text=SPREAD_LEGEND).count() == 0
    tab.click()
    wait_for_app(page)
    assert tab.get_attribute("aria-selected") == "true"
    page.locator(".js-plotly-plot").filter(has_text=SPREAD_LEGEND).locator(".main-svg").first.wait_for()
    assert page.evaluate(PLOTS_DRAWN) == 2  # one chart for another
    assert page.get_by_test_id("stException").count() == 0
