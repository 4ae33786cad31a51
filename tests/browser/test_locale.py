"""Numbers as people read them, in headless Chromium: Compare treatments in the UK, Germany and South Korea writes
money as each reads it (page text, the money texts of the chart hovers and the chart's decimal marks), and changing the display currency
converts the value of a day of downtime the patient typed, says so once, and keeps it in the URL."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
# The cheapest course's median as the region's locale writes it: whole units, its grouping, its symbol's place.
REGIONS = {
    "UK": (re.compile(r"^£\d{1,3}(,\d{3})*$"), "£", ".,"),
    "DE": (re.compile(rf"^\d{{1,3}}(\.\d{{3}})*{NBSP}€$"), "€", ",."),
    "KR": (re.compile(r"^₩\d{1,3}(,\d{3})*$"), "₩", ".,"),
}
# Compare's first paint draws two charts (the open chart tab and cost per good result): both drawn.
CHART_DRAWN = """() => { const all = [...document.querySelectorAll('.js-plotly-plot')];
  return all.length >= 2 && all.every(g => !!(g.data && g.layout)); }"""
# The first chart's marks, and the money texts its hovers show (customdata written by the app, as the page writes
# money: Plotly's own number format would group every number in threes and put a minus after a leading symbol).
CHART_JS = """() => { const g = document.querySelector('.js-plotly-plot');
  if (!(g && g.data)) return null;
  const texts = g.data.flatMap(d => (d.customdata || []).flat()).filter(v => typeof v === 'string');
  return {separators: g.layout.separators, hovers: g.data.map(d => d.hovertemplate || ''), texts: texts}; }"""


def _cheapest_median(page) -> str:
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Cheapest course (median)").first
    return metric.locator("[data-testid=stMetricValue]").inner_text().strip()


@pytest.mark.parametrize("region", list(REGIONS))
def test_compare_writes_money_as_the_region_reads_it(app_server, page, wait_for_app, screenshot, region: str) -> None:
    pattern, symbol, separators = REGIONS[region]
    page.goto(f"{app_server}/?region={region}")
    wait_for_app(page)
    median = _cheapest_median(page)
    assert pattern.match(median), median
    caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="at typical prices").first.inner_text()
    assert symbol in caption and " USD" not in caption and "EUR" not in caption, caption
    page.wait_for_function(CHART_DRAWN, timeout=60_000)
    chart = page.evaluate(CHART_JS)
    assert chart["separators"] == separators
    assert not any(re.search(r"%\{[^}]*:,\.\df\}", h) for h in chart["hovers"]), chart["hovers"]
    amounts = [t for t in chart["texts"] if symbol in t and re.fullmatch(rf"[\d.,{NBSP}{symbol}]+", t)]
    assert amounts and all(pattern.match(t) for t in amounts), chart["texts"]
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, f"compare-locale-{region}")


def test_changing_the_currency_converts_the_downtime_value(app_server, page, wait_for_app, choose_option) -> None:
    page.goto(f"{app_server}/?region=US")
    wait_for_app(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    typed = sidebar.get_by_role("spinbutton", name="Value of one day of downtime (USD)")
    typed.fill("100")
    typed.press("Enter")
    wait_for_app(page)
    assert "downtime_value=100" in page.url

    choose_option(page, sidebar.get_by_role("combobox", name="Display currency"), "GBP")
    toast = page.locator("[data-testid=stToast]").filter(has_text="Converted your amounts from USD to GBP")
    toast.first.wait_for(timeout=30_000)
    assert "value of a day of downtime $100.00 to £74.30" in toast.first.inner_text()  # 0.743 GBP per USD
    wait_for_app(page)
    assert sidebar.get_by_role("spinbutton", name="Value of one day of downtime (GBP)").input_value() == "74.30"
    assert "currency=GBP" in page.url and "downtime_value=74.3" in page.url
    assert re.match(r"^£\d", _cheapest_median(page))

    page.reload()  # the link holds the converted amount in its own currency: nothing is converted again
    wait_for_app(page)
    assert sidebar.get_by_role("spinbutton", name="Value of one day of downtime (GBP)").input_value() == "74.30"
    page.wait_for_timeout(1_000)
    assert page.locator("[data-testid=stToast]").count() == 0
