"""Cost per good result and "Is this quote fair?" in headless Chromium: for acne scars in the UK the sentence and the
chart appear with the definition of a good result; a patient enters a clinic's package quote for fractional CO2 and
reads the answer (the share of clinics in the region that charge more, and the cost per good result)."""

from __future__ import annotations

import pytest

from pricing.patient.quote_check import check_quote, package_quote
from pricing.tables.loading import load_tables

pytestmark = pytest.mark.browser

OUTCOME_TITLE = "Course cost against the chance of a good result"


def test_acne_scars_uk_sentence_chart_and_a_quote_answered(app_server, page, wait_for_app, screenshot,
                                                           choose_option) -> None:
    page.goto(app_server + "/?region=UK&indication=acne_scars")
    wait_for_app(page)
    sentence = page.get_by_text("For acne scars in the United Kingdom, on these estimates,")
    sentence.scroll_into_view_if_needed()
    assert "per good result" in sentence.inner_text()
    assert page.get_by_text("A good result for acne scars means: at least 50 % global improvement").count() == 1
    page.wait_for_function(
        f"() => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(t => t.textContent.startsWith("
        f"'{OUTCOME_TITLE}'))",
        timeout=60_000,
    )
    page.locator(".js-plotly-plot").filter(has_text=OUTCOME_TITLE).scroll_into_view_if_needed()
    screenshot(page, "compare-cost-per-good-result")

    choose_option(page, page.get_by_role("combobox", name="Treatment quoted"), "Fractional CO2 laser")
    page.get_by_text("Package (sessions and its price)").click()
    page.get_by_role("spinbutton", name="Quoted price (per session, or the whole package)").fill("2000")
    page.get_by_role("spinbutton", name="Sessions", exact=True).fill("3")
    page.get_by_role("button", name="Check this quote").click()
    wait_for_app(page)
    answer = page.locator("[data-testid=stAlert]").filter(has_text="for a 3-session package of Fractional CO2 laser")
    answer.wait_for(state="visible", timeout=60_000)
    answer.scroll_into_view_if_needed()
    expected = check_quote(load_tables(), "UK", "acne_scars", "co2", package_quote(3, 2000.0, "GBP"), draws=20_000)
    assert expected.sentence().split(":")[0] in answer.inner_text()
    assert "of clinics in the United Kingdom" in answer.inner_text()
    assert page.get_by_text("Cost per good result at this price").count() == 1
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "compare-quote-check")
