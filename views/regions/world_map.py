"""The Regions page's world map: the country outlines shipped with the app, the map drawn from them, its section.

The map colours each country by course total (typical) and puts a dot with the figures on every region; it
works offline (see course_total_map).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go
import streamlit as st

from ui.charts.common import PLOTLY_CONFIG, show_chart, tidy
from ui.formatting import plot_separators
from ui.user_text import chart_text, markdown_text
from views.regions.charts import hover_frame, hover_template

SHAPES_PATH = Path(__file__).resolve().parents[2] / "data" / "geo" / "countries.geojson"
MAP_COLOURSCALE = "Viridis_r"  # perceptually uniform and colour-blind safe; dark = dearer
BASE_LAND = "#e4e4e4"
SMALL_AREA_KM2 = 90_000  # below this a country is a few pixels on a world map: its dot is drawn larger
# The map is a fixed picture (hover or tap a dot): no zooming that would catch the page's scrolling.
MAP_CONFIG: dict[str, object] = {
    **PLOTLY_CONFIG,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["zoomInGeo", "zoomOutGeo", "resetGeo"],
}


@st.cache_resource(show_spinner=False)
def _country_shapes() -> dict[str, Any]:
    shapes = json.loads(SHAPES_PATH.read_text(encoding="utf-8"))
    if not isinstance(shapes, dict) or not shapes.get("features"):
        raise ValueError("no features")
    return shapes


def country_shapes() -> dict[str, Any] | None:
    """Country outlines shipped with the app (the map needs no internet); None when the file is unreadable."""
    try:
        return _country_shapes()
    except (OSError, ValueError):
        return None


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


def _add_land(fig: go.Figure, lon: np.ndarray, lat: np.ndarray, name: str) -> None:
    """Land without a figure (other countries, enclaves): grey, white borders, no hover."""
    fig.add_scattergeo(
        lon=lon,
        lat=lat,
        mode="lines",
        fill="toself",
        fillcolor=BASE_LAND,
        name=name,
        line={"color": "#ffffff", "width": 0.5},
        hoverinfo="skip",
    )


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
    low, high = float(shown["p50"].min()), float(shown["p50"].max())
    span = high - low if high > low else 1.0
    fills = pcolors.sample_colorscale(pcolors.get_colorscale(MAP_COLOURSCALE), [(v - low) / span for v in shown["p50"]])
    fig = go.Figure()
    _add_land(fig, *_rings(list(by_id.values())), "Other countries")
    regions = [by_id[i] for i in shown["iso3"]]
    for region_id, feature, fill in zip(shown["region_id"], regions, fills, strict=True):
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
        _add_land(fig, lon, lat, "Enclaves")
    props = [f.get("properties", {}) for f in regions]
    is_home = shown["region_id"].eq(home_region_id)
    small = [p.get("area_km2", 0) < SMALL_AREA_KM2 for p in props]
    fig.add_scattergeo(
        lon=[p["label_lon"] for p in props],
        lat=[p["label_lat"] for p in props],
        mode="markers",
        name="Course total",
        marker={
            "size": [13 if h else (11 if s else 8) for h, s in zip(is_home, small, strict=True)],
            "color": shown["p50"],
            "colorscale": MAP_COLOURSCALE,
            "cmin": low,
            "cmax": high,
            "opacity": 1.0,
            "line": {"color": "#111111", "width": [2.5 if h else 1 for h in is_home]},
            "colorbar": {
                "title": {"text": f"Course total, median ({currency})", "side": "top"},
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
        customdata=hover_frame(shown, currency),
        hovertemplate=hover_template(),
    )
    fig.update_geos(visible=False, projection_type="natural earth", fitbounds="locations", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(showlegend=False, dragmode=False, separators=plot_separators(currency))
    tidy(fig, "Course total by country (median)", height=400)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 60})
    return fig


def world_map(rows: pd.DataFrame, home: str, currency: str) -> None:
    """The map of course totals by country (yours where several regions share one), and the regions not on it.

    `rows` are the course rows with each region's `iso3`; without readable outlines, a warning instead.
    """
    shapes = country_shapes()
    if shapes is None:
        st.warning(
            "The world map cannot be drawn: its country outlines (data/geo/countries.geojson) are missing or "
            "unreadable. The charts and the table above and below are complete.",
            icon=":material/map:",
        )
        return
    on_map = rows["iso3"].isin({f.get("id") for f in shapes["features"]})
    # One colour per country: your region's where it is there, else the cheapest region's.
    by_country = pd.concat([rows[on_map & (rows["region_id"] == home)], rows[on_map]]).drop_duplicates("iso3")
    if len(by_country):
        show_chart(course_total_map(by_country, shapes, home, currency), config=MAP_CONFIG, key="regions_chart_map")
        shared = (
            " Where several regions share a country, it shows yours, else the cheapest."
            if (len(by_country) < on_map.sum())
            else ""
        )
        st.caption(
            "Darker = dearer course; your region is outlined. Every region also has a dot (small ones, "
            f"such as Singapore, are hard to see otherwise): hover over or tap it for the figures.{shared}"
        )
    if not on_map.all():
        off_map = [markdown_text(f"{r.region_name} ({r.iso3})") for r in rows[~on_map].itertuples()]
        more = f" and {len(off_map) - 10:,} more" if len(off_map) > 10 else ""
        st.caption(f"Not on the map (no outline for the country code): {', '.join(off_map[:10])}{more}.")
