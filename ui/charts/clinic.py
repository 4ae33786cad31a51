"""Clinic figures shared by the Clinic planner and Real-world payback pages: cost per session by part, cumulative
cash with payback, and the Clinic planner's sensitivity tornado.

Every figure takes figures already computed by `pricing.clinic.device` / `pricing.clinic.sensitivity`; the one
exception is `per_session_parts`, flagged below, until the core offers the same split.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from pricing.clinic.device import DeviceEconomics
from ui.charts.common import legend_key, name_axes_in_table, tidy
from ui.formatting import money, money_text_columns, money_texts, plot_separators
from ui.user_text import chart_text

# Part of the cost of one session -> (pattern, opacity); the device's own colour carries the option.
PART_STYLES: dict[str, tuple[str, float]] = {
    "Depreciation": ("", 1.0),
    "Interest": ("/", 0.8),
    "Maintenance": ("x", 0.65),
    "Consumables and other": (".", 0.5),
    "Labour": ("-", 0.35),
    "Loaded costs": ("+", 0.6),
    "Overhead": ("|", 0.7),
}


def per_session_parts(economics: DeviceEconomics, sessions_per_month: float) -> dict[str, float]:
    """The full cost of one session split into its parts, money in `economics.currency` (scenario 0).

    FLAGGED: arithmetic on money that belongs in `pricing.clinic.device` (a `DeviceEconomics` field or helper
    such as `fixed_cost_per_session_parts`). Each fixed cost per month is divided by sessions per month:
    depreciation = depreciation_per_month / sessions_per_month, likewise interest, maintenance and overhead;
    consumables (with other per session), labour and the loaded costs (commission, fees, room, marketing,
    physician, wage loading) are already per session. The parts add up to `full_cost_per_session`. Callers must
    only pass sessions_per_month > 0.
    """
    return {
        "Depreciation": float(economics.depreciation_per_month[0]) / sessions_per_month,
        "Interest": float(economics.interest_per_month[0]) / sessions_per_month,
        "Maintenance": float(economics.maintenance_per_month[0]) / sessions_per_month,
        "Consumables and other": float(economics.consumables_per_session[0]),
        "Labour": float(economics.labour_per_session[0]),
        "Loaded costs": float(economics.loaded_cost_per_session[0]),
        "Overhead": float(economics.overhead_per_month[0]) / sessions_per_month,
    }


def cost_per_session(
    rows: pd.DataFrame,
    colours: Mapping[str, str],
    currency: str,
    styles: Mapping[str, tuple[str, float]] = PART_STYLES,
    title: str | None = None,
) -> go.Figure:
    """Horizontal stacked bars per device (parts of the full cost of one session), price charged marked.

    rows: one per device with columns device_id, option_id, name, price_per_session, full_cost_per_session
    and one column per key of `styles` (part -> (pattern, opacity)); all money in `currency`.
    """
    order = rows.iloc[::-1]
    names = order["name"].map(chart_text)
    bar_colours = [colours[o] for o in order["option_id"]]
    fig = go.Figure()
    for part, (pattern, opacity) in styles.items():
        fig.add_bar(
            y=names,
            x=order[part],
            orientation="h",
            name=part,
            showlegend=False,
            marker={
                "color": bar_colours,
                "opacity": opacity,
                "line": {"color": "#333", "width": 0.5},
                "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "#333"},
            },
            customdata=money_text_columns(order, [part, "full_cost_per_session"], currency, 2),
            hovertemplate=(
                f"<b>%{{y}}</b><br>{part}: %{{customdata[0]}} per session"
                "<br>Full cost: %{customdata[1]} per session<extra></extra>"
            ),
        )
        # The bars carry each device's colour; the legend shows only the part's pattern, in grey.
        legend_key(
            fig,
            part,
            {
                "color": "#888",
                "opacity": opacity,
                "line": {"color": "#333", "width": 0.5},
                "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "#333"},
            },
        )
    fig.add_scatter(
        y=names,
        x=order["price_per_session"],
        mode="markers+text",
        name="Price charged",
        marker={"symbol": "line-ns", "size": 28, "line": {"width": 3.5, "color": "#111"}},
        text=[money(p, currency) for p in order["price_per_session"]],
        textposition="middle right",
        textfont={"size": 12, "color": "#111"},
        cliponaxis=False,
        customdata=money_text_columns(order, ["price_per_session"], currency, 2),
        hovertemplate="<b>%{y}</b><br>Price charged: %{customdata[0]}<extra></extra>",
    )
    fig.update_layout(
        barmode="stack",
        xaxis_title=None,
        yaxis_title=None,
        xaxis={"rangemode": "tozero"},
        legend_traceorder="normal",
        separators=plot_separators(currency),
    )
    name_axes_in_table(fig, x=f"Per session ({currency})")
    return tidy(fig, title or f"Cost of one session by part ({currency})", height=max(300, 70 * len(rows) + 170))


@dataclass(frozen=True)
class CashLine:
    """One device's cumulative cash by month (month 0..life), and its payback month (None if none).

    device_id groups the line with its payback marker in the legend (one id per line); dash is a Plotly line dash
    ("solid", "dash", "dot"...) that tells cases of the same option apart, since they share its colour; labelled:
    whether its payback gets a text label (its star and legend entry always say the month).
    """

    device_id: str
    option_id: str
    name: str
    months: npt.NDArray[np.int64]
    cumulative: npt.NDArray[np.float64]
    payback_month: int | None
    dash: str = "solid"
    labelled: bool = True


def cumulative_cash(
    lines: list[CashLine], colours: Mapping[str, str], currency: str, title: str | None = None
) -> go.Figure:
    """Cumulative cash over the months per device, payback marked, with the zero line."""
    fig = go.Figure()
    fig.add_hline(y=0, line_color="#555", line_width=1)
    for i, line in enumerate(lines):
        colour, name = colours[line.option_id], chart_text(line.name)
        payback = "no payback" if line.payback_month is None else f"payback month {line.payback_month}"
        fig.add_scatter(
            x=line.months,
            y=line.cumulative,
            mode="lines",
            name=f"{name} ({payback})",
            line={"color": colour, "width": 2.5, "dash": line.dash},
            legendgroup=line.device_id,
            customdata=money_texts(line.cumulative, currency),
            hovertemplate=f"<b>{name}</b><br>Month %{{x}}<br>Cash so far: %{{customdata}}<extra></extra>",
        )
        if line.payback_month is None:
            continue
        at = float(line.cumulative[line.payback_month])
        fig.add_scatter(
            x=[line.payback_month],
            y=[at],
            mode="markers",
            name=f"{name}: payback",
            marker={"symbol": "star", "size": 15, "color": colour, "line": {"color": "#111", "width": 1}},
            legendgroup=line.device_id,
            showlegend=False,
            customdata=[money(at, currency)],
            hovertemplate=f"<b>{name}</b><br>Pays back in month %{{x}}<br>Cash so far: %{{customdata}}<extra></extra>",
        )
        if not line.labelled:
            continue
        # Paybacks often fall in the same early month: stagger the labels upwards so none hides another.
        fig.add_annotation(
            x=line.payback_month,
            y=at,
            text=f"{name}: month {line.payback_month}",
            showarrow=True,
            arrowhead=2,
            arrowcolor=colour,
            ax=30,
            ay=-35 - 24 * i,
            xanchor="left",
            font={"color": "#111", "size": 12},
            bgcolor="rgba(255,255,255,0.85)",
            bordercolor=colour,
        )
    fig.update_layout(
        xaxis_title="Months from purchase", yaxis_title=None, hovermode="closest", separators=plot_separators(currency)
    )
    name_axes_in_table(fig, y=f"Cash so far ({currency})")
    return tidy(fig, title or f"Cumulative cash ({currency}) and payback", height=460)


def sensitivity_tornado(
    sensitivity: pd.DataFrame, name: str, colour: str, currency: str, change_pct: float
) -> go.Figure:
    """Monthly profit when each input moves -/+ change_pct %, bars from the base profit, largest swing on top.

    sensitivity: the frame of `pricing.clinic.sensitivity.profit_sensitivity` (money in `currency`).
    """
    order = sensitivity.iloc[::-1]
    base = float(sensitivity["base_profit"].iloc[0])
    fig = go.Figure()
    for side, column, value, opacity, pattern in (
        (f"-{change_pct:g} %", "profit_low", "value_low", 0.45, "/"),
        (f"+{change_pct:g} %", "profit_high", "value_high", 1.0, ""),
    ):
        fig.add_bar(
            y=order["label"],
            x=order[column] - base,
            base=base,
            orientation="h",
            name=f"Input {side}",
            marker={
                "color": colour,
                "opacity": opacity,
                "line": {"color": "#333", "width": 0.5},
                "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "#333"},
            },
            customdata=money_text_columns(order, [column], currency).join(order[[value]]),
            hovertemplate=(
                f"<b>%{{y}}</b> {side} (input %{{customdata[1]:,.2f}})"
                "<br>Monthly profit: %{customdata[0]}"
                f"<br>Base: {money(base, currency)}<extra></extra>"
            ),
        )
    fig.add_vline(
        x=base,
        line_color="#111",
        line_width=1.5,
        line_dash="dot",
        annotation_text=f"base {money(base, currency)}",
        annotation_position="top",
    )
    fig.update_layout(
        barmode="overlay", xaxis_title=None, yaxis_title=None, bargap=0.25, separators=plot_separators(currency)
    )
    name_axes_in_table(fig, x=f"Monthly profit ({currency})")
    fig = tidy(
        fig,
        f"{chart_text(name)}<br><sup>Monthly profit ({currency}) when each input moves -/+ {change_pct:g} %</sup>",
        height=max(380, 34 * len(sensitivity) + 190),
    )
    fig.update_layout(margin_t=70)
    return fig
