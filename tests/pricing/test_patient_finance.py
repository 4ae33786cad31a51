"""Specification of pricing.patient.financing (instalments at an APR, a deferred-interest 0 % promotion whose
interest accrues on the balance as it is paid down, each region's own kind of plan) and of a region's extras and
tax (pricing.patient.course.region_extras)."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.finance import annuity_payment
from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts, region_extras, region_extras_table
from pricing.tables.validation import region_financing_problems
from pricing.patient.financing import (
    APR_WARNING,
    CARECREDIT_MIN_PURCHASE_USD,
    CARECREDIT_STANDARD_APR_PCT,
    DeferredInterestPlan,
    InstalmentPlan,
    deferred_interest,
    deferred_interest_frame,
    deferred_interest_outcome,
    financing_table,
    instalment_payment,
    instalments,
    minimum_payment_warning,
    promo_balance_sum,
    promo_minimum_payment,
    region_financing,
)

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
        """README example: 100,000 at 8 % over 60 months pays 2,027.64, as pricing.clinic.device's loan payment."""
        assert instalment_payment(100_000, 8, 60)[0] == pytest.approx(2027.64, abs=0.005)
        assert instalment_payment([1400, 0], 32.99, 12) == pytest.approx(annuity_payment([1400, 0], 32.99, 12))

    @pytest.mark.parametrize("apr", [0.01, 5, 29.99, 100])
    def test_equals_numpy_financial_pmt(self, apr):
        assert instalment_payment(2500, apr, 18)[0] == pytest.approx(-npf.pmt(apr / 1200, 18, 2500), rel=1e-9)

    @pytest.mark.parametrize("apr", [1e-13, 1e-12, 1e-10])
    def test_tiny_apr_is_close_to_zero_apr(self, apr):
        """100,000 over 60 months: 1,666.67 at 0 %, and just above it at a tiny APR (no cancellation)."""
        assert instalment_payment(100_000, apr, 60)[0] == pytest.approx(100_000 / 60, rel=1e-9)
        assert instalment_payment(100_000, apr, 60)[0] >= 100_000 / 60 - 1e-9

    def test_uk_interest_free_instalments(self):
        """The UK's 0 % plan (prices.md §8): a 600 GBP laser course as 6 x 100 GBP, no interest."""
        plan = instalments(600, InstalmentPlan(0, 6), "GBP")
        assert (plan.monthly_payment, plan.total_paid, plan.interest) == (100.0, 600.0, 0.0)

    @pytest.mark.parametrize("apr, months", [(-1, 12), (101, 12), (10, 0)])
    def test_invalid_plan(self, apr, months):
        with pytest.raises(ValueError):
            InstalmentPlan(apr, months)


class TestDeferredInterestOnThePaidDownBalance:
    def test_hand_worked_average_daily_balance(self):
        """The review's case (README correction 10), worked by hand.

        1,400 USD bought on a 12-month "no interest if paid in full" promotion at a 32.99 % standard APR, paying
        100 USD a month. Each billing cycle is 1/12 of a year (365 / 12 days) and a payment lowers the balance
        from the next cycle, so the daily balance in cycle k is 1,400 - 100 (k - 1):

            cycle:    1      2      3      4      5      6      7      8      9     10     11     12
            balance: 1,400  1,300  1,200  1,100  1,000   900    800    700    600    500    400    300

        Sum of the 12 balances = 12 x (1,400 + 300) / 2 = 10,200; average daily balance = 10,200 / 12 = 850.
        Deferred interest = 850 x 0.3299 = 10,200 x 0.3299 / 12 = 280.415 (daily rate 0.3299 / 365 x 365 / 12
        days a cycle gives the same). 200 is left after 12 payments, so it is charged: 480.415 owed then,
        1,200 + 480.415 = 1,680.415 paid in all. The old rule, interest on the original 1,400 compounded monthly,
        gave 1,400 x ((1 + 0.3299 / 12)^12 - 1) = 538.51, nearly twice as much.
        """
        balances = [1400 - 100 * k for k in range(12)]
        assert balances[-1] == 300 and sum(balances) == 10_200
        by_hand = 10_200 * 0.3299 / 12
        assert by_hand == pytest.approx(280.415)
        assert promo_balance_sum(1400, 12, 100)[0] == 10_200
        outcome = deferred_interest_outcome(1400, DeferredInterestPlan(12, 32.99), "USD", monthly_payment=100)
        assert not outcome.cleared_in_time
        assert outcome.balance_at_promo_end == pytest.approx(200.0)
        assert outcome.interest_charged == pytest.approx(by_hand, abs=1e-9)
        assert outcome.owed_at_promo_end == pytest.approx(480.415, abs=1e-9)
        assert outcome.total_paid == pytest.approx(1680.415, abs=1e-9)
        assert outcome.interest_charged < 1400 * ((1 + 0.3299 / 12) ** 12 - 1) - 250  # the old 538.51

    def test_balance_sum_against_a_loop(self):
        """The closed form n P - p n (n - 1) / 2 against the balances added one by one, including a payment
        that clears the purchase part-way (1,000 at 300 a month: 1,000 + 700 + 400 + 100 = 2,200)."""
        for principal, months, pay in [(1000, 6, 300), (1400, 12, 116.67), (250, 24, 30), (999.99, 18, 0), (0, 6, 10)]:
            loop = sum(max(principal - k * pay, 0) for k in range(months))
            assert promo_balance_sum(principal, months, pay)[0] == pytest.approx(loop, abs=1e-6)
        assert promo_balance_sum(1000, 6, 300)[0] == 2200

    def test_paying_nothing_is_simple_interest_on_the_whole_amount(self):
        """Nothing paid: the balance stays 1,400 for 12 cycles -> 1,400 x 0.3299 = 461.86 (not compounded)."""
        assert deferred_interest(1400, 32.99, 12, 0)[0] == pytest.approx(1400 * 0.3299)

    @pytest.mark.parametrize(
        "amount, months, payment",
        [
            (1400, 12, 116.67),  # 116.666... rounded up to the cent
            (1200, 12, 100.00),  # exact: no extra cent
            (300, 24, 30.00),  # 12.50 < the 30 floor
            (20, 6, 20.00),  # never more than the amount
            (0, 6, 0.00),
        ],
    )
    def test_payment_to_clear(self, amount, months, payment):
        assert promo_minimum_payment(amount, months, 30)[0] == pytest.approx(payment, abs=1e-9)

    def test_cleared_at_the_payment_that_clears(self):
        """1,400 over 12 months at 116.67 a month: cleared in time, no interest, 1,400 paid. Missing it at the end
        would bring back the interest accrued on that schedule: (12 x 1,400 - 116.67 x 66) x 0.2999 / 12."""
        outcome = deferred_interest_outcome(1400, DeferredInterestPlan(12), "USD")
        assert outcome.cleared_in_time and outcome.eligible
        assert (outcome.monthly_payment, outcome.interest_charged, outcome.total_paid) == (116.67, 0.0, 1400.0)
        assert outcome.owed_at_promo_end == 0.0
        assert outcome.deferred_interest_if_late == pytest.approx((16_800 - 116.67 * 66) * 0.2999 / 12)

    def test_required_minimum_does_not_clear_and_says_so(self):
        """The 30 USD required minimum on 1,400 over 12 months leaves 1,400 - 360 = 1,040; the balances
        1,400, 1,370, ..., 1,070 sum to 16,800 - 30 x 66 = 14,820, so 14,820 x 0.2999 / 12 = 370.38 is charged."""
        outcome = deferred_interest_outcome(1400, DeferredInterestPlan(12), "USD")
        assert outcome.required_minimum_payment == 30.0 and not outcome.required_minimum_clears
        assert outcome.balance_at_required_minimum == pytest.approx(1040.0)
        assert outcome.interest_at_required_minimum == pytest.approx(14_820 * 0.2999 / 12)
        words = minimum_payment_warning(1400, DeferredInterestPlan(12), "USD")
        assert words is not None
        for part in (
            "$30.00 a month does not clear $1,400.00 within 12 months",
            "leaves $1,040.00",
            "$370.38 of deferred interest",
            "at least $116.67 a month",
        ):
            assert part in words

    def test_the_warning_writes_won_without_cents(self):
        """A Korean patient reads won as at home: '₩1,400,000', never '1,400,000.00 KRW' (won have no minor unit);
        the minimum is 1,400,000 / 12 = 116,666.67, written ₩116,667."""
        words = minimum_payment_warning(1_400_000, DeferredInterestPlan(12), "KRW")
        assert words is not None
        assert "does not clear ₩1,400,000 within 12 months" in words and "at least ₩116,667 a month" in words
        assert "KRW" not in words and ".00" not in words

    def test_no_warning_when_the_required_minimum_clears(self):
        """300 over 12 months: 30 x 12 = 360 >= 300, so the minimum clears it and there is nothing to warn of."""
        assert minimum_payment_warning(300, DeferredInterestPlan(12), "USD") is None
        assert deferred_interest_outcome(300, DeferredInterestPlan(12), "USD").required_minimum_clears

    def test_one_cent_short_is_not_cleared(self):
        outcome = deferred_interest_outcome(1200, DeferredInterestPlan(12), "USD", monthly_payment=99.99)
        assert not outcome.cleared_in_time and outcome.balance_at_promo_end == pytest.approx(0.12)

    def test_default_apr_is_in_the_reviewed_range_and_warned(self):
        """The review (correction 10) puts the standard APR at 26.99-29.99 %; the default still comes with a
        warning because its sources are weak."""
        plan = DeferredInterestPlan(12)
        assert 26.99 <= plan.apr_pct <= 29.99 and plan.apr_pct == CARECREDIT_STANDARD_APR_PCT
        assert plan.min_payment == 30.0
        assert "29.99" in APR_WARNING

    def test_minimum_purchase(self):
        """CareCredit's promotion starts at 200 USD."""
        plan = DeferredInterestPlan(6, min_purchase=CARECREDIT_MIN_PURCHASE_USD)
        assert not deferred_interest_outcome(150, plan, "USD").eligible
        assert deferred_interest_outcome(200, plan, "USD").eligible

    @pytest.mark.parametrize(
        "kwargs", [{"promo_months": 0}, {"promo_months": 6, "apr_pct": -1}, {"promo_months": 6, "min_payment": -1}]
    )
    def test_invalid_plan(self, kwargs):
        with pytest.raises(ValueError):
            DeferredInterestPlan(**kwargs)

    def test_negative_payment(self):
        with pytest.raises(ValueError):
            deferred_interest_outcome(100, DeferredInterestPlan(6), "USD", monthly_payment=-1)

    def test_command_line_keys_are_unchanged(self):
        """`quote --promo-months` prints summary(): the same keys as before, promo_minimum_payment the payment
        that clears."""
        summary = deferred_interest_outcome(1400, DeferredInterestPlan(12), "USD").summary()
        assert list(summary) == [
            "promo_months",
            "promo_apr_pct",
            "promo_eligible",
            "promo_minimum_payment",
            "promo_monthly_payment",
            "promo_cleared_in_time",
            "promo_balance_at_end",
            "promo_deferred_interest_if_late",
            "promo_interest_charged",
            "promo_owed_at_end",
            "promo_total_paid",
        ]
        assert summary["promo_minimum_payment"] == 116.67


class TestTable:
    def test_on_the_comparison(self, shipped_tables):
        rows = compare_courses(
            shipped_tables,
            ["US"],
            list(shipped_tables.options["option_id"]),
            "acne_scars",
            PatientCosts("USD"),
            draws=200,
        ).rows
        table = financing_table(rows, InstalmentPlan(29.99, 12), DeferredInterestPlan(12))
        assert table.index.equals(rows.index)
        assert np.allclose(table["finance_monthly_payment"], instalment_payment(rows["course_cost_typical"], 29.99, 12))
        assert (table["promo_total_paid"] == rows["course_cost_typical"]).all()
        assert not table["promo_required_minimum_clears"].any()  # every US course is above 30 x 12 = 360 USD
        expected = deferred_interest(rows["course_cost_typical"], 29.99, 12, 30.0)
        assert np.allclose(table["promo_interest_at_required_minimum"], expected)
        assert not table.isna().any().any()
        assert list(financing_table(rows).columns) == []


class TestRegionPlans:
    """Each region's own kind of plan from the shipped regions table (prices.md §8, correction 10)."""

    def test_us_is_the_deferred_interest_promotion(self, shipped_tables):
        plan = region_financing(shipped_tables.regions, "US", "USD")
        assert plan.promo == DeferredInterestPlan(12, 29.99, 30.0, 200.0) and plan.instalments is None
        assert plan.source and plan.estimate

    def test_uk_is_interest_free_instalments_never_the_us_plan(self, shipped_tables):
        plan = region_financing(shipped_tables.regions, "UK", "GBP")
        assert plan.instalments == InstalmentPlan(0.0, 6) and plan.promo is None
        assert "rrskinlaserclinic" in plan.source

    def test_only_the_us_has_a_promotion_and_some_regions_have_none(self, shipped_tables):
        plans = {r: region_financing(shipped_tables.regions, r, "USD") for r in shipped_tables.regions["region_id"]}
        assert [r for r, p in plans.items() if p.promo is not None] == ["US"]
        assert not plans["DE"].has_plan and not plans["IN"].has_plan
        assert plans["AE"].instalments == InstalmentPlan(0.0, 4)
        for region, plan in plans.items():
            assert plan.source, region  # sourced, or "none found" with where it was looked for

    def test_money_is_converted_to_the_display_currency(self, shipped_tables):
        """The US minimum payment and purchase shown in GBP at 0.5 GBP per USD: 15 and 100."""
        plan = region_financing(shipped_tables.regions, "US", "GBP", 0.5)
        assert plan.promo is not None and (plan.promo.min_payment, plan.min_purchase) == (15.0, 100.0)

    def test_shipped_table_has_no_financing_problems(self, shipped_tables):
        assert region_financing_problems(shipped_tables.regions) == []

    def test_problems_are_located(self, shipped_tables):
        regions = shipped_tables.regions.copy()
        regions.loc[1, "finance_instalment_months"] = 6.5
        regions.loc[0, "finance_promo_apr_pct"] = np.nan
        regions.loc[4, "finance_min_payment"] = 30.0
        found = {(p.row, p.column) for p in region_financing_problems(regions)}
        assert found == {(2, "finance_instalment_months"), (1, "finance_promo_apr_pct"), (5, "finance_min_payment")}
        assert all(p.table == "regions" for p in region_financing_problems(regions))

    def test_a_table_kept_before_the_columns_existed_has_no_plan(self, shipped_tables):
        old = shipped_tables.regions[["region_id", "name", "currency", "iso3"]]
        assert not region_financing(old, "US", "USD").has_plan
        assert region_financing_problems(old) == []


class TestRegionExtras:
    def test_us_extras_and_tax(self, shipped_tables):
        """US: numbing and aftercare included (0), a 75 USD consultation credited toward the treatment, no sales
        tax on the treatment (prices.md §9; WA DOR)."""
        extras = region_extras(shipped_tables.regions, "US", "USD")
        assert (extras.numbing_per_visit, extras.aftercare_per_visit, extras.consultation_fee) == (0.0, 0.0, 75.0)
        assert extras.consultation_credited and extras.consultation_charged == 0.0
        assert (extras.tax_pct, extras.prices_include_tax, extras.tax_added_pct) == (0.0, False, 0.0)

    def test_each_region_says_whether_its_prices_include_tax(self, shipped_tables):
        regions = shipped_tables.regions
        sentences = {r: region_extras(regions, r, "X").tax_sentence() for r in regions["region_id"]}
        assert sentences["UK"] == "Prices are stated with 20 % VAT included."
        assert sentences["CA"] == "Prices are stated before 13 % GST/HST, which is added when you pay."
        assert "not known" in sentences["KR"] and "not known" in sentences["IN"]
        assert all(regions["tax_source"].str.len() > 0) and all(regions["tax_note"].str.len() > 0)

    def test_course_with_extras_and_tax_worked_example(self, shipped_tables):
        """Canada: course 1,400 CAD over 5 sessions, nothing per visit found, the 100.01 CAD consultation
        credited, 13 % HST added: 1,400 x 1.13 = 1,582. UK: 600 GBP + the 35 GBP consultation = 635, VAT already in."""
        rows = pd.DataFrame(
            {f"course_cost_{b}": [1400.0] for b in ("low", "typical", "high")}
            | {"sessions_min": [4], "sessions_typical": [5], "sessions_max": [6]}
        )
        ca = region_extras_table(rows, region_extras(shipped_tables.regions, "CA", "CAD"))
        assert ca.loc[0, "with_tax_typical"] == pytest.approx(1582.0)
        assert ca.loc[0, "tax_added_typical"] == pytest.approx(182.0)
        uk = region_extras_table(
            rows.assign(course_cost_typical=600.0), region_extras(shipped_tables.regions, "UK", "GBP")
        )
        assert uk.loc[0, "with_tax_typical"] == pytest.approx(635.0)

    def test_extras_per_visit_scale_with_sessions(self, shipped_tables):
        regions = shipped_tables.regions.copy()
        regions.loc[regions["region_id"] == "DE", ["numbing_per_visit", "aftercare_per_visit"]] = [10.0, 5.0]
        extras = region_extras(regions, "DE", "EUR")
        rows = pd.DataFrame(
            {f"course_cost_{b}": [600.0] for b in ("low", "typical", "high")}
            | {"sessions_min": [2], "sessions_typical": [3], "sessions_max": [4]}
        )
        table = region_extras_table(rows, extras)
        assert table.loc[0, ["visit_extras_low", "visit_extras_typical", "visit_extras_high"]].tolist() == [30, 45, 60]
        assert table.loc[0, "with_extras_typical"] == 600 + 45 + 37.5


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
        values = [
            outcome.payment_to_clear,
            outcome.monthly_payment,
            outcome.balance_at_promo_end,
            outcome.deferred_interest_if_late,
            outcome.interest_charged,
            outcome.owed_at_promo_end,
            outcome.total_paid,
            outcome.interest_at_required_minimum,
        ]
        assert np.isfinite(values).all()
        assert outcome.total_paid >= amount - 1e-6
        if outcome.cleared_in_time:
            assert outcome.interest_charged == 0.0
            assert outcome.total_paid == pytest.approx(amount)
        else:
            assert outcome.interest_charged == outcome.deferred_interest_if_late
        if payment is None:
            assert outcome.cleared_in_time  # the payment that clears always clears in time
        # on the paid-down balance: never more than simple interest on the whole amount for every month
        assert outcome.deferred_interest_if_late <= amount * apr / 1200 * months + 1e-6
        assert (outcome.warning() is None) == (outcome.required_minimum_clears or amount == 0)

    @SETTINGS
    @given(amounts, aprs, st.integers(1, 60), amounts, amounts)
    def test_paying_more_never_costs_more_interest(self, amount, apr, months, pay_a, pay_b):
        low, high = sorted((pay_a, pay_b))
        assert deferred_interest(amount, apr, months, high)[0] <= deferred_interest(amount, apr, months, low)[0] + 1e-9

    @SETTINGS
    @given(st.lists(amounts, min_size=1, max_size=8), aprs, aprs, st.integers(1, 60), st.integers(1, 60), amounts)
    def test_deferred_interest_rises_with_apr_and_months(self, principal, apr_a, apr_b, months_a, months_b, pay):
        low_apr, high_apr = sorted((apr_a, apr_b))
        short, long_ = sorted((months_a, months_b))
        assert (
            deferred_interest(principal, low_apr, short, pay)
            <= deferred_interest(principal, high_apr, short, pay) + 1e-9
        ).all()
        assert (
            deferred_interest(principal, low_apr, short, pay)
            <= deferred_interest(principal, low_apr, long_, pay) + 1e-9
        ).all()
        frame = deferred_interest_frame(principal, DeferredInterestPlan(short, high_apr))
        assert not frame.isna().any().any()
