"""The Clinic planner's menu: suggested prices at the target margin for each device, against the region's typical
price of a session."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.clinic.menu import suggested_menu
from pricing.currency import convert
from pricing.tables.loading import PriceTables
from ui import choices
from ui.export import table_csv
from ui.user_text import markdown_text
from views.clinic_planner.device_table import currency_label
from views.clinic_planner.economics import Planned
from views.clinic_planner.words import overbooked_note


def regional_typical_price(tables: PriceTables, region: str, option_id: str, currency: str) -> float | None:
    """The region's typical price of one session of the option, converted into `currency`; None if none."""
    prices = tables.prices
    row = prices[(prices["region_id"] == region) & (prices["option_id"] == option_id)]
    if row.empty:
        return None
    return float(convert(row["price_typical"].iloc[0], row["currency"].iloc[0], currency, tables.units_per_usd())[0])


def menu(tables: PriceTables, region: str, target_margin: int, planned: Planned) -> None:
    """The suggested menu of every device with sessions, in one table with its CSV; the devices the region has no
    price for are named."""
    region_name = str(tables.regions.set_index("region_id").loc[region, "name"])
    region_md = markdown_text(region_name)  # names from the editable tables are shown as typed, never as Markdown
    st.subheader(f"What to charge: a menu at {target_margin}\u00a0% margin, against {region_md}")
    menus, regional = [], {}
    for d in planned.valid:
        if d in planned.no_sessions:
            continue
        cur = planned.inputs[d].currency
        regional[d] = regional_typical_price(tables, region, planned.option_of[d], cur)
        device_menu = suggested_menu(
            float(planned.econ[d].full_cost_per_session[0]),
            cur,
            float(target_margin),
            regional_typical_price=regional[d],
        )
        menus.append(device_menu.assign(device=planned.names[d]))
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
            region_col: all_menus["regional_typical_per_session"],
            f"Price ({menu_currency})": all_menus["price"],
            "Margin %": all_menus["margin_pct"],
            "Discount %": all_menus["discount_pct"],
            "Sessions": all_menus["sessions"],
            "Currency": all_menus["currency"],
        }
    )
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
    if planned.overbooked:
        st.warning(overbooked_note(planned), icon=":material/warning:")
    missing = [planned.names_md[d] for d, price in regional.items() if price is None]
    if missing:
        st.info(f"No {region_md} price in the tables for: " + ", ".join(missing) + ".", icon=":material/info:")
    st.caption(
        f"Single price = full cost per session / (1 - {target_margin} %); packages are that price less "
        f"their discount. {region_md}'s typical price is converted from {choices.region_currency(tables, region)} "
        f"at the exchange-rate table (as of {tables.fx['as_of'].max()})."
    )
    st.download_button(
        "Download menu (CSV)", table_csv(shown), f"clinic-menu-{region}.csv", "text/csv", icon=":material/download:"
    )
