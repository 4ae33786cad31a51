"""Clinic planner (AppTest): renders with defaults, shows exactly what the core computes, warns instead of raising.

Edits to the device table are seeded the way AppTest allows for a keyed data editor: by assigning its edit
state (edited_rows by row position, column = DeviceInputs or LoadedCosts field) before run(). Default rows, in
order: 0 RF microneedling, 1 Fractional CO2 laser, 2 Microneedling (pen). The core's figures are computed with
each row's overheads (`LoadedCosts.from_mapping`), as the page does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.clinic.device import DEFAULT_OPEN_DAYS_PER_MONTH, DeviceEconomics, DeviceInputs, LoadedCosts, \
    device_economics
from pricing.clinic.menu import suggested_menu
from pricing.clinic.pnl import monthly_pnl
from pricing.clinic.projection import clinic_projection
from pricing.tables.loading import load_tables
from pricing.clinic.sensitivity import profit_sensitivity
from store import TableStore
from ui.drawn_when_open import open_key
from ui.formatting import money, percent
from views.clinic_planner.charts import CHART_TAB_KEY, CHART_TABS
from views.clinic_planner.key_figures import KPI_TABLE_NAME

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


def _economics(device_id: str, open_days: float = DEFAULT_OPEN_DAYS_PER_MONTH,
               **changes: float) -> tuple[DeviceInputs, DeviceEconomics]:
    """The core's economics of a devices-table row with `changes`, its overheads included."""
    row = {**load_tables().devices.set_index("device_id").loc[device_id].to_dict(), **changes}
    inputs = DeviceInputs.from_mapping(row).with_values(open_days_per_month=open_days)
    return inputs, device_economics(inputs, loaded=LoadedCosts.from_mapping(row))


def _metrics(at: AppTest, label: str) -> list[str]:
    """The values of the metric cards with this label, one per computed device, in device order."""
    return [m.value for m in at.metric if m.label == label]


def _sessions(count: float | None, decimals: int = 0) -> str:
    """A break-even on a card: '9 sessions', '0.41 sessions', '1 session'."""
    assert count is not None
    return f"{count:,.{decimals}f} session{'' if count == 1 else 's'}"


def _card(at: AppTest, device_index: int) -> dict[str, str]:
    labels = ("Break-even a month", "Break-even per open day", "Full-cost payback",
              "Cash out of pocket recovered", "NPV", "ROI", "IRR (annual)", "Lowest DSCR", "Utilisation",
              "Monthly payment")
    return {label: _metrics(at, label)[device_index] for label in labels}


def test_renders_with_defaults_without_exception() -> None:
    at = _clinic()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Clinic planner"
    assert list(at.data_editor[0].value["name"]) == ["RF microneedling", "Fractional CO2 laser",
                                                    "Microneedling (pen)"]
    assert len(_metrics(at, "NPV")) == 3
    assert len(at.get("plotly_chart")) == 1  # cost per session: only the open tab draws
    for tab in CHART_TABS[1:3]:
        at.session_state[CHART_TAB_KEY] = tab
        at.run()
        assert len(at.get("plotly_chart")) == 1, tab  # cumulative cash, tornado
    answers = at.markdown[[m.value.startswith("- **") for m in at.markdown].index(True)].value
    _, co2 = _economics("co2")
    # The volume differs per device (CO2 13 a month, not the pen's 43): read it from the table shown.
    shown = at.data_editor[0].value.set_index("name")
    sessions = f"{float(shown.loc['Fractional CO2 laser', 'sessions_per_month']):g}"
    assert (f"**Fractional CO2 laser**: break-even at {int(co2.break_even_sessions_per_month[0])} sessions a month; "
            f"at {sessions} a month it pays back its full cost in {int(co2.payback_months[0])} months (cash out of "
            f"pocket recovered in {int(co2.cash_payback_months[0])} months)") in answers


def test_default_figures_are_the_cores() -> None:
    at = _clinic()
    for index, device_id in enumerate(DEFAULT_DEVICES):
        _, econ = _economics(device_id)
        summary = econ.summary()
        card = _card(at, index)
        assert card["Break-even a month"] == _sessions(summary["break_even_sessions_per_month"])
        assert card["NPV"] == money(summary["npv"], "USD")
        assert _metrics(at, "Full cost per session")[index] == money(summary["full_cost_per_session"], "USD", 2)


def test_changing_sessions_and_price_moves_the_figures_exactly_as_the_core() -> None:
    # 20 sessions at 1,200 (the full-cost payback of fewer, cheaper sessions, with the overheads, is beyond the life).
    at = _clinic({1: {"sessions_per_month": 20.0, "price_per_session": 1200.0}})
    assert not at.exception and not at.error
    _, before = _economics("co2")
    _, after = _economics("co2", sessions_per_month=20.0, price_per_session=1200.0)
    card = _card(at, 1)
    assert card["Break-even a month"] == _sessions(int(after.break_even_sessions_per_month[0]))
    assert card["Full-cost payback"] == f"{int(after.payback_months[0])} months"
    assert card["NPV"] == money(float(after.npv[0]), "USD")
    assert card["NPV"] != money(float(before.npv[0]), "USD")
    assert int(after.payback_months[0]) != int(before.payback_months[0])
    # The other devices are untouched.
    _, rf = _economics("rf_mn")
    assert _card(at, 0)["NPV"] == money(float(rf.npv[0]), "USD")
    # The edits are kept for the session, per device.
    assert at.session_state["clinic_device_values"] == {"co2": {"price_per_session": 1200.0,
                                                                "sessions_per_month": 20.0}}


@pytest.mark.parametrize("edit", [
    {"price_per_session": 50.0},  # below the variable cost of 79.29 USD
    {"price_per_session": 40.0, "hourly_rate": 0.0, "consumables_per_session": 40.0},  # margin exactly 0
], ids=["negative margin", "zero margin"])
def test_margin_at_or_below_zero_warns_instead_of_raising(edit: dict[str, float]) -> None:
    at = _clinic({1: edit})
    assert not at.exception and not at.error
    price = money(edit["price_per_session"], "USD")
    assert any("No break-even" in w.value and price in w.value for w in at.warning)
    assert len(_metrics(at, "Break-even a month")) == 2  # the CO2 card shows the warning instead
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
    assert len(_metrics(at, "Full-cost payback")) == 2
    assert len(_metrics(at, "Utilisation")) == 2
    assert any("cost per session (and the price list built on it) is too low" in w.value for w in at.warning)
    at.session_state[CHART_TAB_KEY] = "Cash and payback"  # only the open tab draws
    at.run()
    assert any("Its cash line is not drawn" in w.value for w in at.warning)


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
    assert shown["UK typical per session (USD)"].iloc[0] == round(uk_in_usd, 2)  # money shown to the cent


def test_tornado_follows_the_chosen_device_and_the_core() -> None:
    at = _clinic()
    at.session_state[CHART_TAB_KEY] = "What moves profit"
    at.run()
    at.selectbox(key="clinic_tornado_device").set_value("co2").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert spec["layout"]["title"]["text"].startswith("Fractional CO2 laser")
    inputs, econ = _economics("co2")
    row = load_tables().devices.set_index("device_id").loc["co2"]
    expected = profit_sensitivity(inputs, 20.0, LoadedCosts.from_mapping(row))
    plus = next(trace for trace in spec["data"] if trace["name"] == "Input +20 %")
    assert list(reversed(plus["y"])) == list(expected["label"])  # largest swing on top
    # the tornado's base is the monthly profit the planner shows, overheads included
    assert plus["base"] == pytest.approx(float(expected["base_profit"].iloc[0]))
    assert float(expected["base_profit"].iloc[0]) == pytest.approx(float(econ.monthly_profit[0]))


# --- what an owner and a lender look at (issue 15) ---------------------------------------------------------------

def _irr_text(irr: float | None) -> str:
    return "n/a" if irr is None else "over 1,000 %" if irr > 1_000 else f"{irr:,.1f} %"


def _kpi_table(at: AppTest) -> pd.DataFrame:
    """The "All figures as a table" expander's table, once it is opened."""
    assert not any("Full-cost payback (months)" in d.value.columns for d in at.dataframe)  # drawn once opened
    at.session_state[open_key(KPI_TABLE_NAME)] = True
    return next(d.value for d in at.run().dataframe if "Full-cost payback (months)" in d.value.columns)


def test_cards_and_table_show_the_cores_paybacks_irr_and_dscr() -> None:
    at = _clinic()
    assert not at.exception and not at.error
    table = _kpi_table(at).set_index("Device")
    for index, device_id in enumerate(DEFAULT_DEVICES):
        _, econ = _economics(device_id)
        s = econ.summary()
        card = _card(at, index)
        assert card["Full-cost payback"] == f"{s['payback_months']} months"
        assert card["Cash out of pocket recovered"] == (
            f"in {s['cash_payback_months']} month{'' if s['cash_payback_months'] == 1 else 's'}")
        assert card["IRR (annual)"] == _irr_text(s["irr_annual_pct"])
        assert card["Lowest DSCR"] == f"{s['min_dscr']:,.2f}"
        dscr = [m for m in at.metric if m.label == "Lowest DSCR"][index]
        assert dscr.delta == f"in month {s['min_dscr_month']}"
        assert card["Monthly payment"] == money(s["monthly_payment"], "USD")
        assert card["ROI"] == percent(s["roi"])
        assert card["Break-even per open day"] == _sessions(s["break_even_sessions_per_day"], 2)
        row = table.loc[load_tables().devices.set_index("device_id").loc[device_id, "name"]]
        for column, key in (("Full-cost payback (months)", "payback_months"),
                            ("Cash out of pocket recovered (month)", "cash_payback_months"),
                            ("Loan paid off (month)", "loan_paid_off_month"), ("IRR (annual %)", "irr_annual_pct"),
                            ("Lowest DSCR", "min_dscr"), ("Lowest DSCR (month)", "min_dscr_month"), ("NPV", "npv"),
                            ("Break-even sessions per open day", "break_even_sessions_per_day")):
            assert row[column] == pytest.approx(s[key], rel=1e-12), column
    # The CO2 laser's full cost is its price and the interest: it pays back in years, its cash in months.
    co2 = _economics("co2")[1].summary()
    assert co2["cash_payback_months"] < co2["payback_months"] < 60


def test_open_days_change_break_even_per_day_as_the_core_says() -> None:
    at = _clinic()
    before = _metrics(at, "Break-even per open day")
    at.sidebar.number_input(key="clinic_open_days").set_value(10).run()
    assert not at.exception and not at.error
    after = _metrics(at, "Break-even per open day")
    for index, device_id in enumerate(DEFAULT_DEVICES):
        per_day = _economics(device_id, open_days=10.0)[1].summary()["break_even_sessions_per_day"]
        assert after[index] == _sessions(per_day, 2)
    assert after != before
    # Bound to the URL: a link with the open days opens with them.
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["clinic_open_days"] = "10"
    linked.run()
    linked.switch_page("views/clinic_planner/page.py").run()
    assert linked.sidebar.number_input(key="clinic_open_days").value == 10
    assert _metrics(linked, "Break-even per open day") == after


def test_a_loan_past_the_life_is_repaid_in_its_last_month_in_words() -> None:
    at = _clinic({1: {"term_months": 84.0}})
    assert not at.exception and not at.error
    _, co2 = _economics("co2", term_months=84.0)
    s = co2.summary()
    assert s["loan_paid_off_month"] == 60
    sentence = ("The loan runs 84 months, past the device's life of 60 months: the balance left is repaid in month "
                "60, the life's last month.")
    assert sentence in [c.value for c in at.caption]
    assert _card(at, 1)["Full-cost payback"] == f"{s['payback_months']} months"
    # The RF device's 48-month loan ends within its 5-year life: no such sentence for it.
    assert not [c.value for c in at.caption if "The loan runs 48 months, past the device's life of 60" in c.value]


def test_a_dscr_below_what_lenders_ask_for_is_said_in_words() -> None:
    at = _clinic({1: {"sessions_per_month": 8.0}})
    assert not at.exception and not at.error
    s = _economics("co2", sessions_per_month=8.0)[1].summary()
    assert s["min_dscr"] < 1.25
    assert any(f"Lowest DSCR {s['min_dscr']:,.2f} in month {s['min_dscr_month']}" in w.value
               and "below the 1.25 lenders usually ask for" in w.value for w in at.warning)


def test_the_monthly_pnl_runs_over_the_life_and_ends_at_the_cores_cumulative_cash() -> None:
    at = _clinic()
    at.session_state[CHART_TAB_KEY] = "Monthly P&L"
    at.run()
    at.selectbox(key="clinic_pnl_device").set_value("co2").run()
    assert not at.exception and not at.error
    by_month = next(d.value for d in at.dataframe if "Month" in d.value.columns)
    by_year = next(d.value for d in at.dataframe if "Year" in d.value.columns)
    inputs, co2 = _economics("co2")
    life = int(co2.life_months[0])
    assert list(by_month["Month"]) == list(range(life + 1))
    # Money is shown (and downloaded) to the cent.
    assert by_month["Cumulative cash (USD)"].iloc[-1] == round(float(co2.cumulative_cash[0, life]), 2)
    assert by_year["Cumulative cash (USD)"].iloc[-1] == round(float(co2.cumulative_cash[0, life]), 2)
    assert len(by_year) == 5
    row = load_tables().devices.set_index("device_id").loc["co2"]
    expected = monthly_pnl(clinic_projection(inputs, loaded=LoadedCosts.from_mapping(row)))
    assert by_month["EBITDA (USD)"].tolist() == pytest.approx(expected["ebitda"].tolist(), abs=0.005)
    labels = [b.label for b in at.get("download_button")]
    for what in ("P&L by month", "P&L by year"):
        assert f"Download {what} (CSV)" in labels and f"Download {what} (Excel)" in labels


def test_overheads_edited_in_the_table_flow_into_the_figures() -> None:
    at = _clinic({1: {"overhead_per_month": 5_000.0, "commission_pct": 10.0}})
    assert not at.exception and not at.error
    _, co2 = _economics("co2", overhead_per_month=5_000.0, commission_pct=10.0)
    _, before = _economics("co2")
    assert _card(at, 1)["NPV"] == money(float(co2.npv[0]), "USD") != money(float(before.npv[0]), "USD")
    assert at.session_state["clinic_device_values"] == {"co2": {"commission_pct": 10.0,
                                                                "overhead_per_month": 5_000.0}}


@pytest.mark.parametrize(("field", "value", "column", "words"), [
    ("wage_loading", 0.5, "Wage loading (x pay)", "must be at least 1"),
    ("commission_pct", 150.0, "Commission (%)", "must be at most 100"),
    ("room_minutes_per_session", 0.0, "Room minutes per session", "must be more than 0"),
])
def test_impossible_overheads_are_errors_with_row_and_column(field: str, value: float, column: str,
                                                             words: str) -> None:
    at = _clinic({0: {field: value}})
    assert not at.exception
    assert len(at.error) == 1
    assert "RF microneedling" in at.error[0].value and "row 1" in at.error[0].value
    assert column in at.error[0].value and words in at.error[0].value
    assert len(_metrics(at, "NPV")) == 2


def test_a_devices_table_kept_before_the_overheads_existed_still_works(tmp_path: Path) -> None:
    store = TableStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    current = store.current("devices")
    overheads = [c for c in current.frame.columns if c in LoadedCosts.__dataclass_fields__]
    assert overheads
    store.save_table("devices", current.frame.drop(columns=overheads), base_version=current.version_no,
                     note="as kept before issue 15")
    store.db.dispose()
    at = _clinic()
    assert not at.exception and not at.error
    for index, device_id in enumerate(DEFAULT_DEVICES):
        row = load_tables().devices.set_index("device_id").loc[device_id].to_dict()
        econ = device_economics(DeviceInputs.from_mapping(row))  # no overheads: LoadedCosts' defaults
        assert _card(at, index)["NPV"] == money(float(econ.npv[0]), "USD")
    assert at.data_editor[0].value["overhead_per_month"].isna().all()
