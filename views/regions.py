"""Regions: one option in every region, in one currency: where a course is cheaper, where a price sits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from pricing.patient.compare import course_rows, price_courses
from pricing.patient.course import PatientCosts
from ui import choices
from ui.charts.common import PLOTLY_CONFIG
from ui.charts.regions import MAP_CONFIG, course_total_by_region, course_total_map, price_per_session_by_region
from ui.content import text
from ui.data import current_tables, prepared_courses, show_data_status
from ui.export import table_csv
from ui.formatting import money
from ui.palette import option_colours
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text

DRAWS = 20_000  # simulated courses per region, as in the Compare view...
DRAW_BUDGET = 2_000_000  # ...but at most this many in all, so that thousands of regions stay quick
MIN_DRAWS = 500
MAX_BARS = 25  # regions per bar chart (the cheapest, and yours); the table lists every region
TABLE_ROWS = 15  # rows the table shows before it scrolls
OPTION_KEY = "region_option"
DEFAULT_OPTION = "co2"
YOUR_PRICE_KEY = "your_price"
SHAPES_PATH = Path(__file__).resolve().parent.parent / "data" / "geo" / "countries.geojson"


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


def draws_per_region(regions: int) -> int:
    """Monte Carlo draws per region: DRAWS, fewer when there are so many regions that they would be slow."""
    return max(MIN_DRAWS, min(DRAWS, DRAW_BUDGET // max(regions, 1)))


def chart_rows(rows: pd.DataFrame, sort_column: str, home_region_id: str) -> pd.DataFrame:
    """The MAX_BARS regions lowest on `sort_column`, plus the home region wherever it ranks."""
    ranked = rows.sort_values(sort_column, kind="stable")
    if len(ranked) <= MAX_BARS:
        return ranked
    return pd.concat([ranked.head(MAX_BARS), ranked[ranked["region_id"] == home_region_id]]).drop_duplicates(
        "region_id"
    )


def price_position(your_price: float, typical_prices: pd.Series, currency: str) -> str:
    """Where a clinic's session price sits among the regions' typical prices, in words."""
    count = len(typical_prices)
    above = int((typical_prices < your_price).sum())
    equal = int((typical_prices == your_price).sum())
    mine = f"Your price of {money(your_price, currency)} per session"
    if above == count:
        return f"{mine} is above the typical price in all {count} regions."
    if above == 0 and equal == 0:
        return f"{mine} is below the typical price in all {count} regions."
    tied = f" and equal to {equal}" if equal else ""
    return f"{mine} is above {above} of {count} regions' typical price{tied}."


loaded = current_tables()
tables = loaded.tables
st.title("Regions")
st.caption(text("disclaimer"))
show_data_status(loaded)
remind_unsaved_edits()

option_names = tables.options.set_index("option_id")["name"]
option_ids = list(option_names.index)
if not option_ids:
    st.error("The options table is empty: add a treatment option under Data > Price tables.")
    st.stop()
if st.session_state.get(OPTION_KEY) not in option_ids:
    st.session_state.pop(OPTION_KEY, None)

with st.sidebar:
    home = choices.region_picker(tables)
    indication = choices.indication_picker(tables)
    currency = choices.currency_picker(tables, choices.region_currency(tables, home))
    for key, most in (("downtime_value", 1e6), ("extras", 1e6), (YOUR_PRICE_KEY, 1e9)):
        choices.drop_invalid_number(key, 0.0, most)
    option = str(
        st.selectbox(
            "Option",
            option_ids,
            index=option_ids.index(DEFAULT_OPTION) if DEFAULT_OPTION in option_ids else 0,
            format_func=lambda o: option_names.get(o, o),
            key=OPTION_KEY,
            help="The treatment compared across regions. Prices are for one full-face session; the course is the "
            "typical number of sessions for the indication.",
            **choices.BOUND,
        )
    )
    daily_value = st.number_input(
        f"Value of one day of downtime ({currency})",
        min_value=0.0,
        max_value=1e6,
        value=0.0,
        step=50.0,
        key="downtime_value",
        help=f"What a day off work or out of public costs you, in {currency} per day. "
        "0 leaves downtime out of the total.",
        **choices.BOUND,
    )
    extras = st.number_input(
        f"Extras per visit ({currency})",
        min_value=0.0,
        max_value=1e6,
        value=0.0,
        step=10.0,
        key="extras",
        help=f"Numbing, aftercare products, travel: {currency} added to every session.",
        **choices.BOUND,
    )
    your_price = st.number_input(
        f"Your price per session ({currency})",
        min_value=0.0,
        max_value=1e9,
        value=0.0,
        step=10.0,
        key=YOUR_PRICE_KEY,
        help=f"For clinics: what you charge for one session of this option, in {currency} "
        "(the display currency). It is marked on the price-per-session chart and ranked against every "
        "region's typical price. 0 = none.",
        **choices.BOUND,
    )

region_names = tables.regions.set_index("region_id")["name"]
home_name = str(region_names.get(home, home))
option_name = str(option_names.get(option, option))
indication_name = tables.indications.set_index("indication_id")["name"].get(indication, indication)
# Names come from the editable tables: shown as typed, never as Markdown (an image link would load).
home_md, option_md, indication_md = (
    markdown_text(home_name),
    markdown_text(option_name),
    markdown_text(str(indication_name).lower()),
)
st.subheader(f"{option_md} for {indication_md}, every region in {currency}")

region_ids = list(tables.regions["region_id"])
draws = draws_per_region(len(region_ids))
try:
    # course_rows names every region left out; it is checked first because there is nothing to price
    # when no region has both a price and a course.
    available, unavailable = course_rows(tables, region_ids, [option], indication, currency)
    result = (
        price_courses(
            prepared_courses(loaded, region_ids, [option], indication, currency),
            PatientCosts(currency, extras, daily_value),
            draws=draws,
        )
        if len(available)
        else None
    )
except (KeyError, ValueError) as exc:
    st.error(
        f"The figures for {option_md} cannot be computed from the current price tables "
        f"({markdown_text(exc)}). "
        "Check the prices, sessions and exchange-rate tables under Data > Price tables."
    )
    st.stop()

missing = pd.DataFrame(
    {
        "Region": [region_names.get(r, r) for r in unavailable["region_id"]],
        "Reason": list(unavailable["reason"]),
    }
)
if result is None or result.rows.empty:
    st.warning(
        f"{option_md} has no course for {indication_md} in any region, so there is nothing "
        "to compare. Choose another option or indication in the sidebar.",
        icon=":material/warning:",
    )
    st.dataframe(missing, hide_index=True, width="stretch", key="regions_missing")
    st.stop()

rows = result.rows.merge(tables.regions[["region_id", "iso3"]], on="region_id", how="left")
colour = option_colours(option_ids)[option]
estimated = rows["price_estimate"].astype(str).str.lower().eq("yes")
home_rows = rows.index[rows["region_id"] == home]

cheapest, dearest = rows.iloc[0], rows.iloc[-1]
c1, c2, c3 = st.columns(3)
c1.metric(
    "Cheapest course (typical)",
    money(cheapest["total_typical"], currency),
    markdown_text(cheapest["region_name"]),
    delta_color="off",
    delta_arrow="off",
    help="Typical price x typical sessions, packages applied, plus extras and downtime value.",
)
if len(home_rows):
    rank = int(home_rows[0]) + 1
    c2.metric(
        f"Your region: {home_md}",
        money(rows.loc[home_rows[0], "total_typical"], currency),
        f"{rank} of {len(rows)} from cheapest",
        delta_color="off",
        delta_arrow="off",
        help="Course total (typical) in the region picked in the sidebar.",
    )
else:
    c2.metric(f"Your region: {home_md}", "n/a", "not available", delta_color="off", delta_arrow="off")
c3.metric(
    "Dearest course (typical)",
    money(dearest["total_typical"], currency),
    markdown_text(dearest["region_name"]),
    delta_color="off",
    delta_arrow="off",
)

if not len(home_rows):
    reason = unavailable.loc[unavailable["region_id"] == home, "reason"]
    st.warning(
        f"{home_md} is not in the comparison: {reason.iloc[0] if len(reason) else 'no data'}.",
        icon=":material/warning:",
    )
if your_price:
    st.info(price_position(float(your_price), rows["price_typical"], currency), icon=":material/storefront:")

if len(rows) > MAX_BARS:
    st.caption(
        f"The charts show the {MAX_BARS} cheapest of {len(rows):,} regions and yours; the table below lists them all."
    )
tab_total, tab_session = st.tabs(["Course total", "Price per session"])
with tab_total:
    st.plotly_chart(
        course_total_by_region(chart_rows(rows, "total_typical", home), home, colour, currency),
        config=PLOTLY_CONFIG,
        key="regions_chart_total",
    )
with tab_session:
    st.plotly_chart(
        price_per_session_by_region(
            chart_rows(rows, "price_typical", home), home, colour, currency, float(your_price) or None
        ),
        config=PLOTLY_CONFIG,
        key="regions_chart_session",
    )
as_of = tables.fx["as_of"].astype(str)
rate_date = as_of.max() if as_of.nunique() == 1 else f"{as_of.min()} to {as_of.max()}"
st.caption(
    f"Cheapest at the top; your region in bold and full colour; whiskers run from low to high. "
    f"{int(estimated.sum())} of the {len(rows)} regions' session prices are estimates, not quoted by a source "
    '(hatched bars; "estimate" in the hover and the table). Prices are converted from each region\'s '
    f"currency to {currency} at the exchange rates of {rate_date}."
)

shapes = country_shapes()
if shapes is None:
    st.warning(
        "The world map cannot be drawn: its country outlines (data/geo/countries.geojson) are missing or "
        "unreadable. The charts and the table above and below are complete.",
        icon=":material/map:",
    )
else:
    on_map = rows["iso3"].isin({f.get("id") for f in shapes["features"]})
    # One colour per country: your region's where it is there, else the cheapest region's.
    by_country = pd.concat([rows[on_map & (rows["region_id"] == home)], rows[on_map]]).drop_duplicates("iso3")
    if len(by_country):
        st.plotly_chart(
            course_total_map(by_country, shapes, home, currency), config=MAP_CONFIG, key="regions_chart_map"
        )
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

st.markdown(f"#### All regions, in {currency}")
table = pd.DataFrame(
    {
        "Rank": range(1, len(rows) + 1),
        "Region": [f"{n} (yours)" if r == home else n for r, n in zip(rows["region_id"], rows["region_name"])],
        "Local currency": rows["price_currency"],
        f"Per session low ({currency})": rows["price_low"].round(0),
        f"Per session typical ({currency})": rows["price_typical"].round(0),
        f"Per session high ({currency})": rows["price_high"].round(0),
        "Sessions": rows["sessions_typical"].astype(str)
        + " ("
        + rows["sessions_min"].astype(str)
        + "-"
        + rows["sessions_max"].astype(str)
        + ")",
        "Plan (typical)": rows["plan_typical"],
        f"Total low ({currency})": rows["total_low"].round(0),
        f"Total typical ({currency})": rows["total_typical"].round(0),
        f"Total high ({currency})": rows["total_high"].round(0),
        f"P10 ({currency})": rows["p10"].round(0),
        f"P50 ({currency})": rows["p50"].round(0),
        f"P90 ({currency})": rows["p90"].round(0),
        "Downtime days (course)": rows["downtime_days_typical"].round(1),
        "Price estimate?": rows["price_estimate"],
        "Price source year": rows["price_year"],
    }
)
money_format = st.column_config.NumberColumn(format="localized")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="regions_table",
    height=35 * (min(len(table), TABLE_ROWS) + 1) + 3,
    column_config={c: money_format for c in table.columns if f"({currency})" in c},
)
st.download_button(
    "Download table (CSV)",
    table_csv(table),
    f"regions-{option}-{indication}-{currency}.csv",
    "text/csv",
    icon=":material/download:",
)
st.caption(
    "Typical = typical price x typical sessions (packages where cheaper), plus extras and downtime value; "
    "low and high use the lowest price and fewest sessions, and the highest price and most sessions. "
    f"P10-P90: the middle 80 % of {draws:,} simulated courses per region (fixed seed)."
)

if len(missing):
    st.markdown("#### Not compared")
    st.dataframe(missing, hide_index=True, width="stretch", key="regions_missing")
