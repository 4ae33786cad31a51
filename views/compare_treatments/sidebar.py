"""The Compare page's sidebar: region, indication, currency, the options to compare, the patient's skin type and
costs."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.patient.skin_type import NOT_SURE, SKIN_TYPE_CHOICES
from pricing.tables.loading import PriceTables
from ui import choices
from ui.patient_course import patient_cost_inputs
from ui.short_links import short_link_control
from ui.user_text import markdown_text
from views.compare_treatments.beyond_financing import forget_inputs_of_another_region


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
    skin_type: str = NOT_SURE


SKIN_TYPE_KEY = "skin_type"
SKIN_TYPE_LABELS = {
    NOT_SURE: "Not sure",
    "I": "I: always burns, never tans",
    "II": "II: usually burns, tans a little",
    "III": "III: sometimes burns, tans slowly",
    "IV": "IV: rarely burns, tans easily",
    "V": "V: very rarely burns, brown skin",
    "VI": "VI: never burns, dark brown to black skin",
}


def skin_type_picker() -> str:
    """The patient's Fitzpatrick skin type, or "not sure" (kept in the URL and the session)."""
    if st.session_state.get(SKIN_TYPE_KEY) not in SKIN_TYPE_CHOICES:  # a link or a scenario may hold anything
        st.session_state.pop(SKIN_TYPE_KEY, None)
    return str(
        st.selectbox(
            "Your skin type",
            list(SKIN_TYPE_CHOICES),
            index=0,
            format_func=lambda s: SKIN_TYPE_LABELS.get(s, s),
            key=SKIN_TYPE_KEY,
            help="Fitzpatrick skin type: how your skin reacts to the sun. Darker skin (IV-VI) is more likely to "
            "get dark patches after treatment, more so with some options. Not sure: the figures for darker skin "
            "are shown; a clinician can tell you your type.",
            **choices.BOUND,
        )
    )


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
        skin_type = skin_type_picker()
        forget_inputs_of_another_region(region)  # before conversion: a new region's plan is not converted
        choices.convert_typed_money(currency, tables.units_per_usd())  # the kept amounts, now in `currency`
        daily_value, extras = patient_cost_inputs(currency)
        short_link_control("")
    return CompareChoices(region, indication, currency, list(selected), option_names, daily_value, extras, skin_type)
