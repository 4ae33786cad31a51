"""The Compare page's sidebar: region, indication, currency, the options to compare, and the patient's costs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from ui import choices
from ui.patient_course import patient_cost_inputs
from ui.user_text import markdown_text


@dataclass(frozen=True)
class CompareChoices:
    """What the sidebar set: `options` are the chosen option ids, `option_names` every option's name by id."""

    region: str
    indication: str
    currency: str
    options: list[str]
    option_names: pd.Series
    daily_value: float
    extras: float


def sidebar_choices(tables: PriceTables) -> CompareChoices:
    """Draw the sidebar's inputs (kept in the URL and the session) and return what they hold."""
    with st.sidebar:
        region = choices.region_picker(tables)
        indication = choices.indication_picker(tables)
        currency = choices.currency_picker(tables, choices.region_currency(tables, region))
        option_names = tables.options.set_index("option_id")["name"]
        selected = st.pills(
            "Options to compare",
            list(option_names.index),
            selection_mode="multi",
            default=list(option_names.index),
            format_func=lambda o: markdown_text(option_names.get(o, o)),
            key="options",
            help="Microneedling (roller, pen, with PRP, RF) and fractional lasers (1550 nm, 1927 nm, CO2, Er:YAG).",
            **choices.BOUND,
        )
        daily_value, extras = patient_cost_inputs(currency)
    return CompareChoices(region, indication, currency, list(selected), option_names, daily_value, extras)
