"""Compare view reruns (AppTest): a change of what is shown reuses the Monte Carlo, a change of its inputs draws
again, and the chart tabs (drawn only when open, in a fragment) show the same figures as the core."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables
from views.compare_treatments.sections import CHART_TAB_KEY

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]


@pytest.fixture
def draws_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every Monte Carlo the views run through ui.data (its draws), with the cache emptied first."""
    calls: list[int] = []
    real = ui.data.price_courses

    def counted(prepared, patient, draws=20_000, **kwargs):
        calls.append(draws)
        return real(prepared, patient, draws=draws, **kwargs)

    monkeypatch.setattr(ui.data, "price_courses", counted)
    ui.data._priced.clear()
    return calls


def test_display_changes_reuse_the_monte_carlo_and_input_changes_draw_again(draws_counted: list[int]) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and len(draws_counted) == 1
    first = at.dataframe[0].value
    at.sidebar.selectbox(key="skin_type").set_value("V").run()  # marks risk, changes no figure
    at.session_state[CHART_TAB_KEY] = "How sure (P10-P90)"
    at.run()
    at.segmented_control(key="compare_outcome_rank").set_value("outcome").run()
    assert not at.exception
    assert len(draws_counted) == 1
    assert at.dataframe[0].value["Median, P50 (USD)"].tolist() == first["Median, P50 (USD)"].tolist()
    at.sidebar.number_input(key="extras").set_value(40.0).run()  # an input of the simulation
    assert not at.exception and len(draws_counted) == 2


def test_every_chart_tab_shows_the_core_figures_and_only_the_open_tab_draws() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    expected = compare_courses(load_tables(), ["US"], ALL_OPTIONS, "acne_scars", PatientCosts("USD"), draws=20_000)
    seen = {}
    for label, key in [("Total cost", "chart_cost"), ("Cost vs downtime", "chart_downtime"),
                       ("Spend over time", "chart_time"), ("How sure (P10-P90)", "chart_spread")]:
        at.session_state[CHART_TAB_KEY] = label
        at.run()
        assert not at.exception
        course_charts = [c.key for c in at.get("plotly_chart") if c.key.startswith("chart_")]
        assert course_charts == [key], label
        seen[key] = json.loads(at.get("plotly_chart")[0].proto.spec)
    spread = next(t for t in seen["chart_spread"]["data"] if t.get("name") == "P50 (median)")
    rows = expected.rows.iloc[::-1]
    x = spread["x"]
    values = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]) if isinstance(x, dict) else x
    assert list(values) == pytest.approx(rows["p50"].tolist())
