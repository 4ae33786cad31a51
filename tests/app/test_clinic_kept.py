"""Clinic planner (AppTest): an owner's edits come back from the page's link and from a saved scenario, and can be
saved as their own devices."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.clinic.device import DeviceInputs, LoadedCosts, device_economics
from pricing.tables.loading import load_tables
from store import TableStore
from ui.formatting import money

pytestmark = pytest.mark.slow  # each test runs the app in AppTest (about 2 s)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PLANNER = "views/clinic_planner/page.py"


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()


def _npv(device_id: str, **changes: float) -> str:
    row = {**load_tables().devices.set_index("device_id").loc[device_id].to_dict(), **changes}
    econ = device_economics(DeviceInputs.from_mapping(row), LoadedCosts.from_mapping(row))
    return money(float(econ.npv[0]), "USD")


def _npvs(at: AppTest) -> list[str]:
    return [m.value for m in at.metric if m.label == "NPV"]


def test_edits_in_the_link_are_used_and_written_back() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["edits"] = "co2.sessions_per_month:9,co2.price_per_session:1100"
    at.run()
    at.switch_page(PLANNER).run()
    assert not at.exception and not at.error
    assert at.session_state["clinic_device_values"] == {"co2": {"sessions_per_month": 9.0, "price_per_session": 1100.0}}
    assert _npvs(at)[1] == _npv("co2", sessions_per_month=9.0, price_per_session=1100.0)


def test_a_hostile_link_is_named_and_the_rest_used() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["edits"] = "co2.sessions_per_month:inf,co2.apr_pct:7,mn_pen.colour:1"
    at.run()
    at.switch_page(PLANNER).run()
    assert not at.exception and not at.error
    warning = next(w.value for w in at.warning if "link's device edits" in w.value).replace("\\_", "_")
    assert "co2.sessions_per_month (not a number: inf)" in warning and "mn_pen.colour (no such column)" in warning
    assert at.session_state["clinic_device_values"] == {"co2": {"apr_pct": 7.0}}


def test_edits_are_saved_as_own_devices(tmp_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PLANNER).run()
    save = at.button(key="clinic_save_own")
    assert save.disabled and "change a device's figures" in save.help
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {1: {"price_per_session": 1_100.0, "sessions_per_month": 9.0}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="clinic_save_own").click().run()
    assert not at.exception and not at.error
    assert any("as your own (co2_mine)" in s.value for s in at.success)
    kept = TableStore(f"sqlite:///{tmp_path / 'store.sqlite'}").current("devices").frame.set_index("device_id")
    own = kept.loc["co2_mine"]
    assert (own["price_per_session"], own["sessions_per_month"], own["source"]) == (1_100.0, 9.0, "your figures")
    assert at.session_state["devices"] == ["rf_mn", "co2_mine", "mn_pen"]
    assert at.session_state["clinic_device_values"] == {}
    assert "Fractional CO2 laser (mine)" in at.data_editor[0].value["name"].tolist()
    assert _npvs(at)[1] == _npv("co2", sessions_per_month=9.0, price_per_session=1100.0)
