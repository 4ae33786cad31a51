"""Layout shared by every figure: readable at laptop and phone width, hover with exact figures."""

from __future__ import annotations

import plotly.graph_objects as go

PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def tidy(fig: go.Figure, title: str, height: int = 420, legend_bottom: bool = True) -> go.Figure:
    """Title, margins and a legend under the plot (so a narrow screen keeps the plot width)."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 30},
        hoverlabel={"namelength": -1},
        legend=(
            {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0} if legend_bottom else {}
        ),
    )
    return fig


def legend_key(fig: go.Figure, name: str, marker: dict[str, object], kind: str = "bar") -> None:
    """A legend entry with a neutral swatch, for traces whose bars carry the options' own colours."""
    if kind == "bar":
        fig.add_bar(x=[None], y=[None], name=name, marker=marker, showlegend=True, hoverinfo="skip")
    else:
        fig.add_scatter(x=[None], y=[None], name=name, mode="markers", marker=marker, hoverinfo="skip")
