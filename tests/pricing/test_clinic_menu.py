"""Specification of pricing.clinic.menu_economics: several treatments on shared rooms and staff.

Worked example M (the module's): one room of 100 hours a month, shared fixed costs 3,000 a month.
  RF microneedling: price 750, cost 300 -> 450 a session; 90 room minutes -> 300 per room-hour;
    20 a month -> 30 room hours, 9,000 contribution; own device 2,000 a month.
  Pen: price 300, cost 60 -> 240 a session; 60 room minutes -> 240 per room-hour;
    40 a month -> 40 room hours, 9,600 contribution; own device 250 a month.
  Shared 3,000 by room hours 30 : 40 -> 1,285.71 and 1,714.29.
  Profit: RF 9,000 - 2,000 - 1,285.71 = 5,714.29 (285.71 a session, 190.48 a room-hour);
          pen 9,600 - 250 - 1,714.29 = 7,635.71 (190.89 a session and a room-hour).
  Menu: 18,600 - 2,250 - 3,000 = 13,350 a month; 60 sessions -> 222.50 a session; 70 room hours -> 190.71 a
  room-hour; room utilisation 0.7. Push RF microneedling first (300 > 240 a room-hour).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.clinic.menu_economics import SERVICE_COLUMNS, MenuService, menu_economics
from pricing.clinic.device import LoadedCosts, device_economics

RF = MenuService("RF microneedling", 750, 300, 90, 20, own_fixed_cost_per_month=2_000, provider_minutes_per_session=35)
PEN = MenuService("Microneedling pen", 300, 60, 60, 40, own_fixed_cost_per_month=250, provider_minutes_per_session=30)


@pytest.fixture
def menu():
    return menu_economics([RF, PEN], "USD", shared_fixed_cost_per_month=3_000, rooms=1, room_hours_per_month=100,
                          staff_hours_per_month=80)


def row(menu, name):
    return menu.services.set_index("service").loc[name]


class TestWorkedExample:
    def test_per_service(self, menu):
        rf, pen = row(menu, "RF microneedling"), row(menu, "Microneedling pen")
        assert (rf["contribution_per_session"], rf["contribution_per_room_hour"]) == pytest.approx((450, 300))
        assert (pen["contribution_per_session"], pen["contribution_per_room_hour"]) == pytest.approx((240, 240))
        assert (rf["room_hours_per_month"], pen["room_hours_per_month"]) == pytest.approx((30, 40))
        assert rf["allocated_shared_cost_per_month"] == pytest.approx(3_000 * 30 / 70)
        assert rf["profit_per_month"] == pytest.approx(5_714.2857, abs=1e-4)
        assert (rf["profit_per_session"], rf["profit_per_room_hour"]) == pytest.approx((285.7143, 190.4762),
                                                                                      abs=1e-4)
        assert pen["profit_per_month"] == pytest.approx(7_635.7143, abs=1e-4)
        assert (pen["profit_per_session"], pen["profit_per_room_hour"]) == pytest.approx((190.8929, 190.8929),
                                                                                        abs=1e-4)

    def test_menu_totals(self, menu):
        t = menu.totals
        assert t["profit_per_month"] == pytest.approx(13_350)
        assert t["profit_per_session"] == pytest.approx(222.5)
        assert t["profit_per_room_hour"] == pytest.approx(13_350 / 70)
        assert (t["room_hours_used"], t["room_hours_available"], t["room_utilisation"]) == pytest.approx((70, 100, 0.7))
        assert t["staff_hours_used"] == pytest.approx((20 * 35 + 40 * 30) / 60)
        assert t["staff_utilisation"] == pytest.approx((20 * 35 + 40 * 30) / 60 / 80)
        assert t["revenue_per_month"] == pytest.approx(20 * 750 + 40 * 300)

    def test_push_the_best_room_hour_not_the_biggest_month(self, menu):
        """The pen earns more in the month, but RF microneedling earns more per room-hour: push it first."""
        assert menu.push_first == "RF microneedling"
        assert list(menu.services["push_rank"]) == [1, 2]
        assert list(menu.services.columns) == list(SERVICE_COLUMNS)


def test_from_device(device):
    """A service from a device: cost = variable + loaded cost, own fixed cost = device_economics' fixed cost.
    Simple device (price 100, 60 minutes, no variable cost, fixed 1,000 a month) with a 10 % commission and a
    90-minute room: cost 10, contribution 90 a session, 60 per room-hour."""
    inputs = device(discount_rate_pct=8)
    service = MenuService.from_device("simple", inputs, LoadedCosts(commission_pct=10, room_minutes_per_session=90))
    assert service.cost_per_session == pytest.approx(10)
    assert service.own_fixed_cost_per_month == pytest.approx(float(device_economics(inputs).fixed_cost_per_month[0]))
    assert (service.room_minutes_per_session, service.sessions_per_month) == (90, 10)
    out = menu_economics([service], "USD")
    assert float(out.services["contribution_per_room_hour"][0]) == pytest.approx(60)
    assert out.totals["profit_per_month"] == pytest.approx(10 * 90 - 1_000)


def test_no_sessions_and_validation():
    """A service with no sessions has no profit per session (NaN), and the shared cost follows room hours."""
    out = menu_economics([RF, MenuService("idle", 100, 10, 30, 0)], "USD", shared_fixed_cost_per_month=1_000)
    assert np.isnan(out.services["profit_per_session"][1])
    assert out.services["allocated_shared_cost_per_month"][1] == 0
    with pytest.raises(ValueError):
        menu_economics([], "USD")
    with pytest.raises(ValueError):
        menu_economics([RF, RF], "USD")
    with pytest.raises(ValueError):
        menu_economics([MenuService("zero room", 100, 10, 0, 5)], "USD")


cents = st.integers(0, 1_000_000).map(lambda c: c / 100)
services = st.lists(st.tuples(cents, cents, st.floats(5, 240), st.integers(0, 20_000).map(lambda c: c / 100), cents),
                    min_size=1, max_size=8)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(services, st.floats(0, 50_000))
def test_menu_profit_adds_up(items, shared):
    """Services' profits add up to the menu's; shared costs are fully allocated when any room is used; rank 1
    has the highest contribution per room-hour."""
    menu = [MenuService(f"s{i}", *item) for i, item in enumerate(items)]
    out = menu_economics(menu, "USD", shared_fixed_cost_per_month=shared)
    s = out.services
    assert s["profit_per_month"].sum() == pytest.approx(out.totals["profit_per_month"], rel=1e-9, abs=1e-6)
    assert s["allocated_shared_cost_per_month"].sum() == pytest.approx(shared, rel=1e-9, abs=1e-6)
    best = s.loc[s["push_rank"] == 1, "contribution_per_room_hour"].iloc[0]
    assert best == s["contribution_per_room_hour"].max()
    assert sorted(s["push_rank"]) == list(range(1, len(items) + 1))
