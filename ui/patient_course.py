"""What the two pages showing a patient's course share (Compare treatments, Regions): the patient's own costs as
sidebar inputs, the headline metric of the cheapest course (median first, P10-P90 beside it), and the course
table's sessions and money columns."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from pricing.locales import currency_decimals
from ui import choices
from ui.formatting import money, money_range
from ui.user_text import markdown_text


def patient_cost_inputs(currency: str) -> tuple[float, float]:
    """The value of one day of downtime and the extras per visit, in `currency` (kept in the URL and the session).

    The page converts amounts typed in another display currency first, once (choices.convert_typed_money). A kept
    value that is not a number within the inputs' bounds is dropped, so the input starts at 0.
    """
    for number_key in ("downtime_value", "extras"):  # a loaded scenario or link may hold anything
        choices.drop_invalid_number(number_key, 0.0, choices.MAX_TYPED_AMOUNT)
    shown = "%.0f" if currency_decimals(currency) == 0 else "%.2f"  # no cents where the currency has none (KRW)
    daily_value = st.number_input(
        f"Value of one day of downtime ({currency})",
        min_value=0.0,
        max_value=choices.MAX_TYPED_AMOUNT,
        value=0.0,
        step=50.0,
        format=shown,
        key="downtime_value",
        help=f"What a day off work or out of public costs you, in {currency} per day. "
        "0 leaves downtime out of the total.",
        **choices.BOUND,
    )
    extras = st.number_input(
        f"Extras per visit ({currency})",
        min_value=0.0,
        max_value=choices.MAX_TYPED_AMOUNT,
        value=0.0,
        step=10.0,
        format=shown,
        key="extras",
        help=f"Numbing, aftercare products, travel: {currency} added to every session.",
        **choices.BOUND,
    )
    return daily_value, extras


def cheapest_course_metric(container: Any, cheapest: pd.Series, name_column: str, currency: str) -> None:
    """The metric of the cheapest course (a course row, ranked on its median) in `container`: the median (P50) of
    the simulated totals, under it the row's `name_column` (option or region name, shown as typed), and a line
    with its P10-P90 and its total at typical prices."""
    container.metric(
        "Cheapest course (median)",
        money(cheapest["p50"], currency),
        markdown_text(cheapest[name_column]),
        delta_color="off",
        delta_arrow="off",
        help="Median (P50) of the simulated courses: half cost less, half more; 8 in 10 fall between P10 and P90. "
        "At typical prices = typical price x typical sessions, packages applied, plus extras and downtime value.",
    )
    container.caption(
        f"P10-P90 {money_range(cheapest['p10'], cheapest['p90'], currency)}; "
        f"at typical prices {money(cheapest['total_typical'], currency)}"
    )


def sessions_text(rows: pd.DataFrame) -> pd.Series:
    """Typical sessions with the fewest and the most, per course row: '3 (2-4)'."""
    return (
        rows["sessions_typical"].astype(str)
        + " ("
        + rows["sessions_min"].astype(str)
        + "-"
        + rows["sessions_max"].astype(str)
        + ")"
    )


def money_columns(table: pd.DataFrame, currency: str) -> dict[str, ColumnConfig]:
    """Column settings that show every money column of `table` (named '... (USD)') with thousands separators."""
    money_format = st.column_config.NumberColumn(format="localized")
    return {c: money_format for c in table.columns if f"({currency})" in c}
