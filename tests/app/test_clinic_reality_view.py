"""Real-world payback (AppTest): renders with defaults, shows exactly what the core computes, warns instead of raising.

Inputs are set the way AppTest allows for widgets bound to the URL: by their session keys (`rw_...`) before run().
The side-by-side table (the first dataframe) has one row per device, each followed by its reality check; default
devices, in order: RF microneedling, Fractional CO2 laser, Microneedling (pen).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.clinic.cases import PaymentTerms, clinic_case, menu_frame, menu_services
from pricing.clinic.menu_economics import menu_economics
from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics
from pricing.clinic.scenarios import compare_scenarios, reality_check_cases
from pricing.tables.loading import load_tables
from pricing.clinic.tax import TaxSettings
from pricing.clinic.volume import VolumeProfile
from ui.formatting import money

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/real_world_payback/page.py"
DEVICES = ["rf_mn", "co2", "mn_pen"]


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test reads the shipped defaults from its own store folder (the store is cached per process)."""
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()


def _page(**state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _inputs(device_id: str, **changes: float) -> DeviceInputs:
    row = load_tables().devices.set_index("device_id").loc[device_id].to_dict()
    return DeviceInputs.from_mapping({**row, **changes})


def _loaded(device_id: str) -> LoadedCosts:
    """The device's own overheads from its row of the devices table (the page's default loaded costs)."""
    return LoadedCosts.from_mapping(load_tables().devices.set_index("device_id").loc[device_id])


def _expected(volume: VolumeProfile = VolumeProfile(), terms: PaymentTerms = PaymentTerms(),
              tax: TaxSettings = TaxSettings(), per_device: dict[str, dict[str, float]] | None = None) -> pd.DataFrame:
    """The core's side-by-side figures for the default devices with the page's default loaded costs: each device's
    own overheads from its row of the devices table (as the Clinic planner uses them)."""
    cases = []
    rows = load_tables().devices.set_index("device_id")
    for d in DEVICES:
        inputs = _inputs(d, **(per_device or {}).get(d, {}))
        loaded = LoadedCosts.from_mapping(rows.loc[d])
        cases += reality_check_cases(clinic_case(d, inputs, volume=volume, terms=terms, loaded=loaded, tax=tax))
    return compare_scenarios(cases).table


def _table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def _answer(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("At your volume"))


def _assert_same(shown: pd.DataFrame, expected: pd.DataFrame, columns: dict[str, str]) -> None:
    for header, figure in columns.items():
        pd.testing.assert_series_equal(shown[header].astype("float64"), expected[figure].astype("float64"),
                                       check_names=False, rtol=1e-12, obj=header)


def test_renders_with_defaults_without_exception() -> None:
    at = _page()
    assert not at.exception and not at.error
    # The one warning on the defaults is a true one: at the reality check's lower volume and higher costs the
    # 150,000 USD CO2 laser does not pay back within its life.
    assert [w.value for w in at.warning] == [
        "Fractional CO2 laser, reality check: no payback within the months in use at these figures."]
    assert at.title[0].value == "Real-world payback"
    assert list(_table(at)["Case"]) == ["RF microneedling", "RF microneedling, reality check", "Fractional CO2 laser",
                                        "Fractional CO2 laser, reality check", "Microneedling (pen)",
                                        "Microneedling (pen), reality check"]
    assert len(at.get("plotly_chart")) == 1  # the open tab draws: cumulative cash of the side by side
    assert "with a loan as the devices table says" in _answer(at)


def test_defaults_give_the_clinic_planners_payback_and_npv() -> None:
    at = _page()
    table = _table(at)
    rows = load_tables().devices.set_index("device_id")
    for i, d in enumerate(DEVICES):
        old = device_economics(_inputs(d), LoadedCosts.from_mapping(rows.loc[d]))
        assert table["Payback (months)"].iloc[2 * i] == float(old.payback_months[0])
        assert table["NPV (USD)"].iloc[2 * i] == pytest.approx(float(old.npv[0]), rel=1e-9)
        assert table["After-tax NPV (USD)"].iloc[2 * i] == pytest.approx(float(old.npv[0]), rel=1e-9)
    # The Clinic planner, in the same session, shows the same NPV.
    planner_npv = [float(table["NPV (USD)"].iloc[2 * i]) for i in range(3)]
    at.switch_page("views/clinic_planner/page.py").run()
    assert [m.value for m in at.metric if m.label == "NPV"] == [money(v, "USD") for v in planner_npv]


def test_a_ramp_moves_payback_and_npv_exactly_as_the_core() -> None:
    before = _table(_page())
    at = _page(rw_ramp=6)
    assert not at.exception and not at.error
    expected = _expected(VolumeProfile(ramp_months=6.0, ramp_start_pct=25.0))
    shown = _table(at)
    _assert_same(shown, expected, {"Payback (months)": "payback_months", "NPV (USD)": "npv",
                                   "Discounted payback (months)": "discounted_payback_months",
                                   "Sessions a month (delivered)": "average_sessions_per_month",
                                   "NPV vs first (USD)": "npv_vs_first"})
    assert (shown["NPV (USD)"] < before["NPV (USD)"]).all()
    assert shown["Payback (months)"].iloc[2] > before["Payback (months)"].iloc[2]
    co2_payback = int(expected["payback_months"].iloc[2])
    assert "a 6-month ramp-up from 25 %" in _answer(at)
    assert f"**Fractional CO2 laser** in {co2_payback} months" in _answer(at)


def test_a_lease_moves_the_figures_exactly_as_the_core() -> None:
    at = _page(rw_pay="lease", rw_residual=10.0)
    assert not at.exception and not at.error
    expected = _expected(terms=PaymentTerms(kind="lease", lease_residual_pct=10.0))
    _assert_same(_table(at), expected, {"Payback (months)": "payback_months", "NPV (USD)": "npv",
                                        "Profit a month (USD)": "monthly_profit"})
    assert set(expected["financing"]) == {"lease"}
    assert "with a lease bought out at the end" in _answer(at)
    assert _table(at)["NPV (USD)"].iloc[2] != _table(_page())["NPV (USD)"].iloc[2]


def test_tax_view_after_tax_figures_are_the_cores() -> None:
    at = _page(rw_tax_rate=25.0, rw_depreciation="macrs5", rw_tab="Tax")
    assert not at.exception and not at.error
    expected = _expected(tax=TaxSettings(depreciation="macrs5", income_tax_rate_pct=25.0))
    table = at.dataframe[0].value  # the Tax tab's table: one row per device
    entered = expected.iloc[::2].reset_index(drop=True)
    pd.testing.assert_series_equal(table["After-tax NPV (USD)"], entered["after_tax_npv"], check_names=False)
    pd.testing.assert_series_equal(table["After-tax payback (months)"].astype("float64"),
                                   entered["after_tax_payback_months"], check_names=False)
    assert any(m.value.startswith("After 25 % income tax (MACRS 5-year depreciation)") for m in at.markdown)
    assert len(at.get("plotly_chart")) == 1


def test_the_clinic_planners_edits_are_used_and_bad_ones_left_out() -> None:
    at = _page(clinic_device_values={"co2": {"sessions_per_month": 6.0}, "mn_pen": {"sessions_per_month": None}})
    assert not at.exception and not at.error
    assert any("Microneedling (pen)" in w.value and "left out" in w.value for w in at.warning)
    table = _table(at)
    assert list(table["Case"])[2:] == ["Fractional CO2 laser", "Fractional CO2 laser, reality check"]
    old = device_economics(_inputs("co2", sessions_per_month=6.0), _loaded("co2"))
    assert table["NPV (USD)"].iloc[2] == pytest.approx(float(old.npv[0]), rel=1e-9)


def test_sessions_and_price_from_the_sidebar() -> None:
    at = _page(rw_spm_co2=20.0, rw_price_co2=800.0)
    expected = _expected(per_device={"co2": {"sessions_per_month": 20.0, "price_per_session": 800.0}})
    _assert_same(_table(at), expected, {"Payback (months)": "payback_months", "NPV (USD)": "npv"})


def test_custom_seasonality_all_zero_warns_and_uses_flat() -> None:
    zeros = {"edited_rows": {i: {"Factor": 0.0} for i in range(12)}, "added_rows": [], "deleted_rows": []}
    at = _page(rw_season="custom", rw_season_custom=zeros)
    assert not at.exception and not at.error
    assert any("Custom seasonality not used until fixed" in w.value and "must not all be 0" in w.value
               for w in at.warning)
    _assert_same(_table(at), _expected(), {"NPV (USD)": "npv"})


def test_price_below_the_variable_cost_warns_instead_of_raising() -> None:
    at = _page(rw_price_co2=50.0)
    assert not at.exception and not at.error
    assert any("Fractional CO2 laser" in w.value and "never pays back" in w.value and "($50)" in w.value
               for w in at.warning)
    assert "**Fractional CO2 laser** never pays back (each session loses money)" in _answer(at)


def test_more_sessions_than_hours_warns_in_place_of_figures() -> None:
    at = _page(rw_spm_mn_pen=500.0)
    assert not at.exception and not at.error
    assert any("Microneedling (pen)" in w.value and "Limit to capacity" in w.value for w in at.warning)
    table = _table(at)
    assert pd.isna(table["NPV (USD)"].iloc[4]) and not pd.isna(table["NPV (USD)"].iloc[5])
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not any(trace.get("name", "").startswith("Microneedling (pen) (") for trace in spec["data"])
    capped = _page(rw_spm_mn_pen=500.0, rw_cap=True)
    assert not any("Limit to capacity" in w.value for w in capped.warning)
    assert _table(capped)["Utilisation"].iloc[4] == pytest.approx(1.0)


def test_a_case_that_cannot_be_computed_is_named() -> None:
    at = _page(rw_refurb=["mn_pen"], rw_life_cut=2.0)  # the pen's life is 2 years
    assert not at.exception and not at.error
    assert any("Microneedling (pen)" in w.value and "no life left" in w.value for w in at.warning)
    assert len(_table(at)) == 4


def test_ways_to_pay_side_by_side() -> None:
    at = _page(rw_compare="payment", rw_compare_device="co2")
    assert not at.exception and not at.error
    table = _table(at)
    assert list(table["Case"]) == ["Loan", "Cash", "Lease", "0 % promo"]
    inputs = _inputs("co2")
    loaded = _loaded("co2")
    expected = compare_scenarios([clinic_case(name, inputs, terms=PaymentTerms(kind=kind), loaded=loaded)
                                  for kind, name in (("loan", "Loan"), ("cash", "Cash"), ("lease", "Lease"),
                                                     ("promo", "0 % promo"))]).table
    _assert_same(table, expected, {"NPV (USD)": "npv", "NPV vs first (USD)": "npv_vs_first"})


def test_menu_names_the_service_to_push() -> None:
    at = _page(rw_tab="Menu economics", rw_shared=3_000.0)
    assert not at.exception and not at.error
    cases = [clinic_case(load_tables().devices.set_index("device_id").loc[d, "name"], _inputs(d),
                         loaded=_loaded(d)) for d in DEVICES]
    services, _ = menu_services(menu_frame(cases, compare_scenarios(cases).projection))
    menu = menu_economics(services, "USD", 3_000.0)
    assert any(m.value.startswith(f"Push **{menu.push_first}** first") for m in at.markdown)
    assert [m.value for m in at.metric if m.label == "Menu profit (USD a month)"] == [
        money(menu.totals["profit_per_month"], "USD")]
    assert len(at.get("plotly_chart")) == 1
