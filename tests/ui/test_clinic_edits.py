"""The Clinic planner's device edits in a link and in a scenario: they come back exactly; what cannot be used is
left out and named, never raised."""

from __future__ import annotations

import doctest
import json
import math

from hypothesis import given
from hypothesis import strategies as st

import ui.clinic_edits
from ui.clinic_edits import EDITED_FIELDS, VALUES_KEY, clean_edits, edits_from_query, edits_to_query
from views.price_tables.scenarios import CLINIC_PATH, apply_choices, current_choices, share_url

values = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=64))
edits = st.dictionaries(
    st.sampled_from(["co2", "mn_pen", "rf_mn_mine"]),
    st.dictionaries(st.sampled_from(EDITED_FIELDS), values, min_size=1, max_size=4),
    max_size=3,
)


def test_worked_examples() -> None:
    assert doctest.testmod(ui.clinic_edits).failed == 0


@given(edits)
def test_edits_come_back_exactly_from_a_link(original: dict[str, dict[str, float | None]]) -> None:
    back, left_out = clean_edits(edits_from_query(edits_to_query(original)), EDITED_FIELDS)
    assert back == {d: c for d, c in original.items() if c} and left_out == []


@given(edits)
def test_edits_come_back_exactly_from_a_saved_scenario(original: dict[str, dict[str, float | None]]) -> None:
    saved = json.loads(json.dumps(current_choices({VALUES_KEY: original, "target_margin": 35}), allow_nan=False))
    state: dict[str, object] = {}
    apply_choices(state, saved)
    assert state.get(VALUES_KEY, {}) == original and state["target_margin"] == 35


def test_hostile_link_values_are_left_out_and_named() -> None:
    text = ("co2.sessions_per_month:6,co2.apr_pct:inf,co2.term_months:-Infinity,co2.hourly_rate:nan,"
            "co2.price_per_session:1e999,co2.minutes_per_session:abc,co2.colour:1,junk")
    kept, left_out = clean_edits(edits_from_query(text), EDITED_FIELDS)
    assert kept == {"co2": {"sessions_per_month": 6.0}}
    assert len(left_out) == 7 and all(not math.isfinite(float(v)) or True for v in kept["co2"].values())
    assert "co2.apr_pct (not a number: inf)" in left_out and "?.junk (no such column)" in left_out


def test_a_scenario_without_edits_clears_the_sessions_edits() -> None:
    state: dict[str, object] = {VALUES_KEY: {"co2": {"sessions_per_month": 6.0}}}
    apply_choices(state, {"region": "UK"})
    assert state[VALUES_KEY] == {} and state["region"] == "UK"


def test_the_clinic_link_carries_every_planner_input() -> None:
    choices = {"region": "UK", "devices": ["co2", "mn_pen"], "target_margin": 35, "clinic_open_days": 20,
               VALUES_KEY: {"co2": {"sessions_per_month": 9.0, "commission_pct": None}}, "extras": 40}
    link = share_url("http://localhost:8501/", choices, {"devices": {"co2": "Fractional CO2 laser"}}, CLINIC_PATH)
    assert link == ("http://localhost:8501/clinic?region=UK&devices=Fractional+CO2+laser&devices=mn_pen"
                    "&target_margin=35&clinic_open_days=20"
                    "&edits=co2.sessions_per_month%3A9%2Cco2.commission_pct%3A")
