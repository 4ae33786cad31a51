"""Which locale (Babel/CLDR id) reads a currency's figures, and how many decimals a currency has.

A display currency is written as the people of the default region whose currency it is read it ("£1,234",
"1.234 €", "₩1,650,000"), whichever region is chosen: USD reads "$1,234" and EUR "1.234 €". A currency not listed
reads as English ("en").
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from babel.numbers import get_currency_precision, is_currency

FALLBACK_LOCALE = "en"

# Each default region's currency, read in that region's locale.
CURRENCY_LOCALES: dict[str, str] = {
    "USD": "en_US",
    "GBP": "en_GB",
    "CAD": "en_CA",
    "AUD": "en_AU",
    "EUR": "de_DE",
    "INR": "en_IN",
    "SGD": "en_SG",
    "KRW": "ko_KR",
    "THB": "th_TH",
    "AED": "en_AE",
    "MXN": "es_MX",
    "BRL": "pt_BR",
}
# A bare "$" means the US dollar only: the other dollars (and pesos) written "$" at home get these symbols.
DOLLAR_SYMBOLS: dict[str, str] = {
    "CAD": "CA$",
    "AUD": "A$",
    "SGD": "S$",
    "MXN": "MX$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "TWD": "NT$",
}


def currency_locale(currency: str) -> str:
    """The locale a display currency is written in: the default region's whose currency it is, else 'en'.

    >>> currency_locale("KRW"), currency_locale("JPY")
    ('ko_KR', 'en')
    """
    return CURRENCY_LOCALES.get(str(currency).upper(), FALLBACK_LOCALE)


@lru_cache(maxsize=256)
def currency_decimals(currency: str) -> int:
    """Minor-unit digits of a currency (ISO 4217 via CLDR): 2 for cents, 0 where there are none; 2 when unknown.

    >>> currency_decimals("USD"), currency_decimals("KRW"), currency_decimals("JPY"), currency_decimals("XYZ")
    (2, 0, 0, 2)
    """
    code = str(currency).upper()
    return int(get_currency_precision(code)) if is_currency(code) else 2


def round_money(amount: npt.ArrayLike, currency: str) -> npt.NDArray[np.float64]:
    """Amounts rounded as a person reads them: to cents, or to whole units where the currency has none.

    >>> round_money([1039.3499999, 2.675], "USD").tolist(), round_money([1650000.4], "KRW").tolist()
    ([1039.35, 2.68], [1650000.0])
    """
    return round_half_away(amount, currency_decimals(currency))


def round_half_away(amount: npt.ArrayLike, places: int) -> npt.NDArray[np.float64]:
    """Amounts rounded to `places` decimals, halves away from zero on the decimal value a person sees (2.675 ->
    2.68, where binary rounding gives 2.67); NaN and infinities are kept.

    >>> round_half_away([2.675, -0.5, 0.004], 2).tolist(), round_half_away([-0.4], 0).tolist()
    ([2.68, -0.5, 0.0], [0.0])
    """
    values = np.asarray(amount, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.round(values * 10.0**places, 6)
        rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / 10.0**places
    return np.where(np.isfinite(values), rounded + 0.0, values)
