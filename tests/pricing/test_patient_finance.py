"""Specification of pricing.patient.financing: instalments at an APR and a deferred-interest 0 % promotion."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.finance import annuity_payment
from pricing.patient.financing import (CARECREDIT_MIN_PURCHASE_USD, CARECREDIT_STANDARD_APR_PCT, DeferredInterestPlan,
                                     InstalmentPlan, deferred_interest, deferred_interest_frame,
                                     deferred_interest_outcome, financing_table, instalment_payment, instalments,
                                     promo_minimum_payment)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestInstalments:
    def test_worked_example(self):
        """1,400 at 32.99 % over 12 months -> 138.55 a month, 1,662.59 in all, 262.59 interest."""
        plan = instalments(1400, InstalmentPlan(32.99, 12), "USD")
        assert plan.monthly_payment == pytest.approx(138.55, abs=0.005)
        assert plan.total_paid == pytest.approx(1662.59, abs=0.005)
        assert plan.interest == pytest.approx(262.59, abs=0.005)
        assert plan.summary()["finance_months"] == 12

    def test_same_annuity_as_the_clinic_loan(self):
        """README example: 100,000 at 8 % over 60 months pays 2,027.64; the same as pricing.clinic.device's loan payment."""
        assert instalment_payment(100_000, 8, 60)[0] == pytest.approx(2027.64, abs=0.005)
        assert instalment_payment([1400, 0], 32.99, 12) == pytest.approx(annuity_payment([1400, 0], 32.99, 12))

    @pytest.mark.parametrize("apr", [0.01, 5, 32.99, 100])
    def test_equals_numpy_financial_pmt(self, apr):
        assert instalment_payment(2500, apr, 18)[0] == pytest.approx(-npf.pmt(apr / 1200, 18, 2500), rel=1e-9)

    @pytest.mark.parametrize("apr", [1e-13, 1e-12, 1e-10])
    def test_tiny_apr_is_close_to_zero_apr(self, apr):
        """100,000 over 60 months: 1,666.67 at 0 %, and just above it at a tiny APR (no cancellation)."""
        assert instalment_payment(100_000, apr, 60)[0] == pytest.approx(100_000 / 60, rel=1e-9)
        assert instalment_payment(100_000, apr, 60)[0] >= 100_000 / 60 - 1e-9

    def test_zero_apr_cherry(self):
        """Cherry 0 % APR: 1,200 over 6 months = 200 a month, no interest."""
        plan = instalments(1200, InstalmentPlan(0, 6), "USD")
        assert (plan.monthly_payment, plan.total_paid, plan.interest) == (200.0, 1200.0, 0.0)

    @pytest.mark.parametrize("apr, months", [(-1, 12), (101, 12), (10, 0)])
    def test_invalid_plan(self, apr, months):
        with pytest.raises(ValueError):
            InstalmentPlan(apr, months)


class TestPromotion:
    @pytest.mark.parametrize("amount, months, payment", [
        (1400, 12, 116.67),   # 116.666... rounded up to the cent
        (1200, 12, 100.00),   # exact: no extra cent
        (300, 24, 30.00),     # 12.50 < the 30 floor
        (20, 6, 20.00),       # never more than the amount
        (0, 6, 0.00),
    ])
    def test_minimum_payment(self, amount, months, payment):
        assert promo_minimum_payment(amount, months, 30)[0] == pytest.approx(payment, abs=1e-9)

    def test_deferred_interest_example(self):
        """1,400 at 32.99 % for 12 months: 1,400 x ((1 + 0.3299 / 12)^12 - 1) = 538.51, the same as numpy-financial's
        future value less the principal."""
        assert deferred_interest(1400, 32.99, 12)[0] == pytest.approx(538.51, abs=0.005)
        assert deferred_interest(1400, 32.99, 12)[0] == pytest.approx(npf.fv(0.3299 / 12, 12, 0, -1400) - 1400)

    def test_cleared_at_the_minimum_payment(self):
        """1,400 over 12 months at 116.67 a month: cleared in time, no interest, 1,400 paid."""
        outcome = deferred_interest_outcome(1400, DeferredInterestPlan(12), "USD")
        assert outcome.cleared_in_time and outcome.eligible
        assert (outcome.monthly_payment, outcome.interest_charged, outcome.total_paid) == (116.67, 0.0, 1400.0)
        assert outcome.owed_at_promo_end == 0.0
        assert outcome.deferred_interest_if_late == pytest.approx(538.51, abs=0.005)

    def test_not_cleared_worked_example(self):
        """Paying 100 a month leaves 200 at month 12: 538.51 interest from the purchase date is charged, 738.51 owed,
        1,938.51 paid in all."""
        outcome = deferred_interest_outcome(1400, DeferredInterestPlan(12), "USD", monthly_payment=100)
        assert not outcome.cleared_in_time
        assert outcome.balance_at_promo_end == pytest.approx(200.0)
        assert outcome.interest_charged == pytest.approx(538.51, abs=0.005)
        assert outcome.owed_at_promo_end == pytest.approx(738.51, abs=0.005)
        assert outcome.total_paid == pytest.approx(1938.51, abs=0.005)

    def test_one_cent_short_is_not_cleared(self):
        outcome = deferred_interest_outcome(1200, DeferredInterestPlan(12), "USD", monthly_payment=99.99)
        assert not outcome.cleared_in_time and outcome.balance_at_promo_end == pytest.approx(0.12)

    def test_defaults_are_carecredit(self):
        plan = DeferredInterestPlan(12)
        assert (plan.apr_pct, plan.min_payment) == (CARECREDIT_STANDARD_APR_PCT, 30.0)

    def test_minimum_purchase(self):
        """CareCredit's promotion starts at 200 USD."""
        plan = DeferredInterestPlan(6, min_purchase=CARECREDIT_MIN_PURCHASE_USD)
        assert not deferred_interest_outcome(150, plan, "USD").eligible
        assert deferred_interest_outcome(200, plan, "USD").eligible

    @pytest.mark.parametrize("kwargs", [{"promo_months": 0}, {"promo_months": 6, "apr_pct": -1},
                                        {"promo_months": 6, "min_payment": -1}])
    def test_invalid_plan(self, kwargs):
        with pytest.raises(ValueError):
            DeferredInterestPlan(**kwargs)

    def test_negative_payment(self):
        with pytest.raises(ValueError):
            deferred_interest_outcome(100, DeferredInterestPlan(6), "USD", monthly_payment=-1)


class TestTable:
    def test_on_the_comparison(self, shipped_tables):
        rows = compare_courses(shipped_tables, ["US"], list(shipped_tables.options["option_id"]), "acne_scars",
                               PatientCosts("USD"), draws=200).rows
        table = financing_table(rows, InstalmentPlan(32.99, 12), DeferredInterestPlan(12))
        assert table.index.equals(rows.index)
        assert np.allclose(table["finance_monthly_payment"],
                           instalment_payment(rows["course_cost_typical"], 32.99, 12))
        assert (table["promo_total_paid"] == rows["course_cost_typical"]).all()
        assert not table.isna().any().any()
        assert list(financing_table(rows).columns) == []


amounts = st.integers(0, 5_000_000).map(lambda c: c / 100)
aprs = st.integers(0, 10_000).map(lambda b: b / 100)


class TestProperties:
    @SETTINGS
    @given(amounts, aprs, st.integers(1, 120))
    def test_instalments_pay_back_at_least_the_principal(self, amount, apr, months):
        plan = instalments(amount, InstalmentPlan(apr, months), "USD")
        assert np.isfinite([plan.monthly_payment, plan.total_paid, plan.interest]).all()
        assert plan.total_paid >= amount - 1e-6
        assert plan.interest >= -1e-6

    @SETTINGS
    @given(amounts, aprs, st.integers(1, 60), st.integers(0, 10_000), st.none() | amounts)
    def test_promotion_invariants(self, amount, apr, months, floor_cents, payment):
        plan = DeferredInterestPlan(months, apr, floor_cents / 100)
        outcome = deferred_interest_outcome(amount, plan, "USD", payment)
        values = [outcome.minimum_payment, outcome.monthly_payment, outcome.balance_at_promo_end,
                  outcome.deferred_interest_if_late, outcome.interest_charged, outcome.owed_at_promo_end,
                  outcome.total_paid]
        assert np.isfinite(values).all()
        assert outcome.total_paid >= amount - 1e-6
        if outcome.cleared_in_time:
            assert outcome.interest_charged == 0.0
            assert outcome.total_paid == pytest.approx(amount)
        else:
            assert outcome.interest_charged == outcome.deferred_interest_if_late
        if payment is None:
            assert outcome.cleared_in_time  # the minimum payment always clears in time

    @SETTINGS
    @given(st.lists(amounts, min_size=1, max_size=8), aprs, aprs, st.integers(1, 60), st.integers(1, 60))
    def test_deferred_interest_rises_with_apr_and_months(self, principal, apr_a, apr_b, months_a, months_b):
        low_apr, high_apr = sorted((apr_a, apr_b))
        short, long_ = sorted((months_a, months_b))
        assert (deferred_interest(principal, low_apr, short) <= deferred_interest(principal, high_apr, short)).all()
        assert (deferred_interest(principal, low_apr, short) <= deferred_interest(principal, low_apr, long_)).all()
        frame = deferred_interest_frame(principal, DeferredInterestPlan(short, high_apr))
        assert not frame.isna().any().any()
