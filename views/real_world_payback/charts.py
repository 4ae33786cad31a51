"""Figures of the Real-world payback page: sessions booked and delivered by month, the menu's profit per room-hour.

Cumulative cash and the cost of one session by part are the Clinic planner's figures (`ui.charts.clinic`), drawn
with this page's cases. Every figure takes numbers already computed by the core (`pricing.clinic.device`,
`pricing.clinic.menu_economics`); nothing here computes money.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from ui.charts.common import legend_key, tidy
from ui.formatting import money_text_columns, plot_separators
from ui.user_text import chart_text

CHECK_OPACITY = 0.5  # the reality check's lines: the device's colour, lighter
CAPACITY_SHOWN_UP_TO = 1.6  # draw the capacity line when it is at most this multiple of the highest booking


def sessions_by_month(
    name: str,
    colour: str,
    months: npt.NDArray[np.int64],
    month_names: Sequence[str],
    booked: npt.NDArray[np.float64],
    delivered: npt.NDArray[np.float64],
    booked_check: npt.NDArray[np.float64],
    delivered_check: npt.NDArray[np.float64],
    capacity: float,
    check_label: str,
) -> go.Figure:
    """Sessions booked (dotted) and delivered (solid) each month, for the entered volume and the reality check
    (lighter), with the device's capacity when it is near enough to matter (else named in the subtitle).

    months: 1 .. H; month_names: the calendar month of each (for the hover); arrays of the same length.
    """
    fig = go.Figure()
    for i, (label, values, dash, width, opacity) in enumerate(
        (
            ("Delivered", delivered, "solid", 2.8, 1.0),
            ("Booked", booked, "dot", 1.8, 1.0),
            (f"Delivered, {check_label}", delivered_check, "solid", 2.8, CHECK_OPACITY),
            (f"Booked, {check_label}", booked_check, "dot", 1.8, CHECK_OPACITY),
        )
    ):
        when = " (month %{x}, %{customdata})" if i == 0 else ""  # the month once, on the first line of the hover
        fig.add_scatter(
            x=months,
            y=values,
            mode="lines",
            name=label,
            opacity=opacity,
            line={"color": colour, "width": width, "dash": dash, "shape": "hv"},
            customdata=np.asarray(month_names),
            hovertemplate=f"%{{y:,.1f}} sessions{when}<extra>%{{fullData.name}}</extra>",
        )
    top = float(np.nanmax(booked)) if len(booked) else 0.0
    subtitle = "booked (dotted) and delivered (solid); lighter: the reality check"
    if np.isfinite(capacity) and capacity <= CAPACITY_SHOWN_UP_TO * max(top, 1e-9):
        fig.add_scatter(
            x=[months[0], months[-1]],
            y=[capacity, capacity],
            mode="lines",
            name="Capacity",
            line={"color": "#555", "width": 1.5, "dash": "dash"},
            hovertemplate=f"Capacity: {capacity:,.1f} sessions a month<extra></extra>",
        )
    elif np.isfinite(capacity):
        subtitle += f"; capacity {capacity:,.0f} a month, off the chart"
    fig.update_layout(
        xaxis_title="Month from purchase",
        yaxis_title="Sessions a month",
        hovermode="x unified",
        yaxis={"rangemode": "tozero"},
    )
    return tidy(fig, f"{chart_text(name)}: sessions a month<br><sup>{subtitle}</sup>", height=430)


def menu_profit(services: pd.DataFrame, colours: Sequence[str], currency: str) -> go.Figure:
    """Profit per room-hour of each service (bars, after its own and its share of the shared fixed costs) and its
    contribution per room-hour (diamonds: what one more room-hour earns, the push ranking), rank 1 on top.

    services: `pricing.clinic.menu_economics.menu_economics(...).services` (money in `currency`); colours: one per row.
    """
    order = services.assign(_colour=list(colours)).sort_values("push_rank", ascending=False)
    names = order["service"].map(chart_text)
    money_columns = ["profit_per_month", "contribution_per_room_hour", "profit_per_room_hour"]
    data = money_text_columns(order, money_columns, currency).join(order[["push_rank"]])
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=order["profit_per_room_hour"],
        orientation="h",
        name="Profit per room-hour",
        showlegend=False,
        marker={"color": order["_colour"], "line": {"color": "#333", "width": 0.5}},
        customdata=data,
        hovertemplate=(
            "<b>%{y}</b><br>Profit: %{customdata[2]} per room-hour<br>Profit: %{customdata[0]} a month"
            "<br>Contribution: %{customdata[1]} per room-hour (push rank %{customdata[3]})<extra></extra>"
        ),
    )
    fig.add_scatter(
        y=names,
        x=order["contribution_per_room_hour"],
        mode="markers",
        name="Contribution per room-hour",
        marker={"symbol": "diamond", "size": 13, "color": "#111", "line": {"color": "#fff", "width": 1}},
        customdata=data,
        hovertemplate=(
            "<b>%{y}</b><br>Contribution: %{customdata[1]} per room-hour<br>Push rank %{customdata[3]}<extra></extra>"
        ),
    )
    legend_key(fig, "Profit per room-hour", {"color": "#888", "line": {"color": "#333", "width": 0.5}})
    fig.add_vline(x=0, line_color="#555", line_width=1)
    fig.update_layout(
        xaxis_title=f"{currency} per room-hour", yaxis_title=None, bargap=0.35, separators=plot_separators(currency)
    )
    return tidy(fig, f"Profit and contribution per room-hour ({currency})", height=max(300, 60 * len(order) + 180))
