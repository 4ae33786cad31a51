"""A first visit (no link values, nothing kept in the session) to each page shows an answer, not an empty page or
a prompt to choose something first (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow  # each case runs the app in AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PROMPTS = ("Choose at least", "nothing to compare", "Choose another")


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()


def _first_visit(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page != "views/compare_treatments/page.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not [w.value for w in at.warning if any(p in w.value for p in PROMPTS)]
    return at


@pytest.mark.parametrize(
    "page",
    [
        "views/compare_treatments/page.py",
        "views/regions/page.py",
        "views/clinic_planner/page.py",
    ],
)
def test_a_chart_page_opens_on_its_headline_figures(page: str) -> None:
    at = _first_visit(page)
    assert at.metric and all(m.value for m in at.metric[:3])
    assert at.get("plotly_chart")


def test_regions_opens_on_an_option_with_figures_in_every_region() -> None:
    at = _first_visit("views/regions/page.py")
    assert at.session_state["region_option"]  # chosen for the visitor (Compare's first), never empty
    assert at.subheader[0].value.endswith("every region in USD")
    assert next(d.value for d in at.dataframe if "Rank" in d.value.columns).shape[0] == 12


def test_real_world_payback_opens_on_its_answer() -> None:
    at = _first_visit("views/real_world_payback/page.py")
    assert any(m.value.startswith("At your volume") for m in at.markdown)


def test_price_tables_open_on_a_table() -> None:
    at = _first_visit("views/price_tables/page.py")
    assert at.get("arrow_data_editor") or at.dataframe


def test_method_opens_on_plain_words() -> None:
    at = _first_visit("views/method_and_sources/page.py")
    assert at.subheader[0].value == "Why a range?"
