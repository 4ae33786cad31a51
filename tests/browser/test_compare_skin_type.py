"""The skin-type answer in headless Chromium: a type V patient sees the fractional CO2 laser marked high risk of
pigment change, in the warning and the chart, and every option still listed; the choice travels in the URL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CO2_MARKED = "Fractional CO2 laser ⚠ high risk"


def _chart_options(page) -> list[str]:
    """The option labels on the y axis of the first chart (course total by option)."""
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .ytick text').length > 0", timeout=60_000
        )
    except Exception as exc:  # noqa: BLE001 - say what the page shows instead of a bare timeout
        shown = page.locator("[data-testid=stException], [data-testid=stAlert]").all_inner_texts()
        raise AssertionError(f"no chart drawn; the page shows: {shown}") from exc
    chart = page.locator(".js-plotly-plot").first
    texts = chart.locator(".ytick text").evaluate_all("els => els.map(e => e.textContent)")  # SVG: no innerText
    return [t.strip() for t in texts]


def test_a_type_five_patient_sees_co2_marked_high_risk_and_no_option_hidden(
    app_server, page, wait_for_app, screenshot, choose_option
) -> None:
    page.goto(app_server + "/")
    wait_for_app(page)
    before = _chart_options(page)  # "not sure": marked for darker skin, and said so
    assert "Fractional CO2 laser ⚠ high risk if IV-VI" in before and len(before) >= 5

    choose_option(page, page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Your skin type"),
                  "V: very rarely burns")
    wait_for_app(page)
    assert "skin_type=V" in page.url
    warning = page.locator("[data-testid=stAlert]").filter(has_text="High risk of dark patches for skin type V")
    assert warning.count() == 1 and "Fractional CO2 laser" in warning.inner_text()
    after = _chart_options(page)
    assert CO2_MARKED in after
    assert len(after) == len(before)  # marked, never hidden
    assert sorted(n.replace(" ⚠ high risk", "") for n in after) == sorted(
        n.replace(" ⚠ high risk if IV-VI", "") for n in before
    )
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "compare-skin-type-v")

    shared_link = page.url  # the link reproduces the answer
    page.goto(app_server + "/regions")
    wait_for_app(page)
    page.goto(shared_link)
    wait_for_app(page)
    assert CO2_MARKED in _chart_options(page)
