"""Every view in headless Chromium: it renders its charts with no exception, at laptop and phone width,
its choices travel in the URL, and a screenshot of each is saved under artifacts/screenshots/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIEWS = [("compare", "/", 1), ("regions", "/regions", 2), ("clinic", "/clinic", 1), ("real-world", "/real-world", 1),
         ("price-tables", "/price-tables", 0), ("about", "/about", 0)]
PHONE = {"width": 390, "height": 844}


def _charts_drawn(page, minimum: int) -> None:
    if minimum:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {minimum}", timeout=60_000)


def _no_exception(page) -> None:
    errors = page.locator("[data-testid=stException]")
    assert errors.count() == 0, errors.first.inner_text()


def test_every_view_draws_its_charts_without_an_exception(app_server, page, wait_for_app, screenshot) -> None:
    for name, path, charts in VIEWS:
        page.goto(app_server + path)
        wait_for_app(page)
        _charts_drawn(page, charts)
        _no_exception(page)
        screenshot(page, f"view-{name}")


def test_views_are_readable_at_phone_width(app_server, browser, wait_for_app, screenshot) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        for name, path, charts in VIEWS[:4]:
            page.goto(app_server + path)
            wait_for_app(page)
            _charts_drawn(page, charts)
            _no_exception(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 2, f"{name} scrolls sideways at phone width ({width} px)"
            screenshot(page, f"phone-{name}")
    finally:
        context.close()


def test_a_region_click_changes_the_figures_and_the_link_reproduces_them(app_server, page, wait_for_app,
                                                                          screenshot) -> None:
    page.goto(app_server + "/")
    wait_for_app(page)
    page.locator("[data-testid=stSidebar] button").filter(has_text="DE").first.click()
    wait_for_app(page)
    assert "region=DE" in page.url
    heading = page.get_by_role("heading", level=3).filter(has_text="Germany").first.inner_text()
    assert "EUR" in heading
    shared_link = page.url
    page.goto(app_server + "/regions")
    wait_for_app(page)
    page.goto(shared_link)
    wait_for_app(page)
    assert page.get_by_role("heading", level=3).filter(has_text="Germany").count() == 1
    _no_exception(page)
    screenshot(page, "compare-germany-from-link")
