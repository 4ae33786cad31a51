"""Compare treatments, cost per good result and "Is this quote fair?" (AppTest); the efficacy table on Price tables;
the owner's price against the region on the Clinic planner."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.efficacy import cost_per_good_outcome, outcome_rank_order
from pricing.patient.quote_check import check_quote, package_quote
from pricing.tables.loading import load_tables
from ui.formatting import money
from ui.user_text import markdown_text

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (several seconds)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ALL_OPTIONS = ["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "th_1927", "co2", "er_yag"]
PER_GOOD = "Per good result, median (USD)"


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=90).run()


def _outcome_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Chance of a good result" in d.value.columns)


def _submit_quote(at: AppTest, option: str, kind: str, price: float, sessions: int | None) -> None:
    at.selectbox(key="compare_quote_option").set_value(option)
    at.radio(key="compare_quote_kind").set_value(kind)
    at.number_input(key="compare_quote_price").set_value(price)
    at.number_input(key="compare_quote_sessions").set_value(sessions)
    next(b for b in at.button if b.label == "Check this quote").click().run()


def test_cost_per_good_result_sentence_chart_and_definition() -> None:
    at = _app()
    assert not at.exception
    sentence = next(m.value for m in at.markdown if "per good result" in m.value and m.value.startswith("For "))
    assert sentence.startswith("For acne scars in the United States, on these estimates, ")
    captions = " ".join(c.value for c in at.caption)
    assert "A good result for acne scars means: at least 50 % global improvement" in captions
    assert "not a promise" in captions
    charts = at.get("plotly_chart")
    assert any("chance of a good result" in c.proto.spec for c in charts)


def test_ranking_switches_to_cost_per_good_result() -> None:
    """Ranked by the median course first; switched, by the median cost per good result as the core orders it."""
    at = _app()
    tables = load_tables()
    result = compare_courses(tables, ["US"], ALL_OPTIONS, "acne_scars", PatientCosts("USD"), draws=20_000)
    outcomes = cost_per_good_outcome(result.rows, result.draws, tables.efficacy, "acne_scars")
    assert list(_outcome_table(at)["Option"]) == list(result.rows["option_name"])
    at.segmented_control(key="compare_outcome_rank").set_value("outcome").run()
    assert not at.exception
    table = _outcome_table(at)
    expected = outcomes.iloc[outcome_rank_order(outcomes)]
    assert list(table["Option"]) == list(result.rows["option_name"].iloc[outcome_rank_order(outcomes)])
    assert table[PER_GOOD].tolist() == expected["cpg_p50"].round(0).tolist()
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))


def test_options_without_efficacy_say_so_and_are_not_ranked() -> None:
    """Enlarged pores: no study found for microneedling (pen, roller) or with PRP."""
    at = _app()
    at.sidebar.selectbox(key="indication").set_value("enlarged_pores").run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert any(v.startswith("Microneedling (pen): no efficacy data: no study") for v in infos)
    at.segmented_control(key="compare_outcome_rank").set_value("outcome").run()
    table = _outcome_table(at)
    without = table[table["Chance of a good result"] == ""]
    assert len(without) >= 2 and without["Rank"].isna().all()
    assert table["Rank"].dropna().tolist() == list(range(1, len(table) - len(without) + 1))


def test_a_quote_is_answered_with_the_core_figures() -> None:
    at = _app()
    _submit_quote(at, "co2", "Package (sessions and its price)", 2400.0, 3)
    assert not at.exception
    expected = check_quote(load_tables(), "US", "acne_scars", "co2", package_quote(3, 2400.0, "USD"), draws=20_000)
    assert [s.value for s in at.success] == [markdown_text(expected.sentence())]  # '$' escaped, shown as '$'
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Clinics in the region that charge more"] == f"{round(100 * expected.position.share_dearer)} %"
    assert metrics["Cost per good result at this price"] == money(expected.outcome["p50"], "USD")
    regions = next(d.value for d in at.dataframe if "Plan (typical)" in d.value.columns and "Region" in d.value)
    assert len(regions) == 12


@pytest.mark.parametrize(
    ("price", "sessions", "words"),
    [
        (0.0, 3, "Enter the price the clinic quoted"),
        (100.0, 9, "takes 1 to 3 sessions"),
        (1e9, 3, "more than 20 times the highest price"),
    ],
)
def test_a_bad_quote_is_one_clear_sentence(price: float, sessions: int, words: str) -> None:
    at = _app()
    _submit_quote(at, "co2", "Price per session", price, sessions)
    assert not at.exception
    assert any(words in e.value for e in at.error)


def test_price_tables_lists_and_opens_the_efficacy_table() -> None:
    at = _app()
    at.switch_page("views/price_tables/page.py").run()
    picker = at.selectbox(key="price_tables.table")
    assert "efficacy" in picker.options or "Efficacy (chance of a good result)" in picker.options
    picker.set_value("efficacy").run()
    assert not at.exception
    editor = at.data_editor[0].value
    assert len(editor) == 56 and "p_good_typical" in editor.columns


def test_clinic_planner_shows_where_the_price_sits() -> None:
    at = _app()
    at.switch_page("views/clinic_planner/page.py").run()
    assert not at.exception
    lines = next(m.value for m in at.markdown if "a session is" in m.value and "clinics in" in m.value)
    assert "of clinics in the United States" in lines
