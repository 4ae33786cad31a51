"""Specification of "Is this quote fair?" (pricing.patient.quote_check) and `python -m pricing check-quote`: the
percentile against a direct count over the same seeded draws, quotes outside the range in words, bad input as one
sentence (exit 2 at the command line)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pricing.cli import main
from pricing.patient.compare import course_rows, package_arrays
from pricing.patient.course import PatientCosts, course_cost_table
from pricing.patient.quote_check import (
    QuoteError,
    QuotePosition,
    check_quote,
    package_quote,
    per_session_quote,
    quote_position,
    session_price_draws,
)
from pricing.patient.uncertainty import draw_totals

DRAWS = 4000


def test_position_hand_worked():
    """Draws 100, 200, 300, 400: a quote of 250 is below two of four (50 % dearer), 150 below three (75 %)."""
    assert quote_position([100.0, 200.0, 300.0, 400.0], 250.0, 100.0, 400.0).share_dearer == 0.5
    position = quote_position([100.0, 200.0, 300.0, 400.0], 150.0, 100.0, 400.0)
    assert (position.share_dearer, position.share_cheaper, position.position) == (0.75, 0.25, "inside")
    assert position.words() == "cheaper than about 75 % of clinics in the region"


def test_outside_the_range_is_said_not_a_percentile():
    below = quote_position([100.0, 200.0], 50.0, 100.0, 200.0)
    above = quote_position([100.0, 200.0], 250.0, 100.0, 200.0)
    assert below.position == "below" and below.words("the UK", "GBP") == "below the lowest price found in the UK (£100)"
    assert above.position == "above" and above.words("the UK") == "above the highest price found in the UK"


def test_words_never_say_100_percent():
    assert (
        QuotePosition(0.9996, 0.0004, "inside", 1.0, 2.0).words() == "cheaper than about 99 % of clinics in the region"
    )


def test_percentile_is_a_direct_count_over_the_same_seeded_draws(shipped_tables):
    """3 sessions of microneedling (pen) for acne scars in the UK at 250 GBP each: the share of the region's
    simulated 3-session courses (draw_totals, same seed, sessions fixed at 3) that cost more than 750 GBP."""
    check = check_quote(
        shipped_tables, "UK", "acne_scars", "mn_pen", per_session_quote(250.0, 3, "GBP"), draws=DRAWS, seed=7
    )
    rows, _ = course_rows(shipped_tables, ["UK"], ["mn_pen"], "acne_scars", "GBP")
    rows[["sessions_min", "sessions_typical", "sessions_max"]] = 3
    table = course_cost_table(rows, package_arrays(shipped_tables, rows, "GBP"))
    draws = draw_totals(rows, table, PatientCosts("GBP"), draws=DRAWS, seed=7)[0]
    assert check.position.share_dearer == np.count_nonzero(draws > 750.0) / DRAWS
    assert check.position.share_cheaper == np.count_nonzero(draws < 750.0) / DRAWS
    assert check.position.position == "inside"
    uk = check.regions.set_index("region_id").loc["UK"]
    assert uk["p50"] == pytest.approx(np.percentile(draws, 50))


def test_package_and_per_session_quotes_of_the_same_total_agree(shipped_tables):
    package = check_quote(shipped_tables, "UK", "acne_scars", "mn_pen", package_quote(3, 600.0, "GBP"), draws=DRAWS)
    single = check_quote(shipped_tables, "UK", "acne_scars", "mn_pen", per_session_quote(200.0, 3, "GBP"), draws=DRAWS)
    assert package.position == single.position
    assert package.sentence().startswith("£600 for a 3-session package of Microneedling (pen) is cheaper than about")
    assert single.sentence().startswith("£600 for 3 sessions of Microneedling (pen) (£200 a session)")


def test_every_region_in_the_quote_currency(shipped_tables):
    check = check_quote(shipped_tables, "US", "acne_scars", "co2", package_quote(3, 2400.0, "USD"), draws=DRAWS)
    assert set(check.regions["region_id"]) == set(
        shipped_tables.prices.loc[shipped_tables.prices["option_id"] == "co2", "region_id"]
    )
    assert (check.regions["currency"] == "USD").all()
    assert check.regions["p50"].is_monotonic_increasing


def test_a_quote_in_another_currency_is_converted(shipped_tables):
    """750 GBP = 750 / 0.743 = 1,009.42 USD: the same position whichever currency the quote is in."""
    in_gbp = check_quote(shipped_tables, "UK", "acne_scars", "mn_pen", package_quote(3, 750.0, "GBP"), draws=DRAWS)
    in_usd = check_quote(
        shipped_tables, "UK", "acne_scars", "mn_pen", package_quote(3, 750 / 0.743, "USD"), draws=DRAWS
    )
    assert in_usd.position.share_dearer == pytest.approx(in_gbp.position.share_dearer, abs=1e-3)


def test_cost_per_good_outcome_at_the_quoted_price(shipped_tables):
    """600 GBP with a typical chance of 0.45 (acne scars, MN): 600 / 0.45 = 1,333.33 GBP at typical."""
    check = check_quote(shipped_tables, "UK", "acne_scars", "mn_pen", package_quote(3, 600.0, "GBP"), draws=DRAWS)
    assert check.outcome["at_typical"] == pytest.approx(1333.33, abs=0.01)
    assert check.outcome["p10"] < check.outcome["p50"] < check.outcome["p90"]
    assert 600 / 0.65 <= check.outcome["p10"] and check.outcome["p90"] <= 600 / 0.20


def test_no_efficacy_data_is_said(shipped_tables):
    check = check_quote(shipped_tables, "UK", "enlarged_pores", "mn_pen", package_quote(3, 600.0, "GBP"), draws=DRAWS)
    assert np.isnan(check.outcome["p50"])
    assert check.outcome["efficacy_note"].startswith("no efficacy data")


def test_far_outside_the_range_says_so(shipped_tables):
    check = check_quote(shipped_tables, "UK", "acne_scars", "mn_pen", per_session_quote(9000.0, 3, "GBP"), draws=DRAWS)
    assert check.position.position == "above"
    assert "above the highest price found in the United Kingdom (£2,000)" in check.sentence()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: per_session_quote(0.0, 3, "GBP"), "must be an amount above 0, not 0"),
        (lambda t: per_session_quote(-5.0, 3, "GBP"), "must be an amount above 0, not -5"),
        (lambda t: package_quote(0, 500.0, "GBP"), "whole number of at least 1"),
        (lambda t: check_quote(t, "UK", "acne_scars", "mn_pen", per_session_quote(250.0, 9, "GBP")), "2 to 6 sessions"),
        (
            lambda t: check_quote(t, "UK", "acne_scars", "mn_pen", per_session_quote(1e7, 3, "GBP")),
            "more than 20 times",
        ),
        (lambda t: check_quote(t, "UK", "acne_scars", "mn_pen", per_session_quote(1.0, 3, "GBP")), "less than 1/20"),
        (lambda t: check_quote(t, "UK", "acne_scars", "th_1927", per_session_quote(250.0, 3, "GBP")), "no course for"),
        (lambda t: check_quote(t, "UK", "acne_scars", "laser_x", per_session_quote(250.0, 3, "GBP")), "Unknown option"),
        (lambda t: check_quote(t, "XX", "acne_scars", "mn_pen", per_session_quote(250.0, 3, "GBP")), "Unknown region"),
        (
            lambda t: check_quote(t, "UK", "acne_scars", "mn_pen", per_session_quote(250.0, 3, "XYZ")),
            "Unknown currency",
        ),
    ],
)
def test_bad_input_is_one_sentence(shipped_tables, make, words):
    with pytest.raises(QuoteError) as info:
        make(shipped_tables)
    message = str(info.value)
    assert words in message
    assert message.endswith(".") and "\n" not in message


def test_clinic_side_uses_one_session_draws(shipped_tables):
    """One session of CO2 in the US, in USD: the draws lie within the region's low-high and the median sits near
    the triangle's median; a price at the typical is placed by the same count."""
    draws, low, high = session_price_draws(shipped_tables, "US", "co2", "USD", draws=DRAWS)
    prices = shipped_tables.prices.set_index(["region_id", "option_id"]).loc[("US", "co2")]
    assert (low, high) == (prices["price_low"], prices["price_high"])
    assert draws.min() >= low - 1e-6 and draws.max() <= high + 1e-6
    position = quote_position(draws, float(prices["price_typical"]), low, high)
    assert position.share_dearer == np.count_nonzero(draws > prices["price_typical"]) / DRAWS
    assert session_price_draws(shipped_tables, "UK", "no_such_option", "GBP") is None


# --- command line --------------------------------------------------------------------------------------------


def test_cli_json(capsys):
    code = main(
        [
            "check-quote",
            "--region",
            "UK",
            "--indication",
            "acne_scars",
            "--option",
            "mn_pen",
            "--price",
            "250",
            "--sessions",
            "3",
            "--draws",
            "2000",
            "--json",
        ]
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["quote_total"] == 750.0 and payload["currency"] == "GBP" and payload["sessions"] == 3
    assert payload["position"] == "inside" and 0 < payload["share_of_clinics_dearer"] < 1
    assert payload["answer"].startswith("£750 for 3 sessions of Microneedling (pen)")
    assert payload["cost_per_good_outcome"]["at_typical"] == pytest.approx(750 / 0.45, abs=0.01)
    assert len(payload["regions"]) == 12


def test_cli_text_and_default_sessions(capsys):
    code = main(
        [
            "check-quote",
            "--region",
            "US",
            "--indication",
            "acne_scars",
            "--option",
            "co2",
            "--price",
            "900",
            "--draws",
            "1000",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "3 sessions of Fractional CO2 laser" in out  # the course's typical number
    assert "Cost per good outcome at this price" in out and "not a promise" in out


def test_cli_no_efficacy_gives_null(capsys):
    code = main(
        [
            "check-quote",
            "--region",
            "UK",
            "--indication",
            "enlarged_pores",
            "--option",
            "mn_pen",
            "--package",
            "3:600",
            "--draws",
            "1000",
            "--json",
        ]
    )
    assert code == 0
    outcome = json.loads(capsys.readouterr().out)["cost_per_good_outcome"]
    assert outcome["at_typical"] is None and outcome["efficacy_note"].startswith("no efficacy data")


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--price", "0"], "--price: 0 must be more than 0"),
        (["--price", "-5"], "must be more than 0"),
        (["--price", "1e9"], "more than 20 times the highest price"),
        (["--price", "250", "--sessions", "12"], "2 to 6 sessions"),
        (["--package", "3:600", "--price", "250"], "--price (per session, with --sessions) or --package"),
        ([], "--price (per session, with --sessions) or --package"),
        (["--price", "250", "--currency", "XYZ"], "Unknown currency"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(capsys, extra, words):
    code = main(["check-quote", "--region", "UK", "--indication", "acne_scars", "--option", "mn_pen", *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_unknown_option_for_the_indication(capsys):
    code = main(["check-quote", "--region", "UK", "--indication", "pigmentation", "--option", "co2", "--price", "250"])
    err = capsys.readouterr().err
    assert code == 2 and "Fractional CO2 laser has no course for pigmentation / melasma" in err


def test_an_option_priced_in_one_region_only(shipped_tables):
    """No other region prices the option: the answer still comes, with one region in the table."""
    from dataclasses import replace

    prices = shipped_tables.prices
    only_uk = prices[(prices["option_id"] != "mn_pen") | (prices["region_id"] == "UK")].reset_index(drop=True)
    tables = replace(shipped_tables, prices=only_uk)
    check = check_quote(tables, "UK", "acne_scars", "mn_pen", package_quote(3, 600.0, "GBP"), draws=DRAWS)
    assert list(check.regions["region_id"]) == ["UK"]
    assert check.position.position == "inside"
