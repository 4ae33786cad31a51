"""Compare view (AppTest): renders with defaults, follows its inputs exactly as the core computes, never raises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables
from ui.formatting import money, money_range
from views.compare_treatments.sections import CHART_TAB_KEY
from views.compare_treatments.sidebar import SKIN_TYPE_LABELS

CHART_TABS = ["Total cost", "Cost vs downtime", "Spend over time", "How sure (P10-P90)"]

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


def _every_chart(at: AppTest) -> list:
    """The charts of every chart tab (only the open tab draws), then of the rest of the page; the first tab is
    open again afterwards."""
    charts = {}
    for label in CHART_TABS:
        at.session_state[CHART_TAB_KEY] = label
        at.run()
        charts.update({chart.key: chart for chart in at.get("plotly_chart")})
    at.session_state[CHART_TAB_KEY] = CHART_TABS[0]
    at.run()
    return list(charts.values())


def test_renders_with_defaults_and_five_charts() -> None:
    at = _app()
    assert not at.exception
    assert at.title[0].value == "Compare treatments"
    assert [c.key for c in at.get("plotly_chart")] == ["chart_cost", "compare_outcome_chart"]  # the open tab only
    assert len(_every_chart(at)) == 5  # four of the course, one of the cost per good result
    assert not at.exception
    ranked = _ranked(at)
    expected = _expected("US", "USD")
    assert list(ranked["Option"]) == list(expected["option_name"])
    assert ranked["At typical prices (USD)"].tolist() == expected["total_typical"].round(0).tolist()
    assert any("no course data" in info.value for info in at.info)


def test_extras_per_visit_add_exactly_extras_times_sessions() -> None:
    at = _app()
    before = _ranked(at).set_index("Option")["At typical prices (USD)"]
    at.sidebar.number_input(key="extras").set_value(40.0).run()
    assert not at.exception
    after = _ranked(at).set_index("Option")["At typical prices (USD)"]
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
    assert ranked["At typical prices (EUR)"].tolist() == expected["total_typical"].round(0).tolist()
    assert "United Kingdom" in at.subheader[0].value and "EUR" in at.subheader[0].value


def test_downtime_value_changes_ranking_inputs_and_no_exception() -> None:
    at = _app()
    at.sidebar.number_input(key="downtime_value").set_value(200.0).run()
    assert not at.exception
    expected = _expected("US", "USD", daily_value=200.0)
    assert _ranked(at)["At typical prices (USD)"].tolist() == expected["total_typical"].round(0).tolist()


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


# Issue 16: median first, and the skin-type answer.


def _chart_labels(chart) -> set[str]:
    """Every option label a chart shows: its category axis labels and its trace names."""
    spec = json.loads(chart.proto.spec)
    labels: set[str] = set()
    for trace in spec["data"]:
        labels.add(str(trace.get("name", "")))
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, list):
                labels.update(str(v) for v in values)
    return labels


def test_ranked_by_median_with_p10_p90_beside_it_and_the_headline_says_so() -> None:
    at = _app()
    ranked = _ranked(at)
    expected = _expected("US", "USD")
    assert ranked["Median, P50 (USD)"].tolist() == expected["p50"].round(0).tolist()
    assert ranked["Median, P50 (USD)"].is_monotonic_increasing
    assert list(ranked.columns[2:7]) == ["Median, P50 (USD)", "P10 (USD)", "P90 (USD)", "At typical prices (USD)",
                                        "Pigment-change risk (if IV-VI)"]
    assert at.metric[0].label == "Cheapest course (median)"
    assert at.metric[0].value == money(expected["p50"].iloc[0], "USD")
    first = expected.iloc[0]
    assert at.metric[0].delta == first["option_name"]
    assert (f"P10-P90 {money_range(first['p10'], first['p90'], 'USD')}; at typical prices "
            f"{money(first['total_typical'], 'USD')}") in [c.value for c in at.caption]


def test_a_typical_total_outside_its_band_is_explained_in_the_row() -> None:
    """Each row whose typical total is outside P10-P90 carries the core's note, the others none."""
    at = _app()
    at.session_state["region"] = "UK"
    at.run()
    expected = _expected("UK", "GBP").set_index("option_name")
    column = "Why the typical total is outside P10-P90"
    if not expected["typical_outside_band"].any():
        assert column not in _ranked(at)
        return
    notes = _ranked(at).set_index("Option")[column]
    for option, note in notes.items():
        assert note == expected.loc[option, "band_note"]
        assert bool(note) == bool(expected.loc[option, "typical_outside_band"])


def test_skin_type_five_marks_co2_high_risk_and_hides_no_option() -> None:
    at = _app()
    before = list(_ranked(at)["Option"])
    at.sidebar.selectbox(key="skin_type").set_value("V").run()
    assert not at.exception
    ranked = _ranked(at).set_index("Option")
    assert list(ranked.index) == before  # the same options, in the same order: marked, never hidden
    risk = ranked["Pigment-change risk (type V)"]
    # Both ablative lasers are in the highest-risk class for darker skin (data/safety.csv); microneedling is not.
    high = ["Fractional CO2 laser", "Fractional Er:YAG laser"]
    assert all(risk[name].startswith("⚠ high") for name in high if name in risk.index)
    assert not risk.drop([n for n in high if n in risk.index]).str.contains("⚠").any()
    assert any("Fractional CO2 laser" in w.value and "type V" in w.value for w in at.warning)
    for chart in _every_chart(at):
        assert "Fractional CO2 laser ⚠ high risk" in _chart_labels(chart), chart.key
        assert "Microneedling (pen)" in _chart_labels(chart), chart.key


def test_skin_type_from_the_link_and_light_skin_marks_none() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["skin_type"] = SKIN_TYPE_LABELS["I"]  # a bound select box keeps its label in the URL
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="skin_type").value == "I"
    risk = _ranked(at)["Pigment-change risk (type I)"]
    assert risk.str.startswith("low").all()
    assert not any("⚠" in label for chart in _every_chart(at) for label in _chart_labels(chart))
    assert any("None of the options compared is high risk" in c.value for c in at.caption)


def test_not_sure_shows_the_darker_skin_figures_and_one_cautions_table() -> None:
    at = _app()
    assert at.sidebar.selectbox(key="skin_type").value == "not_sure"
    assert "Pigment-change risk (if IV-VI)" in _ranked(at)
    cautions = [d.value for d in at.dataframe if "Caution" in d.value.columns]
    assert len(cautions) == 1
    table = cautions[0]
    assert {"Pigment change (skin IV-VI)", "Not for / take care"} <= set(table["Topic"])
    assert (table.loc[table["Topic"] != "Not for / take care", "Source"].str.len() > 0).all()
    assert not [e for e in at.expander if "cautions" in e.label]
