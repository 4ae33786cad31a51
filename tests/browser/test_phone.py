"""At phone size (390 x 844): Compare treatments and Regions lead with one card per option (region) whose median
price is above the fold, the cards stay hidden on a laptop, and no chart title or axis is cut off on any chart page
(every tab opened in turn)."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
CHART_PAGES = [("compare", "/"), ("regions", "/regions"), ("clinic", "/clinic"), ("real-world", "/real-world")]
MONEY = re.compile(r"\d")

CARDS = """() => [...document.querySelectorAll('.cd-card')].map(card => {
  const box = card.querySelector('.cd-median').getBoundingClientRect();
  return {name: card.querySelector('.cd-name').textContent, median: card.querySelector('.cd-median').textContent,
          top: box.top + window.scrollY, bottom: box.bottom + window.scrollY, visible: box.height > 0};
})"""
FIRST_CHART_TOP = """() => Math.min(...[...document.querySelectorAll('.js-plotly-plot')]
  .map(p => p.getBoundingClientRect()).filter(b => b.height > 0).map(b => b.top + window.scrollY))"""
# Per chart drawn: its title and axis titles and tick labels that reach outside the chart's own box.
CUT_OFF = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.offsetWidth > 0).flatMap(p => {
  const svg = p.querySelector('.main-svg').getBoundingClientRect();
  const parts = [...p.querySelectorAll('.gtitle, .g-xtitle, .g-ytitle, .xtick text, .ytick text')];
  return parts.map(e => [e, e.getBoundingClientRect()]).filter(([e, b]) => b.width > 0
      && (b.left < svg.left - 1 || b.right > svg.right + 1 || b.top < svg.top - 1 || b.bottom > svg.bottom + 1))
    .map(([e, b]) => `${e.getAttribute('class')}: "${e.textContent.slice(0, 60)}" at ${Math.round(b.left)}-`
      + `${Math.round(b.right)} px, chart ${Math.round(svg.left)}-${Math.round(svg.right)} px`);
})"""


def _phone_page(browser: object) -> tuple[object, object]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    context.set_default_timeout(60_000)
    return context, context.new_page()


@pytest.mark.parametrize(("path", "expected_cards"), [("/", 2), ("/regions", 5)])
def test_phone_leads_with_cards_whose_price_is_above_the_fold(app_server, browser, wait_for_app, screenshot,
                                                              path: str, expected_cards: int) -> None:
    context, page = _phone_page(browser)
    try:
        page.goto(app_server + path)
        wait_for_app(page)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
        cards = page.evaluate(CARDS)
        assert len(cards) >= expected_cards, cards
        assert all(card["visible"] and MONEY.search(card["median"]) for card in cards), cards
        assert cards[0]["bottom"] <= PHONE["height"], f"the first card's price ends at {cards[0]['bottom']:.0f} px"
        assert cards[-1]["bottom"] < page.evaluate(FIRST_CHART_TOP), "a chart comes before the last card"
        screenshot(page, f"phone-cards-{path.strip('/') or 'compare'}")
    finally:
        context.close()


def test_cards_stay_hidden_on_a_laptop(app_server, page, wait_for_app) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto(app_server + "/")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    assert page.locator(".cd-card").count() >= 2  # drawn, but not shown
    assert page.evaluate(CARDS) and not any(card["visible"] for card in page.evaluate(CARDS))
    holder = page.locator("[data-testid=stElementContainer]").filter(has=page.locator(".cd-cards")).first
    assert holder.bounding_box() is None  # its container takes no room either


def test_no_chart_title_or_axis_is_cut_off_at_phone_width(app_server, browser, wait_for_app) -> None:
    context, page = _phone_page(browser)
    try:
        checked = 0
        for name, path in CHART_PAGES:
            page.goto(app_server + path)
            wait_for_app(page)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
            tabs = page.locator("[data-testid=stTab]")
            for i in range(max(1, tabs.count())):
                if tabs.count():
                    tabs.nth(i).click()
                    page.wait_for_timeout(600)
                checked += page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')]"
                                         ".filter(p => p.offsetWidth > 0).length")
                cut = page.evaluate(CUT_OFF)
                assert not cut, f"{name}, tab {i}: " + "; ".join(cut[:5])
        assert checked >= 8
    finally:
        context.close()
