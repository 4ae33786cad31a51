"""Figures of the Regions view: one option in every region, in one currency (the map is in world_map.py).

Each builder takes the course rows of `pricing.patient.compare.compare_courses` (one row per region, money already
in `currency`) and only draws them: the home region in the option's full colour, the others lighter,
hatched where the session price is an estimate, with the exact figures in the hover.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from ui.charts.common import tidy
from ui.formatting import money, money_text_columns, plot_separators
from ui.user_text import chart_text

ESTIMATE_PATTERN = "/"
HOVER_COLUMNS = (
    "region_name",
    "p50",
    "p10",
    "p90",
    "total_typical",
    "plan_typical",
    "sessions_typical",
    "price_low",
    "price_typical",
    "price_high",
    "estimate_text",
    "price_year",
)
_CD = {name: i for i, name in enumerate(HOVER_COLUMNS)}


def _lighter(colour: str, alpha: float) -> str:
    """'#D55E00' -> 'rgba(213,94,0,alpha)'."""
    red, green, blue = pcolors.hex_to_rgb(colour)
    return f"rgba({red},{green},{blue},{alpha})"


MONEY_COLUMNS = ("p50", "p10", "p90", "total_typical", "price_low", "price_typical", "price_high")


def hover_frame(rows: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The hover's customdata laid out as HOVER_COLUMNS: money (in `currency`) and names as the page writes them."""
    estimate = rows["price_estimate"].astype(str).str.lower().eq("yes")
    text = {column: rows[column].map(chart_text) for column in ("region_name", "plan_typical", "price_year")}
    money_text = money_text_columns(rows, MONEY_COLUMNS, currency)
    return rows.assign(estimate_text=estimate.map({True: "estimate (est.)", False: "sourced"}), **text, **money_text)[
        list(HOVER_COLUMNS)
    ]


def hover_template() -> str:
    """Hover text over customdata laid out as HOVER_COLUMNS (hover_frame): exact figures, plan in words,
    provenance."""
    c = _CD

    def figure(column: str) -> str:
        return f"%{{customdata[{c[column]}]}}"

    return (
        f"<b>%{{customdata[{c['region_name']}]}}</b>"
        f"<br>Course total, median: {figure('p50')} (P10-P90 {figure('p10')}–{figure('p90')})"
        f"<br>At typical prices: {figure('total_typical')}"
        f"<br>Plan: %{{customdata[{c['plan_typical']}]}} (%{{customdata[{c['sessions_typical']}]}} sessions)"
        f"<br>Per session: {figure('price_typical')} (low {figure('price_low')}, high {figure('price_high')})"
        f"<br>Price: %{{customdata[{c['estimate_text']}]}}, source year %{{customdata[{c['price_year']}]}}"
        "<extra></extra>"
    )


def _groups(order: pd.DataFrame, home_region_id: str, colour: str) -> list[tuple[str, pd.DataFrame, dict[str, Any]]]:
    """Bars split into legend groups: the home region, other regions with a sourced or an estimated price."""
    home = order["region_id"].eq(home_region_id)
    estimate = order["price_estimate"].astype(str).str.lower().eq("yes")
    home_name = chart_text(order.loc[home, "region_name"].iloc[0] if home.any() else home_region_id)
    other = {"color": _lighter(colour, 0.35), "line": {"color": colour, "width": 1}}
    return [
        (f"Your region ({home_name})", order[home], {"color": colour, "line": {"color": "#222", "width": 1.5}}),
        ("Other regions", order[~home & ~estimate], other),
        ("Other regions, estimated price", order[~home & estimate], other),
    ]


def _ranked_bars(
    rows: pd.DataFrame, home_region_id: str, colour: str, currency: str, value: str, low: str, high: str
) -> go.Figure:
    """Horizontal bars of `value` per region, cheapest at the top, whiskers from `low` to `high`."""
    order = rows.sort_values(value, kind="stable").iloc[::-1]
    labels = [
        f"<b>{chart_text(name)}</b>" if region == home_region_id else chart_text(name)
        for region, name in zip(order["region_id"], order["region_name"], strict=True)
    ]
    label_of = dict(zip(order["region_id"], labels, strict=True))
    fig = go.Figure()
    for name, part, marker in _groups(order, home_region_id, colour):
        if part.empty:
            continue
        estimate = part["price_estimate"].astype(str).str.lower().eq("yes")
        fig.add_bar(
            y=[label_of[r] for r in part["region_id"]],
            x=part[value],
            orientation="h",
            name=name,
            marker={
                **marker,
                "pattern": {
                    "shape": [ESTIMATE_PATTERN if e else "" for e in estimate],
                    "fillmode": "overlay",
                    "size": 7,
                    "solidity": 0.25,
                },
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": part[high] - part[value],
                "arrayminus": part[value] - part[low],
                "color": "#444",
                "thickness": 1.2,
                "width": 4,
            },
            customdata=hover_frame(part, currency),
            hovertemplate=hover_template(),
        )
    fig.update_layout(
        barmode="overlay",
        bargap=0.25,
        yaxis={"categoryorder": "array", "categoryarray": labels, "title": None, "automargin": True},
        xaxis={"rangemode": "tozero", "automargin": True},
    )
    return fig


def course_total_by_region(rows: pd.DataFrame, home_region_id: str, colour: str, currency: str) -> go.Figure:
    """Median course total (P50) per region, cheapest first, whiskers P10-P90; hatched = estimated price."""
    fig = _ranked_bars(rows, home_region_id, colour, currency, "p50", "p10", "p90")
    fig.update_layout(xaxis_title=f"Course total, median ({currency})", separators=plot_separators(currency))
    return tidy(fig, "Course total by region", height=max(360, 34 * len(rows) + 170))


def price_per_session_by_region(
    rows: pd.DataFrame, home_region_id: str, colour: str, currency: str, your_price: float | None = None
) -> go.Figure:
    """Typical price of one session per region (whiskers low-high), with a line at the clinic's own price."""
    fig = _ranked_bars(rows, home_region_id, colour, currency, "price_typical", "price_low", "price_high")
    if your_price:
        label = f"Your price {money(your_price, currency)}"
        right = float(rows["price_high"].max()) * 1.05
        if your_price <= right:
            fig.add_vline(x=your_price, line={"color": "#222", "dash": "dash", "width": 2})
            fig.add_annotation(
                x=your_price,
                y=1,
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                text=label,
                font={"size": 12, "color": "#222"},
                bgcolor="rgba(255,255,255,0.85)",
            )
        else:  # far above every region: say so at the edge instead of squeezing the bars to nothing
            fig.update_xaxes(range=[0, right])
            fig.add_annotation(
                x=1,
                xref="paper",
                xanchor="right",
                y=1,
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                text=f"{label}, off the scale \u2192",
                font={"size": 12, "color": "#222"},
                bgcolor="rgba(255,255,255,0.85)",
            )
    fig.update_layout(xaxis_title=f"One session, typical ({currency})", separators=plot_separators(currency))
    return tidy(fig, "Price per session by region", height=max(360, 34 * len(rows) + 170))
