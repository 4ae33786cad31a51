"""Specification of pricing.clinic.volume: ramp-up, seasonality, no-shows and the capacity cap, month by month.

Worked example V (the module's): 40 sessions a month, a 3-month ramp from 25 %, 10 % no-shows, 45 device hours
a month at 60 minutes a session (capacity 45 x 60 / 60 = 45), flat seasonality, 6 months in use:
  ramp shares 0.25, 0.5, 0.75, 1, 1, 1 -> booked 10, 20, 30, 40, 40, 40 -> delivered x 0.9 = 9, 18, 27, 36, 36, 36.
  At 60 a month: booked 15, 30, 45, 60, ... -> x 0.9 = 13.5, 27, 40.5, 54 -> capped at 45 from month 4.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.clinic.volume import (FLAT_SEASONALITY, VolumeProfile, capacity_sessions, monthly_sessions, ramp_share,
                            reality_check, seasonality_factors)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUMMER = (0.8, 0.8, 1.0, 1.0, 1.0, 1.0, 1.2, 1.2, 1.0, 1.0, 1.0, 1.0)  # mean exactly 1
V = VolumeProfile(ramp_months=3, ramp_start_pct=25, no_show_pct=10, cap_at_capacity=True)


class TestRamp:
    def test_linear_from_the_start_share(self):
        """N = 3, start 25 %: months 1..5 -> 0.25, 0.5, 0.75, 1, 1 (full volume from month N + 1)."""
        np.testing.assert_allclose(ramp_share(np.arange(1, 6), 3, 25), [0.25, 0.5, 0.75, 1.0, 1.0])

    def test_from_zero(self):
        """N = 4, start 0: 0, 0.25, 0.5, 0.75, then 1."""
        np.testing.assert_allclose(ramp_share(np.arange(1, 6), 4, 0), [0.0, 0.25, 0.5, 0.75, 1.0])

    def test_no_ramp_is_full_volume(self):
        np.testing.assert_array_equal(ramp_share(np.arange(1, 13), 0, 0), np.ones(12))

    def test_per_scenario(self):
        """Scenarios (S, 1) against months (1, M): N = [0, 2], start [0, 50 %] -> [1, 1, 1], [0.5, 0.75, 1]."""
        out = ramp_share(np.arange(1, 4)[None, :], np.array([[0], [2]]), np.array([[0], [50]]))
        np.testing.assert_allclose(out, [[1, 1, 1], [0.5, 0.75, 1]])


class TestSeasonality:
    def test_starting_in_july(self):
        """0.8 in January and February, 1.2 in July and August (mean 1), month 1 = July:
        months 1, 2, 3 -> 1.2, 1.2, 1.0; month 7 is January -> 0.8; month 13 is July again -> 1.2."""
        out = seasonality_factors(SUMMER, 7, np.arange(1, 14))
        assert out.shape == (1, 13)
        np.testing.assert_allclose(out[0, [0, 1, 2, 6, 12]], [1.2, 1.2, 1.0, 0.8, 1.2])

    def test_scaled_to_mean_one(self):
        """Factors 2 everywhere mean 'as entered': 2 / mean 2 = 1; 1..12 -> January 1 / 6.5."""
        np.testing.assert_allclose(seasonality_factors([2.0] * 12, 1, np.arange(1, 13)), np.ones((1, 12)))
        ramp12 = seasonality_factors(np.arange(1.0, 13.0), 1, np.arange(1, 13))
        assert ramp12[0, 0] == pytest.approx(1 / 6.5)
        assert ramp12.mean() == pytest.approx(1.0)

    def test_per_scenario_rows(self):
        """(S, 12) factors with a start month each: flat from March; SUMMER from January -> month 1 = 0.8."""
        out = seasonality_factors(np.stack([FLAT_SEASONALITY, SUMMER]), np.array([3, 1]), np.arange(1, 3))
        np.testing.assert_allclose(out, [[1, 1], [0.8, 0.8]])


class TestCapacity:
    def test_hours_and_minutes(self):
        """173 hours at 45 minutes -> 173 x 60 / 45 = 230.67 sessions a month."""
        assert float(capacity_sessions(173, 45)) == pytest.approx(230.6667, abs=1e-4)

    def test_unknown_hours_is_no_limit(self):
        assert float(capacity_sessions(np.nan, 45)) == np.inf


class TestMonthlySessions:
    def test_worked_example(self):
        """V: delivered 9, 18, 27, 36, 36, 36 after month 0 (not capped: capacity 45)."""
        out = monthly_sessions(40, 6, V, hours_per_month=45, minutes_per_session=60)
        np.testing.assert_allclose(out.demand[0], [0, 10, 20, 30, 40, 40, 40])
        np.testing.assert_allclose(out.delivered[0], [0, 9, 18, 27, 36, 36, 36])
        assert float(out.capacity[0]) == pytest.approx(45.0)

    def test_capacity_binds(self):
        """V at 60 a month: 13.5, 27, 40.5, then 54 capped at 45."""
        out = monthly_sessions(60, 6, V, hours_per_month=45, minutes_per_session=60)
        np.testing.assert_allclose(out.delivered[0], [0, 13.5, 27, 40.5, 45, 45, 45])

    def test_cap_only_when_asked(self):
        """Without cap_at_capacity the 54 stay 54 (the capacity is still reported)."""
        out = monthly_sessions(60, 6, VolumeProfile(ramp_months=3, ramp_start_pct=25, no_show_pct=10),
                               hours_per_month=45, minutes_per_session=60)
        assert out.delivered[0, -1] == pytest.approx(54.0)
        assert float(out.capacity[0]) == pytest.approx(45.0)

    def test_defaults_leave_sessions_unchanged(self):
        """Every default: sessions_per_month exactly in months 1..H, 0 in month 0 and after H."""
        out = monthly_sessions(np.array([43.0, 12.5, 0.0]), np.array([24, 60, 12]), VolumeProfile(),
                               hours_per_month=173, minutes_per_session=30)
        assert out.delivered.shape == (3, 61)
        np.testing.assert_array_equal(out.delivered[:, 0], 0)
        np.testing.assert_array_equal(out.delivered[0, 1:25], 43.0)
        np.testing.assert_array_equal(out.delivered[0, 25:], 0.0)
        np.testing.assert_array_equal(out.delivered[1, 1:], 12.5)
        np.testing.assert_array_equal(out.delivered, out.demand)

    def test_reality_check_halves_demand(self):
        """40 entered -> 20 booked; with 10 % no-shows 18 delivered."""
        half = reality_check(VolumeProfile(no_show_pct=10))
        out = monthly_sessions(40, 3, half)
        np.testing.assert_allclose(out.demand[0, 1:], 20)
        np.testing.assert_allclose(out.delivered[0, 1:], 18)

    def test_vectorised_equals_single(self):
        """Three scenarios with their own ramp, start share, seasonality, no-shows and cap equal three calls."""
        profile = VolumeProfile(ramp_months=np.array([0, 3, 6]), ramp_start_pct=np.array([0, 25, 10]),
                                seasonality=np.stack([FLAT_SEASONALITY, SUMMER, SUMMER]),
                                start_month=np.array([1, 7, 11]), no_show_pct=np.array([0, 10, 5]),
                                cap_at_capacity=np.array([False, True, True]))
        sessions, months, hours = np.array([40.0, 60, 80]), np.array([24, 36, 30]), np.array([100.0, 45, 60])
        many = monthly_sessions(sessions, months, profile, hours, 60)
        for k in range(3):
            one = VolumeProfile(ramp_months=[0, 3, 6][k], ramp_start_pct=[0, 25, 10][k],
                                seasonality=[FLAT_SEASONALITY, SUMMER, SUMMER][k], start_month=[1, 7, 11][k],
                                no_show_pct=[0, 10, 5][k], cap_at_capacity=[False, True, True][k])
            single = monthly_sessions(sessions[k], months[k], one, hours[k], 60, n_months=36)
            np.testing.assert_allclose(many.delivered[k], single.delivered[0], rtol=1e-12)


class TestValidation:
    @pytest.mark.parametrize("kwargs, message", [
        ({"seasonality": (1.0,) * 11}, "12 factors"),
        ({"seasonality": (0.0,) * 12}, "not all be 0"),
        ({"seasonality": (-1.0,) + (1.0,) * 11}, ">= 0"),
        ({"no_show_pct": 120}, "no_show_pct"),
        ({"ramp_start_pct": -5}, "ramp_start_pct"),
        ({"ramp_months": -1}, "ramp_months"),
        ({"start_month": 13}, "start_month"),
        ({"start_month": 2.5}, "start_month"),
        ({"demand_factor": np.nan}, "demand_factor"),
    ])
    def test_rejects(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            VolumeProfile(**kwargs)


seasons = st.lists(st.floats(0.05, 3.0), min_size=12, max_size=12)


@st.composite
def profiles(draw):
    return dict(ramp_months=draw(st.integers(0, 24)), ramp_start_pct=draw(st.floats(0, 100)),
                seasonality=draw(seasons), start_month=draw(st.integers(1, 12)), no_show_pct=draw(st.floats(0, 100)),
                cap_at_capacity=draw(st.booleans()))


class TestProperties:
    @SETTINGS
    @given(profiles(), st.floats(0, 2_000), st.integers(1, 120), st.floats(1, 744), st.floats(1, 600))
    def test_ramp_and_no_shows_never_increase_sessions(self, p, sessions, months, hours, minutes):
        """Adding a ramp and no-shows to the same seasonality and cap never adds a session in any month."""
        base = VolumeProfile(seasonality=p["seasonality"], start_month=p["start_month"],
                             cap_at_capacity=p["cap_at_capacity"])
        real = VolumeProfile(**p)
        more = monthly_sessions(sessions, months, base, hours, minutes).delivered
        fewer = monthly_sessions(sessions, months, real, hours, minutes).delivered
        assert (fewer <= more + 1e-9 * max(1.0, sessions)).all()

    @SETTINGS
    @given(profiles(), st.floats(0, 2_000), st.integers(1, 120), st.floats(1, 744), st.floats(1, 600))
    def test_capacity_cap_respected_and_no_nan(self, p, sessions, months, hours, minutes):
        out = monthly_sessions(sessions, months, VolumeProfile(**{**p, "cap_at_capacity": True}), hours, minutes)
        assert np.isfinite(out.delivered).all() and (out.delivered >= 0).all()
        assert (out.delivered <= hours * 60 / minutes * (1 + 1e-12)).all()

    @SETTINGS
    @given(seasons, st.integers(1, 12), st.floats(0, 2_000), st.integers(1, 5))
    def test_seasonality_keeps_each_year_total(self, factors, start, sessions, years):
        """Without ramp, no-shows or cap, every full year delivers 12 x sessions_per_month."""
        out = monthly_sessions(sessions, 12 * years, VolumeProfile(seasonality=factors, start_month=start))
        yearly = out.delivered[0, 1:].reshape(years, 12).sum(axis=1)
        np.testing.assert_allclose(yearly, 12 * sessions, rtol=1e-9, atol=1e-9)
