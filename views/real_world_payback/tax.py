"""The Tax tab of the Real-world payback page: cumulative cash before and after income tax, and the after-tax
figures, per currency."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from ui.charts.clinic import cumulative_cash
from ui.charts.common import show_chart
from ui.export import table_csv
from views.real_world_payback.cases import Projected, Settings
from views.real_world_payback.columns import COLUMNS
from views.real_world_payback.side_by_side import cash_lines


def tax_tab(projected: Projected, settings: Settings, colours: Mapping[str, str]) -> None:
    """Each currency's devices before and after tax, or a note while the tax rate is 0."""
    if not settings.tax_rate:
        st.info(
            "Enter an income-tax rate to see the after-tax cash, NPV and payback; at 0 % they equal the "
            "pre-tax figures.",
            icon=":material/info:",
        )
        return
    for cur, group in projected.by_currency.items():
        draw_tax(projected, cur, group, colours)
    st.caption(
        "Solid: before tax; dotted: after tax (each month's tax, a saving when the taxable income is "
        "negative). MACRS spreads each tax year's deduction over its 12 months; the sale at the end "
        "writes off what is left, so every method deducts the same in all, only at other times."
    )


def draw_tax(projected: Projected, cur: str, group: list[str], colours: Mapping[str, str]) -> None:
    """Cumulative cash before and after tax of the devices in one currency, and their after-tax figures."""
    compared = projected.main[cur]
    others = set(range(len(compared.cases))) - {projected.row_of[d][0] for d in group if d not in projected.overbooked}
    lines = [
        line
        for pair in zip(
            cash_lines(compared, skip=others), cash_lines(compared, after_tax=True, skip=others), strict=True
        )
        for line in pair
    ]
    if lines:
        show_chart(
            cumulative_cash(lines, colours, cur, f"Cumulative cash before and after tax ({cur})"),
            key=f"rw_tax_chart_{cur}",
        )
    projection = compared.comparison.projection
    rows = [projected.row_of[d][0] for d in group]
    taxed = pd.DataFrame(
        {
            "Device": [projected.devices.names[d] for d in group],
            f"Income tax, all months ({cur})": projection.income_tax_total[rows],
            f"NPV ({cur})": projection.npv[rows],
            f"After-tax NPV ({cur})": projection.after_tax_npv[rows],
            "Payback (months)": projection.payback_months[rows],
            "After-tax payback (months)": projection.after_tax_payback_months[rows],
            "After-tax discounted payback (months)": projection.after_tax_discounted_payback_months[rows],
            "After-tax ROI": projection.after_tax_roi[rows],
        }
    )
    st.dataframe(
        taxed,
        hide_index=True,
        width="stretch",
        key=f"rw_tax_table_{cur}",
        column_config={
            "Device": st.column_config.TextColumn(pinned=True),
            f"Income tax, all months ({cur})": st.column_config.NumberColumn(
                format="accounting",
                help="Tax rate x taxable income (operating profit - depreciation - loan "
                "interest; a leased device: - lease payments), summed over the months in use; negative = a "
                "saving.",
            ),
            f"NPV ({cur})": st.column_config.NumberColumn(format="accounting", help=COLUMNS["npv"].help),
            f"After-tax NPV ({cur})": st.column_config.NumberColumn(
                format="accounting", help=COLUMNS["after_tax_npv"].help
            ),
            "Payback (months)": st.column_config.NumberColumn(format="%d", help=COLUMNS["payback_months"].help),
            "After-tax payback (months)": st.column_config.NumberColumn(
                format="%d", help=COLUMNS["after_tax_payback_months"].help
            ),
            "After-tax discounted payback (months)": st.column_config.NumberColumn(
                format="%d", help="Discounted full-cost payback on the operating cash after income tax."
            ),
            "After-tax ROI": st.column_config.NumberColumn(
                format="percent", help="The sum of the after-tax cash flows / the cost of the device."
            ),
        },
    )
    st.download_button(
        f"Download tax view ({cur}, CSV)",
        table_csv(taxed.assign(Currency=cur)),
        f"real-world-tax-{cur}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"rw_tax_csv_{cur}",
    )
