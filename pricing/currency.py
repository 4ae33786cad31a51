"""Currency conversion through a table of units per 1 USD (the U.S. Treasury's convention)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd


class UnknownCurrencyError(KeyError):
    """A currency code that the exchange-rate table does not hold."""

    def __str__(self) -> str:
        return f"unknown currency {self.args[0]!r}: add it to the exchange-rate table"


def conversion_factor(
    from_currency: str | npt.ArrayLike, to_currency: str, units_per_usd: pd.Series
) -> npt.NDArray[np.float64]:
    """Multiplier that turns an amount in `from_currency` into `to_currency`.

    factor = units_per_usd[to] / units_per_usd[from]. Example: with GBP 0.743 and USD 1 per USD,
    100 GBP x (1 / 0.743) = 134.59 USD.

    >>> rates = pd.Series({"USD": 1.0, "GBP": 0.743})
    >>> round(100 * float(conversion_factor("GBP", "USD", rates)[0]), 2)
    134.59
    >>> conversion_factor("EUR", "USD", rates)
    Traceback (most recent call last):
    pricing.currency.UnknownCurrencyError: unknown currency 'EUR': add it to the exchange-rate table
    """
    codes = np.atleast_1d(np.asarray(from_currency, dtype=object))
    for code in {to_currency, *codes.tolist()}:
        if code not in units_per_usd.index:
            raise UnknownCurrencyError(code)
    return float(units_per_usd[to_currency]) / units_per_usd.reindex(codes).to_numpy(dtype=np.float64)


def convert(
    amount: npt.ArrayLike, from_currency: str | npt.ArrayLike, to_currency: str, units_per_usd: pd.Series
) -> npt.NDArray[np.float64]:
    """Amount(s) in `from_currency` expressed in `to_currency` (vectorised over amounts and codes).

    >>> rates = pd.Series({"USD": 1.0, "GBP": 0.743})
    >>> convert([100, 50], ["GBP", "USD"], "USD", rates).round(2).tolist()
    [134.59, 50.0]
    """
    return np.asarray(amount, dtype=np.float64) * conversion_factor(from_currency, to_currency, units_per_usd)
