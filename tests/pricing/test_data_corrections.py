"""The shipped data holds the review's corrections (shared/reference/README.md, "Corrections found in review").

One test per correction; each asserts the corrected property, so it fails on the row as it was before.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pricing.tables.loading import PriceTables
from pricing.tables.validation import data_warnings

FROM_TO_TYPICAL = 1.3  # typical = "from" price x 1.3 (data/README.md)


def price(tables: PriceTables, region: str, option: str) -> pd.Series:
    prices = tables.prices.set_index(["region_id", "option_id"])
    return prices.loc[(region, option)]


def skin_type_text(tables: PriceTables, option: str) -> str:
    safety = tables.safety
    rows = safety[(safety["option_id"] == option) & (safety["topic"] == "skin_type")]
    assert len(rows) == 1
    return str(rows["text"].iloc[0])


def texts(tables: PriceTables, option: str) -> str:
    safety = tables.safety
    return " ".join(safety.loc[safety["option_id"] == option, "text"])


def test_1_fractional_co2_is_never_shown_safer_than_microneedling_for_darker_skin(shipped_tables):
    """CO2 is named the highest-risk class for skin IV-VI and quotes the 37 % of ablative CO2; microneedling's
    row names no such class, and no CO2 sentence says it caused no dark patches without the study's limits."""
    co2 = skin_type_text(shipped_tables, "co2")
    highest = re.compile(r"highest[^.;]{0,25}risk", re.IGNORECASE)
    assert highest.search(co2)
    assert "7-patient" in co2 and "I-III" in co2
    for option in ("mn_pen", "mn_roller", "rf_mn"):
        assert not highest.search(skin_type_text(shipped_tables, option))


def test_2_prp_drop_out_is_not_an_incidence_and_prp_risks_are_listed(shipped_tables):
    """MN+PRP: '1 of 30' is called a drop-out count and the row points to plain microneedling's 0-17 %; PRP's own
    risks (blood draw, bleeding disorders and anticoagulants, unlicensed providers: CDC MMWR 2024) are rows."""
    prp = skin_type_text(shipped_tables, "mn_prp")
    assert "not an incidence" in prp and "0-17 %" in prp
    safety = shipped_tables.safety
    own = safety[(safety["option_id"] == "mn_prp") & (safety["topic"] == "contraindication")]
    joined = " ".join(own["text"]).lower()
    assert "blood draw" in joined and "anticoagulant" in joined and "licensed" in joined
    assert own["source"].str.contains("cdc.gov/mmwr/volumes/73/wr/mm7316a3", regex=False).any()
    assert (own.loc[own["text"].str.contains("licensed"), "year"] == "2024").all()


@pytest.mark.parametrize("option", ["rf_mn", "na_1550", "th_1927", "co2", "er_yag"])
def test_3_heat_based_devices_warn_that_melasma_can_worsen(shipped_tables, option):
    assert re.search(r"melasma worse", texts(shipped_tables, option))


def test_3_needling_for_pigmentation_is_an_adjunct(shipped_tables):
    sessions = shipped_tables.sessions.set_index(["option_id", "indication_id"])
    for option in ("mn_pen", "mn_roller", "rf_mn"):
        assert "adjunct" in sessions.loc[(option, "pigmentation"), "note"]
    for option in ("na_1550", "th_1927"):
        assert "melasma worse" in sessions.loc[(option, "pigmentation"), "note"]


def test_5_korea_is_built_at_the_fx_tables_rate(shipped_tables):
    """KR pen = US_typ 300 x 0.175-0.27 x 1,443.75 KRW/USD: 75,797 / 96,370 / 116,944, rounded to 1,000; the
    agency's Potenza US$105-240 at 1,443.75: 151,594 and 346,500."""
    krw = float(shipped_tables.fx.set_index("currency").loc["KRW", "units_per_usd"])
    assert krw == 1443.75
    pen = price(shipped_tables, "KR", "mn_pen")
    assert (pen["price_low"], pen["price_typical"], pen["price_high"]) == (76_000, 96_000, 117_000)
    rf = price(shipped_tables, "KR", "rf_mn")
    assert rf["price_low"] == pytest.approx(105 * krw, abs=500)
    assert rf["price_high"] == pytest.approx(240 * krw, abs=500)
    kr = shipped_tables.prices[shipped_tables.prices["region_id"] == "KR"]
    assert not kr["note"].str.contains("233-359").any()


@pytest.mark.parametrize(
    ("region", "option", "from_price"),
    [("CA", "mn_pen", 395), ("CA", "mn_roller", 395), ("AE", "co2", 700), ("UK", "co2", 500)],
)
def test_6_a_from_price_is_the_low_and_the_typical_is_above_it(shipped_tables, region, option, from_price):
    """395 x 1.3 = 513.5 -> 510 (CA pen); 700 x 1.3 = 910 (AE CO2); 500 x 1.3 = 650 (UK CO2)."""
    row = price(shipped_tables, region, option)
    assert row["price_low"] == from_price
    assert row["price_typical"] == pytest.approx(from_price * FROM_TO_TYPICAL, abs=5)


def test_7_thulium_prices_follow_the_class_of_its_sessions_and_downtime(shipped_tables):
    """Sessions and downtime (3 / 7 / 10 days) are the Fraxel-1927 resurfacing class, priced like 1550 nm in
    every region; the Moxi pass (550, 1-3 days) and its 3-pack are not mixed in."""
    prices = shipped_tables.prices.set_index(["region_id", "option_id"])[["price_low", "price_typical", "price_high"]]
    for region in shipped_tables.regions["region_id"]:
        assert prices.loc[(region, "th_1927")].tolist() == prices.loc[(region, "na_1550")].tolist()
    options = shipped_tables.options.set_index("option_id")
    assert options.loc["th_1927", "downtime_days_typical"] == 7
    packages = shipped_tables.packages
    moxi = packages[(packages["region_id"] == "US") & (packages["option_id"] == "th_1927")]
    assert 1485 not in moxi["package_price"].tolist()


@pytest.mark.parametrize(
    ("option", "indication", "area"),
    [
        ("mn_pen", "hair_loss", "scalp"),
        ("mn_prp", "hair_loss", "scalp"),
        ("na_1550", "hair_loss", "scalp"),
        ("mn_pen", "stretch_marks", "body"),
        ("co2", "surgical_scars", "face or body"),
    ],
)
def test_8_scalp_and_body_courses_have_their_own_area_and_downtime(shipped_tables, option, indication, area):
    sessions = shipped_tables.sessions.set_index(["option_id", "indication_id"])
    row = sessions.loc[(option, indication)]
    assert row["treated_area"] == area
    assert not pd.isna(row["area_downtime_days_typical"])


def test_8_scalp_microneedling_downtime_is_about_0_to_1_day(shipped_tables):
    sessions = shipped_tables.sessions.set_index(["option_id", "indication_id"])
    face = shipped_tables.options.set_index("option_id").loc["mn_pen", "downtime_days_typical"]
    for option in ("mn_pen", "mn_roller", "mn_prp"):
        row = sessions.loc[(option, "hair_loss")]
        assert (row["area_downtime_days_min"], row["area_downtime_days_max"]) == (0, 1)
        assert row["area_downtime_days_typical"] < face


def test_9_every_package_has_an_expiry_and_an_assumed_one_is_an_estimate(shipped_tables):
    packages = shipped_tables.packages
    assert packages["package_expiry_months"].notna().all()
    assumed = packages["note"].str.contains("package_expiry_months = 12 [EST]", regex=False)
    assert assumed.sum() >= 187
    assert (packages.loc[assumed, "package_expiry_months"] == 12).all()
    assert (packages.loc[assumed, "estimate"] == "yes").all()


def test_9_no_estimated_bundle_costs_less_a_session_than_the_lowest_single_price(shipped_tables):
    """Only the two found US MN+PRP bundles (450 and 440 a session on a 500 low) are left to warn about."""
    found = data_warnings(shipped_tables.as_dict())
    packages = shipped_tables.packages
    flagged = [packages.iloc[w.row - 1] for w in found if w.table == "packages" and w.row is not None]
    assert all(row["estimate"] == "yes" and "[EST]" not in row["quality"].split(";")[0] for row in flagged)
    assert [(row["region_id"], row["option_id"]) for row in flagged] == [("US", "mn_prp"), ("US", "mn_prp")]


def test_no_price_band_warning_on_the_shipped_prices(shipped_tables):
    """The corrected bands: no high above 4x its typical, no typical at its own low."""
    assert [w for w in data_warnings(shipped_tables.as_dict()) if w.table == "prices"] == []
