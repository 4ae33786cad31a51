"""Specification of pricing.patient.compare: courses side by side on the shipped data."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from pricing.patient.compare import DEFAULT_RANK_BY, compare_courses, rank_order
from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import band_notes, total_percentiles, typical_outside_band

BANDS = ("low", "typical", "high")
MONEY = [f"price_{b}" for b in BANDS] + [f"{kind}_{b}" for kind in ("course_cost", "extras_cost", "downtime_cost",
                                                                     "total") for b in BANDS] + ["p10", "p50", "p90"]
NOT_MONEY = [f"{kind}_{b}" for kind in ("sessions", "downtime_days", "weeks") for b in BANDS]
DRAWS = 2_000


def us_acne(tables, currency="USD", extras=0.0, daily=0.0, seed=5):
    options = list(tables.options["option_id"])
    return compare_courses(tables, ["US"], options, "acne_scars", PatientCosts(currency, extras, daily),
                           draws=DRAWS, seed=seed)


@pytest.fixture(scope="module")
def us_usd(shipped_tables):
    return us_acne(shipped_tables, "USD", extras=15.0, daily=40.0)


class TestShippedUsAcneScars:
    def test_thulium_is_unavailable_with_a_reason(self, us_usd):
        """sessions.csv holds no (th_1927, acne_scars) row: th_1927 is listed as not compared, with why."""
        assert us_usd.unavailable[["region_id", "option_id"]].values.tolist() == [["US", "th_1927"]]
        assert "no course data for this indication" in us_usd.unavailable["reason"].iloc[0]
        assert "th_1927" not in set(us_usd.rows["option_id"])

    def test_the_other_seven_ranked_by_median_total(self, us_usd):
        rows = us_usd.rows
        assert sorted(rows["option_id"]) == sorted(["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "co2",
                                                    "er_yag"])
        assert rows["p50"].is_monotonic_increasing
        assert us_usd.currency == "USD" and us_usd.indication_id == "acne_scars"
        assert (rows["currency"] == "USD").all() and (rows["region_id"] == "US").all()

    def test_no_nan_in_money_columns(self, us_usd):
        frame = us_usd.rows[MONEY + NOT_MONEY]
        assert not frame.isna().any().any()
        assert (frame[MONEY] >= 0).all().all()

    def test_hand_checked_rows(self, us_usd):
        """US mn_pen: 300 a session, 3 sessions, 3-pack 750 -> "1 x 3-pack", course 750;
        extras 3 x 15 = 45; downtime 3 x 2.5 = 7.5 days x 40 = 300 -> total 1,095.
        US mn_prp: 550, 4 sessions, 3-pack 1,350 -> 1,350 + 550 = 1,900, "1 x 3-pack + 1 single session".
        US er_yag: 950, 2 sessions, only a 3-pack at 2,550 -> 2 x 950 = 1,900, "2 single sessions"."""
        rows = us_usd.rows.set_index("option_id")
        pen = rows.loc["mn_pen"]
        assert pen["plan_typical"] == "1 x 3-pack"
        assert (pen["course_cost_typical"], pen["extras_cost_typical"], pen["downtime_cost_typical"],
                pen["total_typical"]) == pytest.approx((750, 45, 300, 1095))
        assert pen["weeks_typical"] == 8
        assert rows.loc["mn_prp", "course_cost_typical"] == pytest.approx(1900)
        assert rows.loc["mn_prp", "plan_typical"] == "1 x 3-pack + 1 single session"
        assert rows.loc["er_yag", "course_cost_typical"] == pytest.approx(1900)
        assert rows.loc["er_yag", "plan_typical"] == "2 single sessions"

    def test_plans_and_draws_follow_the_ranking(self, us_usd):
        """plans[i] and draws[i] belong to rows[i]: plan cost = course_cost_typical and the draws give p10..p90."""
        rows = us_usd.rows
        assert [p.describe() for p in us_usd.plans] == rows["plan_typical"].tolist()
        np.testing.assert_allclose([p.cost for p in us_usd.plans], rows["course_cost_typical"])
        pct = total_percentiles(us_usd.draws)
        np.testing.assert_allclose(pct.to_numpy(), rows[["p10", "p50", "p90"]].to_numpy())
        assert us_usd.draws.shape == (7, DRAWS)

    def test_provenance_is_carried(self, us_usd):
        for column in ("price_source", "sessions_source", "downtime_source", "price_estimate"):
            assert column in us_usd.rows and (us_usd.rows[column].astype(str).str.len() > 0).all()


class TestCurrency:
    def test_eur_equals_usd_times_the_rate_ratio(self, shipped_tables, us_usd):
        """EUR 0.851 per USD: every money figure in EUR = the USD figure x 0.851 / 1 (same seed, same
        draws); sessions, days and weeks are unchanged; the ranking is the same."""
        rate = shipped_tables.units_per_usd()
        ratio = rate["EUR"] / rate["USD"]
        assert ratio == pytest.approx(0.851)
        eur = us_acne(shipped_tables, "EUR", extras=15.0 * ratio, daily=40.0 * ratio)
        assert eur.rows["option_id"].tolist() == us_usd.rows["option_id"].tolist()
        exact = [c for c in MONEY if c not in ("p10", "p50", "p90")]
        np.testing.assert_allclose(eur.rows[exact].to_numpy(), us_usd.rows[exact].to_numpy() * ratio, rtol=1e-9)
        # The Monte Carlo draws run in single precision (relative error about 1e-7, documented in the README).
        np.testing.assert_allclose(eur.rows[["p10", "p50", "p90"]].to_numpy(),
                                   us_usd.rows[["p10", "p50", "p90"]].to_numpy() * ratio, rtol=1e-6)
        np.testing.assert_allclose(eur.rows[NOT_MONEY].to_numpy(), us_usd.rows[NOT_MONEY].to_numpy())
        assert (eur.rows["currency"] == "EUR").all()
        assert (eur.rows["price_currency"] == "USD").all()

    def test_one_option_across_regions_in_usd(self, shipped_tables):
        """mn_pen in US and UK shown in USD: UK 210 GBP / 0.743 = 282.64 USD a session; UK 3 sessions
        with its 3-pack at 600 GBP = 807.54 USD, ranked after the US (750 USD) at typical prices; by default the
        regions are ranked on their medians."""
        result = compare_courses(shipped_tables, ["US", "UK"], ["mn_pen"], "acne_scars", PatientCosts("USD"),
                                 draws=DRAWS, rank_by="typical")
        rows = result.rows.set_index("region_id")
        assert result.rows["region_id"].tolist() == ["US", "UK"]
        by_median = compare_courses(shipped_tables, ["US", "UK"], ["mn_pen"], "acne_scars", PatientCosts("USD"),
                                    draws=DRAWS)
        assert by_median.rows["p50"].is_monotonic_increasing
        assert rows.loc["UK", "price_typical"] == pytest.approx(210 / 0.743)
        assert rows.loc["UK", "course_cost_typical"] == pytest.approx(600 / 0.743)
        assert rows.loc["UK", "price_currency"] == "GBP"
        assert rows.loc["US", "course_cost_typical"] == pytest.approx(750)


def test_option_without_a_price_is_unavailable(shipped_tables):
    """With the US co2 price removed, co2 is listed as "no price for this option in this region"."""
    prices = shipped_tables.prices
    tables = replace(shipped_tables, prices=prices[~((prices["region_id"] == "US") & (prices["option_id"] == "co2"))])
    result = us_acne(tables)
    reasons = dict(zip(result.unavailable["option_id"], result.unavailable["reason"]))
    assert reasons["co2"] == "no price for this option in this region"
    assert "no course data" in reasons["th_1927"]
    assert "co2" not in set(result.rows["option_id"])


def test_nothing_to_compare_gives_empty_rows(shipped_tables):
    """Only th_1927, which has no acne_scars course: no rows, and th_1927 listed with its reason."""
    result = compare_courses(shipped_tables, ["US"], ["th_1927"], "acne_scars", PatientCosts("USD"), draws=100)
    assert result.rows.empty
    assert result.unavailable["option_id"].tolist() == ["th_1927"]
    assert result.draws.shape == (0, 100)


class TestMedianFirstRanking:
    """Issue 16 item 1: the ranking, like the headline, follows the median (P50) of the simulated totals."""

    @staticmethod
    def frame():
        """Three rows worked by hand: A is cheapest at typical prices (300) but has the dearest median (900);
        B and C tie on the median (700), C is cheaper at typical prices (600 against 800)."""
        return pd.DataFrame({"option_id": ["A", "B", "C"], "p50": [900.0, 700.0, 700.0],
                             "total_typical": [300.0, 800.0, 600.0], "total_low": [200.0, 500.0, 400.0],
                             "total_high": [3000.0, 1200.0, 900.0]})

    @pytest.mark.parametrize("rank_by, expected", [("p50", "CBA"), ("typical", "ACB"), ("low", "ACB"),
                                                   ("high", "CBA")])
    def test_rank_order_on_a_small_fixed_frame(self, rank_by, expected):
        frame = self.frame()
        assert "".join(frame["option_id"].iloc[rank_order(frame, rank_by)]) == expected

    def test_the_default_is_the_median(self):
        frame = self.frame()
        assert DEFAULT_RANK_BY == "p50"
        assert rank_order(frame).tolist() == rank_order(frame, "p50").tolist() == [2, 1, 0]

    def test_unknown_rank_is_refused(self):
        with pytest.raises(ValueError, match="rank_by must be one of p50, typical, low, high"):
            rank_order(self.frame(), "median")

    def test_shipped_comparison_is_ranked_by_p50(self, us_usd):
        assert us_usd.rank_by == "p50"
        assert us_usd.rows["p50"].is_monotonic_increasing

    def test_rank_by_typical_keeps_the_same_rows_and_draws(self, shipped_tables, us_usd):
        """Ranked by the typical total instead: the same rows (same seed), sorted on total_typical, and each
        row's draws still give its own P10-P90."""
        options = list(shipped_tables.options["option_id"])
        typical = compare_courses(shipped_tables, ["US"], options, "acne_scars", PatientCosts("USD", 15.0, 40.0),
                                  draws=DRAWS, seed=5, rank_by="typical")
        assert typical.rows["total_typical"].is_monotonic_increasing
        by_option = us_usd.rows.set_index("option_id")
        again = typical.rows.set_index("option_id").loc[by_option.index]
        np.testing.assert_allclose(again[["p10", "p50", "p90", "total_typical"]].to_numpy(),
                                   by_option[["p10", "p50", "p90", "total_typical"]].to_numpy())
        np.testing.assert_allclose(total_percentiles(typical.draws).to_numpy(),
                                   typical.rows[["p10", "p50", "p90"]].to_numpy())

    def test_uk_acne_scars_roller_typical_below_its_band_says_why(self, shipped_tables):
        """The UK roller as issue 16 found it: 100 / 119 / 700 GBP a session, 2 / 3 / 6 sessions. The median price
        factor of the triangle (0.84, 1, 5.88) is 5.88 - sqrt(5.04 x 4.88 / 2) = 2.37 x typical, so most courses
        cost more than the typical one, and the note says the typical price is near the low end."""
        prices = shipped_tables.prices.copy()
        roller = (prices["region_id"] == "UK") & (prices["option_id"] == "mn_roller")
        prices.loc[roller, ["price_low", "price_typical", "price_high"]] = [100.0, 119.0, 700.0]
        tables = replace(shipped_tables, prices=prices)
        result = compare_courses(tables, ["UK"], ["mn_roller", "co2"], "acne_scars", PatientCosts("GBP"),
                                 draws=DRAWS, seed=5)
        row = result.rows.set_index("option_id").loc["mn_roller"]
        assert row["total_typical"] < row["p10"] and bool(row["typical_outside_band"])
        assert row["band_note"].startswith("Below P10: the typical price is near the low end of its range; "
                                           "most clinics charge more.")


@pytest.mark.slow
def test_typical_outside_band_agrees_with_the_band_for_every_option_on_the_defaults(shipped_tables):
    """Every region x indication of the shipped data: the flag is true exactly when the typical total is
    outside [P10, P90] (beyond the half-cent tolerance), and a note is given exactly then."""
    options = list(shipped_tables.options["option_id"])
    checked = 0
    for region, currency in zip(shipped_tables.regions["region_id"], shipped_tables.regions["currency"],
                                strict=True):
        for indication in shipped_tables.indications["indication_id"]:
            rows = compare_courses(shipped_tables, [region], options, indication, PatientCosts(currency),
                                   draws=500, seed=1).rows
            typical, p10, p90 = (rows[c].to_numpy() for c in ("total_typical", "p10", "p90"))
            clear = (np.abs(typical - p10) > 0.01) & (np.abs(typical - p90) > 0.01)
            expected = (typical < p10) | (typical > p90)
            assert (rows["typical_outside_band"].to_numpy()[clear] == expected[clear]).all(), (region, indication)
            assert ((rows["band_note"] != "") == rows["typical_outside_band"]).all()
            checked += len(rows)
    assert checked > 300


class TestBandNotes:
    """Why a typical total lies outside its own P10-P90, from the shape of the price and sessions bands."""

    @staticmethod
    def row(**values):
        base = {"price_low": 300.0, "price_typical": 300.0, "price_high": 300.0, "sessions_min": 3,
                "sessions_typical": 3, "sessions_max": 3, "total_typical": 900.0, "p10": 800.0, "p90": 1000.0}
        return pd.DataFrame([{**base, **values}])

    def test_inside_the_band_no_note(self):
        assert band_notes(self.row()) == [""]
        assert not typical_outside_band([900.0], [800.0], [1000.0])[0]

    def test_at_the_edge_within_half_a_cent_is_inside(self):
        assert typical_outside_band([799.996, 1000.004, 799.99], [800.0] * 3, [1000.0] * 3).tolist() == [
            False, False, True]

    def test_typical_price_near_the_high_end(self):
        """Price 100 / 650 / 700: the median factor of (0.154, 1, 1.077) is 0.154 + sqrt(0.923 x 0.846 / 2) =
        0.78 of typical: most clinics charge less, and a typical total of 1,950 sits above a P90 of 1,900."""
        note = band_notes(self.row(price_low=100.0, price_typical=650.0, price_high=700.0, total_typical=1950.0,
                                   p10=1000.0, p90=1900.0))[0]
        assert note == "Above P90: the typical price is near the high end of its range; most clinics charge less."

    def test_sessions_near_the_fewest(self):
        """Sessions 2 / 2 / 6 at a flat 300: the sessions triangle (1.5, 2, 6.5) has its median at
        6.5 - sqrt(5 x 4.5 / 2) = 3.15, rounded 3 > 2: many patients need more; the price is not named."""
        note = band_notes(self.row(sessions_min=2, sessions_typical=2, sessions_max=6, total_typical=600.0,
                                   p10=650.0, p90=1500.0))[0]
        assert note == "Below P10: the typical number of sessions is near the fewest; many patients need more."

    def test_neither_part_named(self):
        """Symmetric bands: the note says only where most simulated courses fall."""
        note = band_notes(self.row(total_typical=700.0))[0]
        assert note.startswith("Below P10: most simulated courses cost more")


def test_scalp_and_body_indications_carry_their_own_downtime() -> None:
    """Correction 8: hair loss (scalp) does not inherit the face's downtime; scalp microneedling is about 0-1 day
    (sessions.csv area_downtime_days_*), while acne scars keep the option's facial 1 / 2.5 / 7 days."""
    from pricing.patient.compare import course_rows
    from pricing.tables.loading import load_tables

    tables = load_tables()
    scalp, _ = course_rows(tables, ["US"], ["mn_pen"], "hair_loss", "USD")
    face, _ = course_rows(tables, ["US"], ["mn_pen"], "acne_scars", "USD")
    assert scalp[["downtime_days_min", "downtime_days_typical", "downtime_days_max"]].iloc[0].tolist() == [0, 0.5, 1]
    assert face[["downtime_days_min", "downtime_days_typical", "downtime_days_max"]].iloc[0].tolist() == [1, 2.5, 7]


def test_downtime_days_read_the_same_everywhere() -> None:
    """7.5 days stays 7.5 in the headline, the hover and the printable summary (never '8' beside 7.5)."""
    from ui.formatting import days_number, days_range, days_text

    assert (days_text(7.5), days_text(8.0), days_text(1.0), days_text(7.46)) == ("7.5 days", "8 days", "1 day",
                                                                                  "7.5 days")
    assert (days_number(2.5), days_range(0.0, 1.0), days_range(3, 14)) == ("2.5", "0-1", "3-14")
