"""Specification of pricing.clinic.payback (one payback rule for every clinic figure), the settlement of a loan that
runs past the life, IRR, DSCR, the monthly P&L (pricing.clinic.pnl) and the `clinic --device` command.

Worked examples (every figure by hand; W is test_device's example):
- W: 60,000 device, 12,000 down, 48,000 at 0 % over 48 months (1,000 a month), resale 6,000 after 60 months,
  maintenance 200 a month, margin 200 a session, 20 sessions a month -> operating cash 20 x 200 - 200 = 3,800 a
  month before the loan. Full cost 60,000: 15 x 3,800 = 57,000 < 60,000 <= 16 x 3,800 = 60,800 -> payback 16.
  Cash -12,000 + 2,800 m: -800 in month 4, +2,000 in month 5 -> cash payback 5.
- C, cash purchase: W paid cash: month 0 -60,000, then 3,800 a month: payback 16 and cash payback 16
  (-60,000 + 15 x 3,800 = -3,000; + 3,800 = +800); no loan: loan paid off 0, no DSCR.
- L, financed with a down payment: W's 48,000 at 8 %: 48,000 x 0.0066667 / (1 - 1.0066667^-48) = 1,171.82 a
  month; interest 48 x 1,171.82 - 48,000 = 8,247.37; full cost 68,247.37 -> 68,247.37 / 3,800 = 17.96 -> payback
  18; cash -12,000 + (3,800 - 1,171.82) m = -12,000 + 2,628.18 m -> 4.57 -> cash payback 5; DSCR 3,800 /
  1,171.82 = 3.24 in every month 1..48; last payment month 48.
- T, a loan past the life: 100,000 borrowed, no down payment, 8 % over 84 months (1,558.62 a month), a 5-year
  life, no resale; 12 sessions at 400, variable cost 35 + 30 minutes at 40 an hour = 55 -> margin 345;
  maintenance 8,000 a year (666.67 a month); 10 % discount rate. Operating cash 12 x 345 - 666.67 = 3,473.33.
  After 60 payments 100,000 x 1.0066667^60 - 1,558.62 x (1.0066667^60 - 1) / 0.0066667 = 34,461.97 is still
  owed and is repaid in month 60. NPV: 91,022.53 when that balance was dropped, 69,624.36 with it
  (91,022.53 - 34,461.97 / 1.1^5). Interest paid in the life 60 x 1,558.6214 + 34,461.97 - 100,000 = 27,979.25;
  full cost 127,979.25 -> 127,979.25 / 3,473.33 = 36.85 -> payback 37. The cash (0 down, +1,914.71 a month,
  -32,547.26 in month 60) never dips below 0 -> cash payback 0. DSCR 3,473.33 / 1,558.62 = 2.23, and in month 60
  3,473.33 / (1,558.62 + 34,461.97) = 0.096 (the lowest).
- S, a slow seller: W at 5 sessions: operating cash 5 x 200 - 200 = 800 a month, 48,000 in 60 months < 60,000 ->
  no payback (None); cash -12,000 - 200 x 48 + 800 x 12 + 6,000 = -6,000 at the end -> no cash payback.
- E, lease (test_device_extensions): W leased, K 48,000, R 6,000 bought out, MF 0.0025: 1,010 a month, lease charge
  48 x 135 = 6,480; full cost 66,480 -> 66,480 / 3,800 = 17.49 -> payback 18; DSCR 3,800 / 7,010 = 0.54 in month 48
  (the buyout).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.financing import Acquisition, Financing
from pricing.clinic.payback import (cash_payback_months, debt_service_coverage, full_cost_payback_months,
                                    irr_by_scenario, loan_paid_off_month)
from pricing.clinic.pnl import PNL_COLUMNS, monthly_pnl, pnl_by_year
from pricing.clinic.projection import clinic_projection
from pricing.clinic.volume import VolumeProfile
from pricing.finance import irr_annual_pct
from test_cli import CLINIC_ARGS as W_ARGS  # test_device's example W as clinic flags (8 % discount rate)
from test_cli import run, run_json

W = {
    "device_price": 60_000.0, "down_payment": 12_000.0, "residual_value": 6_000.0, "life_years": 5.0,
    "maintenance_per_year": 2_400.0, "apr_pct": 0.0, "term_months": 48.0, "consumables_per_session": 20.0,
    "other_per_session": 5.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 245.0,
    "sessions_per_month": 20.0, "discount_rate_pct": 0.0, "hours_per_month": 40.0,
}
T = {
    "device_price": 100_000.0, "down_payment": 0.0, "residual_value": 0.0, "life_years": 5.0,
    "maintenance_per_year": 8_000.0, "apr_pct": 8.0, "term_months": 84.0, "consumables_per_session": 35.0,
    "other_per_session": 0.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 400.0,
    "sessions_per_month": 12.0, "discount_rate_pct": 10.0, "hours_per_month": 173.0,
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inputs(base=W, **overrides) -> DeviceInputs:
    return DeviceInputs(currency="USD", **{**base, **overrides})


def one(x) -> float:
    arr = np.asarray(x)
    assert arr.shape == (1,)
    return float(arr[0])


def both(device: DeviceInputs, financing: Financing = Financing(), **kwargs):
    """device_economics (default financing only) and clinic_projection of the same device."""
    return device_economics(device, kwargs.get("loaded", LoadedCosts())), clinic_projection(
        device, financing=financing, **kwargs)


def bisection_irr(flows: np.ndarray) -> float:
    """The monthly rate where the NPV of `flows` (one sign change, an outlay first) is 0, by bisection."""
    def npv(rate: float) -> float:
        return float(np.sum(flows / (1.0 + rate) ** np.arange(len(flows))))
    low, high = -0.99, 100.0
    for _ in range(300):
        mid = (low + high) / 2
        low, high = (mid, high) if npv(mid) > 0 else (low, mid)
    return (low + high) / 2


class TestCashPurchase:
    def test_worked_example_c(self):
        """C: payback 16 and cash payback 16; no loan, no DSCR."""
        economics, projection = both(inputs(down_payment=60_000, term_months=0), Financing(kind="cash"))
        for result in (economics, projection):
            assert one(result.full_cost_of_device) == 60_000
            assert (one(result.payback_months), one(result.cash_payback_months)) == (16, 16)
            assert one(result.loan_paid_off_month) == 0
            assert math.isnan(one(result.min_dscr)) and math.isnan(one(result.min_dscr_month))
            np.testing.assert_allclose(result.cumulative_cash[0, [15, 16]], [-3_000, 800])
        assert economics.summary()["min_dscr"] is None


class TestFinancedWithDownPayment:
    def test_worked_example_l(self):
        """L: 1,171.82 a month, interest 8,247.37, full cost 68,247.37 -> payback 18; cash payback 5; DSCR 3.24."""
        economics, projection = both(inputs(apr_pct=8.0))
        for result in (economics, projection):
            assert one(result.monthly_payment) == pytest.approx(1_171.82, abs=0.005)
            assert one(result.full_cost_of_device) == pytest.approx(68_247.37, abs=0.005)
            assert one(result.payback_months) == 18
            assert one(result.cash_payback_months) == 5
            assert one(result.loan_paid_off_month) == 48
            assert one(result.min_dscr) == pytest.approx(3.24, abs=0.005)
            assert one(result.min_dscr_month) == 1


class TestLoanPastTheLife:
    def test_worked_example_t(self):
        """T: NPV 69,624.36 (91,022.53 before the balance was repaid); 34,461.97 settled in month 60; payback 37;
        cash payback 0; DSCR lowest 0.096 in month 60."""
        economics, projection = both(inputs(T))
        for result in (economics, projection):
            assert one(result.monthly_payment) == pytest.approx(1_558.62, abs=0.005)
            assert one(result.npv) == pytest.approx(69_624.36, abs=0.005)
            assert one(result.npv) == pytest.approx(91_022.53 - 34_461.97 / 1.1 ** 5, abs=0.01)
            assert result.payments[0, 60] == pytest.approx(1_558.62 + 34_461.97, abs=0.01)
            assert one(result.full_cost_of_device) == pytest.approx(127_979.25, abs=0.01)
            assert one(result.payback_months) == 37
            assert one(result.cash_payback_months) == 0
            assert one(result.loan_paid_off_month) == 60
            assert one(result.min_dscr) == pytest.approx(3_473.33 / 36_020.59, abs=1e-4)
            assert one(result.min_dscr_month) == 60
            assert result.cash_flows[0, 60] == pytest.approx(3_473.33 - 36_020.59, abs=0.01)
        assert one(economics.roi) == pytest.approx(economics.cash_flows.sum() / 100_000)
        assert one(economics.total_interest) == pytest.approx(84 * 1_558.6214 - 100_000, abs=0.01)

    def test_lease_past_the_life(self):
        """W leased over 72 months (K 48,000, R 6,000, MF 0.0025): 42,000 / 72 + 54,000 x 0.0025 = 718.33 a month;
        in month 60 the 12 payments left and the 6,000 buyout: 718.33 + 12 x 718.33 + 6,000 = 15,338.33; lease
        charge 72 x 135 = 9,720 -> full cost 69,720 -> 69,720 / 3,800 = 18.3 -> payback 19."""
        p = clinic_projection(inputs(term_months=72), financing=Financing(kind="lease", lease_money_factor=0.0025,
                                                                          lease_residual_value=6_000))
        assert one(p.monthly_payment) == pytest.approx(718.33, abs=0.005)
        assert p.payments[0, 60] == pytest.approx(13 * (42_000 / 72 + 135) + 6_000)
        assert one(p.full_cost_of_device) == pytest.approx(69_720)
        assert one(p.payback_months) == 19
        assert one(p.loan_paid_off_month) == 60

    def test_deferral_past_the_life(self):
        """A 12-month life inside a 24-month deferral at 12 %: nothing paid until month 12, when 48,000 x 1.01^12 =
        54,087.00 is owed; waived: 48,000."""
        device = inputs(life_years=1.0, apr_pct=12.0)
        for accrues, owed in ((True, 48_000 * 1.01 ** 12), (False, 48_000.0)):
            p = clinic_projection(device, financing=Financing(deferred_months=24, deferral_interest_accrues=accrues))
            assert p.payments[0, :12].sum() == 0
            assert p.payments[0, 12] == pytest.approx(owed)


class TestSlowSeller:
    def test_never_pays_back(self):
        """S: no payback, no cash payback: None in the summaries."""
        economics, projection = both(inputs(sessions_per_month=5.0))
        for result in (economics, projection):
            assert math.isnan(one(result.payback_months)) and math.isnan(one(result.cash_payback_months))
            assert result.cumulative_cash[0, 60] == pytest.approx(-6_000)
            summary = result.summary()
            assert summary["payback_months"] is None and summary["cash_payback_months"] is None


class TestIrr:
    @pytest.mark.parametrize("base, overrides", [(W, {}), (W, {"apr_pct": 8.0}),
                                                 (W, {"down_payment": 60_000.0, "term_months": 0.0}),
                                                 (T, {"down_payment": 10_000.0, "term_months": 60.0})])
    def test_against_bisection(self, base, overrides):
        """(1 + monthly IRR)^12 - 1, the monthly IRR found by bisection on the same flows; W: 1,138.73 % a year."""
        economics = device_economics(inputs(base, **overrides))
        flows = economics.cash_flows[0, :61]
        expected = ((1 + bisection_irr(flows)) ** 12 - 1) * 100
        assert one(economics.irr_annual_pct) == pytest.approx(expected, rel=1e-6)
        assert economics.summary()["irr_annual_pct"] == pytest.approx(expected, rel=1e-6)

    def test_worked_example_w(self):
        assert device_economics(inputs()).summary()["irr_annual_pct"] == pytest.approx(1_138.73295)

    def test_no_sign_change_is_none(self):
        """Only outlays (the slow seller without a resale, cash) or only income (a free device): None. T, nothing
        down: money comes in first and goes out at the end (the settlement) - a rate there would be the cost of
        borrowing, not a return: None."""
        never = device_economics(inputs(sessions_per_month=0.0, residual_value=0.0))
        free = device_economics(inputs(device_price=0.0, down_payment=0.0, residual_value=0.0))
        assert never.summary()["irr_annual_pct"] is None and free.summary()["irr_annual_pct"] is None
        assert device_economics(inputs(T)).summary()["irr_annual_pct"] is None

    def test_several_rates_are_none(self):
        """T with 10,000 down: -10,000, then +2,070.57 a month, and -28,945.20 in month 60 (the settlement). Two
        rates solve it: -6.5 % a month (the closest to 0, which irr returns) and about +20.7 %; the device makes
        money (total +83,218.67), so a negative rate is not its return: None."""
        economics = device_economics(inputs(T, down_payment=10_000.0))
        flows = economics.cash_flows[0]
        assert flows[0] == -10_000 and (flows[1:60] > 0).all() and flows[60] < 0 and flows.sum() > 0
        assert economics.summary()["irr_annual_pct"] is None
        assert math.isnan(irr_annual_pct([0.0, 0.0]))

    def test_by_scenario_equals_the_summaries(self):
        economics = device_economics(inputs(sessions_per_month=np.array([20.0, 10.0, 30.0])))
        rates = irr_by_scenario(economics.cash_flows, economics.life_months)
        assert [round(float(r), 6) for r in rates] == [economics.summary(k)["irr_annual_pct"] for k in range(3)]


class TestDscr:
    def test_by_hand_with_a_ramp(self):
        """W with a 2-month ramp from 50 %: operating 1,800, 2,800, then 3,800 against 1,000 -> DSCR 1.8, 2.8, 3.8;
        lowest 1.8 in month 1."""
        p = clinic_projection(inputs(), volume=VolumeProfile(ramp_months=2, ramp_start_pct=50))
        np.testing.assert_allclose(p.dscr[0, 1:4], [1.8, 2.8, 3.8])
        assert np.isnan(p.dscr[0, [0, 49, 60]]).all()
        assert (one(p.min_dscr), one(p.min_dscr_month)) == (pytest.approx(1.8), 1)

    def test_a_lease_buyout_is_debt_service(self):
        """E: 3,800 / 1,010 = 3.76 a month; in month 48 3,800 / (1,010 + 6,000) = 0.54; payback 18."""
        p = clinic_projection(inputs(), financing=Financing(kind="lease", lease_money_factor=0.0025,
                                                            lease_residual_value=6_000))
        assert p.dscr[0, 1] == pytest.approx(3_800 / 1_010)
        assert (one(p.min_dscr), one(p.min_dscr_month)) == (pytest.approx(3_800 / 7_010), 48)
        assert one(p.full_cost_of_device) == pytest.approx(66_480)
        assert one(p.payback_months) == 18

    def test_function(self):
        """Operating [0, 500, -100] against payments [0, 250, 0]: DSCR 2 in month 1, none in month 2."""
        dscr, lowest, month = debt_service_coverage(np.array([[0.0, 500, -100]]), np.array([[0.0, 250, 0]]), [2])
        assert np.isnan(dscr[0, [0, 2]]).all() and dscr[0, 1] == 2.0
        assert (float(lowest[0]), float(month[0])) == (2.0, 1.0)


class TestOneRuleEverywhere:
    def test_same_payback_on_both_paths(self, shipped_tables):
        """Default settings: device_economics and clinic_projection give the same paybacks, loan paid off, DSCR and
        IRR, for W, L, T, S and every shipped device."""
        frames = [pd.DataFrame([W, {**W, "apr_pct": 8.0}, T, {**W, "sessions_per_month": 5.0}]),
                  shipped_tables.devices]
        for frame in frames:
            device = DeviceInputs.from_frame(frame, "USD")
            economics, projection = device_economics(device), clinic_projection(device)
            for name in ("payback_months", "cash_payback_months", "loan_paid_off_month", "min_dscr_month",
                         "full_cost_of_device", "min_dscr", "irr_annual_pct"):
                np.testing.assert_allclose(getattr(projection, name), getattr(economics, name), rtol=1e-9,
                                           equal_nan=True, err_msg=name)

    def test_ways_to_pay_move_payback_only_by_the_interest(self):
        """W's 60,000 device, operating cash 3,800 a month, paid five ways: cash, W's 0 % loan and a promo (full cost
        60,000, payback 16), an 8 % loan (+ 8,247.37 interest, 18), a lease (+ 6,480 lease charge, 18). Full cost
        - cost = the interest paid; payback = the first m with 3,800 m >= the full cost."""
        device = inputs(apr_pct=np.array([0.0, 0.0, 0.0, 8.0, 0.0]))
        financing = Financing(kind=np.array(["cash", "loan", "promo", "loan", "lease"]), lease_money_factor=0.0025,
                              lease_residual_value=np.array([0.0, 0.0, 0.0, 0.0, 6_000.0]))
        p = clinic_projection(device, financing=financing)
        interest = p.full_cost_of_device - p.cost_of_device
        np.testing.assert_allclose(interest, [0, 0, 0, 8_247.37, 6_480], atol=0.005)
        np.testing.assert_allclose(interest, p.total_interest, atol=1e-6)  # every term ends within the life
        np.testing.assert_array_equal(p.payback_months, [16, 16, 16, 18, 18])
        np.testing.assert_array_equal(p.payback_months, np.ceil(p.full_cost_of_device / 3_800 - 1e-12))
        np.testing.assert_array_equal(p.cash_payback_months, [16, 5, 5, 5, 5])

    def test_discounted_and_after_tax_use_the_same_rule(self):
        """Rate 0 % and no tax: discounted and after-tax paybacks equal the payback; at 8 % the discounted operating
        cash 3,800 / 1.006434^m sums to 57,599.43 in month 16 and 61,006.91 in month 17 -> 17."""
        p = clinic_projection(inputs(discount_rate_pct=np.array([0.0, 8.0])))
        np.testing.assert_array_equal(p.discounted_payback_months, [16, 17])
        np.testing.assert_array_equal(p.after_tax_payback_months, p.payback_months)

    def test_functions(self):
        """[0, 1,000 x 4] against 3,000 -> month 3; against 0 -> month 0; [-3,000, 1,000 x 4] cash -> 3; payments
        in months 1 and 2 of a 4-month life -> last month 2."""
        operating = np.array([[0.0, 1_000, 1_000, 1_000, 1_000]] * 2)
        assert full_cost_payback_months(operating, [3_000, 0], [4, 4]).tolist() == [3, 0]
        assert cash_payback_months(np.array([[-3_000.0, 1_000, 1_000, 1_000, 1_000]]), [4]).tolist() == [3]
        assert loan_paid_off_month(np.array([[0.0, 10, 10, 0, 0]]), [4]).tolist() == [2]


@st.composite
def financed_devices(draw):
    """A device (scalar inputs) with any way of paying, volume and loaded costs."""
    price = draw(st.integers(0, 2_000_000).map(float))
    kind = draw(st.sampled_from(["loan", "cash", "lease", "promo"]))
    down = price * draw(st.floats(0, 1))
    device = DeviceInputs(
        currency="USD", device_price=price, down_payment=down, residual_value=price * draw(st.floats(0, 1)),
        life_years=draw(st.floats(0.1, 10)), maintenance_per_year=draw(st.floats(0, 50_000)),
        apr_pct=draw(st.floats(0, 30)), term_months=float(draw(st.integers(1 if kind == "lease" else 0, 120))),
        consumables_per_session=draw(st.floats(0, 500)), other_per_session=0.0,
        minutes_per_session=draw(st.floats(1, 120)), hourly_rate=draw(st.floats(0, 100)),
        price_per_session=draw(st.floats(0, 3_000)), sessions_per_month=draw(st.floats(0, 200)),
        discount_rate_pct=draw(st.floats(0, 30)), hours_per_month=173.0)
    financing = Financing(kind=kind, balloon=max(price - down, 0) * draw(st.floats(0, 0.5)),
                          deferred_months=draw(st.integers(0, 6)), deferral_interest_accrues=draw(st.booleans()),
                          lease_apr_pct=draw(st.floats(0, 30)),
                          lease_residual_value=max(price - down, 0) * draw(st.floats(0, 1)),
                          lease_end=draw(st.sampled_from(["buy", "return"])))
    volume = VolumeProfile(ramp_months=draw(st.integers(0, 12)), no_show_pct=draw(st.floats(0, 50)))
    loaded = LoadedCosts(commission_pct=draw(st.floats(0, 30)), overhead_per_month=draw(st.floats(0, 5_000)),
                         wage_loading=draw(st.floats(1, 3)))
    return device, financing, volume, loaded


class TestProperties:
    @SETTINGS
    @given(financed_devices())
    def test_never_earlier_than_a_cash_purchase(self, case):
        """The full-cost payback of a financed device is never earlier than the same device bought for cash."""
        device, financing, volume, loaded = case
        p = clinic_projection(device, volume, financing, loaded=loaded)
        cash = clinic_projection(device, volume, Financing(kind="cash"), loaded=loaded)
        assert one(p.full_cost_of_device) >= one(cash.full_cost_of_device) * (1 - 1e-12)
        if not math.isnan(one(p.payback_months)):
            assert one(cash.payback_months) <= one(p.payback_months)

    @SETTINGS
    @given(financed_devices())
    def test_figures_are_finite_or_none(self, case):
        """Any case: every summary figure is a finite number, a text or None, never infinite."""
        device, financing, volume, loaded = case
        summary = clinic_projection(device, volume, financing, loaded=loaded).summary()
        assert all(v is None or isinstance(v, str) or math.isfinite(v) for v in summary.values())
        json.dumps(summary, allow_nan=False)


class TestBadInput:
    @pytest.mark.parametrize("overrides", [
        {"term_months": 360.0, "apr_pct": 12.0},  # a loan far longer than the life
        {"sessions_per_month": 0.0},  # no volume
        {"price_per_session": 30.0},  # a price under the variable cost (45)
        {"sessions_per_month": 0.0, "term_months": 360.0, "price_per_session": 0.0, "residual_value": 0.0},
    ])
    def test_finite_or_none(self, overrides):
        economics, projection = both(inputs(**overrides))
        for summary in (economics.summary(), projection.summary()):
            assert all(v is None or isinstance(v, str) or math.isfinite(v) for v in summary.values()), summary
            json.dumps(summary, allow_nan=False)
        assert np.isfinite(projection.cash_flows).all() and np.isfinite(economics.cash_flows).all()

    def test_no_open_day(self):
        """0 open days: no break-even a day (None), not infinity."""
        assert device_economics(inputs(open_days_per_month=0.0)).summary()["break_even_sessions_per_day"] is None


class TestPnl:
    def test_worked_example_w(self):
        """Month 1: 20 sessions, revenue 4,900, variable 900, maintenance 200, EBITDA 3,800, debt service 1,000,
        cash flow 2,800, cumulative -9,200; month 60: cash 3,800 + 6,000 resale; year 1: revenue 58,800,
        EBITDA 45,600, debt 12,000, cash flow 21,600; the last year ends at 174,000."""
        pnl = monthly_pnl(clinic_projection(inputs()))
        assert list(pnl.columns) == list(PNL_COLUMNS) and len(pnl) == 61
        assert pnl.iloc[1].tolist() == [1, 20, 4_900, 900, 0, 200, 3_800, 1_000, 2_800, -9_200]
        assert pnl.iloc[0][["revenue", "ebitda", "cash_flow"]].tolist() == [0, 0, -12_000]
        assert pnl.iloc[60][["debt_service", "cash_flow"]].tolist() == [0, 9_800]
        years = pnl_by_year(clinic_projection(inputs()))
        assert years["year"].tolist() == [1, 2, 3, 4, 5]
        assert years.iloc[0][["revenue", "ebitda", "debt_service", "cash_flow"]].tolist() == [
            58_800, 45_600, 12_000, 21_600]
        assert years["cumulative_cash"].iloc[-1] == pytest.approx(174_000)

    def test_overheads_and_reconciliation(self):
        """W with 10 % commission (24.50 a session) and 500 of overhead a month: overheads 20 x 24.50 + 500 = 990;
        EBITDA 3,800 - 990 = 2,810; every month revenue - costs = EBITDA and EBITDA - debt service = cash flow
        (month 0: the outlay; month 60: + the resale)."""
        p = clinic_projection(inputs(apr_pct=8.0, sessions_per_month=20.0),
                              volume=VolumeProfile(ramp_months=3, ramp_start_pct=25),
                              loaded=LoadedCosts(commission_pct=10, overhead_per_month=500))
        pnl = monthly_pnl(p)
        assert pnl.iloc[10]["overheads"] == pytest.approx(990) and pnl.iloc[10]["ebitda"] == pytest.approx(2_810)
        costs = pnl["variable_costs"] + pnl["overheads"] + pnl["maintenance"]
        np.testing.assert_allclose(pnl["revenue"] - costs, pnl["ebitda"], atol=1e-9)
        adjust = np.zeros(61)
        adjust[0], adjust[60] = -12_000, 6_000
        np.testing.assert_allclose(pnl["ebitda"] - pnl["debt_service"] + adjust, pnl["cash_flow"], atol=1e-9)
        np.testing.assert_allclose(pnl["cumulative_cash"], p.cumulative_cash[0], atol=1e-9)


def row_loaded(row) -> LoadedCosts:
    """LoadedCosts from a devices row's optional columns, by hand (empty: the default)."""
    names = {"commission_pct": 0.0, "card_fee_pct": 0.0, "room_cost_per_hour": 0.0, "room_minutes_per_session": None,
             "marketing_per_new_patient": 0.0, "sessions_per_patient": 1.0, "financing_fee_pct": 0.0,
             "wage_loading": 1.0, "physician_minutes_per_session": 0.0, "physician_hourly_rate": 0.0,
             "overhead_per_month": 0.0}
    return LoadedCosts(**{n: (default if n not in row or pd.isna(row[n]) else float(row[n]))
                          for n, default in names.items()})


def test_loaded_costs_from_a_devices_row():
    """The optional overhead columns of a row: an empty cell (NaN) or a missing column keeps the default."""
    loaded = LoadedCosts.from_mapping({"wage_loading": 1.3, "commission_pct": np.nan, "overhead_per_month": 2_000.0,
                                       "room_minutes_per_session": float("nan"), "device_price": 5.0})
    assert loaded == LoadedCosts(wage_loading=1.3, overhead_per_month=2_000.0)


class TestClinicCommand:
    def test_every_new_key_in_the_json(self, capsys):
        """W: payback 16, cash payback 5, loan paid off 48, DSCR 3.8 in month 1, IRR 1,138.73 %, break-even 6 / 22."""
        payload = run_json(capsys, W_ARGS)
        assert {k: payload[k] for k in ("payback_months", "cash_payback_months", "loan_paid_off_month",
                                        "min_dscr", "min_dscr_month", "full_cost_of_device")} == {
            "payback_months": 16, "cash_payback_months": 5, "loan_paid_off_month": 48, "min_dscr": 3.8,
            "min_dscr_month": 1, "full_cost_of_device": 60_000.0}
        assert payload["irr_annual_pct"] == pytest.approx(1_138.73295)
        assert payload["break_even_sessions_per_day"] == pytest.approx(6 / 22, abs=1e-6)
        assert run_json(capsys, [*W_ARGS, "--open-days-per-month", "24"])["break_even_sessions_per_day"] == 0.25

    @pytest.mark.parametrize("extra", [["--ramp-months", "0"], ["--no-show-pct", "0"], ["--financing", "loan"],
                                       ["--commission-pct", "0"], ["--overhead-per-month", "0"]])
    def test_a_no_op_projection_flag_keeps_the_paybacks(self, capsys, extra):
        plain, projected = run_json(capsys, W_ARGS), run_json(capsys, [*W_ARGS, *extra])
        for key in plain:
            assert projected[key] == pytest.approx(plain[key], rel=1e-9, abs=2e-6), key

    def test_overhead_flags(self, capsys):
        """W with 500 of overhead a month: operating 3,300 -> payback ceil(60,000 / 3,300 = 18.2) = 19; a 1.5 wage
        loading on 30 minutes at 40 adds 10 a session, a 2 % financing fee 4.90, 6 physician minutes at 100 an
        hour 10: margin 200 - 24.90 = 175.10."""
        assert run_json(capsys, [*W_ARGS, "--overhead-per-month", "500"])["payback_months"] == 19
        payload = run_json(capsys, [*W_ARGS, "--wage-loading", "1.5", "--financing-fee-pct", "2",
                                    "--physician-minutes", "6", "--physician-hourly-rate", "100"])
        assert payload["loaded_cost_per_session"] == pytest.approx(24.90)
        assert payload["contribution_margin"] == pytest.approx(175.10)

    @pytest.mark.parametrize("device_id", ["mn_pen", "co2"])
    def test_device_from_the_table(self, capsys, shipped_tables, device_id):
        """--device: every input of the row, its overhead columns included; the same as the core on those inputs."""
        row = shipped_tables.devices.set_index("device_id").loc[device_id]
        expected = device_economics(DeviceInputs.from_mapping(row), row_loaded(row)).summary()
        assert run_json(capsys, ["clinic", "--device", device_id]) == pytest.approx(expected)

    def test_a_flag_overrides_the_row(self, capsys, shipped_tables):
        row = shipped_tables.devices.set_index("device_id").loc["co2"]
        device = DeviceInputs.from_mapping(row).with_values(sessions_per_month=60.0, apr_pct=5.0)
        expected = device_economics(device, row_loaded(row)).summary()
        payload = run_json(capsys, ["clinic", "--device", "co2", "--sessions-per-month", "60", "--apr", "5"])
        assert payload == pytest.approx(expected)

    def test_ramp_zero_with_a_device(self, capsys):
        plain = run_json(capsys, ["clinic", "--device", "co2"])
        projected = run_json(capsys, ["clinic", "--device", "co2", "--ramp-months", "0"])
        assert projected["payback_months"] == plain["payback_months"]
        assert projected["cash_payback_months"] == plain["cash_payback_months"]

    def test_a_table_without_overhead_columns(self, capsys, tmp_path, raw_tables, write_tables):
        """--data with a devices table kept before the overhead columns: every overhead is its default."""
        overheads = ["wage_loading", "physician_minutes_per_session", "physician_hourly_rate",
                     "room_minutes_per_session", "room_cost_per_hour", "marketing_per_new_patient",
                     "sessions_per_patient", "commission_pct", "card_fee_pct", "financing_fee_pct",
                     "overhead_per_month"]
        raw_tables["devices"] = raw_tables["devices"].drop(columns=overheads, errors="ignore")
        folder = write_tables(tmp_path / "old", raw_tables)
        payload = run_json(capsys, ["clinic", "--device", "rf_mn", "--data", str(folder)])
        row = raw_tables["devices"].set_index("device_id").loc["rf_mn"]
        numbers = {k: float(v) for k, v in row.items() if k not in ("option_id", "name", "currency", "source",
                                                                     "year", "quality", "estimate", "note")}
        assert payload == pytest.approx(device_economics(DeviceInputs("USD", **numbers)).summary())

    def test_unknown_device(self, capsys):
        code, out, err = run(capsys, ["clinic", "--device", "nope"])
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and "unknown device 'nope'" in err and "co2" in err and "mn_pen" in err

    def test_flags_required_without_a_device(self, capsys):
        code, _, err = run(capsys, ["clinic", "--price", "300"])
        assert code == 2 and len(err.splitlines()) == 1
        assert "--device-price" in err and "--device ID" in err and "--price," not in err

    @pytest.mark.parametrize("flag, value", [("--wage-loading", "0.5"), ("--wage-loading", "4"),
                                             ("--financing-fee-pct", "120"), ("--physician-minutes", "-1"),
                                             ("--physician-hourly-rate", "-5"), ("--overhead-per-month", "-1"),
                                             ("--open-days-per-month", "0"), ("--open-days-per-month", "32")])
    def test_bad_new_flags(self, capsys, flag, value):
        code, out, err = run(capsys, [*W_ARGS, flag, value])
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and flag in err

    def test_bad_input_gives_null_not_an_error(self, capsys):
        """A loan longer than the life, no volume, a price under the variable cost: exit 0, figures or null."""
        args = list(W_ARGS)
        for flag, value in (("--term-months", "360"), ("--apr", "12"), ("--sessions-per-month", "0"),
                            ("--price", "30")):
            args[args.index(flag) + 1] = value
        payload = run_json(capsys, args)
        assert payload["payback_months"] is None and payload["irr_annual_pct"] is None
        assert payload["loan_paid_off_month"] == 60
