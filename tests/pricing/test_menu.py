"""Specification of pricing.clinic.menu: suggested single and package prices for a target margin."""

from __future__ import annotations

import numpy as np
import pytest

from pricing.clinic.menu import market_note, suggested_menu

COLUMNS = ["item", "sessions", "discount_pct", "price", "price_per_session", "cost_floor_per_session",
           "at_cost_floor", "margin_pct", "regional_low_per_session", "regional_typical_per_session",
           "regional_high_per_session", "vs_region_pct", "below_market", "currency"]


def test_docstring_example():
    """Full cost 200 USD, 50 % margin: single = 200 / (1 - 0.5) = 400; 3-pack at 12.5 % off:
    400 x 0.875 = 350 a session, 3 x 350 = 1,050, margin 1 - 200/350 = 42.857 %;
    6-pack at 17.5 % off: 330 a session, 1,980, margin 1 - 200/330 = 39.394 %."""
    menu = suggested_menu(200, "USD", 50)
    assert list(menu.columns) == COLUMNS
    assert menu["item"].tolist() == ["Single session", "3-session package", "6-session package"]
    assert menu["sessions"].tolist() == [1, 3, 6]
    np.testing.assert_allclose(menu["discount_pct"], [0, 12.5, 17.5])
    np.testing.assert_allclose(menu["price"], [400, 1050, 1980])
    np.testing.assert_allclose(menu["price_per_session"], [400, 350, 330])
    np.testing.assert_allclose(menu["margin_pct"], [50, 300 / 7, (1 - 200 / 330) * 100])
    assert menu["margin_pct"][1] == pytest.approx(42.857, abs=1e-3)
    assert (menu["currency"] == "USD").all()
    assert menu["regional_typical_per_session"].isna().all()
    assert menu["vs_region_pct"].isna().all()


def test_against_the_regional_price():
    """Regional typical 300: single 400 is +33.33 %, 3-pack 350 +16.67 %, 6-pack 330 +10 %."""
    menu = suggested_menu(200, "USD", 50, regional_typical_price=300)
    np.testing.assert_allclose(menu["regional_typical_per_session"], 300)
    np.testing.assert_allclose(menu["vs_region_pct"], [100 / 3, 50 / 3, 10])


def test_custom_packages_and_zero_margin():
    """Full cost 90, 0 % margin: single 90; a 4-pack at 10 % off would be 81 a session, below the full cost, so it
    stops at the cost floor: 4 x 90 = 360, margin 0 (it used to suggest 324 at a margin of -11.1 %)."""
    menu = suggested_menu(90, "EUR", 0, packages=[(4, 10.0)])
    np.testing.assert_allclose(menu["price"], [90, 360])
    np.testing.assert_allclose(menu["margin_pct"], [0, 0])
    assert menu["item"].tolist() == ["Single session", "4-session package"]
    assert (menu["currency"] == "EUR").all()


def test_margin_of_the_single_is_the_target():
    """Any full cost and target t: the single's margin equals t (e.g. 137.5 at 35 % -> 211.54)."""
    menu = suggested_menu(137.5, "USD", 35)
    assert menu["price"][0] == pytest.approx(137.5 / 0.65)
    assert menu["margin_pct"][0] == pytest.approx(35)


@pytest.mark.parametrize("target", [100, 100.0, 150, -0.5])
def test_target_margin_outside_zero_to_below_100_raises(target):
    """A 100 % margin would divide by 1 - 1 = 0; negative targets are not margins either."""
    with pytest.raises(ValueError, match="target margin"):
        suggested_menu(200, "USD", target)


def test_no_suggestion_below_the_cost_floor() -> None:
    """Full cost 200, 10 % margin: single 222.22; 3-pack at 12.5 % off would be 194.44 a session, below the full
    cost of a session, so it stops at 200 (margin 0) and is marked at_cost_floor."""
    menu = suggested_menu(200, "USD", 10)
    assert menu["price_per_session"].round(2).tolist() == [222.22, 200.0, 200.0]
    assert menu["at_cost_floor"].tolist() == [False, True, True]
    assert menu["margin_pct"].round(6).tolist()[1:] == [0.0, 0.0]
    assert (menu["price_per_session"] >= menu["cost_floor_per_session"]).all()


def test_far_below_the_market_is_flagged_with_the_regions_band() -> None:
    """Full cost 200 at 50 %: single 400 against a typical 950 is 57.9 % below (flagged, > 30 %); against a typical
    500 it is 20 % below (not flagged). The region's low and high are carried beside it."""
    menu = suggested_menu(200, "USD", 50, regional_typical_price=950, regional_low_price=500,
                          regional_high_price=3000)
    assert menu["below_market"].tolist() == [True, True, True]
    assert menu["regional_low_per_session"].tolist() == [500.0] * 3
    assert menu["regional_high_per_session"].tolist() == [3000.0] * 3
    near = suggested_menu(200, "USD", 50, regional_typical_price=500)
    assert near["vs_region_pct"].round(1).tolist()[0] == -20.0
    assert not near["below_market"].iloc[0]
    assert market_note(400, 950, "USD", "the US") is not None
    assert market_note(400, 500, "USD", "the US") is None
    assert market_note(400, None, "USD", "the US") is None
