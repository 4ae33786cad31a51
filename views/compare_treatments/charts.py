"""Figures of the Compare view: cost by part with ranges, cost vs downtime, spend over time, P10-P90."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.charts.common import legend_key, tidy
from ui.palette import PART_PATTERNS
from ui.user_text import chart_text

PART_COLUMNS = {
    "Sessions": "course_cost_typical",
    "Extras": "extras_cost_typical",
    "Downtime cost": "downtime_cost_typical",
}


def cost_by_part(rows: pd.DataFrame, colours: dict[str, str], currency: str) -> go.Figure:
    """Horizontal stacked bars per option (typical), with the low-high range of the total as error bars."""
    order = rows.iloc[::-1]
    names = order["option_name"].map(chart_text)
    bar_colours = [colours[o] for o in order["option_id"]]
    fig = go.Figure()
    for part, column in PART_COLUMNS.items():
        if part != "Sessions" and not (order[column] > 0).any():
            continue
        legend_key(
            fig,
            part,
            {
                "color": "#888",
                "pattern": {"shape": PART_PATTERNS[part]},
                "opacity": 1.0 if part == "Sessions" else 0.55,
            },
        )
        fig.add_bar(
            y=names,
            x=order[column],
            orientation="h",
            name=part,
            showlegend=False,
            marker={
                "color": bar_colours,
                "pattern": {"shape": PART_PATTERNS[part], "fillmode": "overlay"},
                "opacity": 1.0 if part == "Sessions" else 0.55,
            },
            customdata=order[["plan_typical"]].map(chart_text),
            hovertemplate=f"<b>%{{y}}</b><br>{part}: %{{x:,.0f}} {currency}"
            + ("<br>Plan: %{customdata[0]}" if part == "Sessions" else "")
            + "<extra></extra>",
        )
    fig.add_scatter(
        y=names,
        x=order["total_typical"],
        mode="markers",
        name="Low-high range",
        marker={"color": "rgba(0,0,0,0)", "size": 1},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": order["total_high"] - order["total_typical"],
            "arrayminus": order["total_typical"] - order["total_low"],
            "color": "#444",
            "thickness": 1.5,
        },
        customdata=order[["total_low", "total_high", "sessions_min", "sessions_max"]],
        hovertemplate=(
            f"<b>%{{y}}</b><br>Total typical %{{x:,.0f}} {currency}<br>"
            f"Range %{{customdata[0]:,.0f}}-%{{customdata[1]:,.0f}} {currency}"
            "<br>(%{customdata[2]}-%{customdata[3]} sessions)<extra></extra>"
        ),
    )
    fig.update_layout(barmode="stack", xaxis_title=f"Course total ({currency})", yaxis_title=None)
    fig.update_yaxes(type="category")  # the legend keys' empty points must not turn the axis numeric
    return tidy(fig, "Total course cost by part (typical), with low-high range", height=max(320, 60 * len(rows) + 140))


def cost_vs_downtime(rows: pd.DataFrame, colours: dict[str, str], currency: str) -> go.Figure:
    """Bubble per option: total downtime days (x) against typical total (y); size = sessions."""
    fig = go.Figure()
    row: Any  # a comparison row (pandas-stubs types each field of an itertuples row as any scalar)
    for row in rows.itertuples():
        name = chart_text(row.option_name)
        fig.add_scatter(
            x=[row.downtime_days_typical],
            y=[row.total_typical],
            mode="markers",
            name=name,
            marker={
                "size": 14 + 6 * row.sessions_typical,
                "color": colours[row.option_id],
                "opacity": 0.8,
                "line": {"color": "#222", "width": 1},
            },
            hovertemplate=(
                f"<b>{name}</b><br>Downtime %{{x:.1f}} days "
                f"({row.downtime_days_low:.0f}-{row.downtime_days_high:.0f})<br>"
                f"Total %{{y:,.0f}} {currency}<br>{row.sessions_typical} sessions<extra></extra>"
            ),
        )
    fig.update_layout(
        xaxis_title="Total downtime over the course (days)",
        yaxis_title=f"Course total, typical ({currency})",
        showlegend=True,
    )
    if len(rows) > 1:
        fig.add_vline(x=rows["downtime_days_typical"].median(), line_dash="dot", line_color="#bbb")
        fig.add_hline(y=rows["total_typical"].median(), line_dash="dot", line_color="#bbb")
        fig.add_annotation(
            text="dearer and slower",
            x=1,
            y=1,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="right",
            font={"color": "#888"},
        )
    return tidy(fig, "Cost against downtime (bubble size = sessions)", height=460)


def spend_over_time(
    schedules: dict[str, pd.DataFrame], names: dict[str, str], colours: dict[str, str], currency: str
) -> go.Figure:
    """Cumulative spend by week of the course, one line per option."""
    fig = go.Figure()
    for option_id, schedule in schedules.items():
        name = chart_text(names[option_id])
        fig.add_scatter(
            x=schedule["week"],
            y=schedule["cumulative"],
            mode="lines+markers",
            name=name,
            line={"shape": "hv", "color": colours[option_id], "width": 2.5},
            customdata=schedule[["session", "paid"]],
            hovertemplate=(
                f"<b>{name}</b><br>Week %{{x:.0f}}, session %{{customdata[0]}}"
                f"<br>Paid at this visit %{{customdata[1]:,.0f}} {currency}"
                f"<br>Spent so far %{{y:,.0f}} {currency}<extra></extra>"
            ),
        )
    fig.update_layout(xaxis_title="Weeks from the first session", yaxis_title=f"Cumulative spend ({currency})")
    return tidy(fig, "Cumulative spend over the course (typical; packages paid when first used)")


def percentile_spread(rows: pd.DataFrame, colours: dict[str, str], currency: str, draws: int) -> go.Figure:
    """P10-P90 bar per option with P50 marked, and the typical total for reference."""
    order = rows.iloc[::-1]
    names = order["option_name"].map(chart_text)
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=order["p90"] - order["p10"],
        base=order["p10"],
        orientation="h",
        marker={"color": [colours[o] for o in order["option_id"]], "opacity": 0.45},
        name="P10-P90",
        showlegend=False,
        customdata=order[["p10", "p50", "p90"]],
        hovertemplate=(
            f"<b>%{{y}}</b><br>P10 %{{customdata[0]:,.0f}} {currency}<br>P50 %{{customdata[1]:,.0f}} "
            f"{currency}<br>P90 %{{customdata[2]:,.0f}} {currency}<extra></extra>"
        ),
    )
    legend_key(fig, "P10-P90 (middle 80 %)", {"color": "#bbb"})
    fig.add_scatter(
        y=names,
        x=order["p50"],
        mode="markers",
        name="P50 (median)",
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#222"}},
        hovertemplate=f"P50 %{{x:,.0f}} {currency}<extra></extra>",
    )
    fig.add_scatter(
        y=names,
        x=order["total_typical"],
        mode="markers",
        name="Typical total",
        marker={"symbol": "diamond-open", "size": 10, "color": "#222"},
        hovertemplate=f"Typical %{{x:,.0f}} {currency}<extra></extra>",
    )
    fig.update_layout(xaxis_title=f"Course total ({currency})", barmode="overlay")
    fig.update_yaxes(type="category")
    return tidy(
        fig, f"How sure: 80 % of {draws:,} simulated courses fall in the bar", height=max(320, 55 * len(rows) + 140)
    )
