"""Amounts the patient typed follow the display currency (AppTest): changing it (or the region, when the currency
is the region's own) converts the value of a day of downtime and the other typed amounts with the exchange-rate
table, says so once, and keeps the converted value in the URL; a link's amounts are taken as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.currency import convert
from pricing.locales import round_money
from pricing.tables.loading import load_tables
from ui.choices import MAX_TYPED_AMOUNT, TYPED_MONEY_CURRENCY_KEY, TYPED_MONEY_KEYS
from views.compare_treatments import beyond_keys

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    return tmp_path


def _in(amount: float, source: str, target: str) -> float:
    rates = load_tables().units_per_usd()
    return float(round_money(convert(amount, source, target, rates), target)[0])


def _toasts(at: AppTest) -> list[str]:
    return [t.value for t in at.toast]


def test_changing_the_currency_converts_the_downtime_value_once_and_keeps_it_in_the_url() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.number_input(key="downtime_value").set_value(100.0).run()
    at.sidebar.number_input(key="extras").set_value(40.0).run()
    assert not _toasts(at)
    at.sidebar.selectbox(key="currency").set_value("GBP").run()
    assert not at.exception
    gbp = _in(100.0, "USD", "GBP")
    assert gbp == 74.3  # 0.743 GBP per USD
    assert at.sidebar.number_input(key="downtime_value").value == gbp
    assert at.sidebar.number_input(key="extras").value == _in(40.0, "USD", "GBP")
    (told,) = _toasts(at)
    assert "value of a day of downtime $100.00 to £74.30" in told and "extras per visit $40.00 to £29.72" in told
    assert at.query_params["downtime_value"] == "74.3"
    assert any("(GBP)" in c for c in at.dataframe[0].value.columns)  # the figures follow in GBP
    at.run()
    assert not _toasts(at)  # said once
    assert at.sidebar.number_input(key="downtime_value").value == gbp


def test_a_region_with_another_local_currency_converts_too_and_korean_won_has_no_cents() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.number_input(key="downtime_value").set_value(100.0).run()
    at.session_state["region"] = "KR"
    at.run()
    assert not at.exception
    won = at.sidebar.number_input(key="downtime_value").value
    assert won == _in(100.0, "USD", "KRW") and won == round(won)
    assert any("from USD to KRW" in t and "₩" in t for t in _toasts(at))


def test_a_linked_amount_is_taken_in_the_link_s_currency() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["currency"] = "GBP"
    at.query_params["downtime_value"] = "79"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="currency").value == "GBP"
    assert at.sidebar.number_input(key="downtime_value").value == 79.0
    assert not _toasts(at)


def test_the_regions_page_converts_your_price_per_session() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/regions/page.py").run()
    at.session_state["your_price"] = 200.0
    at.run()
    at.sidebar.selectbox(key="currency").set_value("EUR").run()
    assert not at.exception
    assert at.sidebar.number_input(key="your_price").value == _in(200.0, "USD", "EUR")
    assert any("your price per session $200.00 to" in t and "€" in t for t in _toasts(at))


def test_every_typed_amount_of_beyond_the_course_is_converted() -> None:
    money_keys = {
        beyond_keys.FEE_KEY,
        beyond_keys.MEMBER_PRICE_KEY,
        beyond_keys.MIN_PAYMENT_KEY,
        beyond_keys.PAYMENT_KEY,
    }
    assert money_keys <= set(TYPED_MONEY_KEYS)
    assert {"downtime_value", "extras", "your_price"} <= set(TYPED_MONEY_KEYS)


def test_a_loaded_scenario_s_amounts_are_taken_in_its_own_currency() -> None:
    """Loading a scenario forgets the currency the typed amounts were in, so the next run converts nothing."""
    from views.price_tables.scenarios import apply_choices

    state = {TYPED_MONEY_CURRENCY_KEY: "USD", "downtime_value": 100.0}
    apply_choices(state, {"currency": "GBP", "downtime_value": 79.0})
    assert state == {"currency": "GBP", "downtime_value": 79.0}


def _typed_then_region(kept: dict[str, float], downtime_value: float, region: str) -> AppTest:
    """Compare in USD with `kept` amounts in the session and a typed value of a day of downtime, then `region`."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    for key, value in kept.items():
        at.session_state[key] = value
    at.sidebar.number_input(key="downtime_value").set_value(downtime_value).run()
    at.session_state["region"] = region
    at.run()
    assert not at.exception
    return at


def test_an_amount_too_large_for_the_new_currency_is_cleared_and_said_so_and_a_membership_fee_converts_whole() -> None:
    """Every typed amount takes up to MAX_TYPED_AMOUNT in any currency: 8,000 USD a month of membership is
    about 11.5 million won and is kept; 900,000 USD a day of downtime would be over a billion won, so it is cleared
    (the input starts at 0) and the toast says so, rather than a figure the input would silently drop."""
    at = _typed_then_region({beyond_keys.FEE_KEY: 8_000.0}, 900_000.0, "KR")
    assert _in(900_000.0, "USD", "KRW") > MAX_TYPED_AMOUNT
    assert at.sidebar.number_input(key="downtime_value").value == 0.0
    assert at.session_state[beyond_keys.FEE_KEY] == _in(8_000.0, "USD", "KRW") > 1e7
    (told,) = [t for t in _toasts(at) if "from USD to KRW" in t]
    assert "membership fee a month $8,000.00 to ₩" in told
    assert "Cleared, too large in KRW: value of a day of downtime ($900,000.00 is over ₩1,000,000,000)" in told


def test_a_region_change_does_not_convert_the_new_region_s_financing_plan() -> None:
    """The financing inputs are forgotten when the region changes (the new region's own plan shows), so they are not
    converted, nor listed in the toast as amounts converted."""
    at = _typed_then_region({beyond_keys.MIN_PAYMENT_KEY: 30.0}, 100.0, "UK")
    (told,) = [t for t in _toasts(at) if "from USD to GBP" in t]
    assert "value of a day of downtime" in told and "minimum payment" not in told
    assert beyond_keys.MIN_PAYMENT_KEY not in at.session_state or at.session_state[beyond_keys.MIN_PAYMENT_KEY] != 30.0
