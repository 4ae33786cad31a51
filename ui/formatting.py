"""Text for figures: money with its currency, ranges, percentages and days."""

from __future__ import annotations

import math

_NO_DECIMALS = {"KRW", "INR", "THB", "JPY"}


def money(amount: float | None, currency: str, decimals: int | None = None) -> str:
    """'1,234 USD'; 'n/a' for None or NaN. Decimals: 0 by default, 2 when asked."""
    if amount is None or (isinstance(amount, float) and (math.isnan(amount) or math.isinf(amount))):
        return "n/a"
    places = 0 if decimals is None or currency in _NO_DECIMALS else decimals
    return f"{amount:,.{places}f} {currency}"


def money_range(low: float, high: float, currency: str) -> str:
    """'500-3,000 USD'."""
    return f"{low:,.0f}-{high:,.0f} {currency}"


def percent(share: float | None, decimals: int = 0) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "n/a"
    return f"{share * 100:,.{decimals}f} %"


DAYS_DECIMALS = 1  # downtime days everywhere: page, hover, table, export (7.5 stays 7.5, never "8" beside it)


def days_number(days: float) -> str:
    """'7.5', '8' (one decimal at most, none when whole)."""
    return f"{round(float(days), DAYS_DECIMALS):,.{DAYS_DECIMALS}f}".removesuffix(".0")


def days_text(days: float) -> str:
    """'7.5 days', '1 day', '0 days'."""
    number = days_number(days)
    return f"{number} day{'' if number == '1' else 's'}"


def days_range(low: float, high: float) -> str:
    """'3-14', '0.5-1'."""
    return f"{days_number(low)}-{days_number(high)}"


def hover_money(field: str, currency: str, decimals: int = 0) -> str:
    """A Plotly hovertemplate fragment for a money field: '%{x:,.0f} USD'."""
    return f"%{{{field}:,.{decimals}f}} {currency}"


IRR_SHOWN_UP_TO_PCT = 1_000.0  # above this an IRR says only that little of the owner's own money is at stake


def irr_text(irr_annual_pct: float | None) -> str:
    """An annual IRR for a person: '23.4 %', 'over 1,000 %' (a rate that large means almost none of the owner's
    own money is tied up, as with a small down payment, and says nothing more), 'n/a' when there is none."""
    if irr_annual_pct is None or (isinstance(irr_annual_pct, float) and math.isnan(irr_annual_pct)):
        return "n/a"
    if irr_annual_pct > IRR_SHOWN_UP_TO_PCT:
        return f"over {IRR_SHOWN_UP_TO_PCT:,.0f} %"
    return f"{irr_annual_pct:,.1f} %"
