"""Regions view (AppTest): one option in every region, exactly as the core computes it, and never a traceback.

Expected figures come from pricing.patient.compare.compare_courses on the shipped tables with the view's inputs;
the table shows them rounded to whole units, the charts carry them unrounded.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import load_tables
from store import TableStore
from views.regions.sections import CHART_TAB_KEY, CHART_TABS
from views.regions.world_map import course_total_map
from ui.formatting import money, money_range, money_whole  # tables in whole units, halves away from zero

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SHAPES = ROOT / "data" / "geo" / "countries.geojson"
DRAWS = 20_000  # views/regions/courses.py: DRAWS for up to 100 regions


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test reads the shipped defaults from its own store folder (the store is cached per process)."""
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    return tmp_path


def _regions(**state: Any) -> AppTest:
    """The Regions view, run again with these session-state values (widget keys; the option CO2 unless given)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/regions/page.py").run()
    for key, value in {"region_option": "co2", **state}.items():
        at.session_state[key] = value
    at.run()
    return at


def _expected(option: str = "co2", currency: str = "USD", indication: str = "acne_scars", extras: float = 0.0,
              daily_value: float = 0.0) -> pd.DataFrame:
    tables = load_tables()
    return compare_courses(tables, list(tables.regions["region_id"]), [option], indication,
                           PatientCosts(currency, extras, daily_value), draws=DRAWS).rows


def _table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Rank" in d.value.columns)


def _chart(at: AppTest, key: str) -> dict[str, Any]:
    """The chart's figure; a chart in the tab that is not open is drawn by opening its tab (only it is drawn)."""
    if not any(c.key == key for c in at.get("plotly_chart")):
        at.session_state[CHART_TAB_KEY] = CHART_TABS[["regions_chart_total", "regions_chart_session"].index(key)]
        at.run()
    chart = next(c for c in at.get("plotly_chart") if c.key == key)
    return json.loads(chart.proto.spec)


def _array(value: Any) -> list[Any]:
    """A figure array from the chart's JSON: a plain list, or Plotly's base64 typed array {dtype, bdata}."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def _bar_values(spec: dict[str, Any]) -> dict[str, float]:
    """Region label (without the bold of the home region) -> bar length, over every bar trace."""
    values: dict[str, float] = {}
    for trace in spec["data"]:
        if trace.get("type") == "bar":
            for label, x in zip(_array(trace["y"]), _array(trace["x"])):
                values[label.replace("<b>", "").replace("</b>", "")] = x
    return values


def _no_problem(at: AppTest) -> None:
    assert not at.exception
    assert not at.error


def _compare_first(extras: float = 0.0, daily_value: float = 0.0) -> str:
    """The option Compare treatments ranks first in the US for acne scars (every option): where Regions opens."""
    tables = load_tables()
    rows = compare_courses(tables, ["US"], list(tables.options["option_id"]), "acne_scars",
                           PatientCosts("USD", extras, daily_value)).rows
    return str(rows["option_id"].iloc[0])


def test_renders_with_defaults_without_exception() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/regions/page.py").run()  # a first visit: no option chosen or linked
    _no_problem(at)
    assert at.title[0].value == "Regions"
    top = _compare_first()
    assert top != "co2"  # not the old fixed default: the first visit follows Compare's ranking
    assert at.session_state["region_option"] == top  # issue 18: a first visit opens on the top-ranked option
    assert at.query_params["region_option"] == load_tables().options.set_index("option_id")["name"][top]  # named
    assert len(at.get("plotly_chart")) == 2  # course total (the open tab) and the map; price per session once opened
    expected = _expected(top)
    table = _table(at)
    assert list(table["Region"].str.replace(" (yours)", "", regex=False)) == list(expected["region_name"])
    assert table["At typical prices (USD)"].tolist() == expected["total_typical"].round(0).tolist()
    # Median first (issue 16): the cheapest region by its median, with P10-P90 under it.
    assert expected["p50"].is_monotonic_increasing
    assert at.metric[0].label == "Cheapest course (median)"
    assert at.metric[0].value == money(expected["p50"].iloc[0], "USD")
    first = expected.iloc[0]
    assert at.metric[0].delta == first["region_name"]
    assert f"P10-P90 {money_range(first['p10'], first['p90'], 'USD')}; at typical prices" in " ".join(
        c.value for c in at.caption)
    estimates = int((expected["price_estimate"] == "yes").sum())
    assert any(f"{estimates} of the 12 regions' session prices are estimates" in c.value for c in at.caption)
    assert any("exchange rates of 2025-12-31" in c.value for c in at.caption)
    assert not [d for d in at.dataframe if "Reason" in d.value.columns]  # every region has a course of it


@pytest.mark.parametrize(("state", "option", "currency"), [
    ({"region_option": "mn_pen"}, "mn_pen", "USD"),
    ({"region_option": "co2", "currency": "EUR"}, "co2", "EUR"),
    ({"region_option": "rf_mn", "currency": "KRW"}, "rf_mn", "KRW"),
])
def test_option_and_currency_give_the_cores_figures(state: dict[str, str], option: str, currency: str) -> None:
    at = _regions(**state)
    _no_problem(at)
    expected = _expected(option, currency)
    table = _table(at).set_index(_table(at)["Region"].str.replace(" (yours)", "", regex=False))
    by_region = expected.set_index("region_name")
    assert table[f"At typical prices ({currency})"].tolist() == money_whole(by_region["total_typical"]).tolist()
    for band in ("low", "typical", "high"):
        if band != "typical":
            assert table[f"Total {band} ({currency})"].tolist() == money_whole(by_region[f"total_{band}"]).tolist()
        assert table[f"Per session {band} ({currency})"].tolist() == money_whole(by_region[f"price_{band}"]).tolist()
    assert table[f"Median ({currency})"].tolist() == by_region["p50"].round(0).tolist()
    assert list(table["Plan (typical)"]) == list(by_region["plan_typical"])
    totals = _bar_values(_chart(at, "regions_chart_total"))
    prices = _bar_values(_chart(at, "regions_chart_session"))
    for region, row in by_region.iterrows():
        assert totals[region] == pytest.approx(row["p50"], rel=1e-12)  # median first
        assert prices[region] == pytest.approx(row["price_typical"], rel=1e-12)
    assert at.metric[0].value == money(expected["p50"].iloc[0], currency)


def test_changing_the_currency_changes_every_figure_by_the_cores_conversion() -> None:
    at = _regions()
    before = _table(at)["At typical prices (USD)"].tolist()
    at.sidebar.selectbox(key="currency").set_value("GBP").run()
    _no_problem(at)
    after = _table(at)["At typical prices (GBP)"].tolist()
    assert after == _expected(currency="GBP")["total_typical"].round(0).tolist()
    assert after != before
    assert "in GBP" in at.subheader[0].value


def test_extras_and_downtime_add_exactly_what_the_core_adds_and_carry_over_from_compare() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()  # the Compare view
    at.sidebar.number_input(key="extras").set_value(40.0).run()
    at.sidebar.number_input(key="downtime_value").set_value(100.0).run()
    # AppTest hands a page the values kept from another page from its second run on (a browser does on the
    # first, with the values in the URL), so the view runs twice here.
    at.switch_page("views/regions/page.py").run().run()
    _no_problem(at)
    assert at.sidebar.number_input(key="extras").value == 40.0
    assert at.sidebar.number_input(key="downtime_value").value == 100.0
    top = _compare_first(extras=40.0, daily_value=100.0)  # ranked with the patient's own costs, as Compare does
    assert at.session_state["region_option"] == top
    expected = _expected(top, extras=40.0, daily_value=100.0)
    plain = _expected(top)
    assert _table(at)["At typical prices (USD)"].tolist() == expected["total_typical"].round(0).tolist()
    added = expected.set_index("region_id")["total_typical"] - plain.set_index("region_id")["total_typical"]
    per_region = expected.set_index("region_id")
    assert added.tolist() == pytest.approx(
        (per_region["sessions_typical"] * 40.0 + per_region["downtime_days_typical"] * 100.0).tolist())


def test_a_huge_price_of_your_own_is_above_every_region() -> None:
    at = _regions(your_price=100_000_000.0)
    _no_problem(at)
    assert any("is above the typical price in all 12 regions" in i.value for i in at.info)
    annotations = [a["text"] for a in _chart(at, "regions_chart_session")["layout"]["annotations"]]
    assert any("off the scale" in text for text in annotations)


def test_your_price_is_ranked_against_the_regions_typical_prices() -> None:
    typical = sorted(_expected()["price_typical"])
    between = (typical[7] + typical[8]) / 2  # above exactly 8 regions
    at = _regions(your_price=between)
    _no_problem(at)
    assert any(f"Your price of {money(between, 'USD')} per session is above 8 of 12 regions' typical price"
               in i.value for i in at.info)
    spec = _chart(at, "regions_chart_session")
    assert [s["x0"] for s in spec["layout"]["shapes"]] == [between]  # the vertical line
    at.sidebar.number_input(key="your_price").set_value(0.0).run()
    assert not at.info and not _chart(at, "regions_chart_session")["layout"].get("shapes")


def test_a_region_with_no_price_for_the_option_is_listed_with_the_reason(fresh_store: Path) -> None:
    store = TableStore()
    for name in ("packages", "prices"):  # a package needs a single-session price, so both go
        current = store.current(name)
        frame = current.frame
        kept = frame[~((frame["region_id"] == "SG") & (frame["option_id"] == "co2"))]
        store.save_table(name, kept, base_version=current.version_no, note="test: no CO2 in Singapore")
    at = _regions(region="SG")
    _no_problem(at)
    assert not at.warning or "kept price tables" not in at.warning[0].value
    missing = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert missing.to_dict("records") == [{"Region": "Singapore", "Reason": "no price for this option in this region"}]
    assert len(_table(at)) == 11
    assert "Singapore" not in " ".join(_table(at)["Region"])
    assert any("Singapore is not in the comparison: no price for this option in this region" in w.value
               for w in at.warning)
    assert at.metric[1].value == "n/a"


def test_an_option_with_no_course_for_the_indication_warns_and_lists_every_region() -> None:
    at = _regions(region_option="th_1927")  # the 1927 nm thulium laser has no acne-scar course
    _no_problem(at)
    assert any("has no course for acne scars in any region" in w.value for w in at.warning)
    missing = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert len(missing) == 12
    assert missing["Reason"].str.startswith("no course data for this indication").all()
    assert not at.get("plotly_chart")


def test_the_map_ships_every_region_and_draws_without_internet() -> None:
    """plotly.js fetches its base map from a CDN for choropleth traces and visible geo layers: the map uses
    neither, and its outlines (Singapore too, missing at 1:110m) ship with the app in under 1 MB."""
    assert SHAPES.stat().st_size < 1_000_000
    shapes = json.loads(SHAPES.read_text(encoding="utf-8"))
    ids = {feature["id"] for feature in shapes["features"]}
    tables = load_tables()
    assert set(tables.regions["iso3"]) <= ids
    rows = _expected().merge(tables.regions[["region_id", "iso3"]], on="region_id")
    fig = course_total_map(rows, shapes, "SG", "USD").to_plotly_json()
    assert {trace["type"] for trace in fig["data"]} == {"scattergeo"}
    assert not any(trace.get("locations") is not None or trace.get("locationmode") for trace in fig["data"])
    assert fig["layout"]["geo"]["visible"] is False
    dots = fig["data"][-1]
    assert len(dots["lon"]) == 12
    assert _array(dots["marker"]["color"]) == pytest.approx(list(rows["p50"]))
