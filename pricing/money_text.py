"""Money as text: an amount in its currency as the locale reads it, and ranges of amounts.

Money is written by Babel (CLDR) in a locale: the one given, else the locale of the default region whose currency
it is (pricing.locales): "$1,234", "£1,234", "1.234 €", "₩1,650,000", "₹1,23,456", "CA$1,234". A bare "$" is the
US dollar only. A currency Babel does not know reads "1,234 XYZ". The space inside "1.234 €" is a no-break space
(U+00A0), so a figure never wraps between number and symbol. The core's sentences and the pages use the same text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

import numpy as np
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, get_currency_symbol, is_currency

from pricing.locales import DOLLAR_SYMBOLS, FALLBACK_LOCALE, currency_decimals, currency_locale, round_half_away

NBSP = "\u00a0"
_WIDE = Context(prec=400)  # every finite float to the cent


@dataclass(frozen=True)
class MoneyStyle:
    """How one currency is written in one locale: text before and after the number, the number's Babel pattern
    without decimals (its grouping: '#,##,##0' for India), the decimal and group marks, the minus sign, and the
    currency's minor-unit digits."""

    locale: str
    prefix: str
    suffix: str
    integer_pattern: str
    decimal_mark: str
    group_mark: str
    minus: str
    decimals: int

    def pattern(self, places: int) -> str:
        return self.integer_pattern + ("." + "0" * places if places else "")


def finite_amount(value: object) -> bool:
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


@lru_cache(maxsize=512)
def money_style(currency: str, locale: str | None = None) -> MoneyStyle | None:
    """The style of `currency` in `locale` (default: the currency's own locale); None for a currency Babel does
    not know. An unknown locale reads as English."""
    code = str(currency).upper()
    if not is_currency(code):
        return None
    try:
        loc = Locale.parse(locale or currency_locale(code))
    except (UnknownLocaleError, ValueError, TypeError):
        loc = Locale.parse(FALLBACK_LOCALE)
    pattern = loc.currency_formats["standard"].pattern.split(";")[0]
    number = re.search(r"[#0,.]*[#0]", pattern)
    integer = (number.group(0) if number else "#,##0").split(".")[0]
    before, after = (pattern[: number.start()], pattern[number.end() :]) if number else ("¤", "")
    after = re.sub(r"^[0.]+", "", after)  # the fraction digits of the pattern ('.00') are set per figure
    symbol = get_currency_symbol(code, loc)
    if symbol == "$" and code != "USD":
        symbol = DOLLAR_SYMBOLS.get(code, code)
    bidi = "\u200e\u200f\u061c"  # direction marks (Arabic locales): not wanted inside a left-to-right page
    before = before.replace("¤", symbol).strip(bidi).replace(" ", NBSP)
    after = after.replace("¤", symbol).strip(bidi).replace(" ", NBSP)
    if before and before[-1].isalpha():  # a code as symbol: 'AED 1,234', never 'AED1,234'
        before += NBSP
    if after and after[0].isalpha():
        after = NBSP + after
    return MoneyStyle(
        locale=str(loc),
        prefix=before,
        suffix=after,
        integer_pattern=integer,
        decimal_mark=loc.number_symbols.get("latn", loc.number_symbols).get("decimal", "."),
        group_mark=loc.number_symbols.get("latn", loc.number_symbols).get("group", ","),
        minus=loc.number_symbols.get("latn", loc.number_symbols).get("minusSign", "-"),
        decimals=currency_decimals(code),
    )


def money(amount: object, currency: str, decimals: int | None = None, locale: str | None = None) -> str:
    """An amount in its currency as `locale` (default: the currency's own) reads it: '£1,234', '1.234 €',
    '₩1,650,000'; 'n/a' for None, NaN, infinity or anything not a number.

    Whole units by default; `decimals` (2) when asked, never more than the currency has (KRW none). Halves round
    away from zero, as in the exports (pricing.locales.round_money). Never raises.
    """
    if not finite_amount(amount):
        return "n/a"
    value = float(amount)  # type: ignore[arg-type]
    style = money_style(str(currency), locale)
    places = max(0, min(decimals or 0, style.decimals if style else 2))
    # One rounding for the page, the CSV and the xlsx: halves away from zero on the decimal a person sees
    # (2.675 -> 2.68), pricing.locales.round_half_away; Decimal only writes the rounded value out.
    rounded = float(round_half_away(value, places))
    exact = Decimal(repr(rounded if math.isfinite(rounded) else value))
    exact = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, _WIDE)
    exact = exact.copy_abs() if exact.is_zero() else exact  # never '-0'
    if style is None:
        return f"{exact:,.{places}f} {currency}"
    with localcontext(_WIDE):  # Babel quantizes in the current context (28 digits by default)
        number = format_decimal(exact.copy_abs(), format=style.pattern(places), locale=style.locale)
    return f"{style.minus if exact < 0 else ''}{style.prefix}{number}{style.suffix}"


def money_range(low: object, high: object, currency: str, locale: str | None = None) -> str:
    """'$500–3,000' when the symbol leads; '500–3.000 €' when it follows; 'n/a' when either end is missing."""
    if not (finite_amount(low) and finite_amount(high)):
        return "n/a"
    style = money_style(str(currency), locale)
    first, last = money(low, currency, locale=locale), money(high, currency, locale=locale)
    if style is None:
        return f"{first.removesuffix(f' {currency}')}–{last}"
    if style.prefix and float(low) >= 0:  # type: ignore[arg-type]
        return f"{first}–{last.removeprefix(style.prefix) if float(high) >= 0 else last}"  # type: ignore[arg-type]
    if style.suffix and float(high) >= 0 and first.endswith(style.suffix):  # type: ignore[arg-type]
        return f"{first.removesuffix(style.suffix)}–{last}"
    return f"{first} – {last}"


def money_texts(amounts: Iterable[object], currency: str, decimals: int | None = None) -> list[str]:
    """money() of each amount (in `currency`), for a chart's hover text: ['-$49,000', '₹12,34,567']. Plotly's own
    number format groups every number in threes and writes '$-49,000', so hovers show these texts instead."""
    return [money(amount, currency, decimals) for amount in amounts]
