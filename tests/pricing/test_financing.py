"""Specification of pricing.clinic.financing: cash, loan, lease, 0 % promotion, balloon, deferral, sales tax, refurbished.

Hand-worked examples (money in USD):
- L1 loan: 54,000 at 10 % over 48 months -> i = 0.10 / 12 = 0.0083333; 54,000 x i / (1 - 1.0083333^-48)
  = 1,369.58 a month (devices.md §5's worked loan).
- L2 balloon: the same with 10,000 left for month 48: (54,000 - 10,000 x 1.0083333^-48) x i / (1 - 1.0083333^-48)
  = (54,000 - 6,714.22) x 0.0253626 = 1,199.29 a month; finance cost 48 x 1,199.29 + 10,000 - 54,000 = 13,565.78.
- L3 deferral: 100,000 at 12 % (1 % a month), 3 months deferred with interest: balance 100,000 x 1.01^3
  = 103,030.10, repaid over 60 months from month 4 at 2,291.85; interest in months 1..4: 1,000, 1,010, 1,020.10,
  1,030.30. Interest waived: 2,224.44 a month from month 4, no interest in months 1..3.
- E1 lease: cost K = 100,000, residual R = 20,000, 36 months, MF = 6 / 2400 = 0.0025:
  80,000 / 36 = 2,222.22 + 120,000 x 0.0025 = 300 -> 2,522.22 a month; lease charge 36 x 300 = 10,800.
  Buy: + 20,000 in month 36, kept to the end of its 60-month life, resale 25,000. Return: ends after 36 months;
  paid 36 x 2,522.22 = 90,800 = (100,000 - 20,000) used up + 10,800.
- A1 acquisition: refurbished 45,000 + 7 % sales tax + 20,000 recertification = 68,150.
"""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.clinic.device import device_economics
from pricing.finance import annuity_payment
from pricing.clinic.financing import (Acquisition, Financing, cost_of_device, deferred_balance, financing_schedule,
                               lease_payment, money_factor)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one(x) -> float:
    arr = np.asarray(x)
    assert arr.shape == (1,)
    return float(arr[0])


class TestLoanPayment:
    def test_worked_loan(self):
        """L1: 1,369.58 a month."""
        assert one(annuity_payment(54_000, 10, 48)) == pytest.approx(1369.58, abs=0.005)

    def test_balloon(self):
        """L2: 1,199.29 a month with a 10,000 balloon; by hand from the formula."""
        i = 0.10 / 12
        by_hand = (54_000 - 10_000 * (1 + i) ** -48) * i / (1 - (1 + i) ** -48)
        assert one(annuity_payment(54_000, 10, 48, 10_000)) == pytest.approx(by_hand, rel=1e-12)
        assert by_hand == pytest.approx(1199.29, abs=0.005)

    def test_zero_apr_balloon(self):
        """APR 0: (12,000 - 2,400) / 24 = 400."""
        assert one(annuity_payment(12_000, 0, 24, 2_400)) == pytest.approx(400.0)

    def test_same_as_numpy_financial(self):
        """Without a balloon it is numpy-financial's pmt to 1e-10 at real rates (numpy-financial's own rounding
        reaches 7e-12 at 0.01 %), 0 where nothing is financed or the term is 0; with a balloon,
        -numpy_financial.pmt(i, n, P, fv=-B)."""
        financed = np.array([100_000.0, 5_000, 0, 54_000, 80_000])
        apr = np.array([8.0, 5, 8, 10, 0.01])
        term = np.array([60.0, 0, 60, 48, 360])
        by_npf = np.where((financed > 0) & (term > 0), -npf.pmt(apr / 1200, np.maximum(term, 1), financed), 0.0)
        np.testing.assert_allclose(annuity_payment(financed, apr, term), by_npf, rtol=1e-10)
        assert one(annuity_payment(12_000, 0, 24)) == pytest.approx(500.0)
        assert one(annuity_payment(54_000, 10, 48, 10_000)) == pytest.approx(-npf.pmt(0.1 / 12, 48, 54_000, -10_000),
                                                                         rel=1e-12)

    @pytest.mark.parametrize("apr", [1e-13, 1e-12, 1e-10, 1e-6])
    def test_tiny_rates_tend_to_the_zero_rate_payment(self, apr):
        """100,000 over 60 months: APR -> 0 gives 100,000 / 60 = 1,666.67 (numpy-financial's form gives inf at
        1e-13 % and 1,563.75 at 1e-12 %); the interest part is 100,000 x i x 61 / 2 / 60 to first order."""
        i = apr / 1200
        assert one(annuity_payment(100_000, apr, 60)) == pytest.approx(100_000 / 60 * (1 + i * 61 / 2), rel=1e-12)


class TestLeasePayment:
    def test_money_factor(self):
        """6 % APR / 2400 = 0.0025."""
        assert float(money_factor(6)) == pytest.approx(0.0025)

    def test_worked_lease(self):
        """E1: 2,222.22 depreciation part + 300 finance part = 2,522.22."""
        assert one(lease_payment(100_000, 20_000, 36, 0.0025)) == pytest.approx(2522.22, abs=0.005)


class TestDeferral:
    def test_accrues(self):
        """L3: 100,000 x 1.01^3 = 103,030.10."""
        assert one(deferred_balance(100_000, 0.01, 3, True)) == pytest.approx(103_030.10)

    def test_waived(self):
        assert one(deferred_balance(100_000, 0.01, 3, False)) == 100_000


class TestAcquisition:
    def test_cost_of_a_refurbished_unit(self):
        """A1: 45,000 x 1.07 + 20,000 = 68,150."""
        assert float(cost_of_device(45_000, 7, 20_000)) == pytest.approx(68_150)

    def test_fee_only_when_refurbished(self):
        with pytest.raises(ValueError, match="refurbished"):
            Acquisition(recertification_fee=20_000)

    @pytest.mark.parametrize("kwargs", [{"sales_tax_pct": -1}, {"sales_tax_pct": 101},
                                        {"refurbished": True, "refurbished_life_years": 0}])
    def test_rejects(self, kwargs):
        with pytest.raises(ValueError):
            Acquisition(**kwargs)


def schedule(cost=100_000.0, down=0.0, apr=12.0, term=60, life=120, residual=0.0, **financing):
    return financing_schedule(cost, down, apr, term, life, residual, Financing(**financing))


class TestSchedule:
    def test_default_loan_is_device_economics(self, device):
        """Defaults: the payments, month-0 outlay and interest of device_economics (8 % loan, 36 of 60 months)."""
        inputs = device(device_price=60_000, down_payment=12_000, apr_pct=8, term_months=36, life_years=5,
                        residual_value=6_000, discount_rate_pct=8)
        e = device_economics(inputs)
        s = schedule(60_000, 12_000, 8, 36, 60, 6_000)
        assert one(s.monthly_payment) == pytest.approx(one(e.monthly_payment), rel=1e-12)
        assert one(s.finance_cost) == pytest.approx(one(e.total_interest), rel=1e-12)
        assert one(s.month0_outlay) == 12_000
        np.testing.assert_allclose(s.payments[0, 1:37], one(e.monthly_payment))
        np.testing.assert_array_equal(s.payments[0, 37:], 0)
        assert s.kind[0] == "loan" and one(s.resale_value) == 6_000

    def test_deferral_with_interest(self):
        """L3: no payment in months 1..3, 2,291.85 in months 4..63; interest 1,000, 1,010, 1,020.10, 1,030.30."""
        s = schedule(deferred_months=3)
        np.testing.assert_array_equal(s.payments[0, :4], 0)
        np.testing.assert_allclose(s.payments[0, 4:64], 2291.8477, atol=1e-4)
        np.testing.assert_array_equal(s.payments[0, 64:], 0)
        np.testing.assert_allclose(s.interest[0, 1:5], [1000.0, 1010.0, 1020.10, 1030.301], atol=1e-6)
        assert one(s.finance_cost) == pytest.approx(60 * 2291.8476694 - 100_000, abs=1e-3)

    def test_deferral_interest_waived(self):
        """L3 waived: 2,224.44 from month 4; no interest in months 1..3, 1,000 in month 4."""
        s = schedule(deferred_months=3, deferral_interest_accrues=False)
        np.testing.assert_allclose(s.payments[0, 4:64], 2224.4448, atol=1e-4)
        np.testing.assert_allclose(s.interest[0, 1:5], [0, 0, 0, 1000.0], atol=1e-9)

    def test_balloon_in_the_last_month(self):
        """L2: 1,199.29 in months 1..47, 11,199.29 in month 48; finance cost 13,565.78."""
        s = schedule(54_000, 0, 10, 48, 60, balloon=10_000)
        np.testing.assert_allclose(s.payments[0, 1:48], 1199.287, atol=1e-3)
        assert s.payments[0, 48] == pytest.approx(11_199.287, abs=1e-3)
        assert one(s.finance_cost) == pytest.approx(13_565.78, abs=0.01)

    def test_interest_adds_up_to_the_finance_cost(self):
        """Interest month by month sums to n x payment + balloon - financed (life longer than the loan)."""
        s = schedule(54_000, 4_000, 10, 48, 72, balloon=10_000, deferred_months=2)
        assert s.interest.sum() == pytest.approx(one(s.finance_cost), rel=1e-9)

    def test_promo_is_zero_percent(self):
        """48,000 at a nominal 8 % on promo: 48,000 / 48 = 1,000, no finance cost."""
        s = schedule(60_000, 12_000, 8, 48, 60, kind="promo")
        assert one(s.monthly_payment) == pytest.approx(1000.0)
        assert one(s.finance_cost) == 0.0
        assert s.interest.sum() == 0.0

    def test_cash(self):
        """Cash: the whole cost in month 0 whatever the loan terms say; nothing financed."""
        s = schedule(68_150, 10_000, 10, 48, 36, kind="cash")
        assert (one(s.month0_outlay), one(s.financed), s.payments.sum()) == (68_150, 0, 0)
        assert s.kind[0] == "cash"

    def test_loan_without_term_is_cash(self):
        s = schedule(50_000, 5_000, 10, 0, 36)
        assert s.kind[0] == "cash" and one(s.month0_outlay) == 50_000

    def test_lease_buy(self):
        """E1 buy: 0 in month 0, 2,522.22 in months 1..35, + 20,000 in month 36, 60 months in use, resale 25,000."""
        s = schedule(100_000, 0, 0, 36, 60, 25_000, kind="lease", lease_money_factor=0.0025,
                     lease_residual_value=20_000)
        assert one(s.month0_outlay) == 0
        np.testing.assert_allclose(s.payments[0, 1:36], 2522.2222, atol=1e-4)
        assert s.payments[0, 36] == pytest.approx(22_522.2222, abs=1e-4)
        np.testing.assert_array_equal(s.payments[0, 37:], 0)
        assert (one(s.months_in_use), one(s.resale_value)) == (60, 25_000)
        assert one(s.finance_cost) == pytest.approx(10_800)
        assert one(s.used_up) == pytest.approx(75_000)
        assert s.interest.sum() == 0

    def test_lease_return(self):
        """E1 return: 36 months in use, no resale, paid 90,800 = 80,000 used up + 10,800."""
        s = schedule(100_000, 0, 0, 36, 60, 25_000, kind="lease", lease_apr_pct=6, lease_residual_value=20_000,
                     lease_end="return")
        assert (one(s.months_in_use), one(s.resale_value)) == (36, 0)
        assert s.payments.sum() == pytest.approx(90_800)
        assert one(s.used_up) + one(s.finance_cost) == pytest.approx(90_800)

    def test_lease_rate_from_the_device_apr(self):
        """No money factor and no lease APR: the device's APR / 2400 (6 % -> 0.0025 -> 2,522.22)."""
        s = schedule(100_000, 0, 6, 36, 60, kind="lease", lease_residual_value=20_000)
        assert one(s.monthly_payment) == pytest.approx(2522.2222, abs=1e-4)

    def test_lease_down_payment_reduces_the_capitalised_cost(self):
        """Down 10,000: K = 90,000 -> 70,000 / 36 + 110,000 x 0.0025 = 1,944.44 + 275 = 2,219.44."""
        s = schedule(100_000, 10_000, 6, 36, 60, kind="lease", lease_residual_value=20_000)
        assert one(s.month0_outlay) == 10_000
        assert one(s.monthly_payment) == pytest.approx(2219.4444, abs=1e-4)

    def test_vectorised_kinds(self):
        """Four kinds in one call equal four calls."""
        kinds = np.array(["loan", "cash", "lease", "promo"])
        many = financing_schedule(80_000, 8_000, 9, 48, 60, 10_000, Financing(kind=kinds, lease_residual_value=5_000))
        for k, kind in enumerate(kinds):
            single = schedule(80_000, 8_000, 9, 48, 60, 10_000, kind=str(kind), lease_residual_value=5_000)
            np.testing.assert_allclose(many.payments[k], single.payments[0], rtol=1e-12)
            assert many.finance_cost[k] == pytest.approx(one(single.finance_cost), rel=1e-12)

    @pytest.mark.parametrize("kwargs, args, message", [
        ({"kind": "lease"}, (100_000, 0, 6, 0, 60), "term"),
        ({"balloon": 200_000}, (100_000, 0, 6, 60, 60), "balloon"),
        ({"kind": "lease", "lease_residual_value": 200_000}, (100_000, 0, 6, 36, 60), "residual"),
        ({}, (100_000, 120_000, 6, 60, 60), "down payment"),
    ])
    def test_rejects(self, kwargs, args, message):
        with pytest.raises(ValueError, match=message):
            schedule(*args, **kwargs)

    @pytest.mark.parametrize("kwargs", [{"kind": "hire"}, {"lease_end": "keep"}, {"balloon": -1},
                                        {"lease_money_factor": -0.001}])
    def test_rejects_bad_settings(self, kwargs):
        with pytest.raises(ValueError):
            Financing(**kwargs)


money = st.integers(0, 50_000_000).map(lambda c: c / 100)


class TestProperties:
    @SETTINGS
    @given(st.floats(1_000, 500_000), st.floats(0, 1), st.integers(1, 84), st.floats(0, 0.01))
    def test_lease_payment_formula(self, cost, residual_share, term, mf):
        """n x payment = (K - R) + n x (K + R) x MF, and the lease charge is n x (K + R) x MF."""
        residual = cost * residual_share
        payment = one(lease_payment(cost, residual, term, mf))
        assert payment * term == pytest.approx(cost - residual + term * (cost + residual) * mf, rel=1e-9)
        s = schedule(cost, 0, 0, term, 120, kind="lease", lease_money_factor=mf, lease_residual_value=residual)
        assert one(s.finance_cost) == pytest.approx(term * (cost + residual) * mf, rel=1e-9, abs=1e-6)

    @SETTINGS
    @given(st.floats(1_000, 500_000), st.floats(0, 0.9), st.one_of(st.just(0.0), st.floats(0.5, 30)),
           st.integers(1, 120), st.integers(0, 6), st.booleans())
    def test_loan_repays_what_is_owed(self, financed, balloon_share, apr, term, deferred, accrues):
        """Discounted at the loan rate, the payments and balloon repay the balance after the deferral; the
        interest month by month adds up to the finance cost; nothing is NaN."""
        balloon = financed * balloon_share
        s = schedule(financed, 0, apr, term, term + deferred, balloon=balloon, deferred_months=deferred,
                     deferral_interest_accrues=accrues)
        assert np.isfinite(s.payments).all() and np.isfinite(s.interest).all()
        i = apr / 1200
        owed = financed * (1 + i) ** deferred if accrues else financed
        after = s.payments[0, deferred + 1:]
        pv = float(np.sum(after / (1 + i) ** np.arange(1, len(after) + 1)))
        assert pv == pytest.approx(owed, rel=1e-9)
        assert s.interest.sum() == pytest.approx(one(s.finance_cost), rel=1e-7, abs=1e-6)
        if apr > 0:
            assert one(s.monthly_payment) == pytest.approx(-npf.pmt(i, term, owed, -balloon), rel=1e-12)
