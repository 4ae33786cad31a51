"""The Regions page's sections: headline figures, notes on your region and price, the bar charts, the tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.charts.common import show_chart
from ui.drawn_when_open import lazy_tabs, showing
from ui.export import table_csv
from ui.formatting import DAYS_DECIMALS, money, money_range, money_whole
from ui.patient_course import cheapest_course_metric, money_columns, sessions_text
from ui.user_text import markdown_text
from views.regions.charts import course_total_by_region, price_per_session_by_region
from views.regions.sidebar import RegionChoices

MAX_BARS = 25  # regions per bar chart (the cheapest, and yours); the table lists every region
TABLE_ROWS = 15  # rows the table shows before it scrolls
CHART_TABS = ("Course total", "Price per session")
CHART_TAB_KEY = "regions_chart_tab"  # the open chart tab (only it is drawn)


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


def missing_regions(unavailable: pd.DataFrame, region_names: pd.Series) -> pd.DataFrame:
    """The regions left out of the comparison, by name, with the reason."""
    return pd.DataFrame(
        {
            "Region": [region_names.get(r, r) for r in unavailable["region_id"]],
            "Reason": list(unavailable["reason"]),
        }
    )


def headline(rows: pd.DataFrame, chosen: RegionChoices, home_md: str) -> None:
    """Three metrics: the cheapest course, yours with its rank, the dearest; `home_md` is your region's name."""
    currency = chosen.currency
    home_rows = rows.index[rows["region_id"] == chosen.home]
    cheapest, dearest = rows.iloc[0], rows.iloc[-1]
    c1, c2, c3 = st.columns(3)
    cheapest_course_metric(c1, cheapest, "region_name", currency)
    if len(home_rows):
        rank = int(home_rows[0]) + 1
        c2.metric(
            f"Your region: {home_md}",
            money(rows.loc[home_rows[0], "p50"], currency),
            f"{rank} of {len(rows)} from cheapest",
            delta_color="off",
            delta_arrow="off",
            help="Median (P50) course total in the region picked in the sidebar; ranked on the median.",
        )
        mine = rows.loc[home_rows[0]]
        c2.caption(
            f"P10-P90 {money_range(mine['p10'], mine['p90'], currency)}; "
            f"at typical prices {money(mine['total_typical'], currency)}"
        )
    else:
        c2.metric(f"Your region: {home_md}", "n/a", "not available", delta_color="off", delta_arrow="off")
    c3.metric(
        "Dearest course (median)",
        money(dearest["p50"], currency),
        markdown_text(dearest["region_name"]),
        delta_color="off",
        delta_arrow="off",
    )
    c3.caption(
        f"P10-P90 {money_range(dearest['p10'], dearest['p90'], currency)}; "
        f"at typical prices {money(dearest['total_typical'], currency)}"
    )


def notes(rows: pd.DataFrame, unavailable: pd.DataFrame, chosen: RegionChoices, home_md: str) -> None:
    """Why your region is not compared (when it is not), and where your price sits (when you gave one)."""
    if not (rows["region_id"] == chosen.home).any():
        reason = unavailable.loc[unavailable["region_id"] == chosen.home, "reason"]
        st.warning(
            f"{home_md} is not in the comparison: {reason.iloc[0] if len(reason) else 'no data'}.",
            icon=":material/warning:",
        )
    if chosen.your_price:
        st.info(
            price_position(float(chosen.your_price), rows["price_typical"], chosen.currency),
            icon=":material/storefront:",
        )


@st.fragment
def bar_charts(rows: pd.DataFrame, chosen: RegionChoices, colour: str, fx: pd.DataFrame) -> None:
    """Two tabs of ranked bars (course total, price per session) and what they show; `fx` gives the rates' date.
    Only the open tab draws, and choosing the other reruns only this fragment."""
    home, currency = chosen.home, chosen.currency
    if len(rows) > MAX_BARS:
        st.caption(
            f"The charts show the {MAX_BARS} cheapest of {len(rows):,} regions and yours; the table below lists them "
            "all."
        )
    tab_total, tab_session = lazy_tabs(CHART_TABS, key=CHART_TAB_KEY)
    if showing(tab_total):
        with tab_total:
            show_chart(
                course_total_by_region(chart_rows(rows, "p50", home), home, colour, currency),
                key="regions_chart_total",
            )
    if showing(tab_session):
        with tab_session:
            show_chart(
                price_per_session_by_region(
                    chart_rows(rows, "price_typical", home), home, colour, currency, float(chosen.your_price) or None
                ),
                key="regions_chart_session",
            )
    estimated = rows["price_estimate"].astype(str).str.lower().eq("yes")
    as_of = fx["as_of"].astype(str)
    rate_date = as_of.max() if as_of.nunique() == 1 else f"{as_of.min()} to {as_of.max()}"
    st.caption(
        "Cheapest at the top; your region in bold and full colour. Course total: the median of the simulated "
        "courses, whiskers P10-P90; price per session: the typical price, whiskers low to high. "
        f"{int(estimated.sum())} of the {len(rows)} regions' session prices are estimates, not quoted by a source "
        '(hatched bars; "estimate" in the hover and the table). Prices are converted from each region\'s '
        f"currency to {currency} at the exchange rates of {rate_date}."
    )


def regions_table(rows: pd.DataFrame, chosen: RegionChoices, draws: int) -> None:
    """Every region's figures (yours marked), its CSV download, and how the figures are computed."""
    currency = chosen.currency
    st.markdown(f"#### All regions, in {currency}")
    table = pd.DataFrame(
        {
            "Rank": range(1, len(rows) + 1),
            "Region": [
                f"{n} (yours)" if r == chosen.home else n
                for r, n in zip(rows["region_id"], rows["region_name"], strict=True)
            ],
            "Local currency": rows["price_currency"],
            f"Per session low ({currency})": money_whole(rows["price_low"]),
            f"Per session typical ({currency})": money_whole(rows["price_typical"]),
            f"Per session high ({currency})": money_whole(rows["price_high"]),
            "Sessions": sessions_text(rows),
            "Plan (typical)": rows["plan_typical"],
            f"Median ({currency})": money_whole(rows["p50"]),
            f"P10 ({currency})": money_whole(rows["p10"]),
            f"P90 ({currency})": money_whole(rows["p90"]),
            f"At typical prices ({currency})": money_whole(rows["total_typical"]),
            f"Total low ({currency})": money_whole(rows["total_low"]),
            f"Total high ({currency})": money_whole(rows["total_high"]),
            "Downtime days (course)": rows["downtime_days_typical"].round(DAYS_DECIMALS),
            "Price estimate?": rows["price_estimate"],
            "Price source year": rows["price_year"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="regions_table",
        height=35 * (min(len(table), TABLE_ROWS) + 1) + 3,
        column_config=money_columns(table, currency),
    )
    st.download_button(
        "Download table (CSV)",
        table_csv(table),
        f"regions-{chosen.option}-{chosen.indication}-{currency}.csv",
        "text/csv",
        icon=":material/download:",
    )
    st.caption(
        "Typical = typical price x typical sessions (packages where cheaper), plus extras and downtime value; "
        "low and high use the lowest price and fewest sessions, and the highest price and most sessions. "
        f"P10-P90: the middle 80 % of {draws:,} simulated courses per region (fixed seed)."
    )
