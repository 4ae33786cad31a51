"""The Regions page's sidebar: home region, indication, currency, the option, the patient's costs, a clinic's price."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import DEFAULT_DRAWS
from pricing.tables.loading import PriceTables
from ui import choices
from ui.data import current_tables, priced_courses
from ui.patient_course import patient_cost_inputs
from ui.short_links import short_link_control

OPTION_KEY = "region_option"
DEFAULT_OPTION = "co2"  # only when no option has a course: a first visit opens on the option Compare ranks first
YOUR_PRICE_KEY = "your_price"
PAGE_PATH = "regions"  # this page's url_path in app.py


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


def top_ranked_option(option_ids: list[str], region: str, indication: str, patient: PatientCosts) -> str | None:
    """The option Compare treatments ranks first with every option chosen (the cheapest median course,
    `ui.data.priced_courses`, the same cached Monte Carlo) among ``option_ids`` in ``region`` for ``indication``,
    with the patient's costs; None when no option has a course there."""
    try:
        rows = priced_courses(current_tables(), [region], option_ids, indication, patient, DEFAULT_DRAWS).rows
    except (KeyError, ValueError):  # tables that cannot be priced: the page says why below
        return None
    return None if rows.empty else str(rows["option_id"].iloc[0])


def kept_patient_costs(currency: str) -> PatientCosts:
    """The patient's kept extras per visit and value of a day of downtime (in ``currency``; 0 when not set or
    unusable), as the inputs drawn below will hold them."""
    extras, daily_value = (choices.kept_number(k, 0.0, choices.MAX_TYPED_AMOUNT) for k in ("extras", "downtime_value"))
    return PatientCosts(currency, extras or 0.0, daily_value or 0.0)


def linked_option(option_names: pd.Series) -> str | None:
    """The option the link names (its name as the picker shows it, or its id), None when it names none."""
    linked = st.query_params.get(OPTION_KEY)
    if linked is None:
        return None
    by_name = {str(name): str(option_id) for option_id, name in option_names.items()}
    return str(linked) if linked in option_names.index else by_name.get(str(linked))


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
        choices.convert_typed_money(currency, tables.units_per_usd())  # the kept amounts, now in `currency`
        if OPTION_KEY not in st.session_state:  # the link's option, else (a first visit) the top-ranked one
            st.session_state[OPTION_KEY] = (
                linked_option(option_names)
                or top_ranked_option(option_ids, home, indication, kept_patient_costs(currency))
                or (DEFAULT_OPTION if DEFAULT_OPTION in option_ids else option_ids[0])
            )
        # a loaded scenario or link may hold anything
        choices.drop_invalid_number(YOUR_PRICE_KEY, 0.0, choices.MAX_TYPED_AMOUNT)
        option = str(
            st.selectbox(
                "Option",
                option_ids,
                format_func=lambda o: option_names.get(o, o),
                key=OPTION_KEY,
                help="The treatment compared across regions. Prices are for one full-face session; the course is the "
                "typical number of sessions for the indication.",
                persist_state="session",
            )
        )
        st.query_params[OPTION_KEY] = str(option_names.get(option, option))  # always named, as the region is
        daily_value, extras = patient_cost_inputs(currency)
        your_price = st.number_input(
            f"Your price per session ({currency})",
            min_value=0.0,
            max_value=choices.MAX_TYPED_AMOUNT,
            value=0.0,
            step=10.0,
            key=YOUR_PRICE_KEY,
            help=f"For clinics: what you charge for one session of this option, in {currency} "
            "(the display currency). It is marked on the price-per-session chart and ranked against every "
            "region's typical price. 0 = none.",
            **choices.BOUND,
        )
        short_link_control(PAGE_PATH)
    return RegionChoices(home, indication, currency, option, daily_value, extras, your_price)
