"""Specification of pricing.patient.maintenance: each option's cost over 1, 3 and 5 years after the course."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.maintenance import DEFAULT_YEARS, maintenance_table, total_with_maintenance

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BANDS = ("low", "typical", "high")


def rows_frame(**columns) -> pd.DataFrame:
    """Two options as price_courses would give them (only the columns maintenance needs)."""
    base = {
        "option_id": ["mn_pen", "co2"], "currency": ["USD", "USD"],
        "price_low": [200.0, 800.0], "price_typical": [300.0, 950.0], "price_high": [400.0, 1200.0],
        "total_low": [600.0, 1600.0], "total_typical": [1400.0, 2550.0], "total_high": [2400.0, 3600.0],
        "maintenance_per_year": [2.0, 1.0],
        "downtime_days_per_session_min": [1.0, 5.0], "downtime_days_per_session_typical": [2.0, 7.0],
        "downtime_days_per_session_max": [3.0, 14.0],
    }
    return pd.DataFrame({**base, **columns})


class TestWorkedExamples:
    def test_formula(self):
        """Course 1,400, 2 maintenance sessions a year at 300, 3 years -> 1,400 + 6 x 300 = 3,200."""
        assert total_with_maintenance(1400, 300, 2, 3).tolist() == [3200.0]
        assert total_with_maintenance(1400, 300, 2, [1, 3, 5]).tolist() == [2000.0, 3200.0, 4400.0]

    def test_table_per_band(self):
        """mn_pen: 2 a year; typical 1,400 + 2 x 300 = 2,000 (1 y), + 6 x 300 = 3,200 (3 y), + 10 x 300 = 4,400 (5 y);
        low 600 + 10 x 200 = 2,600 (5 y); high 2,400 + 10 x 400 = 6,400 (5 y).
        co2: 1 a year, 2,550 + 5 x 950 = 7,300 (5 y)."""
        table = maintenance_table(rows_frame())
        assert table["total_1y_typical"].tolist() == [2000.0, 3500.0]
        assert table["total_3y_typical"].tolist() == [3200.0, 5400.0]
        assert table["total_5y_typical"].tolist() == [4400.0, 7300.0]
        assert table["total_5y_low"].tolist() == [2600.0, 5600.0]
        assert table["total_5y_high"].tolist() == [6400.0, 9600.0]
        assert table["maintenance_sessions_5y"].tolist() == [10.0, 5.0]
        assert table["maintenance_cost_per_year_typical"].tolist() == [600.0, 950.0]

    def test_with_patient_costs_per_visit(self):
        """Extras 20 a visit and 50 a day of downtime: an mn_pen maintenance visit costs 300 + 20 + 2 x 50 = 420
        (typical), so 3 years add 6 x 420 = 2,520."""
        table = maintenance_table(rows_frame(), patient=PatientCosts("USD", 20, 50))
        assert table["maintenance_cost_per_year_typical"].tolist() == [840.0, 1320.0]  # co2: 950 + 20 + 7 x 50
        assert table["total_3y_typical"].iloc[0] == 1400 + 2520
        assert table["total_1y_high"].iloc[1] == 3600 + 1200 + 20 + 14 * 50

    def test_custom_years_and_columns(self):
        table = maintenance_table(rows_frame(), years=(2,))
        assert list(table.columns) == ["maintenance_per_year", "maintenance_sessions_2y",
                                       "maintenance_cost_per_year_low", "total_2y_low",
                                       "maintenance_cost_per_year_typical", "total_2y_typical",
                                       "maintenance_cost_per_year_high", "total_2y_high"]

    def test_no_maintenance_leaves_the_course_total(self):
        table = maintenance_table(rows_frame(maintenance_per_year=[0.0, 0.0]))
        for band in BANDS:
            assert (table[f"total_5y_{band}"] == rows_frame()[f"total_{band}"]).all()

    def test_empty_rows(self):
        assert len(maintenance_table(rows_frame().iloc[:0])) == 0

    def test_invalid(self):
        with pytest.raises(ValueError):
            maintenance_table(rows_frame(), years=(-1,))
        with pytest.raises(ValueError, match="EUR"):
            maintenance_table(rows_frame(), patient=PatientCosts("EUR", 1, 1))


class TestOnTheComparison:
    @pytest.mark.parametrize("indication", ["acne_scars", "hair_loss"])
    def test_on_price_courses_rows(self, shipped_tables, indication):
        result = compare_courses(shipped_tables, ["US"], list(shipped_tables.options["option_id"]), indication,
                                 PatientCosts("USD", 10, 40), draws=200)
        table = maintenance_table(result.rows, patient=PatientCosts("USD", 10, 40))
        assert table.index.equals(result.rows.index)
        assert not table.isna().any().any()
        for band in BANDS:
            assert (table[f"total_1y_{band}"] >= result.rows[f"total_{band}"]).all()
            assert (table[f"total_5y_{band}"] >= table[f"total_3y_{band}"]).all()
        zero = result.rows["maintenance_per_year"] == 0
        assert (table.loc[zero, "total_5y_typical"] == result.rows.loc[zero, "total_typical"]).all()


class TestProperties:
    @SETTINGS
    @given(st.lists(st.tuples(*[st.integers(0, 2_000_000).map(lambda c: c / 100)] * 3,
                              *[st.integers(0, 5_000_000).map(lambda c: c / 100)] * 3,
                              st.integers(0, 40).map(lambda t: t / 10)), min_size=1, max_size=6))
    @pytest.mark.slow
    def test_rises_with_years_and_keeps_band_order(self, options):
        prices = np.sort(np.array([o[:3] for o in options]), axis=1)
        totals = np.sort(np.array([o[3:6] for o in options]), axis=1)
        frame = rows_frame().iloc[:0].reindex(range(len(options)))
        frame[["price_low", "price_typical", "price_high"]] = prices
        frame[["total_low", "total_typical", "total_high"]] = totals
        frame["maintenance_per_year"] = [o[6] for o in options]
        table = maintenance_table(frame)
        assert not table.isna().any().any()
        for band in BANDS:
            columns = [f"total_{y}y_{band}" for y in DEFAULT_YEARS]
            assert (np.diff(table[columns].to_numpy(), axis=1) >= 0).all()
        for y in DEFAULT_YEARS:
            assert (table[f"total_{y}y_low"] <= table[f"total_{y}y_typical"]).all()
            assert (table[f"total_{y}y_typical"] <= table[f"total_{y}y_high"]).all()
