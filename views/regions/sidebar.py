"""The Regions page's sidebar: home region, indication, currency, the option, the patient's costs, a clinic's price."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from ui import choices
from ui.patient_course import patient_cost_inputs

OPTION_KEY = "region_option"
DEFAULT_OPTION = "co2"
YOUR_PRICE_KEY = "your_price"


@dataclass(frozen=True)
class RegionChoices:
    """What the sidebar set: `home` is the region picked (yours), `your_price` a clinic's session price or 0."""

    home: str
    indication: str
    currency: str
    option: str
    daily_value: float
    extras: float
    your_price: float


def sidebar_choices(tables: PriceTables, option_names: pd.Series) -> RegionChoices:
    """Draw the sidebar's inputs (kept in the URL and the session) and return what they hold.

    `option_names`: every option's name by id (at least one); a kept option that is no longer there is dropped.
    """
    option_ids = list(option_names.index)
    if st.session_state.get(OPTION_KEY) not in option_ids:
        st.session_state.pop(OPTION_KEY, None)
    with st.sidebar:
        home = choices.region_picker(tables)
        indication = choices.indication_picker(tables)
        currency = choices.currency_picker(tables, choices.region_currency(tables, home))
        choices.drop_invalid_number(YOUR_PRICE_KEY, 0.0, 1e9)  # a loaded scenario or link may hold anything
        option = str(
            st.selectbox(
                "Option",
                option_ids,
                index=option_ids.index(DEFAULT_OPTION) if DEFAULT_OPTION in option_ids else 0,
                format_func=lambda o: option_names.get(o, o),
                key=OPTION_KEY,
                help="The treatment compared across regions. Prices are for one full-face session; the course is the "
                "typical number of sessions for the indication.",
                **choices.BOUND,
            )
        )
        daily_value, extras = patient_cost_inputs(currency)
        your_price = st.number_input(
            f"Your price per session ({currency})",
            min_value=0.0,
            max_value=1e9,
            value=0.0,
            step=10.0,
            key=YOUR_PRICE_KEY,
            help=f"For clinics: what you charge for one session of this option, in {currency} "
            "(the display currency). It is marked on the price-per-session chart and ranked against every "
            "region's typical price. 0 = none.",
            **choices.BOUND,
        )
    return RegionChoices(home, indication, currency, option, daily_value, extras, your_price)
