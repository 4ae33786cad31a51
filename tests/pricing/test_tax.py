"""Specification of pricing.clinic.tax: straight-line and MACRS depreciation, income tax, after-tax cash flow.

Worked example T (the module's): a 10,000 device paid cash, 2 years of life, resale 6,000; 10 sessions a month
at 100 with no variable cost -> operating profit 1,000 a month; 25 % income tax, 5-year MACRS.
  months 1..12: depreciation 10,000 x 20 % / 12 = 166.67 -> taxable 833.33, tax 208.33, after-tax cash 791.67
  months 13..24: 10,000 x 32 % / 12 = 266.67 -> taxable 733.33, tax 183.33
  month 24: sold for 6,000 against a remaining basis 10,000 - 5,200 = 4,800 -> gain 1,200 -> taxable 1,933.33,
  tax 483.33; pre-tax cash 1,000 + 6,000 = 7,000 -> after-tax 6,516.67.
  Total tax = 25 % x (24,000 - 5,200 + 1,200) = 5,000; straight-line ((10,000 - 6,000) / 24 = 166.67 a month,
  no gain) also gives 25 % x (24,000 - 4,000) = 5,000: the method moves tax between months, not the total.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.clinic.device import DeviceInputs
from pricing.clinic.financing import Financing, financing_schedule
from pricing.clinic.projection import clinic_projection
from pricing.clinic.tax import DEPRECIATION_METHODS, MACRS_HALF_YEAR_PCT, TaxSettings, depreciation_by_month, income_tax

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
T = {"device_price": 10_000.0, "residual_value": 6_000.0, "life_years": 2.0, "discount_rate_pct": 8.0}


class TestMacrsTables:
    @pytest.mark.parametrize("method", ["macrs5", "macrs7"])
    def test_rows_sum_to_one_hundred(self, method):
        assert sum(MACRS_HALF_YEAR_PCT[method]) == pytest.approx(100.0, abs=1e-9)

    def test_values_of_publication_946_table_a1(self):
        """IRS Pub 946 Table A-1, half-year convention (devices.md §7)."""
        np.testing.assert_array_equal(MACRS_HALF_YEAR_PCT["macrs5"], [20.00, 32.00, 19.20, 11.52, 11.52, 5.76])
        np.testing.assert_array_equal(MACRS_HALF_YEAR_PCT["macrs7"],
                                      [14.29, 24.49, 17.49, 12.49, 8.93, 8.92, 8.93, 4.46])


class TestDepreciationByMonth:
    def test_macrs5_first_two_years(self):
        """10,000: months 1..12 -> 166.67, months 13..24 -> 266.67, month 0 -> 0."""
        d = depreciation_by_month(10_000, 0, 72, "macrs5")
        assert d.shape == (1, 73) and d[0, 0] == 0
        np.testing.assert_allclose(d[0, 1:13], 10_000 * 0.20 / 12)
        np.testing.assert_allclose(d[0, 13:25], 10_000 * 0.32 / 12)

    @pytest.mark.parametrize("method, years", [("macrs5", 6), ("macrs7", 8)])
    def test_full_schedule_depreciates_the_whole_cost(self, method, years):
        """Over its 6 (or 8) tax years MACRS deducts the whole 10,000 (resale ignored), nothing after."""
        d = depreciation_by_month(10_000, 2_500, 12 * years + 24, method)
        assert d.sum() == pytest.approx(10_000)
        assert (d[0, 12 * years + 1:] == 0).all()

    def test_straight_line(self):
        """(10,000 - 1,000) / 60 = 150 a month in months 1..60."""
        d = depreciation_by_month(10_000, 1_000, 60, "straight")
        np.testing.assert_allclose(d[0, 1:], 150.0)

    def test_stops_at_the_months_in_use(self):
        """macrs7 over 18 months in use: 14.29 % / 12 x 12 months + 24.49 % / 12 x 6, then 0."""
        d = depreciation_by_month(12_000, 0, 18, "macrs7", n_months=30)
        assert d.sum() == pytest.approx(12_000 * (0.1429 + 0.2449 / 2))
        assert (d[0, 19:] == 0).all()

    def test_vectorised_methods(self):
        d = depreciation_by_month(np.array([12_000.0] * 4), 0, 60, np.array(DEPRECIATION_METHODS))
        np.testing.assert_allclose(d[:, 1], [200.0, 200.0, 12_000 * 0.1429 / 12, 1_000.0])

    def test_expensed_in_year_one(self):
        """Section 179 / 100 % bonus (US from 2025): 12,000 -> 1,000 a month in months 1..12, then nothing; the
        whole cost is deducted (resale ignored, as MACRS does)."""
        d = depreciation_by_month(12_000, 2_000, 60, "expense")
        assert d[0, 1:13].tolist() == [1_000.0] * 12 and (d[0, 13:] == 0).all() and d.sum() == 12_000


def test_income_tax():
    """833.33 at 25 % -> 208.33; a loss of -400 at 30 % -> a saving of -120."""
    np.testing.assert_allclose(income_tax(np.array([[833.33, -400]]), np.array([25.0, 30.0])[:1]),
                               [[208.3325, -100.0]])
    assert float(income_tax(-400, 30)) == pytest.approx(-120)


def worked(device, method="macrs5", rate=25.0, **overrides):
    return clinic_projection(device(**{**T, **overrides}), tax=TaxSettings(method, rate))


class TestWorkedExample:
    def test_year_one_and_two(self, device):
        """T: month 1 taxable 833.33, tax 208.33, after-tax 791.67; month 13 taxable 733.33, tax 183.33."""
        p = worked(device)
        assert p.taxable_income[0, 1] == pytest.approx(833.3333, abs=1e-4)
        assert p.income_tax[0, 1] == pytest.approx(208.3333, abs=1e-4)
        assert p.after_tax_cash_flows[0, 1] == pytest.approx(791.6667, abs=1e-4)
        assert p.income_tax[0, 13] == pytest.approx(183.3333, abs=1e-4)
        assert p.after_tax_cash_flows[0, 0] == -10_000

    def test_sale_at_the_end(self, device):
        """T month 24: gain 1,200 -> taxable 1,933.33, tax 483.33, after-tax cash 6,516.67."""
        p = worked(device)
        assert p.taxable_income[0, 24] == pytest.approx(1933.3333, abs=1e-4)
        assert p.after_tax_cash_flows[0, 24] == pytest.approx(6516.6667, abs=1e-4)

    def test_method_moves_tax_not_the_total(self, device):
        """T: 5,000 of tax in all with MACRS 5, MACRS 7 and straight-line."""
        for method in DEPRECIATION_METHODS:
            assert float(worked(device, method).income_tax_total[0]) == pytest.approx(5_000), method

    def test_no_tax_rate_changes_nothing(self, device):
        """Rate 0 (the default): after-tax flows, NPV, ROI and paybacks equal the pre-tax ones exactly."""
        p = worked(device, "macrs7", 0.0)
        np.testing.assert_array_equal(p.after_tax_cash_flows, p.cash_flows)
        assert (p.after_tax_npv, p.after_tax_roi) == (p.npv, p.roi)
        assert p.after_tax_payback_months[0] == p.payback_months[0]


class TestFinancingInTheTaxView:
    def test_loan_interest_is_deducted(self, device):
        """Loan of 10,000 at 12 %, 24 months, straight-line: taxable = 1,000 - 166.67 - interest;
        month 1 interest = 10,000 x 1 % = 100 -> taxable 733.33."""
        p = worked(device, "straight", 30.0, apr_pct=12, term_months=24)
        assert p.taxable_income[0, 1] == pytest.approx(1_000 - 4_000 / 24 - 100, abs=1e-9)
        assert p.income_tax[0, 1] == pytest.approx(0.3 * (1_000 - 4_000 / 24 - 100), abs=1e-9)

    def test_lease_payments_are_deducted(self, device):
        """Lease K = 10,000, R = 2,000, 12 months, MF 0.0025, returned: payment 8,000 / 12 + 12,000 x 0.0025
        = 696.67; taxable = 1,000 - 696.67 = 303.33 each month; no depreciation."""
        p = clinic_projection(device(**{**T, "term_months": 12}), tax=TaxSettings("macrs5", 25),
                              financing=Financing(kind="lease", lease_money_factor=0.0025, lease_residual_value=2_000,
                                                  lease_end="return"))
        np.testing.assert_allclose(p.taxable_income[0, 1:13], 1_000 - (8_000 / 12 + 30), atol=1e-9)
        assert p.tax_depreciation.sum() == 0

    def test_lease_down_payment_is_deducted_in_month_zero(self, device):
        """Down payment 1,000 on a lease at 20 %: taxable -1,000 in month 0, a saving of 200."""
        p = clinic_projection(device(**{**T, "term_months": 12, "down_payment": 1_000}),
                              tax=TaxSettings("straight", 20), financing=Financing(kind="lease",
                                                                                   lease_money_factor=0.0025))
        assert p.taxable_income[0, 0] == -1_000 and p.income_tax[0, 0] == pytest.approx(-200)


def test_settings_validation():
    with pytest.raises(ValueError, match="depreciation"):
        TaxSettings("macrs3")
    with pytest.raises(ValueError, match="income_tax_rate_pct"):
        TaxSettings("straight", 120)


@st.composite
def profitable(draw):
    """A clearly profitable clinic: operating profit >= 20 x 400 - 1,000 = 7,000 a month against at most
    50,000 x 32 % / 12 = 1,333 of depreciation and 50,000 x 30 % / 12 = 1,250 of interest; life 8-15 years, so
    MACRS is complete and the sale is a gain."""
    price = draw(st.floats(1_000, 50_000))
    return {
        "device_price": price, "down_payment": price * draw(st.floats(0, 1)), "residual_value": price
        * draw(st.floats(0, 0.5)), "life_years": float(draw(st.integers(8, 15))),
        "maintenance_per_year": draw(st.floats(0, 12_000)), "apr_pct": draw(st.floats(0, 30)),
        "term_months": float(draw(st.integers(0, 96))), "consumables_per_session": draw(st.floats(0, 50)),
        "other_per_session": 0.0, "minutes_per_session": 60.0, "hourly_rate": draw(st.floats(0, 50)),
        "price_per_session": draw(st.floats(500, 2_000)), "sessions_per_month": draw(st.floats(20, 100)),
        "discount_rate_pct": draw(st.floats(0.01, 30)), "hours_per_month": 173.0,
    }


class TestProperties:
    @SETTINGS
    @given(profitable(), st.sampled_from(DEPRECIATION_METHODS), st.floats(0.5, 60))
    def test_after_tax_npv_is_at_most_pre_tax_when_profitable(self, values, method, rate):
        """Rate > 0 and taxable profit in every month: each month's tax >= 0, so after-tax NPV <= pre-tax NPV."""
        p = clinic_projection(DeviceInputs(currency="USD", **values), tax=TaxSettings(method, rate))
        assert (p.taxable_income[0, 1:int(p.life_months[0]) + 1] > 0).all()
        assert float(p.after_tax_npv[0]) <= float(p.npv[0]) + 1e-9
        assert float(p.after_tax_npv[0]) < float(p.npv[0])

    @SETTINGS
    @given(profitable(), st.sampled_from(DEPRECIATION_METHODS), st.floats(0.5, 60))
    def test_total_tax_is_rate_times_total_profit(self, values, method, rate):
        """Summed over the life, tax = rate x (operating profit - (cost - resale) - interest), whatever method."""
        p = clinic_projection(DeviceInputs(currency="USD", **values), tax=TaxSettings(method, rate))
        s = financing_schedule(values["device_price"], values["down_payment"], values["apr_pct"],
                               values["term_months"], p.life_months, values["residual_value"])
        operating = p.sessions.sum() * float(p.contribution_margin[0]) - values["maintenance_per_year"] / 12 * float(
            p.life_months[0])
        profit = operating - (values["device_price"] - values["residual_value"]) - s.interest.sum()
        assert float(p.income_tax_total[0]) == pytest.approx(rate / 100 * profit, rel=1e-9, abs=1e-6)
