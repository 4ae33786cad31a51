"""Figures of the Compare view's "Beyond the course" section: totals with maintenance over the years."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ui.charts.common import tidy
from ui.formatting import money, money_range, plot_separators
from ui.user_text import chart_text


def horizon_label(years: int) -> str:
    """'1 year', '3 years'."""
    return f"{years} year{'s' if years != 1 else ''}"


def totals_over_years(
    rows: pd.DataFrame, maintenance: pd.DataFrame, years: Sequence[int], colours: dict[str, str], currency: str
) -> go.Figure:
    """Grouped bars: the typical total (course + maintenance) after each horizon, one bar per option.

    `rows` are the comparison rows (option_id, option_name) and `maintenance` is `maintenance_table` for them,
    aligned by index; the low-high range of each total is in the hover (it would dwarf the bars as error bars).
    """
    x = [f"After {horizon_label(y)}" for y in years]
    fig = go.Figure()
    row: Any  # a comparison row (pandas-stubs types each field of an itertuples row as any scalar)
    for index, row in zip(rows.index, rows.itertuples(), strict=True):
        figures = maintenance.loc[index]
        customdata = [
            [
                money(figures[f"total_{y}y_typical"], currency),
                money_range(figures[f"total_{y}y_low"], figures[f"total_{y}y_high"], currency),
                figures[f"maintenance_sessions_{y}y"],
            ]
            for y in years
        ]
        fig.add_bar(
            x=x,
            y=[figures[f"total_{y}y_typical"] for y in years],
            name=chart_text(row.option_name),
            marker={"color": colours[row.option_id]},
            customdata=customdata,
            hovertemplate=(
                f"<b>{chart_text(row.option_name)}</b><br>%{{x}}: %{{customdata[0]}}<br>Low-high %{{customdata[1]}}<br>"
                "Course + %{customdata[2]:g} maintenance sessions<extra></extra>"
            ),
        )
    fig.update_layout(
        barmode="group",
        yaxis_title=f"Course + maintenance, typical ({currency})",
        xaxis_title=None,
        yaxis_tickformat=",.0f",
        separators=plot_separators(currency),
    )
    return tidy(fig, "Course + maintenance, typical", height=440)
