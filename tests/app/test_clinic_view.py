"""Clinic planner (AppTest): renders with defaults, shows exactly what the core computes, warns instead of raising.

Edits to the device table are seeded the way AppTest allows for a keyed data editor: by assigning its edit
state (edited_rows by row position, column = DeviceInputs field) before run(). Default rows, in order:
0 RF microneedling, 1 Fractional CO2 laser, 2 Microneedling (pen).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.clinic.device import DeviceEconomics, DeviceInputs, device_economics
from pricing.clinic.menu import suggested_menu
from pricing.tables.loading import load_tables
from pricing.clinic.sensitivity import profit_sensitivity
from ui.formatting import money

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DEFAULT_DEVICES = ["rf_mn", "co2", "mn_pen"]


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test reads the shipped defaults from its own store folder (the store is cached per process)."""
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()


def _clinic(edits: dict[int, dict[str, float | None]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/clinic_planner/page.py").run()
    if edits:
        at.session_state[at.data_editor[0].key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
        at.run()
    return at


def _economics(device_id: str, **changes: float) -> tuple[DeviceInputs, DeviceEconomics]:
    row = load_tables().devices.set_index("device_id").loc[device_id].to_dict()
    inputs = DeviceInputs.from_mapping({**row, **changes})
    return inputs, device_economics(inputs)


def _metrics(at: AppTest, label: str) -> list[str]:
    """The values of the metric cards with this label, one per computed device, in device order."""
    return [m.value for m in at.metric if m.label == label]


def _card(at: AppTest, device_index: int) -> dict[str, str]:
    labels = ("Break-even (sessions / month)", "Payback", "NPV", "ROI", "Utilisation")
    return {label: _metrics(at, label)[device_index] for label in labels}


def test_renders_with_defaults_without_exception() -> None:
    at = _clinic()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Clinic planner"
    assert list(at.data_editor[0].value["name"]) == ["RF microneedling", "Fractional CO2 laser",
                                                    "Microneedling (pen)"]
    assert len(_metrics(at, "NPV")) == 3
    assert len(at.get("plotly_chart")) == 3  # cost per session, cumulative cash, tornado
    answers = at.markdown[[m.value.startswith("- **") for m in at.markdown].index(True)].value
    _, co2 = _economics("co2")
    assert (f"**Fractional CO2 laser**: break-even at {int(co2.break_even_sessions_per_month[0])} sessions a month; "
            f"at 43 a month it pays back in {int(co2.payback_months[0])} month") in answers


def test_default_figures_are_the_cores() -> None:
    at = _clinic()
    for index, device_id in enumerate(DEFAULT_DEVICES):
        _, econ = _economics(device_id)
        summary = econ.summary()
        card = _card(at, index)
        assert card["Break-even (sessions / month)"] == str(summary["break_even_sessions_per_month"])
        assert card["NPV"] == money(summary["npv"], "USD")
        assert _metrics(at, "Full cost per session")[index] == money(summary["full_cost_per_session"], "USD", 2)


def test_changing_sessions_and_price_moves_the_figures_exactly_as_the_core() -> None:
    at = _clinic({1: {"sessions_per_month": 6.0, "price_per_session": 700.0}})
    assert not at.exception and not at.error
    _, before = _economics("co2")
    _, after = _economics("co2", sessions_per_month=6.0, price_per_session=700.0)
    card = _card(at, 1)
    assert card["Break-even (sessions / month)"] == str(int(after.break_even_sessions_per_month[0]))
    assert card["Payback"] == f"{int(after.payback_months[0])} months"
    assert card["NPV"] == money(float(after.npv[0]), "USD")
    assert card["NPV"] != money(float(before.npv[0]), "USD")
    assert int(after.payback_months[0]) != int(before.payback_months[0])
    # The other devices are untouched.
    _, rf = _economics("rf_mn")
    assert _card(at, 0)["NPV"] == money(float(rf.npv[0]), "USD")
    # The edits are kept for the session, per device.
    assert at.session_state["clinic_device_values"] == {"co2": {"price_per_session": 700.0,
                                                                "sessions_per_month": 6.0}}


@pytest.mark.parametrize("edit", [
    {"price_per_session": 50.0},  # below the variable cost of 79.29 USD
    {"price_per_session": 40.0, "hourly_rate": 0.0, "consumables_per_session": 40.0},  # margin exactly 0
], ids=["negative margin", "zero margin"])
def test_margin_at_or_below_zero_warns_instead_of_raising(edit: dict[str, float]) -> None:
    at = _clinic({1: edit})
    assert not at.exception and not at.error
    price = money(edit["price_per_session"], "USD")
    assert any("No break-even" in w.value and price in w.value for w in at.warning)
    assert len(_metrics(at, "Break-even (sessions / month)")) == 2  # the CO2 card shows the warning instead
    answers = at.markdown[[m.value.startswith("- **") for m in at.markdown].index(True)].value
    assert "**Fractional CO2 laser**: never breaks even at this price" in answers


def test_invalid_edit_names_device_and_column_and_keeps_the_others() -> None:
    at = _clinic({0: {"down_payment": 200_000.0}})
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "RF microneedling" in message and "row 1" in message
    assert "Down payment (USD)" in message and "must not exceed Device price (USD)" in message
    assert len(_metrics(at, "NPV")) == 2  # CO2 laser and pen are still computed
    _, co2 = _economics("co2")
    assert _card(at, 0)["NPV"] == money(float(co2.npv[0]), "USD")


@pytest.mark.parametrize(("field", "value", "column", "words"), [
    ("life_years", 0.0, "Life (years)", "must be more than 0"),
    ("consumables_per_session", -5.0, "Consumables per session (USD)", "must be at least 0"),
    ("sessions_per_month", None, "Sessions per month", "is empty"),
])
def test_impossible_values_are_errors_with_row_and_column(field: str, value: float | None, column: str,
                                                           words: str) -> None:
    at = _clinic({2: {field: value}})
    assert not at.exception
    assert len(at.error) == 1
    assert "Microneedling (pen)" in at.error[0].value and "row 3" in at.error[0].value
    assert column in at.error[0].value and words in at.error[0].value
    assert len(_metrics(at, "NPV")) == 2


def test_more_sessions_than_hours_warns_in_place_of_the_payback_figures() -> None:
    at = _clinic({2: {"hours_per_month": 5.0}})
    assert not at.exception and not at.error
    assert any("Microneedling (pen)" in w.value and "430 %" in w.value for w in at.warning)
    assert len(_metrics(at, "Payback")) == 2
    assert len(_metrics(at, "Utilisation")) == 2
    assert any("Its cash line is not drawn" in w.value for w in at.warning)
    assert any("cost per session (and the menu built on it) is too low" in w.value for w in at.warning)


def test_reset_restores_the_table_values() -> None:
    at = _clinic({1: {"sessions_per_month": 6.0}})
    at.button(key="clinic_reset").click().run()
    assert not at.exception
    assert at.session_state["clinic_device_values"] == {}
    _, co2 = _economics("co2")
    assert _card(at, 1)["NPV"] == money(float(co2.npv[0]), "USD")


def test_menu_follows_the_target_margin_and_the_region_in_device_currency() -> None:
    at = _clinic()
    at.sidebar.slider(key="target_margin").set_value(50).run()
    at.session_state["region"] = "UK"
    at.run()
    assert not at.exception
    menu = at.dataframe[-1].value
    tables = load_tables()
    _, co2 = _economics("co2")
    uk = tables.prices.set_index(["region_id", "option_id"]).loc[("UK", "co2")]
    uk_in_usd = uk["price_typical"] / tables.units_per_usd()["GBP"]
    expected = suggested_menu(float(co2.full_cost_per_session[0]), "USD", 50.0, regional_typical_price=uk_in_usd)
    shown = menu[menu["Device"] == "Fractional CO2 laser"].reset_index(drop=True)
    pd.testing.assert_series_equal(shown["Per session (USD)"], expected["price_per_session"], check_names=False)
    pd.testing.assert_series_equal(shown["vs UK %"], expected["vs_region_pct"], check_names=False)
    assert shown["UK typical per session (USD)"].iloc[0] == pytest.approx(uk_in_usd)


def test_tornado_follows_the_chosen_device_and_the_core() -> None:
    at = _clinic()
    at.selectbox(key="clinic_tornado_device").set_value("co2").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert spec["layout"]["title"]["text"].startswith("Fractional CO2 laser")
    inputs, _ = _economics("co2")
    expected = profit_sensitivity(inputs, 20.0)
    plus = next(trace for trace in spec["data"] if trace["name"] == "Input +20 %")
    assert list(reversed(plus["y"])) == list(expected["label"])  # largest swing on top
    assert plus["base"] == pytest.approx(float(expected["base_profit"].iloc[0]))
