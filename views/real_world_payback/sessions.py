"""The Volume tab's figure on the Real-world payback page: one device's sessions booked and delivered by month, at
your volume and at the reality check, with the device's capacity."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st

from pricing.clinic.cases import MONTH_NAMES
from pricing.clinic.volume import REALITY_CHECK_DEMAND_FACTOR
from ui.charts.common import show_chart
from ui.export import table_csv
from views.real_world_payback.cases import Projected, Settings
from views.real_world_payback.charts import sessions_by_month
from views.real_world_payback.inputs import pick

CHECK_LABEL = f"reality check ({REALITY_CHECK_DEMAND_FACTOR:.0%} of volume)".replace("%", " %")


def sessions_tab(projected: Projected, settings: Settings, colours: Mapping[str, str]) -> None:
    """The chosen device's sessions by month (chart, caption with its capacity and year 1, CSV)."""
    names = projected.devices.names
    shown = pick(
        st, "Device shown", projected.computed, "rw_volume_device", "Whose sessions to draw.", lambda d: names[d]
    )
    projection = projected.main[projected.devices.currency_of[shown]].comparison.projection
    i, j = projected.row_of[shown]
    h = int(projection.life_months[i])
    months = np.arange(1, h + 1)
    calendar = [MONTH_NAMES[(settings.volume.start_month - 1 + m - 1) % 12] for m in months]
    capacity = float(projection.capacity_sessions_per_month[i])
    booked, delivered = projection.demand_sessions[:, 1 : h + 1], projection.sessions[:, 1 : h + 1]
    show_chart(
        sessions_by_month(
            names[shown],
            colours[projected.devices.option_of[shown]],
            months,
            calendar,
            booked[i],
            delivered[i],
            booked[j],
            delivered[j],
            capacity,
            CHECK_LABEL,
        ),
        key="rw_volume_chart",
    )
    inputs = settings.inputs[shown]
    st.caption(
        f"Booked = your sessions a month x ramp-up share x seasonality; delivered = booked less no-shows"
        f"{', at most the capacity' if settings.volume.profile.cap_at_capacity else ''}. Capacity: {capacity:,.1f} "
        f"sessions a month ({float(inputs.hours_per_month):g} hours x 60 / "
        f"{float(inputs.minutes_per_session):g} minutes). Year 1: "
        f"{projected.figure(shown, 'first_year_sessions'):,.0f} sessions delivered "
        f"({projected.figure(shown, 'first_year_sessions', True):,.0f} at the reality check)."
    )
    monthly = pd.DataFrame(
        {
            "Month": months,
            "Calendar month": calendar,
            "Booked": booked[i],
            "Delivered": delivered[i],
            f"Booked, {CHECK_LABEL}": booked[j],
            f"Delivered, {CHECK_LABEL}": delivered[j],
        }
    )
    st.download_button(
        "Download sessions by month (CSV)",
        table_csv(monthly.round(2)),
        f"real-world-sessions-{shown}.csv",
        "text/csv",
        icon=":material/download:",
        key="rw_volume_csv",
    )
