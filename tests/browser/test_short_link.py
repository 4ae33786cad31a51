"""A short link round-trips (issue 18): a configured view's "Copy short link" gives ``<page>?s=<id>``, far shorter
than its long link, and opening it in a new browser (no session) shows the same choices and the same figures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from pricing.tables.loading import load_tables
from ui.clinic_edits import VALUES_KEY
from views.price_tables.scenarios import CLINIC_PATH, share_url, url_labels

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHORT_LINK_MAX = 60  # characters of 'http://127.0.0.1:PORT/clinic?s=abcdefgh' (about 40)


def _configured_clinic_link(app_server: str) -> str:
    """The Clinic planner's share link with every device chosen, a margin, open days and edits of six devices, as
    the Scenarios tab builds it (well over 1,000 characters)."""
    tables = load_tables()
    devices = list(tables.devices["device_id"])
    fields = ("device_price", "sessions_per_month", "price_per_session", "consumables_per_session", "apr_pct")
    edits = {d: {f: 100.0 + 7 * i + n for i, f in enumerate(fields)} for n, d in enumerate(devices[:6])}
    for d in devices[:6]:
        edits[d]["sessions_per_month"] = 30.0 + len(d)
        edits[d]["price_per_session"] = 450.0
    choices = {"region": "DE", "devices": devices, "target_margin": 55, "clinic_open_days": 20, VALUES_KEY: edits}
    return share_url(f"{app_server}/", choices, url_labels(tables, choices), CLINIC_PATH)


def _figures(page) -> list[str]:
    """Every metric card's text, top to bottom."""
    page.locator("[data-testid=stMetric]").first.wait_for()
    return [m.inner_text() for m in page.locator("[data-testid=stMetric]").all()]


def _copy_short_link(page, wait_for_app) -> str:
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_role("button", name="Copy short link").click()
    code = sidebar.locator("[data-testid=stCode]")
    code.wait_for()
    wait_for_app(page)
    return code.inner_text().strip()


def _open_in_new_browser(browser, link: str, wait_for_app):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(60_000)
    fresh = context.new_page()
    fresh.goto(link)
    wait_for_app(fresh)
    return context, fresh


def test_configured_clinic_planner_short_link_round_trips(browser, page, app_server, wait_for_app, screenshot) -> None:
    long_link = _configured_clinic_link(app_server)
    assert len(long_link) > 1_000
    page.goto(long_link)
    wait_for_app(page)
    shown = _figures(page)
    kept_query = parse_qs(urlsplit(page.url).query)
    assert kept_query["region"] == ["DE"] and "edits" in kept_query

    short = _copy_short_link(page, wait_for_app)
    screenshot(page, "short-link-clinic")
    assert urlsplit(short).path == "/clinic" and urlsplit(short).query.startswith("s=")
    assert len(short) <= SHORT_LINK_MAX, short
    print(f"long link {len(long_link)} characters (address bar {len(page.url)}), short link {len(short)}: {short}")

    context, fresh = _open_in_new_browser(browser, short, wait_for_app)
    try:
        assert "s" not in parse_qs(urlsplit(fresh.url).query)  # replaced by the kept choices
        assert parse_qs(urlsplit(fresh.url).query) == kept_query
        fresh.locator("[data-testid=stMetric]").nth(len(shown) - 1).wait_for()  # every card drawn
        assert _figures(fresh) == shown
        assert fresh.locator("[data-testid=stAlert]").filter(has_text="short link").count() == 0
    finally:
        context.close()


def test_regions_choices_round_trip_and_an_unknown_id_says_so(
    browser, page, app_server, wait_for_app, choose_option
) -> None:
    page.goto(f"{app_server}/regions")
    wait_for_app(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    choose_option(page, sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Option"), "Fractional CO2")
    wait_for_app(page)
    choose_option(page, sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Display currency"), "EUR")
    wait_for_app(page)
    heading = page.locator("h3").first.inner_text()
    assert "Fractional CO2 laser" in heading and "EUR" in heading
    shown = _figures(page)

    short = _copy_short_link(page, wait_for_app)
    assert urlsplit(short).path == "/regions" and len(short) <= SHORT_LINK_MAX
    assert _copy_short_link(page, wait_for_app) == short  # the same view keeps its id

    context, fresh = _open_in_new_browser(browser, short, wait_for_app)
    try:
        assert fresh.locator("h3").first.inner_text() == heading
        fresh.locator("[data-testid=stMetric]").nth(len(shown) - 1).wait_for()  # every card drawn
        assert _figures(fresh) == shown
        fresh.goto(f"{app_server}/clinic?{urlsplit(short).query}")  # the Regions id on another page
        wait_for_app(fresh)
        assert "keeps a view of another page" in fresh.locator("[data-testid=stAlert]").first.inner_text()
        assert "Clinic planner" in fresh.locator("h1").first.inner_text()
        fresh.goto(f"{app_server}/regions?s=zzzzzzzz")
        wait_for_app(fresh)
        assert "This short link was not found" in fresh.locator("[data-testid=stAlert]").first.inner_text()
        assert "Regions" in fresh.locator("h1").first.inner_text() and _figures(fresh)  # the default view
    finally:
        context.close()
