"""Specification of pricing.patient.compare: courses side by side on the shipped data."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pricing.patient.compare import compare_courses
from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import total_percentiles

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

    def test_the_other_seven_ranked_by_typical_total(self, us_usd):
        rows = us_usd.rows
        assert sorted(rows["option_id"]) == sorted(["mn_roller", "mn_pen", "mn_prp", "rf_mn", "na_1550", "co2",
                                                    "er_yag"])
        assert rows["total_typical"].is_monotonic_increasing
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
        """mn_pen in US and UK shown in USD: UK 119 GBP / 0.743 = 160.16 USD a session; UK 3 sessions
        with its 3-pack at 339 GBP = 456.26 USD, ranked before the US (750 USD)."""
        result = compare_courses(shipped_tables, ["US", "UK"], ["mn_pen"], "acne_scars", PatientCosts("USD"),
                                 draws=DRAWS)
        rows = result.rows.set_index("region_id")
        assert result.rows["region_id"].tolist() == ["UK", "US"]
        assert rows.loc["UK", "price_typical"] == pytest.approx(119 / 0.743)
        assert rows.loc["UK", "course_cost_typical"] == pytest.approx(339 / 0.743)
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
