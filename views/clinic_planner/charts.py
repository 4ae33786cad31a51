"""The Clinic planner's figures, one tab each: cost per session by part, cumulative cash and payback, what moves
the monthly profit (a tornado for one chosen device) and the monthly P&L of one chosen device."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st

from pricing.clinic.sensitivity import profit_sensitivity
from ui.charts.clinic import CashLine, cost_per_session, cumulative_cash, per_session_parts, sensitivity_tornado
from ui.charts.common import show_chart
from ui.drawn_when_open import lazy_tabs, showing
from ui.export import table_csv
from ui.user_text import markdown_text
from views.clinic_planner.economics import Planned
from views.clinic_planner.pnl import pnl_panel
from views.clinic_planner.words import overbooked_message, overbooked_note

TORNADO_KEY = "clinic_tornado_device"
CHANGE_PCT = 20.0


CHART_TABS = ("Cost per session", "Cash and payback", "What moves profit", "Monthly P&L")
CHART_TAB_KEY = "clinic_chart_tab"  # the open tab of the figures (only it is drawn)


@st.fragment
def charts(planned: Planned, colours: Mapping[str, str]) -> None:
    """The four tabs of figures, one chart per currency in the first two; only the open tab draws, and choosing
    another reruns only this fragment."""
    tab_cost, tab_cash, tab_tornado, tab_pnl = lazy_tabs(CHART_TABS, key=CHART_TAB_KEY)
    if showing(tab_cost):
        with tab_cost:
            cost_tab(planned, colours)
    if showing(tab_cash):
        with tab_cash:
            cash_tab(planned, colours)
    if showing(tab_tornado):
        with tab_tornado:
            sensitivity_panel(planned, colours)
    if showing(tab_pnl):
        with tab_pnl:
            pnl_panel(planned)


def cost_tab(planned: Planned, colours: Mapping[str, str]) -> None:
    """The full cost of one session by part, price charged marked, and its CSV (devices with sessions only)."""
    if planned.no_sessions:
        st.warning(
            "Not drawn for "
            + ", ".join(planned.names_md[d] for d in planned.no_sessions)
            + ": with no sessions a month there is no cost per session.",
            icon=":material/warning:",
        )
    if planned.overbooked:
        st.warning(overbooked_note(planned), icon=":material/warning:")
    for cur, group in planned.by_currency.items():
        drawn = [d for d in group if d not in planned.no_sessions]
        if not drawn:
            continue
        parts = pd.DataFrame(
            [
                {
                    "device_id": d,
                    "option_id": planned.option_of[d],
                    "name": planned.names[d],
                    "price_per_session": float(planned.inputs[d].price_per_session),
                    "full_cost_per_session": float(planned.econ[d].full_cost_per_session[0]),
                    **per_session_parts(planned.econ[d], float(planned.inputs[d].sessions_per_month)),
                }
                for d in drawn
            ]
        )
        show_chart(cost_per_session(parts, colours, cur), key=f"clinic_cost_{cur}")
        st.caption(
            "Fixed costs (depreciation, interest, maintenance, overhead) are spread over the sessions you sell each "
            "month; loaded costs are commission, card and financing fees, room, marketing, physician and wage "
            "loading; the black tick is the price you charge."
        )
        st.download_button(
            f"Download cost per session ({cur}, CSV)",
            table_csv(parts.drop(columns=["device_id", "option_id"]).assign(currency=cur)),
            f"clinic-cost-per-session-{cur}.csv",
            "text/csv",
            icon=":material/download:",
            key=f"clinic_cost_csv_{cur}",
        )


def cash_tab(planned: Planned, colours: Mapping[str, str]) -> None:
    """Cumulative cash over each device's life with its payback marked (overbooked devices not drawn)."""
    for d in planned.overbooked:
        st.warning(overbooked_message(planned, d) + " Its cash line is not drawn.", icon=":material/warning:")
    for cur, group in planned.by_currency.items():
        drawn = [d for d in group if d not in planned.overbooked]
        if not drawn:
            continue
        lines = []
        for d in drawn:
            econ = planned.econ[d]
            life = int(econ.life_months[0])
            payback = planned.summaries[d]["payback_months"]
            lines.append(
                CashLine(
                    d,
                    planned.option_of[d],
                    planned.names[d],
                    np.arange(life + 1),
                    econ.cumulative_cash[0, : life + 1],
                    int(payback) if payback is not None else None,
                )
            )
        show_chart(cumulative_cash(lines, colours, cur), key=f"clinic_cash_{cur}")
        never = [markdown_text(line.name) for line in lines if line.payback_month is None]
        if never:
            st.warning(
                ", ".join(never) + ": does not pay back its full cost within its life at these figures.",
                icon=":material/warning:",
            )
    st.caption(
        "Month 0 is the down payment (or the whole price if not financed); each month adds sessions x "
        "margin, less maintenance, overhead and the loan payment (a balance still owed at the end of the life is "
        "repaid in its last month); the resale value comes in the last month. The star marks the full-cost "
        "payback: the month the operating cash has covered the device's price and the interest paid."
    )


@st.fragment
def sensitivity_panel(planned: Planned, colours: Mapping[str, str]) -> None:
    """The tornado for one chosen device; choosing another device reruns only this panel."""
    valid, names = planned.valid, planned.names
    if st.session_state.get(TORNADO_KEY) not in valid:
        st.session_state.pop(TORNADO_KEY, None)
    chosen = st.selectbox(
        "Device", valid, format_func=lambda d: names[d], key=TORNADO_KEY, help="Which device's monthly profit to test."
    )
    currency = planned.inputs[chosen].currency
    sensitivity = profit_sensitivity(planned.inputs[chosen], CHANGE_PCT, planned.loaded[chosen])
    show_chart(
        sensitivity_tornado(sensitivity, names[chosen], colours[planned.option_of[chosen]], currency, CHANGE_PCT),
        key="clinic_tornado",
    )
    st.caption(
        f"Each input moves {CHANGE_PCT:g} % down (hatched) and up (solid), one at a time; monthly profit = "
        "sessions x margin - fixed cost per month, overheads included. The device price moves with its down "
        "payment and resale value."
    )
    tornado_table = sensitivity.drop(columns=["input"]).rename(
        columns={
            "label": "Input",
            "value_low": f"Input -{CHANGE_PCT:g} %",
            "value_high": f"Input +{CHANGE_PCT:g} %",
            "profit_low": f"Monthly profit at -{CHANGE_PCT:g} % ({currency})",
            "profit_high": f"Monthly profit at +{CHANGE_PCT:g} % ({currency})",
            "base_profit": f"Base monthly profit ({currency})",
            "swing": f"Swing ({currency})",
        }
    )
    st.download_button(
        "Download sensitivity (CSV)",
        table_csv(tornado_table),
        f"clinic-sensitivity-{chosen}.csv",
        "text/csv",
        icon=":material/download:",
    )
