"""The Regions page's sidebar: home region, indication, currency, the option, the patient's costs, a clinic's price."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.patient.compare import price_courses
from pricing.patient.course import PatientCosts
from pricing.tables.loading import PriceTables
from ui import choices
from ui.data import LoadedTables, current_tables, prepared_courses
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


@st.cache_data(show_spinner=False, max_entries=256)
def _top_ranked(
    _loaded: LoadedTables,
    versions_key: tuple[object, ...],
    option_ids: tuple[str, ...],
    region: str,
    indication: str,
    currency: str,
    daily_value: float,
    extras: float,
) -> str | None:
    prepared = prepared_courses(_loaded, [region], list(option_ids), indication, currency)
    rows = price_courses(prepared, PatientCosts(currency, extras, daily_value)).rows
    return None if rows.empty else str(rows["option_id"].iloc[0])


def _kept_number(key: str) -> float:
    """A patient cost kept in the session (money in the display currency), 0.0 when there is none or it is unusable."""
    value = st.session_state.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return 0.0
    return float(value) if math.isfinite(value) and 0 <= value <= 1e6 else 0.0


def top_ranked_option(option_ids: list[str], region: str, indication: str, currency: str) -> str | None:
    """The option Compare treatments ranks first (cheapest median course, `pricing.patient.compare.price_courses`)
    among ``option_ids`` in ``region`` for ``indication``, with the patient's kept extras and value of downtime (in
    ``currency``, 0 when not set); None when no option has a course there. Cached per table versions and inputs."""
    loaded = current_tables()
    versions_key = (loaded.origin, tuple(sorted(loaded.versions.items())), id(loaded.tables))
    daily_value, extras = _kept_number("downtime_value"), _kept_number("extras")
    try:
        return _top_ranked(loaded, versions_key, tuple(option_ids), region, indication, currency, daily_value, extras)
    except (KeyError, ValueError):  # tables that cannot be priced: the page says why below
        return None


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
        if OPTION_KEY not in st.session_state:  # the link's option, else (a first visit) the top-ranked one
            st.session_state[OPTION_KEY] = (
                linked_option(option_names)
                or top_ranked_option(option_ids, home, indication, currency)
                or (DEFAULT_OPTION if DEFAULT_OPTION in option_ids else option_ids[0])
            )
        choices.drop_invalid_number(YOUR_PRICE_KEY, 0.0, 1e9)  # a loaded scenario or link may hold anything
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
        daily_value, extras = patient_cost_inputs(currency, tables.units_per_usd())
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
        short_link_control(PAGE_PATH)
    return RegionChoices(home, indication, currency, option, daily_value, extras, your_price)
