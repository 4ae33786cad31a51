"""The Menu economics tab of the Real-world payback page: several services sharing rooms and staff, their profit per
session, per room-hour and per month, and which one to push (`pricing.clinic.menu_economics.menu_economics`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from pricing.clinic.cases import menu_frame, menu_services
from pricing.clinic.menu_economics import MenuEconomics, menu_economics
from ui.charts.common import show_chart
from ui.export import table_csv
from ui.formatting import money, percent
from ui.user_text import markdown_text
from views.real_world_payback.cases import Projected
from views.real_world_payback.charts import menu_profit
from views.real_world_payback.inputs import WARN, number

OTHER_SERVICE_COLOUR = "#999999"  # a service added by hand has no option, so no option colour
ROOMS_NEARLY_FULL = 0.85  # below this room utilisation, rooms are not yet the constraint


def editor_headers(currency: str) -> dict[str, str]:
    """The menu editor's column headers, by `pricing.clinic.cases.MENU_COLUMNS` name."""
    return {
        "service": "Service",
        "price_per_session": f"Price ({currency})",
        "cost_per_session": f"Cost per session ({currency})",
        "room_minutes_per_session": "Room minutes",
        "sessions_per_month": "Sessions a month",
        "own_fixed_cost_per_month": f"Own fixed cost ({currency} a month)",
    }


def _editor(prefill: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The services, editable, with rows to add; keyed by the prefill, so a change above refills it."""
    key = f"rw_menu_{abs(int(pd.util.hash_pandas_object(prefill.round(6), index=False).sum()))}"
    h = editor_headers(currency)
    money_column: dict[str, Any] = {"format": "accounting", "min_value": 0.0}
    return st.data_editor(
        prefill,
        key=key,
        hide_index=True,
        num_rows="dynamic",
        width="stretch",
        column_config={
            "service": st.column_config.TextColumn(
                h["service"],
                required=True,
                pinned=True,
                help="A treatment on the menu; add rows for services without a device (own fixed cost 0).",
            ),
            "price_per_session": st.column_config.NumberColumn(
                h["price_per_session"], help=f"Price of one session, in {currency}.", **money_column
            ),
            "cost_per_session": st.column_config.NumberColumn(
                h["cost_per_session"],
                help=f"Variable + loaded cost of one session, in {currency}: consumables, "
                "operator pay, commission, card fee, room, marketing.",
                **money_column,
            ),
            "room_minutes_per_session": st.column_config.NumberColumn(
                h["room_minutes_per_session"],
                help="Minutes the room is taken by one session (more than 0).",
                min_value=0.0,
                format="%.0f",
            ),
            "sessions_per_month": st.column_config.NumberColumn(
                h["sessions_per_month"],
                help="Sessions delivered a month; a device's row: its average over its months "
                "in use (ramp-up, seasonality and no-shows included).",
                min_value=0.0,
                format="%.1f",
            ),
            "own_fixed_cost_per_month": st.column_config.NumberColumn(
                h["own_fixed_cost_per_month"],
                help=f"The service's own device: depreciation + finance cost + "
                f"maintenance, in {currency} a month; 0 or empty for none.",
                **money_column,
            ),
        },
    )


def push_words(menu: MenuEconomics) -> str:
    """Which service to push and why, in Markdown (service names escaped)."""
    cur, totals = menu.currency, menu.totals
    per_room_hour = float(menu.services.set_index("service")["contribution_per_room_hour"][menu.push_first])
    if per_room_hour <= 0:
        return "No service earns anything per room-hour at these prices: every session loses money."
    words = (
        f"Push **{markdown_text(menu.push_first)}** first: each room-hour it takes earns "
        f"{money(per_room_hour, cur)} of contribution, the most on the menu."
    )
    used = totals["room_utilisation"]
    if used > 1:
        words += (
            f" The rooms are booked for {percent(used)} of their hours, which is not possible: sessions must "
            "go, the lowest contribution per room-hour first."
        )
    elif used < ROOMS_NEARLY_FULL:
        words += (
            f" While the rooms are used {percent(used)} of their hours, every service with a positive "
            "contribution adds profit; the ranking matters once they fill up."
        )
    return words


def _results(menu: MenuEconomics, colours: Mapping[str, str]) -> None:
    cur, totals = menu.currency, menu.totals
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        f"Menu profit ({cur} a month)",
        money(totals["profit_per_month"], cur),
        help="Contribution of every service - their own fixed costs - the shared fixed cost, a month.",
    )
    m2.metric(
        f"Profit per session ({cur})",
        money(totals["profit_per_session"], cur),
        help="Menu profit a month / sessions a month.",
    )
    m3.metric(
        f"Profit per room-hour ({cur})",
        money(totals["profit_per_room_hour"], cur),
        help="Menu profit a month / room hours used a month.",
    )
    m4.metric(
        "Room utilisation",
        percent(totals["room_utilisation"]),
        help="Room hours used (sessions x room minutes / 60) / (rooms x hours per room a month).",
    )
    st.markdown(push_words(menu))
    bar_colours = [colours.get(name, OTHER_SERVICE_COLOUR) for name in menu.services["service"]]
    show_chart(menu_profit(menu.services, bar_colours, cur), key="rw_menu_chart")
    headers = {
        "service": "Service",
        "sessions_per_month": "Sessions a month",
        "price_per_session": f"Price ({cur})",
        "cost_per_session": f"Cost per session ({cur})",
        "contribution_per_session": f"Contribution per session ({cur})",
        "room_hours_per_session": "Room hours per session",
        "contribution_per_room_hour": f"Contribution per room-hour ({cur})",
        "room_hours_per_month": "Room hours a month",
        "revenue_per_month": f"Revenue a month ({cur})",
        "contribution_per_month": f"Contribution a month ({cur})",
        "own_fixed_cost_per_month": f"Own fixed cost a month ({cur})",
        "allocated_shared_cost_per_month": f"Shared cost a month ({cur})",
        "profit_per_month": f"Profit a month ({cur})",
        "profit_per_session": f"Profit per session ({cur})",
        "profit_per_room_hour": f"Profit per room-hour ({cur})",
        "push_rank": "Push rank",
        "currency": "Currency",
    }
    shown = menu.services.rename(columns=headers)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="rw_menu_table",
        column_config={
            "Service": st.column_config.TextColumn(pinned=True),
            **{c: st.column_config.NumberColumn(format="accounting") for c in shown.columns if f"({cur})" in c},
            headers["contribution_per_room_hour"]: st.column_config.NumberColumn(
                format="accounting",
                help="(Price - cost per session) / (room minutes / 60): what one more room-hour given "
                "to the service earns; it sets the push rank.",
            ),
            headers["allocated_shared_cost_per_month"]: st.column_config.NumberColumn(
                format="accounting", help="The shared fixed cost x the service's share of the room hours used."
            ),
            headers["profit_per_month"]: st.column_config.NumberColumn(
                format="accounting", help="Contribution a month - own fixed cost - shared cost."
            ),
            "Push rank": st.column_config.NumberColumn(format="%d", help="1 = the highest contribution per room-hour."),
            "Room hours per session": st.column_config.NumberColumn(format="%.2f"),
            "Room hours a month": st.column_config.NumberColumn(format="%.1f"),
            "Sessions a month": st.column_config.NumberColumn(format="%.1f"),
        },
    )
    st.download_button(
        "Download menu economics (CSV)",
        table_csv(shown),
        f"real-world-menu-{cur}.csv",
        "text/csv",
        icon=":material/download:",
        key="rw_menu_csv",
    )


def menu_section(prefill: pd.DataFrame, currency: str, colours: Mapping[str, str], draw_results: bool) -> None:
    """Shared costs and rooms, the editable services (`pricing.clinic.cases.menu_frame` columns) and, when
    `draw_results`, the menu's figures; colours: service name -> bar colour (its device's option)."""
    c1, c2, c3 = st.columns(3)
    shared = (
        number(
            c1,
            f"Shared fixed cost ({currency} a month)",
            "rw_shared",
            0.0,
            1e8,
            0.0,
            500.0,
            f"Rent, reception and staff not paid per session, in {currency} a month, shared by the services in "
            "proportion to the room hours they use. Not also in the room cost per hour.",
            "%.0f",
        )
        or 0.0
    )
    rooms = number(c2, "Treatment rooms", "rw_rooms", 1, 50, 1, 1, "Rooms the services share (number).") or 1
    room_hours = (
        number(
            c3,
            "Hours per room a month",
            "rw_room_hours",
            1.0,
            744.0,
            173.0,
            1.0,
            "Hours each room is open a month (173 = 8 hours x 5 days x 52 weeks / 12).",
            "%.0f",
        )
        or 173.0
    )
    edited = _editor(prefill, currency)
    st.caption(
        "Prefilled from your devices with the settings of the other tabs; edit it or add services. A change "
        "there refills it."
    )
    if not draw_results:
        return
    services, problems = menu_services(edited)
    if problems:
        headers = editor_headers(currency)
        named = [
            next((p.replace(f", {k}:", f", {h}:") for k, h in headers.items() if f", {k}:" in p), p) for p in problems
        ]
        st.warning(
            "Rows left out of the menu until fixed: " + "; ".join(markdown_text(p) for p in named) + ".", icon=WARN
        )
    if not services:
        st.warning("No service to compute: add at least one complete row.", icon=WARN)
        return
    _results(
        menu_economics(services, currency, float(shared), rooms=float(rooms), room_hours_per_month=float(room_hours)),
        colours,
    )


def menu_tab(projected: Projected, colours: Mapping[str, str], draw_results: bool) -> None:
    """The menu of the first currency's devices, prefilled from their cases; the devices in other currencies are
    left out, with a note."""
    menu_currency, menu_devices = next(iter(projected.by_currency.items()))
    if len(projected.by_currency) > 1:
        st.info(f"A menu is in one currency: the devices in {menu_currency} only.", icon=":material/info:")
    compared = projected.main[menu_currency]
    rows = [projected.row_of[d][0] for d in menu_devices]
    menu_section(
        menu_frame([compared.cases[r].scenario for r in rows], compared.comparison.projection, rows),
        menu_currency,
        {projected.base_cases[d].name: colours[projected.devices.option_of[d]] for d in menu_devices},
        draw_results,
    )
