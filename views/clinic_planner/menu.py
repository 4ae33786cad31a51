"""The Clinic planner's price list (what to charge patients: a single session and packages) at the target margin for
each device, against the region's typical price of a session. ("Menu economics", profit across services, is a tab of
Real-world payback.)"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.clinic.menu import market_note, suggested_menu
from pricing.currency import convert
from pricing.tables.loading import PriceTables
from ui import choices
from ui.export import people_table, table_csv
from ui.user_text import markdown_text
from views.clinic_planner.device_table import currency_label
from views.clinic_planner.economics import Planned
from views.clinic_planner.market_position import show_price_positions
from views.clinic_planner.words import overbooked_note


def regional_prices(tables: PriceTables, region: str, option_id: str, currency: str) -> dict[str, float] | None:
    """The region's low, typical and high price of one session of the option, converted into `currency`
    (keys low, typical, high); None if the region has no price for it."""
    prices = tables.prices
    row = prices[(prices["region_id"] == region) & (prices["option_id"] == option_id)]
    if row.empty:
        return None
    bands = row[["price_low", "price_typical", "price_high"]].iloc[0].to_numpy(dtype=float)
    low, typical, high = convert(bands, row["currency"].iloc[0], currency, tables.units_per_usd())
    return {"low": float(low), "typical": float(typical), "high": float(high)}


def menu(tables: PriceTables, region: str, target_margin: int, planned: Planned) -> None:
    """The suggested price list of every device with sessions, in one table with its CSV; the devices the region has no
    price for are named."""
    region_name = str(tables.regions.set_index("region_id").loc[region, "name"])
    region_md = markdown_text(region_name)  # names from the editable tables are shown as typed, never as Markdown
    st.subheader(f"What to charge: a price list at {target_margin}\u00a0% margin, against {region_md}")
    menus, regional, notes = [], {}, []
    for d in planned.valid:
        if d in planned.no_sessions:
            continue
        cur = planned.inputs[d].currency
        regional[d] = bands = regional_prices(tables, region, planned.option_of[d], cur)
        device_menu = suggested_menu(
            float(planned.econ[d].full_cost_per_session[0]),
            cur,
            float(target_margin),
            regional_typical_price=None if bands is None else bands["typical"],
            regional_low_price=None if bands is None else bands["low"],
            regional_high_price=None if bands is None else bands["high"],
        )
        menus.append(device_menu.assign(device=planned.names[d]))
        single = float(device_menu["price_per_session"].iloc[0])
        note = market_note(single, None if bands is None else bands["typical"], cur, region_name)
        if note:
            notes.append(f"**{planned.names_md[d]}**: {markdown_text(note)}")
    if not menus:
        return
    all_menus = pd.concat(menus, ignore_index=True)
    menu_currency = currency_label(list(all_menus["currency"]))
    region_col = f"{region} typical per session ({menu_currency})"
    shown = pd.DataFrame(
        {
            "Device": all_menus["device"],
            "Item": all_menus["item"],
            f"Per session ({menu_currency})": all_menus["price_per_session"],
            f"vs {region} %": all_menus["vs_region_pct"],
            f"{region} low ({menu_currency})": all_menus["regional_low_per_session"],
            region_col: all_menus["regional_typical_per_session"],
            f"{region} high ({menu_currency})": all_menus["regional_high_per_session"],
            f"Cost floor ({menu_currency})": all_menus["cost_floor_per_session"],
            f"Price ({menu_currency})": all_menus["price"],
            "Margin %": all_menus["margin_pct"],
            "Discount %": all_menus["discount_pct"],
            "Sessions": all_menus["sessions"],
            "Currency": all_menus["currency"],
        }
    )
    shown = people_table(shown)  # money to the cent, as the CSV
    money_col = st.column_config.NumberColumn(format="accounting")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="clinic_menu_table",
        column_config={
            "Device": st.column_config.TextColumn(pinned=True),
            f"Price ({menu_currency})": money_col,
            f"Per session ({menu_currency})": money_col,
            region_col: money_col,
            f"{region} low ({menu_currency})": money_col,
            f"{region} high ({menu_currency})": money_col,
            f"Cost floor ({menu_currency})": st.column_config.NumberColumn(
                format="accounting", help="Full cost of one session: no price is suggested below it."
            ),
            "Discount %": st.column_config.NumberColumn(format="%.1f %%"),
            "Margin %": st.column_config.NumberColumn(
                format="%.1f %%", help="(price per session - full cost) / price per session."
            ),
            f"vs {region} %": st.column_config.NumberColumn(
                format="%+.0f %%",
                help=f"Suggested price per session against {region_md}'s typical price of one "
                "session: + is dearer than the region, - cheaper.",
            ),
        },
    )
    show_price_positions(tables, region, planned)
    for note in notes:
        st.warning(note, icon=":material/trending_down:")
    if planned.overbooked:
        st.warning(overbooked_note(planned), icon=":material/warning:")
    missing = [planned.names_md[d] for d, price in regional.items() if price is None]
    if missing:
        st.info(f"No {region_md} price in the tables for: " + ", ".join(missing) + ".", icon=":material/info:")
    st.caption(
        f"Single price = full cost per session / (1 - {target_margin} %); packages are that price less "
        "their discount, never below the full cost of a session (the cost floor). A price more than 30 % below "
        f"the region's typical one is flagged. {region_md}'s prices are converted from "
        f"{choices.region_currency(tables, region)} at the exchange-rate table (as of {tables.fx['as_of'].max()})."
    )
    st.download_button(
        "Download price list (CSV)",
        table_csv(shown),
        f"clinic-price-list-{region}.csv",
        "text/csv",
        icon=":material/download:",
    )
