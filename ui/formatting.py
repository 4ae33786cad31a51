"""Text for figures on the page: money (pricing.money_text), money for a PDF, tables rounded as the text beside
them, percentages, days, and the marks of a chart's numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from pricing.locales import currency_decimals, round_half_away
from pricing.money_text import NBSP, money, money_range, money_style, money_texts

__all__ = [
    "NBSP",
    "money",
    "money_range",
    "money_texts",
    "pdf_money",
    "money_whole",
    "money_frame",
    "percent",
    "days_number",
    "days_text",
    "days_range",
    "money_text_columns",
    "plot_separators",
    "irr_text",
]


def pdf_money(amount: object, currency: str, decimals: int | None = None, locale: str | None = None) -> str:
    """money() for a PDF set in a standard font (Helvetica: Windows-1252 glyphs only): a symbol the font lacks
    ('₩', '₹', '฿') is written as the currency's code instead: 'KRW 1,650,000', '£1,234' as money() writes it."""
    text = money(amount, currency, decimals, locale)
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        style = money_style(str(currency), locale)
        code = str(currency).upper()
        if style is not None:
            symbol = (style.prefix or style.suffix).strip(NBSP)
            text = text.replace(symbol, f"{code}{NBSP}" if style.prefix else code)
        text = "".join(ch if ch.encode("cp1252", "ignore") else "?" for ch in text)
    return text


def money_whole(values: pd.Series) -> pd.Series:
    """Amounts in whole units, halves away from zero as money() writes them (1114.5 -> 1115, where pandas' round
    gives 1114): a table in whole units reads as the figures beside it."""
    return pd.Series(round_half_away(values.to_numpy(dtype=float), 0), index=values.index, name=values.name)


def money_frame(frame: pd.DataFrame, columns: list[str], currency: str) -> pd.DataFrame:
    """`frame` with its money `columns` rounded to the currency's minor unit (cents, or whole units where it has
    none), so a table on the page, its CSV and its xlsx carry the same figures. Other columns are kept."""
    rounded = frame.copy()
    digits = currency_decimals(currency)
    for column in columns:
        values = pd.to_numeric(rounded[column], errors="coerce")
        rounded[column] = pd.Series(round_half_away(values.to_numpy(dtype=float), digits), index=rounded.index)
    return rounded


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


def money_text_columns(frame: pd.DataFrame, columns: Sequence[str], currency: str, decimals: int = 0) -> pd.DataFrame:
    """The money `columns` of `frame` (in `currency`) as money() writes them, for a chart's customdata: a hover
    then reads '-$49,000' and '₹12,34,567' as the page does (Plotly's own format would write '$-49,000' and group
    every number in threes)."""
    return pd.DataFrame({c: money_texts(frame[c], currency, decimals) for c in columns}, index=frame.index)


def plot_separators(currency: str, locale: str | None = None) -> str:
    """Plotly's layout `separators` (decimal mark, then group mark) for the locale: '.,' or ',.' (German)."""
    style = money_style(str(currency), locale)
    return ".," if style is None else style.decimal_mark[:1] + style.group_mark[:1]


IRR_SHOWN_UP_TO_PCT = 1_000.0  # above this an IRR says only that little of the owner's own money is at stake


def irr_text(irr_annual_pct: float | None) -> str:
    """An annual IRR for a person: '23.4 %', 'over 1,000 %' (a rate that large means almost none of the owner's
    own money is tied up, as with a small down payment, and says nothing more), 'n/a' when there is none."""
    if irr_annual_pct is None or (isinstance(irr_annual_pct, float) and math.isnan(irr_annual_pct)):
        return "n/a"
    if irr_annual_pct > IRR_SHOWN_UP_TO_PCT:
        return f"over {IRR_SHOWN_UP_TO_PCT:,.0f} %"
    return f"{irr_annual_pct:,.1f} %"
