"""Phone cards on Compare treatments and Regions (AppTest): one card per ranked course, before any chart, carrying the
core's median, P10-P90, sessions, downtime and (Compare) the risk the ranked table shows; and every chart's figures
one click away in "Figures in this chart"."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables
from tests.app.lazy import with_expanders_open
from ui.charts.common import FIGURES_LABEL
from ui.formatting import days_text, money, money_range

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (a few seconds)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CARD = re.compile(
    r'<li class="cd-card"><p class="cd-top"><span class="cd-name">(?P<name>.*?)</span>'
    r'<span class="cd-median">(?P<median>.*?)</span></p><p class="cd-detail">Median total; (?P<range>.*?)</p>'
    r'<p class="cd-detail">Sessions (?P<sessions>.*?) · downtime (?P<downtime>.*?)</p>'
    r'(?:<p class="cd-detail[^"]*">[^:]*: (?P<risk>.*?)</p>)?</li>'
)


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    return tmp_path


def _cards(at: AppTest) -> list[dict[str, str]]:
    bodies = [node.proto.body for node in at.get("html") if "cd-cards" in node.proto.body]
    assert len(bodies) == 1, "one card list on the page"
    return [{k: html.unescape(v or "") for k, v in m.groupdict().items()} for m in CARD.finditer(bodies[0])]


def _main_types(at: AppTest) -> list[str]:
    """The element types of the main area in page order, depth first (tabs and expanders opened)."""
    found: list[str] = []

    def visit(node: object) -> None:
        kind = getattr(node, "type", "")
        if kind == "html" and "cd-cards" in getattr(getattr(node, "proto", None), "body", ""):
            kind = "cards"
        found.append(kind)
        for child in (getattr(node, "children", None) or {}).values():
            visit(child)

    visit(at.main)
    return found


def test_compare_has_one_card_per_option_with_the_core_figures_before_any_chart() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.selectbox(key="skin_type").set_value("V").run()
    assert not at.exception
    tables = load_tables()
    options = list(tables.options["option_id"])
    expected = compare_courses(tables, ["US"], options, "acne_scars", PatientCosts("USD", 0.0, 0.0), draws=20_000).rows
    ranked = at.dataframe[0].value.set_index("Option")
    cards = _cards(at)
    assert [c["name"] for c in cards] == list(expected["option_name"])
    for card, row in zip(cards, expected.itertuples(), strict=True):
        assert card["median"] == money(row.p50, "USD")
        assert card["range"] == f"P10-P90 {money_range(row.p10, row.p90, 'USD')}"
        assert card["sessions"] == f"{row.sessions_typical} ({row.sessions_min}-{row.sessions_max})"
        assert card["downtime"] == days_text(row.downtime_days_typical)
        assert card["risk"] == ranked.loc[row.option_name, "Pigment-change risk (type V)"]
    assert any(c["risk"].startswith("⚠ high") for c in cards)
    types = _main_types(at)
    assert types.index("cards") < types.index("plotly_chart")


def test_regions_has_one_card_per_region_in_the_tables_order() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/regions/page.py").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    cards = _cards(at)
    assert [c["name"] for c in cards] == [r.replace(" (yours)", "") for r in table["Region"]]
    median = next(c for c in table.columns if c.startswith("Median ("))
    currency = median[len("Median (") : -1]
    assert [c["median"] for c in cards] == [money(v, currency) for v in table[median]]
    assert not any(c["risk"] for c in cards)  # the page has no skin type
    types = _main_types(at)
    assert types.index("cards") < types.index("plotly_chart")


def test_every_chart_has_its_figures_one_click_away() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    charts = at.get("plotly_chart")
    closed = [e for e in at.expander if e.label == FIGURES_LABEL]
    assert len(closed) == len(charts) >= 2 and not any(e.table for e in closed)  # drawn once opened
    figures = [e for e in with_expanders_open(at).expander if e.label == FIGURES_LABEL]
    assert len(figures) == len(charts)
    tables = [t for e in figures for t in e.table]
    assert len(tables) == len(charts)
    cost = tables[0].value
    assert "Details" in cost.columns and len(cost) >= 2
