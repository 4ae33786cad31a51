"""Figures of the Regions view: one option in every region, in one currency.

Each builder takes the course rows of `pricing.patient.compare.compare_courses` (one row per region, money already
in `currency`) and only draws them: the home region in the option's full colour, the others lighter,
hatched where the session price is an estimate, with the exact figures in the hover.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from ui.charts.common import PLOTLY_CONFIG, tidy
from ui.user_text import chart_text

ESTIMATE_PATTERN = "/"
MAP_COLOURSCALE = "Viridis_r"  # perceptually uniform and colour-blind safe; dark = dearer
BASE_LAND = "#e4e4e4"
SMALL_AREA_KM2 = 90_000  # below this a country is a few pixels on a world map: its dot is drawn larger
# The map is a fixed picture (hover or tap a dot): no zooming that would catch the page's scrolling.
MAP_CONFIG: dict[str, object] = {
    **PLOTLY_CONFIG,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["zoomInGeo", "zoomOutGeo", "resetGeo"],
}
HOVER_COLUMNS = (
    "region_name",
    "total_typical",
    "total_low",
    "total_high",
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


def _hover_frame(rows: pd.DataFrame) -> pd.DataFrame:
    estimate = rows["price_estimate"].astype(str).str.lower().eq("yes")
    text = {column: rows[column].map(chart_text) for column in ("region_name", "plan_typical", "price_year")}
    return rows.assign(estimate_text=estimate.map({True: "estimate (est.)", False: "sourced"}), **text)[
        list(HOVER_COLUMNS)
    ]


def _hover(currency: str) -> str:
    """Hover text over customdata laid out as HOVER_COLUMNS: exact figures, plan in words, provenance."""
    c = _CD
    return (
        f"<b>%{{customdata[{c['region_name']}]}}</b>"
        f"<br>Course total, typical: %{{customdata[{c['total_typical']}]:,.0f}} {currency}"
        f"<br>Range low-high: %{{customdata[{c['total_low']}]:,.0f}}-%{{customdata[{c['total_high']}]:,.0f}}"
        f" {currency}"
        f"<br>Plan: %{{customdata[{c['plan_typical']}]}} (%{{customdata[{c['sessions_typical']}]}} sessions)"
        f"<br>Per session: %{{customdata[{c['price_typical']}]:,.0f}} {currency}"
        f" (low %{{customdata[{c['price_low']}]:,.0f}}, high %{{customdata[{c['price_high']}]:,.0f}})"
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
        for region, name in zip(order["region_id"], order["region_name"])
    ]
    label_of = dict(zip(order["region_id"], labels))
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
            customdata=_hover_frame(part),
            hovertemplate=_hover(currency),
        )
    fig.update_layout(
        barmode="overlay",
        bargap=0.25,
        yaxis={"categoryorder": "array", "categoryarray": labels, "title": None, "automargin": True},
        xaxis={"rangemode": "tozero", "automargin": True},
    )
    return fig


def course_total_by_region(rows: pd.DataFrame, home_region_id: str, colour: str, currency: str) -> go.Figure:
    """Course total (typical) per region, cheapest first, whiskers low-high; hatched = estimated price."""
    fig = _ranked_bars(rows, home_region_id, colour, currency, "total_typical", "total_low", "total_high")
    fig.update_layout(xaxis_title=f"Course total, typical ({currency})")
    return tidy(fig, "Course total by region", height=max(360, 34 * len(rows) + 170))


def price_per_session_by_region(
    rows: pd.DataFrame, home_region_id: str, colour: str, currency: str, your_price: float | None = None
) -> go.Figure:
    """Typical price of one session per region (whiskers low-high), with a line at the clinic's own price."""
    fig = _ranked_bars(rows, home_region_id, colour, currency, "price_typical", "price_low", "price_high")
    if your_price:
        label = f"Your price {your_price:,.0f} {currency}"
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
    fig.update_layout(xaxis_title=f"One session, typical ({currency})")
    return tidy(fig, "Price per session by region", height=max(360, 34 * len(rows) + 170))


def _rings(features: list[dict[str, Any]], holes: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Outer rings (or the holes) of the features as one lon/lat path, rings separated by NaN (a gap).

    float32 arrays, not lists: Plotly checks a list value by value (0.2 s for the world's 12,000 points on
    every rerun) and an array at once, and sends it as binary (half the bytes of float64)."""
    lon: list[float] = []
    lat: list[float] = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon[1:] if holes else polygon[:1]:
                lon += [point[0] for point in ring] + [math.nan]
                lat += [point[1] for point in ring] + [math.nan]
    return np.array(lon, dtype=np.float32), np.array(lat, dtype=np.float32)


def course_total_map(rows: pd.DataFrame, shapes: dict[str, Any], home_region_id: str, currency: str) -> go.Figure:
    """World map coloured by course total (typical) per country; a dot on every region carries the hover.

    `rows` needs an `iso3` column; `shapes` is a GeoJSON FeatureCollection with ISO 3166-1 alpha-3 feature
    ids and label_lon/label_lat/area_km2 properties (data/geo/countries.geojson).

    Works offline: countries are filled scattergeo paths on a geo subplot with its base map switched off,
    so plotly.js fetches no topojson (a choropleth trace, even with a geojson, makes it fetch its world map
    from the internet) and needs no WebGL; the projection is fitted to the plot, so the whole world shows
    on a phone as on a laptop.
    """
    by_id = {f.get("id"): f for f in shapes["features"]}
    shown = rows[rows["iso3"].isin(by_id.keys())].reset_index(drop=True)
    low, high = float(shown["total_typical"].min()), float(shown["total_typical"].max())
    span = high - low if high > low else 1.0
    fills = pcolors.sample_colorscale(
        pcolors.get_colorscale(MAP_COLOURSCALE), [(v - low) / span for v in shown["total_typical"]]
    )
    fig = go.Figure()
    lon, lat = _rings(list(by_id.values()))
    fig.add_scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        fill="toself",
        fillcolor=BASE_LAND,
        name="Other countries",
        line={"color": "#ffffff", "width": 0.5},
        hoverinfo="skip",
    )
    regions = [by_id[i] for i in shown["iso3"]]
    for region_id, feature, fill in zip(shown["region_id"], regions, fills):
        lon, lat = _rings([feature])
        home = region_id == home_region_id
        fig.add_scattergeo(
            lon=lon,
            lat=lat,
            mode="lines",
            fill="toself",
            fillcolor=fill,
            name=chart_text(region_id),
            line={"color": "#111111" if home else "#ffffff", "width": 2 if home else 0.5},
            hoverinfo="skip",
        )
    lon, lat = _rings(regions, holes=True)
    if lon.size:  # an enclave inside a region (Lesotho in South Africa) stays uncoloured
        fig.add_scattergeo(
            lon=lon,
            lat=lat,
            mode="lines",
            fill="toself",
            fillcolor=BASE_LAND,
            hoverinfo="skip",
            line={"color": "#ffffff", "width": 0.5},
            name="Enclaves",
        )
    props = [f.get("properties", {}) for f in regions]
    is_home = shown["region_id"].eq(home_region_id)
    small = [p.get("area_km2", 0) < SMALL_AREA_KM2 for p in props]
    fig.add_scattergeo(
        lon=[p["label_lon"] for p in props],
        lat=[p["label_lat"] for p in props],
        mode="markers",
        name="Course total",
        marker={
            "size": [13 if h else (11 if s else 8) for h, s in zip(is_home, small)],
            "color": shown["total_typical"],
            "colorscale": MAP_COLOURSCALE,
            "cmin": low,
            "cmax": high,
            "opacity": 1.0,
            "line": {"color": "#111111", "width": [2.5 if h else 1 for h in is_home]},
            "colorbar": {
                "title": {"text": f"Course total, typical ({currency})", "side": "top"},
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "x": 0,
                "xanchor": "left",
                "len": 1.0,
                "thickness": 12,
                "tickformat": ",.0f",
            },
        },
        customdata=_hover_frame(shown),
        hovertemplate=_hover(currency),
    )
    fig.update_geos(visible=False, projection_type="natural earth", fitbounds="locations", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(showlegend=False, dragmode=False)
    tidy(fig, "Course total by country (typical)", height=400)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 60})
    return fig
