"""Compare view (AppTest): renders with defaults, follows its inputs exactly as the core computes, never raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def _ranked(at: AppTest):
    return at.dataframe[0].value


def _expected(region: str, currency: str, indication: str = "acne_scars", extras: float = 0.0,
              daily_value: float = 0.0):
    tables = load_tables()
    return compare_courses(tables, [region], ALL_OPTIONS, indication, PatientCosts(currency, extras, daily_value),
                           draws=20_000).rows


def test_renders_with_defaults_and_four_charts() -> None:
    at = _app()
    assert not at.exception
    assert at.title[0].value == "Compare treatments"
    assert len(at.get("plotly_chart")) == 4
    ranked = _ranked(at)
    expected = _expected("US", "USD")
    assert list(ranked["Option"]) == list(expected["option_name"])
    assert ranked["Total typical (USD)"].tolist() == expected["total_typical"].round(0).tolist()
    assert any("no course data" in info.value for info in at.info)


def test_extras_per_visit_add_exactly_extras_times_sessions() -> None:
    at = _app()
    before = _ranked(at).set_index("Option")["Total typical (USD)"]
    at.sidebar.number_input(key="extras").set_value(40.0).run()
    assert not at.exception
    after = _ranked(at).set_index("Option")["Total typical (USD)"]
    expected = _expected("US", "USD", extras=40.0).set_index("option_name")
    for option, total in after.items():
        assert total == round(expected.loc[option, "total_typical"])
        assert total - before[option] == pytest.approx(40.0 * expected.loc[option, "sessions_typical"], abs=1)


def test_region_and_currency_change_the_figures_by_the_exchange_rate() -> None:
    at = _app()
    at.session_state["region"] = "UK"
    at.run()
    at.sidebar.selectbox(key="currency").set_value("EUR").run()
    assert not at.exception
    ranked = _ranked(at)
    expected = _expected("UK", "EUR")
    assert ranked["Total typical (EUR)"].tolist() == expected["total_typical"].round(0).tolist()
    assert "United Kingdom" in at.subheader[0].value and "EUR" in at.subheader[0].value


def test_downtime_value_changes_ranking_inputs_and_no_exception() -> None:
    at = _app()
    at.sidebar.number_input(key="downtime_value").set_value(200.0).run()
    assert not at.exception
    expected = _expected("US", "USD", daily_value=200.0)
    assert _ranked(at)["Total typical (USD)"].tolist() == expected["total_typical"].round(0).tolist()


def test_no_option_chosen_shows_a_warning_not_an_error() -> None:
    at = _app()
    at.session_state["options"] = []
    at.run()
    assert not at.exception
    assert any("at least one option" in w.value for w in at.warning)


def test_an_indication_with_few_options_lists_the_missing_ones() -> None:
    at = _app()
    at.sidebar.selectbox(key="indication").set_value("hair_loss").run()
    assert not at.exception
    assert len(at.info) >= 3
