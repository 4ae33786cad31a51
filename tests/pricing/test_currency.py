"""Specification of pricing.currency: conversion through a table of units per 1 USD."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pricing.currency import UnknownCurrencyError, conversion_factor, convert

RATES = pd.Series({"USD": 1.0, "GBP": 0.743, "EUR": 0.851, "INR": 89.854})


def test_gbp_to_usd():
    """100 GBP at 0.743 GBP per USD: 100 x 1 / 0.743 = 134.5895... -> 134.59 USD."""
    assert convert(100, "GBP", "USD", RATES)[0] == pytest.approx(134.59, abs=0.005)
    assert convert(100, "GBP", "USD", RATES)[0] == pytest.approx(100 / 0.743)


def test_usd_to_gbp():
    """1,000 USD x 0.743 / 1 = 743 GBP."""
    assert convert(1000, "USD", "GBP", RATES)[0] == pytest.approx(743.0)


def test_gbp_to_eur_goes_through_usd():
    """100 GBP -> 134.5895 USD -> x 0.851 = 114.5357 EUR, i.e. factor 0.851 / 0.743 = 1.145357."""
    factor = conversion_factor("GBP", "EUR", RATES)
    assert factor[0] == pytest.approx(0.851 / 0.743)
    via_usd = convert(convert(100, "GBP", "USD", RATES), "USD", "EUR", RATES)
    assert convert(100, "GBP", "EUR", RATES)[0] == pytest.approx(114.5357, abs=1e-4)
    assert convert(100, "GBP", "EUR", RATES)[0] == pytest.approx(via_usd[0])


def test_same_currency_is_identity():
    """EUR -> EUR: factor 0.851 / 0.851 = 1."""
    assert conversion_factor("EUR", "EUR", RATES)[0] == pytest.approx(1.0)


def test_round_trip():
    """500 EUR -> INR -> EUR returns 500 (factors 89.854/0.851 and 0.851/89.854 cancel)."""
    inr = convert(500, "EUR", "INR", RATES)
    assert inr[0] == pytest.approx(500 * 89.854 / 0.851)
    assert convert(inr, "INR", "EUR", RATES)[0] == pytest.approx(500)


def test_vectorised_over_amounts_and_codes():
    """[100 GBP, 100 EUR, 100 USD] to USD = [100/0.743, 100/0.851, 100]."""
    out = convert([100, 100, 100], np.array(["GBP", "EUR", "USD"], dtype=object), "USD", RATES)
    np.testing.assert_allclose(out, [100 / 0.743, 100 / 0.851, 100])


@pytest.mark.parametrize("source, target", [("XYZ", "USD"), ("USD", "XYZ"), (["GBP", "XYZ"], "EUR")])
def test_unknown_currency_names_the_code(source, target):
    """Any code missing from the rate table, on either side, raises UnknownCurrencyError naming it."""
    with pytest.raises(UnknownCurrencyError) as info:
        convert(1, source, target, RATES)
    assert str(info.value) == "unknown currency 'XYZ': add it to the exchange-rate table"
    assert isinstance(info.value, KeyError)


def test_shipped_rates_convert_gbp(shipped_tables):
    """The shipped fx table holds USD at 1 and GBP at 0.743: 100 GBP = 134.59 USD."""
    rates = shipped_tables.units_per_usd()
    assert rates["USD"] == 1.0
    assert convert(100, "GBP", "USD", rates)[0] == pytest.approx(134.59, abs=0.005)
