"""Specification of pricing.clinic.device: clinic device economics, against hand-worked examples.

Worked example W (used by several tests; every figure below is worked by hand):
  device 60,000, down payment 12,000 -> financed 48,000 at APR 0 over 48 months -> payment 1,000/month;
  residual 6,000 after 5 years (60 months); maintenance 2,400/year = 200/month;
  consumables 20 + other 5 + 30 min at 40/hour (= 20) -> variable cost 45 per session;
  price 245 -> contribution margin 200; 20 sessions/month; 40 device hours/month.
  depreciation = (60,000 - 6,000) / 60 = 900; interest = 0; fixed = 900 + 0 + 200 = 1,100/month;
  full cost = 45 + 1,100 / 20 = 100; break-even = ceil(1,100 / 200) = ceil(5.5) = 6;
  cash flow: month 0 = -12,000; months 1..48 = 20 x 200 - 200 - 1,000 = 2,800; months 49..60 = 3,800;
  month 60 also + 6,000 residual = 9,800. Cumulative: -800 at month 4, +2,000 at month 5 -> cash payback 5.
  Operating cash (before the loan) 20 x 200 - 200 = 3,800 a month; full cost 60,000 (the loan is at 0 %):
  15 x 3,800 = 57,000, 16 x 3,800 = 60,800 -> payback (full cost) month 16. Last payment month 48; DSCR
  3,800 / 1,000 = 3.8; break-even 6 / 22 open days = 0.27 a day.
  sum of flows = -12,000 + 48 x 2,800 + 12 x 3,800 + 6,000 = 174,000 -> ROI = 174,000 / 60,000 = 2.9;
  NPV at 0 % = 174,000. utilisation = 20 x 30 / 60 / 40 = 0.25.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import numpy_financial as npf
import pytest

from pricing.clinic.device import DeviceInputs, device_economics
from pricing.finance import annuity_payment

WORKED = {
    "device_price": 60_000.0, "down_payment": 12_000.0, "residual_value": 6_000.0, "life_years": 5.0,
    "maintenance_per_year": 2_400.0, "apr_pct": 0.0, "term_months": 48.0, "consumables_per_session": 20.0,
    "other_per_session": 5.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 245.0,
    "sessions_per_month": 20.0, "discount_rate_pct": 0.0, "hours_per_month": 40.0,
}


@pytest.fixture
def worked(device):
    return device_economics(device(**WORKED))


def one(x) -> float:
    arr = np.asarray(x)
    assert arr.shape == (1,)
    return float(arr[0])


class TestLoanPayment:
    def test_eight_percent_over_sixty_months(self):
        """100,000 at 8 % APR over 60 months: r = 0.08 / 12 = 0.006667;
        payment = P r / (1 - (1 + r)^-60) = 100,000 x 0.006667 / (1 - 0.671210) = 2,027.64 a month;
        numpy_financial.pmt agrees."""
        payment = one(annuity_payment(100_000, 8, 60))
        r = 0.08 / 12
        by_hand = 100_000 * r / (1 - (1 + r) ** -60)
        assert payment == pytest.approx(2027.64, abs=0.005)
        assert payment == pytest.approx(by_hand, rel=1e-12)
        assert payment == pytest.approx(-npf.pmt(r, 60, 100_000), rel=1e-12)

    def test_zero_apr_is_financed_over_term(self):
        """APR 0: 12,000 / 24 months = 500 a month."""
        assert one(annuity_payment(12_000, 0, 24)) == pytest.approx(500.0)

    @pytest.mark.parametrize("financed, apr, term", [(10_000, 8, 0), (0, 8, 60), (0, 0, 0)])
    def test_no_term_or_nothing_financed_pays_nothing(self, financed, apr, term):
        """Term 0 or nothing financed: payment 0 (and no division by a zero term)."""
        assert one(annuity_payment(financed, apr, term)) == 0.0

    @pytest.mark.parametrize("apr", [1e-13, 1e-12, 1e-10])
    def test_tiny_apr_is_close_to_zero_apr(self, apr):
        """APR -> 0 must tend to the 0 % payment 100,000 / 60 = 1,666.67 (and stay finite)."""
        assert one(annuity_payment(100_000, apr, 60)) == pytest.approx(100_000 / 60, rel=1e-6)

    def test_vectorised(self):
        """[100,000 @ 8 % / 60, 12,000 @ 0 % / 24, 5,000 @ 5 % / 0] -> [2,027.64, 500, 0]."""
        out = annuity_payment(np.array([100_000, 12_000, 5_000]), np.array([8, 0, 5]), np.array([60, 24, 0]))
        np.testing.assert_allclose(out, [2027.6394288, 500.0, 0.0], rtol=1e-9)


class TestCostsPerSessionAndMonth:
    def test_total_interest(self, device):
        """110,000 device, 10,000 down -> 100,000 at 8 % over 60 months: 2,027.6394 x 60 = 121,658.37
        paid -> total interest 21,658.37; spread over 60 months of life = 360.97 a month."""
        e = device_economics(device(device_price=110_000, down_payment=10_000, apr_pct=8, term_months=60,
                                    life_years=5))
        assert one(e.monthly_payment) == pytest.approx(2027.64, abs=0.005)
        assert one(e.total_interest) == pytest.approx(2027.6394288 * 60 - 100_000, rel=1e-9)
        assert one(e.total_interest) == pytest.approx(21_658.37, abs=0.01)
        assert one(e.interest_per_month) == pytest.approx(21_658.37 / 60, abs=0.001)

    def test_no_interest_without_apr(self, worked):
        """Worked example W: APR 0 -> payment 48,000 / 48 = 1,000, total interest 0."""
        assert one(worked.monthly_payment) == pytest.approx(1000.0)
        assert one(worked.total_interest) == pytest.approx(0.0, abs=1e-9)

    def test_depreciation(self, worked):
        """W: (60,000 - 6,000) / (5 x 12) = 900 a month."""
        assert one(worked.depreciation_per_month) == pytest.approx(900.0)

    def test_depreciation_spreads_over_whole_months_of_life(self, device):
        """Life 1.04 years = 12.48 months, rounded to the 12 months the cash flow runs: 12,000 / 12 = 1,000."""
        e = device_economics(device(life_years=1.04))
        assert one(e.depreciation_per_month) == pytest.approx(12_000 / 12)

    def test_variable_cost(self, worked):
        """W: consumables 20 + other 5 + 30 / 60 x 40 = 20 labour -> 45 per session."""
        assert one(worked.variable_cost_per_session) == pytest.approx(45.0)
        assert one(worked.labour_per_session) == pytest.approx(20.0)
        assert one(worked.consumables_per_session) == pytest.approx(25.0)

    def test_fixed_cost(self, worked, device):
        """W: 900 depreciation + 0 interest + 2,400 / 12 = 200 maintenance = 1,100 a month.
        With the 8 % loan (110,000 device, no residual, 5 years): 110,000 / 60 = 1,833.33
        + 21,658.37 / 60 = 360.97 + 200 = 2,394.31."""
        assert one(worked.fixed_cost_per_month) == pytest.approx(1100.0)
        assert one(worked.maintenance_per_month) == pytest.approx(200.0)
        loan = device_economics(device(**{**WORKED, "device_price": 110_000, "down_payment": 10_000,
                                          "residual_value": 0, "apr_pct": 8, "term_months": 60}))
        assert one(loan.fixed_cost_per_month) == pytest.approx(2394.31, abs=0.005)

    def test_full_cost_per_session(self, worked):
        """W: 45 + 1,100 / 20 = 100 per session."""
        assert one(worked.full_cost_per_session) == pytest.approx(100.0)

    def test_full_cost_with_no_sessions_is_none(self, device):
        """0 sessions a month: no full cost per session (NaN, None in summary), not a ZeroDivisionError."""
        e = device_economics(device(sessions_per_month=0))
        assert math.isnan(one(e.full_cost_per_session))
        assert e.summary()["full_cost_per_session"] is None

    def test_contribution_margin_and_monthly_profit(self, worked):
        """W: 245 - 45 = 200 per session; profit = 20 x 200 - 1,100 = 2,900 a month."""
        assert one(worked.contribution_margin) == pytest.approx(200.0)
        assert one(worked.monthly_profit) == pytest.approx(2900.0)


class TestBreakEven:
    def test_rounds_up(self, worked):
        """W: ceil(1,100 / 200) = ceil(5.5) = 6 sessions a month."""
        assert one(worked.break_even_sessions_per_month) == 6
        assert worked.summary()["break_even_sessions_per_month"] == 6

    def test_exact_quotient_is_not_rounded_up(self, device):
        """Simple device: fixed 12,000 / 12 = 1,000, margin 100 -> exactly 10 (not 11)."""
        e = device_economics(device())
        assert one(e.break_even_sessions_per_month) == 10

    @pytest.mark.parametrize("price", [45.0, 30.0])
    def test_none_when_margin_not_positive(self, device, price):
        """W with price 45 (margin 0) or 30 (margin -15): no break-even -> NaN, None in summary; no
        ZeroDivisionError and no numpy warning."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            e = device_economics(device(**{**WORKED, "price_per_session": price, "discount_rate_pct": 8}))
        assert math.isnan(one(e.break_even_sessions_per_month))
        summary = e.summary()
        assert summary["break_even_sessions_per_month"] is None
        assert summary["contribution_margin"] == pytest.approx(price - 45)


class TestCashFlow:
    def test_month_zero_is_down_payment_when_financed(self, worked):
        """W is financed (48,000 over 48 months): month 0 = -12,000, the down payment."""
        assert worked.cash_flows[0, 0] == pytest.approx(-12_000)

    def test_month_zero_is_device_price_when_not_financed(self, device):
        """Simple device, no loan: month 0 = -12,000, the device price."""
        assert device_economics(device()).cash_flows[0, 0] == pytest.approx(-12_000)

    def test_month_zero_is_device_price_when_term_is_zero(self, device):
        """Down payment 2,000 but term 0: nothing is financed, month 0 = -12,000 (the whole price)."""
        e = device_economics(device(down_payment=2_000, apr_pct=8, term_months=0))
        assert e.cash_flows[0, 0] == pytest.approx(-12_000)
        assert one(e.monthly_payment) == 0.0

    def test_payments_stop_after_the_term(self, worked):
        """W: months 1..48 = 20 x 200 - 200 - 1,000 = 2,800; months 49..59 = 3,800 (no payment)."""
        flows = worked.cash_flows[0]
        np.testing.assert_allclose(flows[1:49], 2800.0)
        np.testing.assert_allclose(flows[49:60], 3800.0)
        assert flows[49] - flows[48] == pytest.approx(one(worked.monthly_payment))

    def test_residual_in_the_last_month(self, worked):
        """W: month 60 = 3,800 + 6,000 residual = 9,800; the row has months 0..60 only."""
        flows = worked.cash_flows[0]
        assert len(flows) == 61
        assert one(worked.life_months) == 60
        assert flows[60] == pytest.approx(9800.0)
        assert flows[60] - flows[59] == pytest.approx(6000.0)

    def test_simple_cash_flow_row(self, device):
        """Simple device: [-12,000, then 12 x (10 x 100 - 0) = 1,000]."""
        np.testing.assert_allclose(device_economics(device()).cash_flows[0], [-12_000] + [1_000] * 12)


class TestPayback:
    def test_pays_back_in_the_last_month(self, device):
        """Price 12,000, no loan, life 1 year, operating 10 x 100 = 1,000 a month:
        cumulative -12,000 + 1,000 m reaches 0 at m = 12 -> payback month 12."""
        e = device_economics(device())
        assert one(e.payback_months) == 12
        assert e.summary()["payback_months"] == 12

    def test_never_pays_back(self, device):
        """Same with 9 sessions (900 a month): -12,000 + 12 x 900 = -1,200 < 0 -> no payback (None)."""
        e = device_economics(device(sessions_per_month=9))
        assert math.isnan(one(e.payback_months))
        assert e.summary()["payback_months"] is None

    def test_worked_example(self, worked):
        """W: cumulative -12,000 + 2,800 m: month 4 = -800, month 5 = +2,000 -> cash payback 5; operating cash
        3,800 m reaches the full cost 60,000 in month 16 (57,000 in month 15) -> payback 16."""
        assert one(worked.cash_payback_months) == 5
        np.testing.assert_allclose(worked.cumulative_cash[0, 4:6], [-800.0, 2000.0])
        assert one(worked.full_cost_of_device) == 60_000
        np.testing.assert_allclose(np.cumsum(worked.operating_cash_flows[0])[[15, 16]], [57_000, 60_800])
        assert one(worked.payback_months) == 16


class TestNpvRoi:
    def test_npv_at_zero_rate_is_the_sum_of_flows(self, worked):
        """W at 0 %: NPV = -12,000 + 48 x 2,800 + 12 x 3,800 + 6,000 = 174,000."""
        assert one(worked.npv) == pytest.approx(174_000.0)

    @pytest.mark.parametrize("rate", [8.0, 25.0])
    def test_npv_equals_explicit_discounted_sum(self, device, rate):
        """NPV = sum over m of flow[m] / (1 + i)^m with monthly i = (1 + r)^(1/12) - 1, e.g.
        r = 8 % -> i = 1.08^(1/12) - 1 = 0.006434; checked for W and for a loan longer than W's."""
        i = (1 + rate / 100) ** (1 / 12) - 1
        for values in (WORKED, {**WORKED, "apr_pct": 9.5, "term_months": 36, "residual_value": 0.0}):
            e = device_economics(device(**{**values, "discount_rate_pct": rate}))
            flows = e.cash_flows[0]
            explicit = sum(f / (1 + i) ** m for m, f in enumerate(flows))
            assert one(e.npv) == pytest.approx(explicit, rel=1e-9)

    def test_npv_at_eight_percent_is_less_than_undiscounted(self, device):
        """W at 8 %: i = 0.006434; NPV = 139,551.52 (< 174,000: later money is worth less)."""
        e = device_economics(device(**{**WORKED, "discount_rate_pct": 8}))
        assert one(e.npv) == pytest.approx(139_551.52, abs=0.01)

    def test_roi(self, worked, device):
        """W: 174,000 / 60,000 = 2.9. Simple device with 9 sessions: (-12,000 + 10,800) / 12,000 = -0.1."""
        assert one(worked.roi) == pytest.approx(2.9)
        assert one(device_economics(device(sessions_per_month=9)).roi) == pytest.approx(-0.1)

    def test_roi_of_a_free_device_is_none(self, device):
        """Device price 0: ROI would divide by 0 -> None; payback at month 0 and break-even 0."""
        summary = device_economics(device(device_price=0)).summary()
        assert summary["roi"] is None
        assert summary["payback_months"] == 0
        assert summary["break_even_sessions_per_month"] == 0

    def test_zero_discount_rate_emits_no_warning(self, device):
        """Discount rate 0 % is valid input: no RuntimeWarning (the CLI would print it on stderr)."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            device_economics(device(discount_rate_pct=0))


class TestUtilisation:
    def test_utilisation(self, worked):
        """W: 20 sessions x 30 min / 60 = 10 hours of 40 -> 0.25."""
        assert one(worked.utilisation) == pytest.approx(0.25)

    def test_over_one_hundred_percent(self, device):
        """200 sessions x 60 min = 200 hours of 100 available -> 2.0 (200 %), reported, not clipped."""
        e = device_economics(device(sessions_per_month=200))
        assert one(e.utilisation) == pytest.approx(2.0)
        assert e.summary()["utilisation"] == pytest.approx(2.0)


class TestSummary:
    def test_keys_and_values(self, worked):
        """W's summary holds the CLI's figures, rounded to 6 decimals, currency first."""
        assert worked.summary() == {
            "currency": "USD", "monthly_payment": 1000.0, "total_interest": 0.0, "depreciation_per_month": 900.0,
            "variable_cost_per_session": 45.0, "fixed_cost_per_month": 1100.0, "full_cost_per_session": 100.0,
            "contribution_margin": 200.0, "break_even_sessions_per_month": 6, "payback_months": 16,
            "npv": 174_000.0, "roi": 2.9, "utilisation": 0.25, "full_cost_of_device": 60_000.0,
            "cash_payback_months": 5, "loan_paid_off_month": 48, "irr_annual_pct": 1138.73295, "min_dscr": 3.8,
            "min_dscr_month": 1, "break_even_sessions_per_day": 0.272727,
        }

    def test_from_mapping_reads_a_devices_row(self, shipped_tables):
        """The shipped rf_mn row: 100,000 device, 10,000 down, 25,000 residual, 5 years:
        depreciation = 75,000 / 60 = 1,250; variable = 260 + 0 + 35 / 60 x 39.05 = 282.78."""
        row = shipped_tables.devices.set_index("device_id").loc["rf_mn"]
        e = device_economics(DeviceInputs.from_mapping(row.to_dict()))
        assert e.currency == "USD"
        assert one(e.depreciation_per_month) == pytest.approx(1250.0)
        assert one(e.variable_cost_per_session) == pytest.approx(260 + 35 / 60 * 39.05)


class TestVectorised:
    def test_arrays_give_the_same_results_as_scalar_calls(self, device):
        """Four scenarios at once (different prices, volumes, lives, loans) equal four scalar calls,
        field by field; cash-flow rows are padded with 0 after a shorter life."""
        columns = {
            "price_per_session": np.array([80.0, 100.0, 150.0, 245.0]),
            "sessions_per_month": np.array([5.0, 10.0, 20.0, 0.0]),
            "life_years": np.array([1.0, 2.0, 0.5, 5.0]),
            "down_payment": np.array([0.0, 2_000.0, 1_000.0, 12_000.0]),
            "apr_pct": np.array([0.0, 8.0, 12.0, 0.0]),
            "term_months": np.array([0.0, 36.0, 12.0, 48.0]),
            "residual_value": np.array([0.0, 1_000.0, 500.0, 6_000.0]),
            "discount_rate_pct": np.array([5.0, 8.0, 0.5, 10.0]),
        }
        many = device_economics(device(**columns))
        scalar_fields = ("monthly_payment", "total_interest", "depreciation_per_month", "variable_cost_per_session",
                         "fixed_cost_per_month", "full_cost_per_session", "contribution_margin", "monthly_profit",
                         "break_even_sessions_per_month", "payback_months", "cash_payback_months",
                         "loan_paid_off_month", "min_dscr", "min_dscr_month", "full_cost_of_device",
                         "break_even_sessions_per_day", "irr_annual_pct", "npv", "roi", "utilisation",
                         "life_months")
        for k in range(4):
            single = device_economics(device(**{name: float(values[k]) for name, values in columns.items()}))
            for name in scalar_fields:
                np.testing.assert_allclose(getattr(many, name)[k], getattr(single, name)[0], rtol=1e-12,
                                           equal_nan=True, err_msg=f"{name} of scenario {k}")
            life = int(single.life_months[0])
            np.testing.assert_allclose(many.cash_flows[k, :life + 1], single.cash_flows[0], rtol=1e-12)
            assert (many.cash_flows[k, life + 1:] == 0).all()
            assert np.isnan(many.cumulative_cash[k, life + 1:]).all()
            assert many.summary(k) == single.summary()

    def test_scalar_broadcast_against_array(self, device):
        """One array input broadcasts the scalars: prices [100, 200] with 10 sessions -> margins [100, 200]."""
        e = device_economics(device(price_per_session=np.array([100.0, 200.0])))
        np.testing.assert_allclose(e.contribution_margin, [100.0, 200.0])
        np.testing.assert_allclose(e.monthly_profit, [0.0, 1000.0])
