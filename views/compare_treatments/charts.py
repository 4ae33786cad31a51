"""Figures of the Compare view: cost by part with the median and P10-P90, cost vs downtime, spend over time,
P10-P90. Options are named by `option_label` where the rows have it (the name with the mark of high risk for the
patient's skin type), else `option_name`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.charts.common import legend_key, tidy
from ui.formatting import days_range, days_text, money, money_range, money_text_columns, plot_separators
from ui.palette import PART_PATTERNS
from ui.user_text import chart_text

HIGH_RISK_OUTLINE = "#c62828"  # the outline of a bubble whose option is high risk for the skin type


def _names(rows: pd.DataFrame) -> pd.Series:
    return rows["option_label" if "option_label" in rows else "option_name"].map(chart_text)


PART_COLUMNS = {
    "Sessions": "course_cost_typical",
    "Extras": "extras_cost_typical",
    "Downtime cost": "downtime_cost_typical",
}


def cost_by_part(rows: pd.DataFrame, colours: dict[str, str], currency: str) -> go.Figure:
    """Horizontal stacked bars per option at typical prices, by part, with the median (P50) of the simulated totals
    marked and their P10-P90 as whiskers; cheapest median at the top. The median's hover adds the rows'
    `risk_hover` (pigment-change risk and its source, already escaped) where given."""
    order = rows.iloc[::-1]
    names = _names(order)
    bar_colours = [colours[o] for o in order["option_id"]]
    fig = go.Figure()
    for part, column in PART_COLUMNS.items():
        if part != "Sessions" and not (order[column] > 0).any():
            continue
        legend_key(
            fig,
            f"{part} (typical)",
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
            customdata=money_text_columns(order, [column], currency).assign(plan=order["plan_typical"].map(chart_text)),
            hovertemplate=f"<b>%{{y}}</b><br>{part} at typical prices: %{{customdata[0]}}"
            + ("<br>Plan: %{customdata[1]}" if part == "Sessions" else "")
            + "<extra></extra>",
        )
    fig.add_scatter(
        y=names,
        x=order["p50"],
        mode="markers",
        name="Median (P50), P10-P90",
        # White with a dark outline: seen on a bar of any colour, the darkest included.
        marker={"symbol": "diamond", "size": 12, "color": "white", "line": {"width": 2, "color": "#222"}},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": order["p90"] - order["p50"],
            "arrayminus": order["p50"] - order["p10"],
            "color": "#444",
            "thickness": 1.5,
        },
        customdata=money_text_columns(order, ["p50", "total_typical"], currency).assign(
            p10_p90=[money_range(low, high, currency) for low, high in zip(order["p10"], order["p90"], strict=True)],
            low_high=[
                money_range(low, high, currency)
                for low, high in zip(order["total_low"], order["total_high"], strict=True)
            ],
            risk=order.get("risk_hover", ""),
        ),
        hovertemplate=(
            "<b>%{y}</b><br>Median %{customdata[0]}<br>P10-P90 %{customdata[2]}<br>"
            "At typical prices %{customdata[1]}<br>Lowest-highest %{customdata[3]}<br>%{customdata[4]}<extra></extra>"
        ),
    )
    fig.update_layout(
        barmode="stack",
        xaxis_title=f"Course total ({currency})",
        yaxis_title=None,
        separators=plot_separators(currency),
    )
    fig.update_yaxes(type="category")  # the legend keys' empty points must not turn the axis numeric
    return tidy(
        fig,
        "Course total: median and P10-P90 of simulated courses; bars at typical prices, by part",
        height=max(320, 60 * len(rows) + 140),
    )


def cost_vs_downtime(rows: pd.DataFrame, colours: dict[str, str], currency: str) -> go.Figure:
    """Bubble per option: total downtime days (x) against the median course total (y) with its P10-P90; size =
    sessions; a red outline marks high risk for the skin type (rows' `high_risk`, when given)."""
    fig = go.Figure()
    row: Any  # a comparison row (pandas-stubs types each field of an itertuples row as any scalar)
    labels = _names(rows)
    high_risk = rows["high_risk"] if "high_risk" in rows else pd.Series(False, index=rows.index)
    for row, name, high in zip(rows.itertuples(), labels, high_risk, strict=True):
        fig.add_scatter(
            x=[row.downtime_days_typical],
            y=[row.p50],
            mode="markers",
            name=name,
            marker={
                "size": 14 + 6 * row.sessions_typical,
                "color": colours[row.option_id],
                "opacity": 0.8,
                "line": {"color": HIGH_RISK_OUTLINE, "width": 4} if high else {"color": "#222", "width": 1},
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [row.p90 - row.p50],
                "arrayminus": [row.p50 - row.p10],
                "color": "#999",
                "thickness": 1,
            },
            hovertemplate=(
                f"<b>{name}</b><br>Downtime {days_text(row.downtime_days_typical)} "
                f"({days_range(row.downtime_days_low, row.downtime_days_high)})<br>"
                f"Median total {money(row.p50, currency)} (P10-P90 {money_range(row.p10, row.p90, currency)})<br>"
                f"At typical prices {money(row.total_typical, currency)}<br>{row.sessions_typical} sessions"
                "<extra></extra>"
            ),
        )
    fig.update_layout(
        xaxis_title="Total downtime over the course (days)",
        yaxis_title=f"Course total, median ({currency})",
        showlegend=True,
        separators=plot_separators(currency),
    )
    if len(rows) > 1:
        fig.add_vline(x=rows["downtime_days_typical"].median(), line_dash="dot", line_color="#bbb")
        fig.add_hline(y=rows["p50"].median(), line_dash="dot", line_color="#bbb")
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
    return tidy(fig, "Cost against downtime (bubble size = sessions; whiskers P10-P90)", height=460)


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
            customdata=schedule[["session"]].join(money_text_columns(schedule, ["paid", "cumulative"], currency)),
            hovertemplate=(
                f"<b>{name}</b><br>Week %{{x:.0f}}, session %{{customdata[0]}}"
                "<br>Paid at this visit %{customdata[1]}<br>Spent so far %{customdata[2]}<extra></extra>"
            ),
        )
    fig.update_layout(
        xaxis_title="Weeks from the first session",
        yaxis_title=f"Cumulative spend ({currency})",
        separators=plot_separators(currency),
    )
    return tidy(fig, "Cumulative spend over the course (typical; packages paid when first used)")


def percentile_spread(rows: pd.DataFrame, colours: dict[str, str], currency: str, draws: int) -> go.Figure:
    """P10-P90 bar per option with P50 marked, and the typical total for reference."""
    order = rows.iloc[::-1]
    names = _names(order)
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=order["p90"] - order["p10"],
        base=order["p10"],
        orientation="h",
        marker={"color": [colours[o] for o in order["option_id"]], "opacity": 0.45},
        name="P10-P90",
        showlegend=False,
        customdata=money_text_columns(order, ["p10", "p50", "p90"], currency),
        hovertemplate=(
            "<b>%{y}</b><br>P10 %{customdata[0]}<br>P50 %{customdata[1]}<br>P90 %{customdata[2]}<extra></extra>"
        ),
    )
    legend_key(fig, "P10-P90 (middle 80 %)", {"color": "#bbb"})
    fig.add_scatter(
        y=names,
        x=order["p50"],
        mode="markers",
        name="P50 (median)",
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#222"}},
        customdata=money_text_columns(order, ["p50"], currency),
        hovertemplate="P50 %{customdata[0]}<extra></extra>",
    )
    fig.add_scatter(
        y=names,
        x=order["total_typical"],
        mode="markers",
        name="At typical prices",
        marker={"symbol": "diamond-open", "size": 10, "color": "#222"},
        customdata=money_text_columns(order, ["total_typical"], currency),
        hovertemplate="At typical prices %{customdata[0]}<extra></extra>",
    )
    fig.update_layout(xaxis_title=f"Course total ({currency})", barmode="overlay", separators=plot_separators(currency))
    fig.update_yaxes(type="category")
    return tidy(
        fig, f"How sure: 80 % of {draws:,} simulated courses fall in the bar", height=max(320, 55 * len(rows) + 140)
    )
