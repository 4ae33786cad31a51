"""The Loaded cost tab's figure on the Real-world payback page: the full cost of one delivered session by part,
per currency."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from pricing.clinic.cases import SESSION_COST_PARTS, session_cost_parts
from ui.charts.clinic import cost_per_session
from ui.charts.common import show_chart
from ui.export import table_csv
from views.real_world_payback.cases import Projected, Settings
from views.real_world_payback.inputs import WARN

# Part of the cost of one session (consumables and other, operator pay, physician, commission, card fee, financing
# fee, room, marketing, device) -> (pattern, opacity); the device's own colour carries the option.
LOADED_STYLES: dict[str, tuple[str, float]] = dict(
    zip(
        SESSION_COST_PARTS,
        (
            (".", 0.5),
            ("-", 0.35),
            ("/", 0.55),
            ("\\", 0.8),
            ("|", 0.7),
            ("|", 0.4),
            ("+", 0.6),
            ("x", 0.45),
            ("", 1.0),
        ),
        strict=True,
    )
)


def loaded_cost_tab(projected: Projected, settings: Settings, colours: Mapping[str, str]) -> None:
    """Per currency: the cost of one delivered session by part, price charged marked, and its CSV (devices that
    deliver no session are named instead)."""
    names_md = projected.devices.names_md
    for cur, group in projected.by_currency.items():
        drawn = [d for d in group if projected.figure(d, "average_sessions_per_month") > 0]
        if len(drawn) < len(group):
            st.warning(
                "Not drawn: "
                + ", ".join(names_md[d] for d in group if d not in drawn)
                + ": no sessions delivered, so there is no cost per session.",
                icon=WARN,
            )
        if not drawn:
            continue
        parts = pd.DataFrame(
            [
                {
                    "device_id": d,
                    "option_id": projected.devices.option_of[d],
                    "name": projected.devices.names[d],
                    "price_per_session": float(settings.inputs[d].price_per_session),
                    "full_cost_per_session": projected.figure(d, "full_cost_per_session"),
                    **session_cost_parts(projected.main[cur].comparison.projection, projected.row_of[d][0]),
                }
                for d in drawn
            ]
        )
        show_chart(
            cost_per_session(parts, colours, cur, LOADED_STYLES, f"Full cost of one delivered session by part ({cur})"),
            key=f"rw_loaded_chart_{cur}",
        )
        table = parts.drop(columns=["device_id", "option_id"]).rename(
            columns={
                "name": "Device",
                "price_per_session": f"Price ({cur})",
                "full_cost_per_session": f"Full cost ({cur})",
                **{p: f"{p} ({cur})" for p in SESSION_COST_PARTS},
            }
        )
        st.download_button(
            f"Download cost per session ({cur}, CSV)",
            table_csv(table.round(2).assign(Currency=cur)),
            f"real-world-cost-per-session-{cur}.csv",
            "text/csv",
            icon=":material/download:",
            key=f"rw_loaded_csv_{cur}",
        )
    st.caption(
        "Per delivered session: consumables and other costs, operator pay (minutes / 60 x hourly rate), "
        "commission and card fee (percent of the price), room (cost per hour x room minutes / 60), "
        "marketing (per new patient / sessions per patient) and the device (fixed cost a month / average "
        "sessions delivered a month). The black tick is the price you charge."
    )
