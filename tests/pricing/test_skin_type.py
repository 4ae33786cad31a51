"""Specification of pricing.patient.skin_type: the pigment-change band per option for a patient's skin type."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.patient.skin_type import (
    BANDS,
    NOT_KNOWN,
    SKIN_TYPE_CHOICES,
    band_of_pct,
    darker_skin_bands,
    highest_pih_pct,
    skin_type_bands,
)

OPTIONS = pd.DataFrame(
    {
        "option_id": ["pen", "prp", "laser_a", "laser_b", "co2", "lone"],
        "family": [
            "microneedling",
            "microneedling",
            "fractional_laser",
            "fractional_laser",
            "fractional_laser",
            "other",
        ],
    }
)


def safety(rows: list[tuple[str, str]], topic: str = "skin_type") -> pd.DataFrame:
    return pd.DataFrame(
        [{"option_id": o, "topic": topic, "text": t, "source": f"src-{o}", "year": "2020"} for o, t in rows]
    )


# A small table a person can band by hand: pen 0-17 % (moderate); prp only a drop-out count (no incidence: its
# family's highest band, moderate); laser_a about 3 % (low); laser_b 1-12 % (moderate); co2 "0 of 7" but in the
# highest-risk class (high); lone: nothing (not known, no family peer).
HAND = safety(
    [
        ("pen", "In darker skin, dark patches in 0-17 % of patients, usually temporary."),
        ("prp", "No incidence is published. In one study 1 of 30 patients (about 3 %) dropped out for dark patches."),
        ("laser_a", "In one study in skin types III-IV, about 3 % had dark patches."),
        ("laser_b", "Dark patches in about 1-12 % of sessions."),
        ("co2", "Reviews put fractional CO2 in the highest-risk class for darker skin; 0 of 7 in one small study."),
    ]
)
DARKER_EXPECTED = {
    "pen": "moderate",
    "prp": "moderate",
    "laser_a": "low",
    "laser_b": "moderate",
    "co2": "high",
    "lone": NOT_KNOWN,
}


class TestFigures:
    @pytest.mark.parametrize(
        "text, expected",
        [
            ("reported in 0-17 % of patients", 17.0),
            ("about 1-12 % of sessions, and 0-4.4 % in 1927 nm studies", 12.0),
            ("PIH 3.0% after one session", 3.0),
            ("no dark patches at gentle settings, but over 37 % with fully ablative CO2", 37.0),
            ("In one study about 3 % of patients (1 in 30) stopped because of severe dark patches.", None),
            ("1 of 30 patients dropped out (about 3 %). Others: 10 % had redness.", 10.0),
            ("No figure given.", None),
        ],
    )
    def test_highest_pih_pct(self, text, expected):
        assert highest_pih_pct(text) == expected

    @pytest.mark.parametrize(
        "pct, band", [(0, "low"), (4.99, "low"), (5, "moderate"), (19.9, "moderate"), (20, "high"), (100, "high")]
    )
    def test_thresholds(self, pct, band):
        assert band_of_pct(pct) == band

    @given(st.floats(0, 100), st.floats(0, 100))
    def test_a_higher_figure_never_gives_a_lower_band(self, a, b):
        low, high = sorted((a, b))
        assert BANDS.index(band_of_pct(low)) <= BANDS.index(band_of_pct(high))


class TestDarkerSkin:
    def test_hand_table(self):
        out = darker_skin_bands(HAND, OPTIONS).set_index("option_id")
        assert out["band"].to_dict() == DARKER_EXPECTED
        assert out.loc["co2", "basis"] == "class" and out.loc["prp", "basis"] == "family"
        assert out.loc["pen", "pih_pct"] == 17.0 and math.isnan(out.loc["prp", "pih_pct"])
        assert out.loc["pen", "source"] == "src-pen" and out.loc["lone", "finding"] == ""

    def test_class_statement_beats_a_low_figure(self):
        table = safety([("co2", "0 % in one study of 7; the highest PIH-risk class in darker skin per reviews.")])
        assert darker_skin_bands(table, OPTIONS).set_index("option_id").loc["co2", "band"] == "high"

    def test_only_skin_type_rows_count(self):
        table = pd.concat([HAND, safety([("laser_a", "Redness in 90 % of patients.")], topic="side_effect")])
        assert darker_skin_bands(table, OPTIONS).set_index("option_id").loc["laser_a", "band"] == "low"

    def test_an_option_without_incidence_follows_its_family_when_it_changes(self):
        """Raise the pen's figure to 25 %: prp, which has no incidence, follows it to high."""
        table = HAND.copy()
        table.loc[table["option_id"] == "pen", "text"] = "Dark patches in 25 % of patients."
        assert darker_skin_bands(table, OPTIONS).set_index("option_id").loc["prp", "band"] == "high"


class TestSkinTypes:
    @pytest.mark.parametrize("skin_type", ["IV", "V", "VI", "not_sure"])
    def test_darker_and_not_sure_take_the_darker_band(self, skin_type):
        out = skin_type_bands(HAND, OPTIONS, skin_type).set_index("option_id")
        assert out["band"].to_dict() == DARKER_EXPECTED
        assert out["high_risk"].to_dict() == {o: b == "high" for o, b in DARKER_EXPECTED.items()}

    def test_type_three_is_one_step_lower(self):
        out = skin_type_bands(HAND, OPTIONS, "III").set_index("option_id")
        assert out["band"].to_dict() == {
            "pen": "low",
            "prp": "low",
            "laser_a": "low",
            "laser_b": "low",
            "co2": "moderate",
            "lone": NOT_KNOWN,
        }
        assert not out["high_risk"].any()

    @pytest.mark.parametrize("skin_type", ["I", "II"])
    def test_light_skin_is_low(self, skin_type):
        out = skin_type_bands(HAND, OPTIONS, skin_type)
        assert (out["band"] == "low").all() and (out["darker_band"] != "low").any()

    def test_unknown_skin_type(self):
        with pytest.raises(ValueError, match="skin type must be one of not_sure, I, II, III, IV, V, VI"):
            skin_type_bands(HAND, OPTIONS, "VII")

    def test_every_option_gets_a_row(self):
        for skin_type in SKIN_TYPE_CHOICES:
            assert skin_type_bands(HAND, OPTIONS, skin_type)["option_id"].tolist() == OPTIONS["option_id"].tolist()


class TestShippedData:
    """What must hold on the default data whatever its wording (reference README, corrections 1 and 2)."""

    @pytest.mark.parametrize("skin_type", ["IV", "V", "VI"])
    def test_co2_never_looks_safer_than_microneedling(self, shipped_tables, skin_type):
        out = skin_type_bands(shipped_tables.safety, shipped_tables.options, skin_type).set_index("option_id")
        rank = {o: BANDS.index(b) for o, b in out["band"].items() if b != NOT_KNOWN}
        microneedling = shipped_tables.options.loc[shipped_tables.options["family"] == "microneedling", "option_id"]
        assert all(rank["co2"] >= rank[o] for o in microneedling if o in rank)

    def test_type_five_sees_co2_high(self, shipped_tables):
        out = skin_type_bands(shipped_tables.safety, shipped_tables.options, "V").set_index("option_id")
        assert out.loc["co2", "band"] == "high" and bool(out.loc["co2", "high_risk"])

    def test_prp_never_below_plain_microneedling(self, shipped_tables):
        out = darker_skin_bands(shipped_tables.safety, shipped_tables.options).set_index("option_id")
        assert BANDS.index(out.loc["mn_prp", "band"]) >= BANDS.index(out.loc["mn_pen", "band"])

    def test_every_option_is_banded_with_a_source(self, shipped_tables):
        out = darker_skin_bands(shipped_tables.safety, shipped_tables.options)
        assert set(out["band"]) <= set(BANDS)
        assert (out["source"].str.len() > 0).all()
