"""The Clinic planner's answer and key figures: the answer in words, a card per device, all figures as a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.export import table_csv
from ui.formatting import money, percent
from views.clinic_planner.economics import Planned, figure
from views.clinic_planner.texts import HELP
from views.clinic_planner.words import answer_in_words, overbooked_message

CARDS_PER_ROW = 3  # columns stack on a phone, so each card then takes the full width


def answer(planned: Planned) -> None:
    """When each device breaks even and pays back, in words."""
    st.subheader("How many sessions a month until it pays for itself")
    st.markdown(
        "\n".join(f"- {answer_in_words(planned.names[d], planned.inputs[d], planned.econ[d])}" for d in planned.valid)
    )


def cards(planned: Planned) -> None:
    """A card per device: full cost per session, break-even, payback, NPV, ROI, utilisation; a warning in place of
    a figure that cannot be given."""
    st.subheader("Key figures")
    valid = planned.valid
    slots = [column for _ in range(0, len(valid), CARDS_PER_ROW) for column in st.columns(CARDS_PER_ROW)]
    for d, slot in zip(valid, slots, strict=False):  # the last row may have empty slots
        e, cur, s = planned.econ[d], planned.inputs[d].currency, planned.econ[d].summary()
        card = slot.container(border=True)
        card.markdown(f"**{planned.names_md[d]}** ({cur})")
        card.metric(
            "Full cost per session",
            "n/a" if d in planned.no_sessions else money(figure(s, "full_cost_per_session"), cur, 2),
            help=HELP["full_cost"],
        )
        if d in planned.no_margin:
            card.warning(
                f"No break-even: the price charged ({money(float(planned.inputs[d].price_per_session), cur)}) does "
                f"not cover the variable cost of a session ({money(float(e.variable_cost_per_session[0]), cur)})"
                ", so every session loses money whatever the volume. Raise the price or lower consumables, "
                "other costs or minutes.",
                icon=":material/warning:",
            )
        else:
            card.metric(
                "Break-even (sessions / month)", f"{s['break_even_sessions_per_month']}", help=HELP["break_even"]
            )
        if d in planned.no_sessions:
            card.warning(
                "No sessions a month: there is no cost per session and the device never pays back.",
                icon=":material/warning:",
            )
        if d in planned.overbooked:
            card.warning(overbooked_message(planned, d), icon=":material/warning:")
            continue
        payback = s["payback_months"]
        card.metric(
            "Payback",
            "not within life" if payback is None else f"{payback} month{'' if payback == 1 else 's'}",
            help=HELP["payback"],
        )
        card.metric("NPV", money(figure(s, "npv"), cur), help=HELP["npv"])
        card.metric("ROI", percent(figure(s, "roi")), help=HELP["roi"])
        card.metric("Utilisation", percent(figure(s, "utilisation")), help=HELP["utilisation"])


def figures_table(planned: Planned) -> None:
    """Every device's key figures as one table (in an expander), with its CSV."""
    rows = []
    for d in planned.valid:
        s = planned.econ[d].summary()
        rows.append(
            {
                "Device": planned.names[d],
                "Currency": planned.inputs[d].currency,
                "Full cost per session": s["full_cost_per_session"],
                "Variable cost per session": s["variable_cost_per_session"],
                "Fixed cost per month": s["fixed_cost_per_month"],
                "Contribution margin per session": s["contribution_margin"],
                "Monthly loan payment": s["monthly_payment"],
                "Break-even sessions per month": s["break_even_sessions_per_month"],
                "Payback months": s["payback_months"],
                "NPV": s["npv"],
                "ROI": s["roi"],
                "Utilisation": s["utilisation"],
            }
        )
    kpi = pd.DataFrame(rows)
    with st.expander("All figures as a table"):
        st.dataframe(
            kpi,
            hide_index=True,
            width="stretch",
            key="clinic_kpi_table",
            column_config={
                **{c: st.column_config.NumberColumn(format="accounting") for c in kpi.columns[2:]},
                "Break-even sessions per month": st.column_config.NumberColumn(format="%d"),
                "Payback months": st.column_config.NumberColumn(format="%d"),
                "Device": st.column_config.TextColumn(pinned=True),
                "ROI": st.column_config.NumberColumn(format="percent", help=HELP["roi"]),
                "Utilisation": st.column_config.NumberColumn(format="percent", help=HELP["utilisation"]),
            },
        )
        st.download_button(
            "Download key figures (CSV)",
            table_csv(kpi),
            "clinic-key-figures.csv",
            "text/csv",
            icon=":material/download:",
        )
