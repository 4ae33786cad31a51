"""Specification of pricing.patient.course: a patient's course in three bands (low, typical, high).

Worked example C (the `courses` fixture's default row, hand-worked):
  prices low/typical/high 100 / 300 / 700; sessions min/typical/max 2 / 3 / 6; downtime days per session
  1 / 2.5 / 7; interval 4 weeks; a 3-pack for 750; extras 20 per visit; a day of downtime worth 50.
  cheapest cost at the typical price: n = 0..6 -> 0, 300, 600, 750, 1,050, 1,350, 1,500.
  low     = 100/300 x cost(2) = 100/300 x 600  =   200; extras 2 x 20 =  40; downtime 2 x 1   =  2 days -> 100
  typical = 300/300 x cost(3) = 750                    ; extras 3 x 20 =  60; downtime 3 x 2.5 = 7.5    -> 375
  high    = 700/300 x cost(6) = 700/300 x 1,500 = 3,500; extras 6 x 20 = 120; downtime 6 x 7   = 42     -> 2,100
  totals: 340, 1,185, 5,720; weeks (n - 1) x 4: 4, 8, 20.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pricing.patient.course import (BANDS, DOWNTIME_COLUMN, PackageArrays, PatientCosts, band_course_cost,
                            course_cost_table, course_totals, plan_descriptions, purchase_plans, spend_schedule)

PATIENT = PatientCosts("USD", extras_per_visit=20.0, daily_value_of_downtime=50.0)


@pytest.fixture
def worked(courses, package_arrays):
    frame = courses()
    table = course_cost_table(frame, package_arrays([[(3, 750.0)]]))
    return frame, table, course_totals(frame, table, PATIENT)


def row(totals: pd.DataFrame, band: str, i: int = 0) -> dict[str, float]:
    names = ("sessions", "course_cost", "extras_cost", "downtime_days", "downtime_cost", "total", "weeks")
    return {name: float(totals[f"{name}_{band}"].iloc[i]) for name in names}


class TestBands:
    def test_cost_table_at_the_typical_price(self, worked):
        """C: single 300, 3-pack 750 -> 0, 300, 600, 750, 1,050, 1,350, 1,500 for n = 0..6."""
        _, table, _ = worked
        np.testing.assert_allclose(table.cost[0], [0, 300, 600, 750, 1050, 1350, 1500])

    def test_low_band_uses_low_price_min_sessions_min_downtime(self, worked):
        """C low: 100/300 x 600 = 200; extras 2 x 20 = 40; 2 x 1 = 2 days x 50 = 100; total 340; 4 weeks."""
        _, _, totals = worked
        assert row(totals, "low") == pytest.approx({"sessions": 2, "course_cost": 200, "extras_cost": 40,
                                                    "downtime_days": 2, "downtime_cost": 100, "total": 340,
                                                    "weeks": 4})

    def test_typical_band(self, worked):
        """C typical: 750 (3-pack); extras 60; 3 x 2.5 = 7.5 days x 50 = 375; total 1,185; 8 weeks."""
        _, _, totals = worked
        assert row(totals, "typical") == pytest.approx({"sessions": 3, "course_cost": 750, "extras_cost": 60,
                                                        "downtime_days": 7.5, "downtime_cost": 375,
                                                        "total": 1185, "weeks": 8})

    def test_high_band_uses_high_price_max_sessions_max_downtime(self, worked):
        """C high: 700/300 x 1,500 = 3,500; extras 120; 6 x 7 = 42 days x 50 = 2,100; total 5,720; 20 weeks."""
        _, _, totals = worked
        assert row(totals, "high") == pytest.approx({"sessions": 6, "course_cost": 3500, "extras_cost": 120,
                                                     "downtime_days": 42, "downtime_cost": 2100, "total": 5720,
                                                     "weeks": 20})

    def test_without_packages_it_is_price_times_sessions(self, courses):
        """C without packages and without extras or downtime value: 100 x 2 = 200, 300 x 3 = 900,
        700 x 6 = 4,200."""
        frame = courses()
        table = course_cost_table(frame, PackageArrays.empty(1))
        totals = course_totals(frame, table, PatientCosts("USD"))
        assert [row(totals, b)["total"] for b in BANDS] == pytest.approx([200, 900, 4200])
        assert [row(totals, b)["downtime_cost"] for b in BANDS] == [0, 0, 0]

    def test_package_prices_scale_with_the_band(self, courses, package_arrays):
        """Sessions 3 in every band, 3-pack 750 at typical 300: low 750 x 100/300 = 250,
        typical 750, high 750 x 700/300 = 1,750 - the same plan at every price level."""
        frame = courses(sessions_min=3, sessions_typical=3, sessions_max=3)
        table = course_cost_table(frame, package_arrays([[(3, 750.0)]]))
        totals = course_totals(frame, table, PatientCosts("USD"))
        assert [row(totals, b)["course_cost"] for b in BANDS] == pytest.approx([250, 750, 1750])
        assert plan_descriptions(frame, table, "low") == plan_descriptions(frame, table, "high") == ["1 x 3-pack"]

    def test_zero_typical_price_pays_band_price_times_sessions(self, courses, package_arrays):
        """Typical price 0 (prices 0 / 0 / 50, sessions 2 / 3 / 4, a 3-pack for 100): no scaling
        factor exists, so each band pays band price x sessions without packages: 0, 0, 50 x 4 = 200."""
        frame = courses(price_low=0.0, price_typical=0.0, price_high=50.0, sessions_min=2, sessions_typical=3,
                        sessions_max=4)
        table = course_cost_table(frame, package_arrays([[(3, 100.0)]]))
        totals = course_totals(frame, table, PatientCosts("USD"))
        assert [row(totals, b)["course_cost"] for b in BANDS] == pytest.approx([0, 0, 200])
        assert not totals.isna().any().any()
        plans = purchase_plans(frame, table, "high")
        assert plans[0].describe() == "4 single sessions"
        assert plans[0].cost == pytest.approx(200)

    def test_rows_are_independent_with_different_packages(self, courses, package_arrays):
        """Row 0 = C (3-pack 750); row 1: 200 / 200 / 200, sessions 4 each, 2-pack 350 and 4-pack 600
        -> 600 in every band; row 2: no packages, 50 x 1 / 60 x 2 / 70 x 3 = 50 / 120 / 210."""
        frame = courses(price_low=[100.0, 200.0, 50.0], price_typical=[300.0, 200.0, 60.0],
                        price_high=[700.0, 200.0, 70.0], sessions_min=[2, 4, 1], sessions_typical=[3, 4, 2],
                        sessions_max=[6, 4, 3])
        table = course_cost_table(frame, package_arrays([[(3, 750.0)], [(2, 350.0), (4, 600.0)], []]))
        totals = course_totals(frame, table, PatientCosts("USD"))
        np.testing.assert_allclose(totals["course_cost_low"], [200, 600, 50])
        np.testing.assert_allclose(totals["course_cost_typical"], [750, 600, 120])
        np.testing.assert_allclose(totals["course_cost_high"], [3500, 600, 210])

    def test_band_course_cost_at_other_session_counts(self, worked):
        """C typical band at 4 and 5 sessions: 750 + 300 = 1,050 and 750 + 2 x 300 = 1,350."""
        frame, table, _ = worked
        assert band_course_cost(frame, table, "typical", np.array([4]))[0] == pytest.approx(1050)
        assert band_course_cost(frame, table, "typical", np.array([5]))[0] == pytest.approx(1350)

    def test_extras_and_downtime_are_per_session(self, courses):
        """Extras 35 x 3 sessions = 105; 2.5 days x 3 sessions = 7.5 days x 80 = 600 (typical band)."""
        frame = courses()
        table = course_cost_table(frame, PackageArrays.empty(1))
        totals = course_totals(frame, table, PatientCosts("USD", extras_per_visit=35, daily_value_of_downtime=80))
        assert row(totals, "typical")["extras_cost"] == pytest.approx(105)
        assert row(totals, "typical")["downtime_days"] == pytest.approx(7.5)
        assert row(totals, "typical")["downtime_cost"] == pytest.approx(600)
        assert row(totals, "typical")["total"] == pytest.approx(900 + 105 + 600)

    def test_weeks_of_a_single_session_course(self, courses):
        """One session: (1 - 1) x 6 = 0 weeks; three sessions: (3 - 1) x 6 = 12 weeks."""
        frame = courses(sessions_min=1, sessions_typical=3, sessions_max=3, interval_weeks=6.0)
        totals = course_totals(frame, course_cost_table(frame, PackageArrays.empty(1)), PatientCosts("USD"))
        assert row(totals, "low")["weeks"] == 0
        assert row(totals, "typical")["weeks"] == 12


class TestPlans:
    def test_plans_per_band(self, worked):
        """C: low 2 sessions -> "2 single sessions" at 100 each (200); typical "1 x 3-pack" 750;
        high 6 -> "2 x 3-pack" at 750 x 700/300 = 1,750 each (3,500)."""
        frame, table, _ = worked
        low, = purchase_plans(frame, table, "low")
        typical, = purchase_plans(frame, table, "typical")
        high, = purchase_plans(frame, table, "high")
        assert (low.describe(), low.cost) == ("2 single sessions", pytest.approx(200))
        assert low.lines[0].unit_price == pytest.approx(100)
        assert (typical.describe(), typical.cost) == ("1 x 3-pack", pytest.approx(750))
        assert (high.describe(), high.cost) == ("2 x 3-pack", pytest.approx(3500))
        assert high.lines[0].unit_price == pytest.approx(1750)
        assert plan_descriptions(frame, table) == ["1 x 3-pack"]

    def test_plan_costs_equal_band_course_costs(self, worked):
        """Every band's plan cost equals that band's course_cost (200, 750, 3,500 in C)."""
        frame, table, totals = worked
        for band in BANDS:
            assert purchase_plans(frame, table, band)[0].cost == pytest.approx(totals[f"course_cost_{band}"][0])


class TestPackageArrays:
    def test_from_frame_pads_rows_with_fewer_packages(self):
        """Three rows; (US, a) has packages 3:800 and 6:1,500, (US, b) none, (UK, a) 5:900:
        sizes [[3, 6], [1, 1], [5, 1]] and prices [[800, 1500], [inf, inf], [900, inf]]."""
        keys = pd.DataFrame({"region_id": ["US", "US", "UK"], "option_id": ["a", "b", "a"]})
        packages = pd.DataFrame({"region_id": ["US", "UK", "US", "DE"], "option_id": ["a", "a", "a", "a"],
                                 "package_sessions": [3, 5, 6, 3], "package_price": [800.0, 900.0, 1500.0, 1.0]})
        arrays = PackageArrays.from_frame(keys, packages, ["region_id", "option_id"])
        np.testing.assert_array_equal(arrays.sizes, [[3, 6], [1, 1], [5, 1]])
        np.testing.assert_array_equal(arrays.prices, [[800, 1500], [np.inf, np.inf], [900, np.inf]])

    def test_from_empty_frame(self):
        keys = pd.DataFrame({"region_id": ["US"], "option_id": ["a"]})
        empty = pd.DataFrame(columns=["region_id", "option_id", "package_sessions", "package_price"])
        arrays = PackageArrays.from_frame(keys, empty, ["region_id", "option_id"])
        assert arrays.sizes.shape == (1, 0) and arrays.prices.shape == (1, 0)


class TestSpendSchedule:
    def test_pack_paid_at_first_use_singles_at_their_visit(self):
        """5 sessions, "1 x 3-pack (800) + 2 singles (300)", extras 20 and downtime worth 50 per visit:
        paid 870, 70, 70, 370, 370; cumulative 870, 940, 1,010, 1,380, 1,750 = 1,400 + 5 x 70;
        weeks 0, 4, 8, 12, 16."""
        schedule = spend_schedule(5, 4.0, [(1, 2, 300.0), (3, 1, 800.0)], 20.0, 50.0)
        assert list(schedule.columns) == ["session", "week", "paid", "cumulative"]
        np.testing.assert_array_equal(schedule["session"], [1, 2, 3, 4, 5])
        np.testing.assert_allclose(schedule["week"], [0, 4, 8, 12, 16])
        np.testing.assert_allclose(schedule["paid"], [870, 70, 70, 370, 370])
        np.testing.assert_allclose(schedule["cumulative"], [870, 940, 1010, 1380, 1750])

    def test_overbought_pack_is_paid_once(self):
        """2 sessions from "1 x 3-pack" (800), extras 10: paid 810, 10 -> cumulative 820."""
        schedule = spend_schedule(2, 4.0, [(3, 1, 800.0)], 10.0, 0.0)
        np.testing.assert_allclose(schedule["paid"], [810, 10])
        assert schedule["cumulative"].iloc[-1] == pytest.approx(820)

    @pytest.mark.parametrize("band", BANDS)
    def test_final_cumulative_equals_course_total(self, worked, band):
        """C in each band: the schedule built from the band's plan ends at total_<band>
        (340, 1,185, 5,720)."""
        frame, table, totals = worked
        plan = purchase_plans(frame, table, band)[0]
        days = float(frame[DOWNTIME_COLUMN[band]][0])
        schedule = spend_schedule(int(totals[f"sessions_{band}"][0]), 4.0,
                                  [(line.size, line.count, line.unit_price) for line in plan.lines],
                                  PATIENT.extras_per_visit, days * PATIENT.daily_value_of_downtime)
        assert schedule["cumulative"].iloc[-1] == pytest.approx(totals[f"total_{band}"][0])
        assert schedule["cumulative"].is_monotonic_increasing
