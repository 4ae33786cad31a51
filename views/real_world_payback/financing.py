"""The Paying for it tab's table on the Real-world payback page: how each device is paid for, per currency."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.export import table_csv
from views.real_world_payback.cases import Projected
from views.real_world_payback.columns import COLUMNS


def financing_tab(projected: Projected) -> None:
    """Per currency: each device's financing, cost, what is paid at purchase, monthly payment, finance cost and
    months in use, with its CSV."""
    for cur, group in projected.by_currency.items():
        projection = projected.main[cur].comparison.projection
        rows = [projected.row_of[d][0] for d in group]
        payments = pd.DataFrame(
            {
                "Device": [projected.devices.names[d] for d in group],
                "Financing": projection.financing[rows],
                f"Cost of device ({cur})": projection.cost_of_device[rows],
                f"Paid at purchase ({cur})": -projection.cash_flows[rows, 0],
                f"Monthly payment ({cur})": projection.monthly_payment[rows],
                f"Finance cost ({cur})": projection.total_interest[rows],
                "Months in use": projection.life_months[rows],
            }
        )
        st.dataframe(
            payments,
            hide_index=True,
            width="stretch",
            key=f"rw_pay_table_{cur}",
            column_config={
                "Device": st.column_config.TextColumn(pinned=True),
                "Financing": st.column_config.TextColumn(help=COLUMNS["financing"].help),
                f"Cost of device ({cur})": st.column_config.NumberColumn(
                    help=COLUMNS["cost_of_device"].help, format="accounting"
                ),
                f"Paid at purchase ({cur})": st.column_config.NumberColumn(
                    help="Month 0: the down payment, or the whole cost for cash.", format="accounting"
                ),
                f"Monthly payment ({cur})": st.column_config.NumberColumn(
                    help="The regular loan or lease payment (a balloon or buyout comes with the last).",
                    format="accounting",
                ),
                f"Finance cost ({cur})": st.column_config.NumberColumn(
                    help="Loan interest, or the lease charge: all that is paid for the device less its cost.",
                    format="accounting",
                ),
                "Months in use": st.column_config.NumberColumn(format="%d", help=COLUMNS["months_in_use"].help),
            },
        )
        st.download_button(
            f"Download financing ({cur}, CSV)",
            table_csv(payments.assign(Currency=cur)),
            f"real-world-financing-{cur}.csv",
            "text/csv",
            icon=":material/download:",
            key=f"rw_pay_csv_{cur}",
        )
    st.caption("To see one device paid each way, open *Side by side* and choose *Ways to pay*.")
