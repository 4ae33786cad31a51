"""Money as people read it (pricing.money_text): hand-worked figures per locale, the fallbacks, and property tests
that money() never raises, always shows the number's digits and rounds as the tables and exports do."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.locales import (
    CURRENCY_LOCALES,
    currency_decimals,
    currency_locale,
    round_half_away,
    round_money,
)
from pricing.money_text import NBSP, money, money_range, money_texts


@pytest.mark.parametrize(
    ("amount", "currency", "decimals", "expected"),
    [
        (1234, "GBP", None, "£1,234"),
        (1234, "EUR", None, f"1.234{NBSP}€"),
        (1234.5, "EUR", 2, f"1.234,50{NBSP}€"),
        (1_650_000, "KRW", None, "₩1,650,000"),
        (1_650_000.4, "KRW", 2, "₩1,650,000"),  # no minor unit: never decimals
        (1234, "USD", None, "$1,234"),
        (123_456, "INR", None, "₹1,23,456"),  # lakh grouping
        (12_345_678.9, "INR", 2, "₹1,23,45,678.90"),
        (1234.5, "BRL", 2, f"R${NBSP}1.234,50"),
        (1234, "AED", None, f"AED{NBSP}1,234"),
        (1234, "THB", None, "฿1,234"),
        (-1234, "GBP", None, "-£1,234"),
        (-0.4, "USD", None, "$0"),  # never "-$0"
        (2.675, "USD", 2, "$2.68"),  # half away from zero, as the exports
        (1039.3499999, "USD", 2, "$1,039.35"),
    ],
)
def test_money_in_the_currency_s_own_locale(amount: float, currency: str, decimals: int | None, expected: str) -> None:
    assert money(amount, currency, decimals) == expected


@pytest.mark.parametrize(
    ("currency", "expected"),
    [("USD", "$1,234"), ("CAD", "CA$1,234"), ("AUD", "A$1,234"), ("SGD", "S$1,234"), ("MXN", "MX$1,234")],
)
def test_only_the_us_dollar_is_a_bare_dollar_sign(currency: str, expected: str) -> None:
    assert money(1234, currency) == expected


def test_a_given_locale_writes_a_foreign_currency_its_own_way() -> None:
    assert money(1234, "EUR", locale="en_GB") == "€1,234"
    assert money(1234.5, "USD", 2, locale="de_DE") == f"1.234,50{NBSP}$"
    assert money(1234, "GBP", locale="xx_YY") == "£1,234"  # unknown locale: English


def test_unknown_currency_and_missing_amounts_fall_back_without_raising() -> None:
    assert money(1234, "XYZ") == "1,234 XYZ"
    assert money(1234.5, "XYZ", 2) == "1,234.50 XYZ"
    assert money(float("nan"), "USD") == "n/a"
    assert money(None, "USD") == "n/a"
    assert money(math.inf, "EUR") == "n/a"
    assert money("12", "USD") == "n/a"
    assert money(True, "USD") == "n/a"


def test_ranges_name_the_currency_once() -> None:
    assert money_range(500, 3000, "USD") == "$500–3,000"
    assert money_range(500, 3000, "EUR") == f"500–3.000{NBSP}€"
    assert money_range(500, 3000, "XYZ") == "500–3,000 XYZ"
    assert money_range(float("nan"), 3000, "USD") == "n/a"


def test_money_texts_write_each_amount_as_money_does() -> None:
    """A chart's hover texts: the sign before the symbol and India's lakh grouping, where Plotly's own number format
    would write '$-49,000' and '1,234,567'."""
    assert money_texts([-49_000.4, 0.0], "USD") == ["-$49,000", "$0"]
    assert money_texts([1_234_567.4], "INR", 2) == ["₹12,34,567.40"]
    assert money_texts([float("nan")], "EUR") == ["n/a"]


def test_every_default_region_s_currency_reads_in_a_locale_of_its_own() -> None:
    import pandas as pd

    regions = pd.read_csv("data/regions.csv")
    assert set(regions["currency"]) <= set(CURRENCY_LOCALES)
    assert currency_locale("EUR") == "de_DE" and currency_locale("ZZZ") == "en"


def test_minor_units_and_rounding() -> None:
    assert (currency_decimals("USD"), currency_decimals("KRW"), currency_decimals("JPY")) == (2, 0, 0)
    assert round_money([1039.3499999, -2.675, float("nan")], "USD")[:2].tolist() == [1039.35, -2.68]
    assert math.isnan(round_money([float("nan")], "USD")[0])
    assert round_money([1_650_000.5], "KRW").tolist() == [1_650_001.0]


CURRENCIES = st.sampled_from([*CURRENCY_LOCALES, "JPY", "XYZ", "usd", ""])
DECIMALS = st.sampled_from([None, 0, 2, 5])


@given(st.one_of(st.floats(), st.integers(), st.none(), st.text(max_size=3)), CURRENCIES, DECIMALS)
def test_money_never_raises(amount: object, currency: str, decimals: int | None) -> None:
    text = money(amount, currency, decimals)
    assert isinstance(text, str) and text
    if not isinstance(amount, (int, float)) or not math.isfinite(amount):
        assert text == "n/a"


@given(
    st.one_of(st.floats(min_value=-1e12, max_value=1e12), st.integers(min_value=-(10**12), max_value=10**12)),
    CURRENCIES,
    DECIMALS,
)
def test_money_shows_the_number_s_digits(amount: float, currency: str, decimals: int | None) -> None:
    """Within the money inputs' range (up to 1e12) the text holds exactly the digits of the amount rounded to the
    places shown (grouping marks, symbol and sign aside), whatever the locale."""
    places = min(decimals or 0, currency_decimals(currency))
    rounded = float(round_half_away([amount], places)[0])
    expected = re.sub(r"\D", "", f"{rounded:.{places}f}")
    assert re.sub(r"\D", "", money(amount, currency, decimals)) == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from(["USD", "KRW", "GBP"]))
def test_the_text_shows_the_amount_the_tables_and_exports_round_to(amount: float, currency: str) -> None:
    """money() and the tables/exports (round_money) round once, the same way: 1114.4999999 is '$1,115' beside 1115
    in its table, never '$1,114' (halves taken on the value a person sees)."""
    places = currency_decimals(currency)
    shown = money(amount, currency, 2)
    digits = re.sub(r"[^0-9.]", "", shown.replace("−", "-"))
    sign = -1.0 if shown.lstrip().startswith(("-", "−")) else 1.0
    assert sign * float(digits) == pytest.approx(float(round_money([amount], currency)[0]), abs=10.0**-places / 10)


def test_near_halves_round_as_in_the_tables() -> None:
    assert money(1114.4999999, "USD") == "$1,115" and float(round_money([1114.4999999], "KRW")[0]) == 1115.0
    assert money(1.0049999999, "USD", 2) == "$1.01" == f"${round_money([1.0049999999], 'USD')[0]:.2f}"
