"""Specification of pricing.patient.uncertainty: Monte Carlo course totals and the device profit tornado."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pricing.patient.course import PackageArrays, PatientCosts, course_cost_table, course_totals
from pricing.patient import uncertainty
from pricing.clinic.device import device_economics
from pricing.clinic.sensitivity import SENSITIVITY_INPUTS, profit_sensitivity
from pricing.patient.uncertainty import draw_totals, total_percentiles, triangular_from_uniform

PATIENT = PatientCosts("USD", extras_per_visit=20.0, daily_value_of_downtime=50.0)
DRAWS = 5_000


@pytest.fixture
def two_rows(courses, package_arrays):
    """Row 0 is worked example C of test_course (100/300/700, 2/3/6 sessions, 3-pack 750);
    row 1 is a laser at 500/950/3,000, 1/3/3 sessions, 3-8-14 downtime days, 3-pack 2,550."""
    frame = courses(price_low=[100.0, 500.0], price_typical=[300.0, 950.0], price_high=[700.0, 3000.0],
                    sessions_min=[2, 1], sessions_typical=[3, 3], sessions_max=[6, 3],
                    downtime_days_min=[1.0, 3.0], downtime_days_typical=[2.5, 8.0], downtime_days_max=[7.0, 14.0])
    table = course_cost_table(frame, package_arrays([[(3, 750.0)], [(3, 2550.0)]]))
    return frame, table


class TestTriangular:
    def test_zero_width_band_returns_low(self):
        """low == mode == high == 250: every draw is 250 (numpy's sampler would refuse)."""
        u = np.linspace(0, 1, 11)
        out = triangular_from_uniform(u[None, :], [250.0], [250.0], [250.0])
        np.testing.assert_array_equal(out, np.full((1, 11), 250.0))

    def test_inverse_cdf_values(self):
        """Triangle (0, 1, 2): u = 0 -> 0; u = 0.125 -> sqrt(0.125 x 2 x 1) = 0.5; u = 0.5 -> 1 (mode);
        u = 0.875 -> 2 - sqrt(0.125 x 2 x 1) = 1.5; u = 1 -> 2."""
        u = np.array([[0.0, 0.125, 0.5, 0.875, 1.0]])
        np.testing.assert_allclose(triangular_from_uniform(u, [0.0], [1.0], [2.0]), [[0, 0.5, 1, 1.5, 2]])

    def test_mode_at_an_end(self):
        """Triangle (10, 10, 20): u = 0.75 -> 20 - sqrt(0.25 x 10 x 10) = 15; never below 10."""
        u = np.array([[0.0, 0.75, 1.0]])
        np.testing.assert_allclose(triangular_from_uniform(u, [10.0], [10.0], [20.0]), [[10, 15, 20]])

    def test_rows_broadcast(self):
        """Two rows, one zero-width: row 0 stays 5, row 1 spans its band."""
        u = np.array([[0.0, 0.5, 1.0], [0.0, 0.5, 1.0]])
        out = triangular_from_uniform(u, [5.0, 0.0], [5.0, 1.0], [5.0, 2.0])
        np.testing.assert_allclose(out, [[5, 5, 5], [0, 1, 2]])


class TestMonteCarlo:
    def test_same_seed_same_percentiles(self, two_rows):
        """Seed 11 twice: identical P10/P50/P90, to the last bit."""
        frame, table = two_rows
        first = total_percentiles(draw_totals(frame, table, PATIENT, draws=DRAWS, seed=11))
        second = total_percentiles(draw_totals(frame, table, PATIENT, draws=DRAWS, seed=11))
        pd.testing.assert_frame_equal(first, second)

    def test_two_threads_draw_exactly_what_one_thread_draws(self, two_rows, monkeypatch):
        """Many blocks (each its own stream from the seed): one thread and two give identical totals."""
        frame, table = two_rows
        monkeypatch.setattr(uncertainty, "_BLOCK_DRAWS", 1_000)
        monkeypatch.setattr(uncertainty, "_THREADS", 1)
        one = draw_totals(frame, table, PATIENT, draws=DRAWS + 7, seed=11)
        monkeypatch.setattr(uncertainty, "_THREADS", 2)
        two = draw_totals(frame, table, PATIENT, draws=DRAWS + 7, seed=11)
        np.testing.assert_array_equal(one, two)
        assert one.shape == (2, DRAWS + 7) and np.isfinite(one).all()

    def test_different_seed_different_percentiles(self, two_rows):
        """Seeds 11 and 12 draw different courses, so the percentiles differ."""
        frame, table = two_rows
        first = total_percentiles(draw_totals(frame, table, PATIENT, draws=DRAWS, seed=11))
        second = total_percentiles(draw_totals(frame, table, PATIENT, draws=DRAWS, seed=12))
        assert not np.allclose(first.to_numpy(), second.to_numpy())

    def test_percentiles_are_ordered(self, two_rows):
        """P10 <= P50 <= P90 per row (and P10 < P90: both rows have bands of some width)."""
        frame, table = two_rows
        pct = total_percentiles(draw_totals(frame, table, PATIENT, draws=DRAWS))
        assert list(pct.columns) == ["p10", "p50", "p90"]
        assert (pct["p10"] <= pct["p50"]).all() and (pct["p50"] <= pct["p90"]).all()
        assert (pct["p10"] < pct["p90"]).all()  # the bands have width, so the draws spread

    def test_percentiles_of_known_draws(self):
        """Draws 1..101 in one row: P10 = 11, P50 = 51, P90 = 91 (linear interpolation on ranks)."""
        pct = total_percentiles(np.arange(1.0, 102.0)[None, :])
        assert pct.iloc[0].tolist() == [11.0, 51.0, 91.0]

    def test_draws_lie_within_the_bands(self, two_rows):
        """Every draw has price in [low, high], sessions in [min, max] and downtime in [min, max], so
        total_low <= draw <= total_high per row (C: 340 .. 5,720; laser: 500 + 20 + 150 = 670 ..
        3,000/950 x 2,550 + 60 + 3 x 14 x 50 = 10,212.6), and the draws use most of the band."""
        frame, table = two_rows
        drawn = draw_totals(frame, table, PATIENT, draws=DRAWS)
        bands = course_totals(frame, table, PATIENT)
        np.testing.assert_allclose(bands["total_low"], [340, 670])
        np.testing.assert_allclose(bands["total_high"], [5720, 3000 / 950 * 2550 + 60 + 2100])
        assert drawn.shape == (2, DRAWS)
        low = bands["total_low"].to_numpy()[:, None]
        high = bands["total_high"].to_numpy()[:, None]
        assert (drawn >= low - 1e-6).all()
        assert (drawn <= high + 1e-6).all()
        spread = (drawn.max(axis=1) - drawn.min(axis=1)) / (high - low).ravel()
        assert (spread > 0.5).all()

    def test_sessions_are_whole_and_cover_min_to_max(self, courses):
        """Price fixed at 100, no packages, extras or downtime value: a draw is 100 x sessions, so
        draw / 100 is a whole number from 2 to 6, and each of 2..6 occurs."""
        frame = courses(price_low=100.0, price_typical=100.0, price_high=100.0)
        table = course_cost_table(frame, PackageArrays.empty(1))
        drawn = draw_totals(frame, table, PatientCosts("USD"), draws=DRAWS)
        sessions = drawn[0] / 100
        np.testing.assert_allclose(sessions, np.rint(sessions))
        assert set(np.rint(sessions).astype(int)) == {2, 3, 4, 5, 6}

    def test_zero_width_row_is_exact(self, courses, package_arrays):
        """Price 300 and 3 sessions and 2 days in every band, 3-pack 750, extras 20, day 50:
        every draw = 750 + 60 + 3 x 2 x 50 = 1,110."""
        frame = courses(price_low=300.0, price_high=300.0, sessions_min=3, sessions_max=3,
                        downtime_days_min=2.0, downtime_days_typical=2.0, downtime_days_max=2.0)
        table = course_cost_table(frame, package_arrays([[(3, 750.0)]]))
        np.testing.assert_allclose(draw_totals(frame, table, PATIENT, draws=500), 1110.0)


WORKED = {  # worked example W of test_device
    "device_price": 60_000.0, "down_payment": 12_000.0, "residual_value": 6_000.0, "life_years": 5.0,
    "maintenance_per_year": 2_400.0, "apr_pct": 0.0, "term_months": 48.0, "consumables_per_session": 20.0,
    "other_per_session": 5.0, "minutes_per_session": 30.0, "hourly_rate": 40.0, "price_per_session": 245.0,
    "sessions_per_month": 20.0, "discount_rate_pct": 8.0, "hours_per_month": 40.0,
}


class TestProfitSensitivity:
    def test_base_profit_is_monthly_profit(self, device):
        """W: base profit = 20 x 200 - 1,100 = 2,900 = device_economics(...).monthly_profit."""
        inputs = device(**WORKED)
        table = profit_sensitivity(inputs)
        np.testing.assert_allclose(table["base_profit"], float(device_economics(inputs).monthly_profit[0]))
        assert table["base_profit"].iloc[0] == pytest.approx(2900.0)

    def test_sorted_by_swing_with_hand_worked_swings(self, device):
        """W at +-20 %: price 245 -> 196/294: 20 x 98 = 1,960; sessions 16/24: 8 x 200 = 1,600;
        life 4/6 years: 54,000/48 - 54,000/72 = 375; device price with down payment and residual:
        depreciation 720/1,080 -> 360; consumables, minutes, hourly rate: 20 x 8 = 160 each;
        maintenance 160/240 per month -> 80; other 5: 20 x 2 = 40; APR 0 -> 0."""
        table = profit_sensitivity(device(**WORKED))
        assert table["input"].tolist() == [
            "price_per_session", "sessions_per_month", "life_years", "device_price", "consumables_per_session",
            "minutes_per_session", "hourly_rate", "maintenance_per_year", "other_per_session", "apr_pct"]
        np.testing.assert_allclose(table["swing"], [1960, 1600, 375, 360, 160, 160, 160, 80, 40, 0], atol=1e-6)
        assert table["swing"].is_monotonic_decreasing
        assert set(table["input"]) == set(SENSITIVITY_INPUTS)
        assert table["label"].tolist() == [SENSITIVITY_INPUTS[n] for n in table["input"]]

    def test_low_and_high_values_and_profits(self, device):
        """W price row: values 196 and 294; profits 2,900 -/+ 20 x 49 = 1,920 and 3,880."""
        table = profit_sensitivity(device(**WORKED)).set_index("input")
        price = table.loc["price_per_session"]
        assert (price["value_low"], price["value_high"]) == (pytest.approx(196), pytest.approx(294))
        assert (price["profit_low"], price["profit_high"]) == (pytest.approx(1920), pytest.approx(3880))
        assert list(profit_sensitivity(device(**WORKED)).columns) == [
            "input", "label", "value_low", "value_high", "profit_low", "profit_high", "base_profit", "swing"]

    def test_change_percent(self, device):
        """At +-10 %: price 220.5/269.5 -> swing 20 x 49 = 980."""
        table = profit_sensitivity(device(**WORKED), change_pct=10).set_index("input")
        assert table.loc["price_per_session", "swing"] == pytest.approx(980)
