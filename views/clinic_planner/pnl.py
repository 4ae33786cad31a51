"""The Clinic planner's monthly profit and loss (P&L) of one chosen device over its whole life, and by year, each
with its CSV and .xlsx; the figures are `pricing.clinic.pnl`'s, only renamed for display."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.clinic.pnl import monthly_pnl, pnl_by_year
from ui.export import people_table, table_csv, table_xlsx
from ui.formatting import percent
from views.clinic_planner.economics import Planned
from views.clinic_planner.texts import PNL_LABELS, PNL_NOTE

PNL_DEVICE_KEY = "clinic_pnl_device"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The P&L frame with its columns labelled for display (money columns name the currency)."""
    return frame.rename(columns={c: PNL_LABELS[c].format(c=currency) for c in frame.columns})


def _table(frame: pd.DataFrame, key: str) -> None:
    money_format = st.column_config.NumberColumn(format="accounting")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        column_config={
            **{c: money_format for c in frame.columns[2:]},
            frame.columns[0]: st.column_config.NumberColumn(format="%d", pinned=True),
            frame.columns[1]: st.column_config.NumberColumn(format="%.1f"),
        },
    )


def _downloads(frame: pd.DataFrame, stem: str, sheet: str, what: str, key: str) -> None:
    left, right = st.columns(2)
    left.download_button(
        f"Download {what} (CSV)",
        table_csv(frame),
        f"{stem}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
        width="stretch",
    )
    right.download_button(
        f"Download {what} (Excel)",
        table_xlsx(frame, sheet_name=sheet),  # money rounded, text formulas neutralised as in the CSV
        f"{stem}.xlsx",
        XLSX_MIME,
        icon=":material/download:",
        key=f"{key}_xlsx",
        width="stretch",
    )


@st.fragment
def pnl_panel(planned: Planned) -> None:
    """The chosen device's P&L by month (months 0 .. its life) and by year; choosing another device reruns only
    this panel."""
    valid, names = planned.valid, planned.names
    if st.session_state.get(PNL_DEVICE_KEY) not in valid:
        st.session_state.pop(PNL_DEVICE_KEY, None)
    chosen = st.selectbox(
        "Device",
        valid,
        format_func=lambda d: names[d],
        key=PNL_DEVICE_KEY,
        help="Whose profit and loss to show, month by month over its life.",
    )
    if chosen in planned.overbooked:
        st.warning(
            f"{planned.names_md[chosen]}: more sessions a month than fit in the hours available "
            f"({percent(float(planned.econ[chosen].utilisation[0]))} of them), so this P&L counts sessions you "
            "cannot fit.",
            icon=":material/warning:",
        )
    currency = planned.inputs[chosen].currency
    projection = planned.projection(chosen)
    by_month = people_table(shown(monthly_pnl(projection), currency))  # the page shows what the files hold
    by_year = people_table(shown(pnl_by_year(projection), currency))
    tab_month, tab_year = st.tabs(["By month", "By year"])
    with tab_month:
        _table(by_month, "clinic_pnl_months")
        _downloads(by_month, f"clinic-pnl-{chosen}-by-month", "P&L by month", "P&L by month", "clinic_pnl_months")
    with tab_year:
        _table(by_year, "clinic_pnl_years")
        _downloads(by_year, f"clinic-pnl-{chosen}-by-year", "P&L by year", "P&L by year", "clinic_pnl_years")
    st.caption(PNL_NOTE)
