"""Specification of pricing.patient.membership: a course as a member against without, and the break-even sessions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.membership import (Membership, break_even_sessions, membership_cost, membership_costs,
                                membership_months, membership_table)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestMonths:
    @pytest.mark.parametrize("weeks, minimum, months", [
        (8, 0, 2),       # 3 sessions every 4 weeks: ceil(8 / 4.345) = ceil(1.84) = 2
        (8, 6, 6),       # a 6-month minimum term
        (0, 0, 1),       # one session: at least one month
        (4.345, 0, 1),   # exactly one month
        (12, 0, 3),      # ceil(2.76)
    ])
    def test_worked_examples(self, weeks, minimum, months):
        assert membership_months(weeks, minimum).tolist() == months


class TestWorkedExamples:
    def test_discount_model(self):
        """99 a month, 20 % off a 300 single price; 3 sessions every 4 weeks: 2 months, fees 198, 3 x 240 = 720,
        member cost 918 against 900 -> saving -18; break-even 198 / 60 = 3.3 -> 4 sessions."""
        cost = membership_cost(Membership("USD", 99, discount_pct=20), 3, 4, 300)
        assert (cost.months, cost.fees, cost.included_sessions, cost.extra_sessions) == (2, 198.0, 0, 3)
        assert (cost.price_per_extra_session, cost.member_cost, cost.non_member_cost) == (240.0, 918.0, 900.0)
        assert cost.saving == pytest.approx(-18.0)
        assert cost.break_even_sessions == 4

    def test_included_sessions(self):
        """150 a month with 1 session a month included, extras at 200, single 300; 4 sessions every 4 weeks: 3 months,
        fees 450, 3 included, 1 extra -> 650 against 1,200, saving 550; break-even 2 (450 <= 600, not <= 300)."""
        cost = membership_cost(Membership("USD", 150, 1, 200), 4, 4, 300)
        assert (cost.months, cost.fees, cost.included_sessions, cost.extra_sessions) == (3, 450.0, 3, 1)
        assert (cost.member_cost, cost.non_member_cost, cost.saving) == (650.0, 1200.0, 550.0)
        assert cost.break_even_sessions == 2

    def test_banked_credit_with_minimum_term(self):
        """MedAndSpa VIP: 149 a month banked as credit, 10 % off, 6-month minimum; 3 sessions at 300 every 4 weeks:
        6 months, fees 894, sessions 3 x 270 = 810 paid from the credit -> member cost max(894, 810) = 894 against
        900, saving 6; break-even: max(894, 270 n) <= 300 n -> n >= 2.98 -> 3."""
        membership = Membership("USD", 149, discount_pct=10, minimum_term_months=6, banked_credit=True)
        cost = membership_cost(membership, 3, 4, 300)
        assert (cost.months, cost.fees, cost.member_cost, cost.saving) == (6, 894.0, 894.0, pytest.approx(6.0))
        assert cost.break_even_sessions == 3

    def test_non_member_cost_from_the_plan(self):
        """Without a membership the patient buys the cheapest plan (e.g. a 3-pack for 750)."""
        cost = membership_cost(Membership("USD", 99, discount_pct=20), 3, 4, 300, non_member_cost=750)
        assert (cost.non_member_cost, cost.saving) == (750.0, -168.0)

    def test_never_pays(self):
        """A member price equal to the single price and a fee: no number of sessions pays it back."""
        cost = membership_cost(Membership("USD", 50, member_price_per_session=300), 3, 4, 300)
        assert cost.break_even_sessions is None
        assert cost.summary()["membership_break_even_sessions"] is None

    def test_free_membership_breaks_even_at_zero(self):
        assert membership_cost(Membership("USD", 0, discount_pct=10), 3, 4, 300).break_even_sessions == 0

    def test_member_price_above_single_stops_paying(self):
        """Fee 10, 2 included a month, extras at 400 against a single 300, 1 month: 1 session pays (10 <= 300)."""
        assert break_even_sessions(Membership("USD", 10, 2, 400), 1, 300).tolist() == [1.0]

    @pytest.mark.parametrize("kwargs", [{"monthly_fee": -1}, {"monthly_fee": 1, "discount_pct": 120},
                                        {"monthly_fee": 1, "member_price_per_session": -5},
                                        {"monthly_fee": 1, "minimum_term_months": -1},
                                        {"monthly_fee": 1, "included_sessions_per_month": -1}])
    def test_invalid_membership(self, kwargs):
        with pytest.raises(ValueError):
            Membership("USD", **kwargs)


class TestTable:
    @pytest.fixture(scope="class")
    def rows(self, shipped_tables):
        return compare_courses(shipped_tables, ["US"], list(shipped_tables.options["option_id"]), "acne_scars",
                               PatientCosts("USD"), draws=200).rows

    def test_aligned_with_the_comparison(self, rows):
        table = membership_table(rows, Membership("USD", 99, discount_pct=20))
        assert table.index.equals(rows.index)
        assert (table["non_member_cost"] == rows["course_cost_typical"]).all()
        expected = membership_costs(Membership("USD", 99, discount_pct=20), rows["sessions_typical"],
                                    rows["weeks_typical"], rows["price_typical"], rows["course_cost_typical"])
        assert np.allclose(table["membership_cost"], expected["membership_cost"])
        assert str(table["membership_break_even_sessions"].dtype) == "Int64"

    def test_currency_must_match(self, rows):
        with pytest.raises(ValueError, match="EUR"):
            membership_table(rows, Membership("EUR", 99))


money = st.integers(0, 300_000).map(lambda c: c / 100)
memberships = st.builds(
    lambda fee, included, member_price, discount, minimum, credit: Membership(
        "USD", fee, included, member_price, discount, minimum, credit),
    money, st.integers(0, 40).map(lambda t: t / 10), st.none() | money, st.integers(0, 100), st.integers(0, 12),
    st.booleans())


def brute_break_even(membership: Membership, months: int, single: float, limit: int) -> int | None:
    for n in range(limit + 1):
        fees = membership.monthly_fee * months
        included = np.floor(membership.included_sessions_per_month * months + 1e-9)
        extra = max(n - included, 0) * float(membership.price_per_extra_session(single))
        member = max(fees, extra) if membership.banked_credit else fees + extra
        if member <= n * single + 1e-9 * max(1.0, member):
            return n
    return None


class TestProperties:
    @SETTINGS
    @given(memberships, st.integers(0, 30), st.integers(0, 520).map(lambda t: t / 10), money)
    def test_no_nan_and_consistent(self, membership, sessions, interval, single):
        cost = membership_cost(membership, sessions, interval, single)
        values = [cost.fees, cost.member_cost, cost.non_member_cost, cost.saving, cost.price_per_extra_session]
        assert np.isfinite(values).all()
        assert cost.months >= max(1, membership.minimum_term_months)
        assert cost.member_cost >= cost.fees
        assert cost.saving == pytest.approx(cost.non_member_cost - cost.member_cost)

    @SETTINGS
    @given(memberships, st.integers(1, 24), money)
    def test_break_even_is_the_smallest_paying_number(self, membership, months, single):
        found = break_even_sessions(membership, months, single)[0]
        brute = brute_break_even(membership, months, single, 400)
        if brute is not None:
            assert found == brute
        else:
            assert np.isnan(found) or found > 400
