"""Specification of pricing.patient.package_terms: sessions at risk from a package's expiry, and overbuying."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.patient.package_terms import SCHEDULE_COLUMNS, WEEKS_PER_MONTH, package_schedule, package_terms_risk
from pricing.patient.packages import Package, PlanLine, PurchasePlan, cheapest_plan

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_of(*lines: tuple[int, int, float], needed: int) -> PurchasePlan:
    """A plan from (size, count, unit_price) lines."""
    plan_lines = tuple(PlanLine(size, count, price) for size, count, price in lines)
    return PurchasePlan(needed, plan_lines, sum(c * p for _, c, p in lines), "USD")


def sessions_within_expiry(size: int, interval_weeks: float, expiry_months: float) -> int:
    """Closed form of one package's sessions in time, used one every `interval_weeks` from purchase:
    min(size, floor(expiry_months x 4.345 / interval_weeks) + 1); all of them when the interval is 0."""
    if interval_weeks <= 0:
        return size
    return min(size, math.floor(expiry_months * WEEKS_PER_MONTH / interval_weeks + 1e-9) + 1)


class TestWorkedExamples:
    def test_months_to_weeks(self):
        """6 months = 6 x 4.345 = 26.07 weeks."""
        assert WEEKS_PER_MONTH == 4.345
        schedule = package_schedule(plan_of((6, 1, 1200.0), needed=6), 8, 6)
        assert schedule["expiry_week"].iloc[0] == pytest.approx(26.07)

    def test_sessions_within_expiry_example(self):
        """A 6-pack at 8-week intervals with 6-month expiry: floor(26.07 / 8) + 1 = 4 in time, 2 at risk."""
        for size, interval, in_time in ((6, 8, 4), (6, 4, 6), (3, 8, 3)):
            risk = package_terms_risk(plan_of((size, 1, 1200.0), needed=size), interval, 6)
            assert size - risk.sessions_at_risk == in_time == sessions_within_expiry(size, interval, 6)

    def test_zero_interval_uses_every_session_at_once(self):
        assert package_terms_risk(plan_of((5, 1, 1000.0), needed=5), 0, 0).sessions_at_risk == 0

    def test_module_example_one_session_at_risk(self):
        """8 sessions every 6 weeks, single 300, 6-pack 1,500 -> 1 x 6-pack + 2 singles; 6-month expiry:
        the 6-pack's sixth session is at week 30 > 26.07 -> 1 session at risk, worth 1,500 / 6 = 250."""
        plan = cheapest_plan(300, [Package(6, 1500)], 8, "USD")
        assert plan.describe() == "1 x 6-pack + 2 single sessions"
        risk = package_terms_risk(plan, 6, 6)
        assert (risk.sessions_at_risk, risk.value_at_risk, risk.at_risk_visits) == (1, 250.0, (6,))
        assert (risk.sessions_unneeded, risk.value_unneeded) == (0, 0.0)
        assert (risk.sessions_bought, risk.sessions_needed, risk.currency) == (8, 8, "USD")

    def test_longer_expiry_removes_the_risk(self):
        """12 months = 52.14 weeks covers the 6-pack's week 30."""
        plan = cheapest_plan(300, [Package(6, 1500)], 8, "USD")
        assert package_terms_risk(plan, 6, 12).sessions_at_risk == 0

    def test_session_on_the_expiry_week_is_in_time(self):
        """A 2-pack at a 4.345-week interval with 1-month expiry: the second session falls on the expiry week."""
        assert package_terms_risk(plan_of((2, 1, 500.0), needed=2), 4.345, 1).sessions_at_risk == 0
        assert package_terms_risk(plan_of((2, 1, 500.0), needed=2), 4.346, 1).sessions_at_risk == 1

    def test_expiry_per_package_size_spa_center_terms(self):
        """spa-center terms: 3-pack 6 months, 6-pack 12 months. 2 x 3-pack (990 each) every 14 weeks: each pack's
        third session is 28 weeks after its purchase > 26.07 -> visits 3 and 6 at risk, 2 x 330 = 660."""
        plan = plan_of((3, 2, 990.0), needed=6)
        risk = package_terms_risk(plan, 14, {3: 6, 6: 12})
        assert (risk.sessions_at_risk, risk.value_at_risk, risk.at_risk_visits) == (2, pytest.approx(660.0), (3, 6))
        assert package_terms_risk(plan, 14, {6: 12}).sessions_at_risk == 0  # a size not listed never expires

    def test_expiry_counted_from_each_purchase(self):
        """2 x 3-pack every 4 weeks, 1-month expiry (4.345 weeks): the first pack expires at week 4.345 (its third
        session, week 8, is at risk); the second is bought at visit 4, week 12, and expires at 16.345 (its third
        session, week 20, is at risk)."""
        schedule = package_schedule(plan_of((3, 2, 900.0), needed=6), 4, 1)
        assert list(schedule.columns) == list(SCHEDULE_COLUMNS)
        assert schedule["purchase"].tolist() == [1, 1, 1, 2, 2, 2]
        assert schedule["expiry_week"].tolist() == pytest.approx([4.345] * 3 + [16.345] * 3)
        assert schedule["at_risk"].tolist() == [False, False, True, False, False, True]

    def test_overbuying_single_450_three_pack_800_two_sessions(self):
        """Single 450, 3-pack 800, 2 sessions -> one 3-pack: 1 session unneeded worth 800 / 3 = 266.67. With a
        half-month expiry (2.17 weeks) at 4-week intervals, visit 2 (week 4) is at risk; visit 3 is after expiry
        too but is counted once, as unneeded."""
        plan = cheapest_plan(450, [Package(3, 800)], 2, "USD")
        risk = package_terms_risk(plan, 4, 0.5)
        assert (risk.sessions_unneeded, risk.value_unneeded) == (1, pytest.approx(800 / 3))
        assert (risk.sessions_at_risk, risk.value_at_risk, risk.at_risk_visits) == (1, pytest.approx(800 / 3), (2,))
        schedule = package_schedule(plan, 4, 0.5)
        assert schedule["after_expiry"].tolist() == [False, True, True]
        assert schedule["needed"].tolist() == [True, True, False]

    def test_singles_never_expire(self):
        plan = cheapest_plan(300, [], 4, "USD")
        assert package_terms_risk(plan, 4, 0).sessions_at_risk == 0

    def test_no_expiry(self):
        assert package_terms_risk(plan_of((6, 1, 1500.0), needed=6), 52, None).sessions_at_risk == 0

    def test_summary_keys(self):
        summary = package_terms_risk(plan_of((3, 1, 900.0), needed=3), 4, 6).summary()
        assert summary == {"sessions_at_risk": 0, "value_at_risk": 0.0, "at_risk_visits": [],
                           "sessions_unneeded": 0, "value_unneeded": 0.0}

    @pytest.mark.parametrize("interval, expiry", [(-1, 6), (4, -1), (4, {3: -2})])
    def test_negative_input_is_rejected(self, interval, expiry):
        with pytest.raises(ValueError):
            package_schedule(plan_of((3, 1, 900.0), needed=3), interval, expiry)


plans_st = st.builds(
    lambda single, packs, sessions: cheapest_plan(single, [Package(s, p) for s, p in packs], sessions, "USD"),
    st.integers(0, 200_000).map(lambda c: c / 100),
    st.lists(st.tuples(st.integers(2, 8), st.integers(0, 500_000).map(lambda c: c / 100)), max_size=3),
    st.integers(1, 14),
)
interval_st = st.integers(0, 520).map(lambda t: t / 10)
months_st = st.integers(0, 480).map(lambda t: t / 10)


class TestProperties:
    @SETTINGS
    @given(plans_st, interval_st, months_st)
    def test_at_risk_never_exceeds_sessions_bought_or_needed(self, plan, interval, months):
        risk = package_terms_risk(plan, interval, months)
        assert 0 <= risk.sessions_at_risk <= risk.sessions_bought
        assert risk.sessions_at_risk <= risk.sessions_needed
        assert risk.sessions_at_risk + risk.sessions_unneeded <= risk.sessions_bought
        assert risk.sessions_unneeded == plan.sessions_bought - plan.sessions_needed
        assert risk.value_at_risk + risk.value_unneeded <= plan.cost + 1e-6
        assert np.isfinite([risk.value_at_risk, risk.value_unneeded]).all()

    @SETTINGS
    @given(plans_st, interval_st, months_st, months_st)
    def test_longer_expiry_never_increases_risk(self, plan, interval, months_a, months_b):
        shorter, longer = sorted((months_a, months_b))
        short, long_ = package_terms_risk(plan, interval, shorter), package_terms_risk(plan, interval, longer)
        assert long_.sessions_at_risk <= short.sessions_at_risk
        assert long_.value_at_risk <= short.value_at_risk + 1e-9
        assert set(long_.at_risk_visits) <= set(short.at_risk_visits)

    @SETTINGS
    @given(st.integers(2, 12), interval_st, months_st)
    def test_schedule_agrees_with_the_vectorised_count(self, size, interval, months):
        """For one package, the sessions in time in the schedule = sessions_within_expiry."""
        schedule = package_schedule(plan_of((size, 1, 1000.0), needed=size), interval, months)
        assert int((~schedule["after_expiry"]).sum()) == sessions_within_expiry(size, interval, months)
