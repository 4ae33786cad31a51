"""Clinic planner: where the owner's price per session sits among the region's prices, as a patient who checks a
quote on Compare treatments would see it (the same percentile: `pricing.patient.quote_check.quote_position`)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from pricing.patient.quote_check import place, quote_position, session_price_draws
from pricing.patient.uncertainty import DEFAULT_DRAWS
from pricing.tables.loading import PriceTables
from ui.formatting import money
from ui.user_text import markdown_text
from views.clinic_planner.economics import Planned


def price_position_lines(tables: PriceTables, region: str, planned: Planned) -> list[str]:
    """One line per device with sessions and a regional price: its price per session in words against the region's
    simulated prices of one session (triangular on the region's low / typical / high, converted to the device's
    currency), e.g. "cheaper than about 64 % of clinics in the United Kingdom"."""
    region_name = str(tables.regions.set_index("region_id").loc[region, "name"])
    lines = []
    for d in planned.valid:
        if d in planned.no_sessions:
            continue
        currency = planned.inputs[d].currency
        drawn = session_price_draws(tables, region, planned.option_of[d], currency, draws=DEFAULT_DRAWS)
        if drawn is None:
            continue
        prices, low, high = drawn
        price = float(np.asarray(planned.inputs[d].price_per_session, dtype=np.float64).ravel()[0])
        if not np.isfinite(price) or price <= 0:
            continue
        position = quote_position(prices, price, low, high)
        lines.append(
            f"**{planned.names_md[d]}** at {markdown_text(money(price, currency))} a session is "
            f"{markdown_text(position.words(place(region_name), currency))}"
        )
    return lines


def show_price_positions(tables: PriceTables, region: str, planned: Planned) -> None:
    """The lines of `price_position_lines` under a short heading, with how they are found."""
    lines = price_position_lines(tables, region, planned)
    if not lines:
        return
    st.markdown("**Where your price sits, as patients checking a quote see it**")
    st.markdown("\n".join(f"- {line}." for line in lines))
    st.caption(
        "Against the region's prices of one session drawn from its low, typical and high (the price tables), the "
        "same percentile the Compare page's \u201cIs this quote fair?\u201d gives a patient."
    )
