"""The Compare page's sections below its heading: headline figures, the ranked table, charts, summary, sources."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pricing.patient.compare import CourseComparison
from pricing.patient.course import spend_schedule
from pricing.tables.loading import PriceTables
from ui import export
from ui.charts.common import show_chart
from ui.content import plain_disclaimer
from ui.drawn_when_open import lazy_expander, lazy_tabs, showing
from ui.export import SummarySection, table_csv
from ui.formatting import DAYS_DECIMALS, days_text, money_whole
from ui.patient_course import cheapest_course_metric, money_columns, sessions_text
from ui.user_text import chart_text, markdown_text
from views.compare_treatments.charts import cost_by_part, cost_vs_downtime, percentile_spread, spend_over_time
from views.compare_treatments.safety import (
    HIGH_MARK,
    cautions_by_option,
    for_whom,
    option_labels,
    risk_column,
    risk_help,
)
from views.compare_treatments.sidebar import CompareChoices


def unavailable_notes(unavailable: pd.DataFrame, option_names: pd.Series) -> None:
    """One note per chosen option that cannot be compared here, with the reason."""
    for item in unavailable.itertuples():
        st.info(
            f"{markdown_text(option_names.get(item.option_id, item.option_id))}: {markdown_text(item.reason)}.",
            icon=":material/info:",
        )


def headline(result: CourseComparison, currency: str, risk: pd.DataFrame, skin_type: str) -> None:
    """Three metrics: the cheapest course by its median (marked when it is high risk for the skin type), the
    least downtime, how many options are compared."""
    rows = result.rows
    least_downtime = cast(int, rows["downtime_days_typical"].idxmin())  # a label of the ranked rows' RangeIndex
    cheapest, quickest = rows.iloc[0], rows.loc[least_downtime]
    if cheapest["option_id"] in set(risk.loc[risk["high_risk"], "option_id"]):
        cheapest = cheapest.copy()
        cheapest["option_name"] = f"{cheapest['option_name']} ({HIGH_MARK} high risk {for_whom(skin_type)})"
    c1, c2, c3 = st.columns(3)
    cheapest_course_metric(c1, cheapest, "option_name", currency)
    c2.metric(
        "Least downtime",
        days_text(float(rows["downtime_days_typical"].min())),
        markdown_text(quickest["option_name"]),
        delta_color="off",
        delta_arrow="off",
        help="Typical downtime days per session x typical sessions.",
    )
    c3.metric(
        "Options compared",
        f"{len(rows)}",
        f"{len(result.unavailable)} not available here",
        delta_color="off",
        delta_arrow="off",
    )


CHART_TAB_KEY = "compare_chart_tab"  # the open tab of the charts (only it is drawn)
SOURCES_NAME = "compare_sources"  # the "Where these figures come from" expander (drawn while open)
BAND_NOTE_COLUMN = "Why the typical total is outside P10-P90"


def ranked_frame(rows: pd.DataFrame, currency: str, risk: pd.DataFrame, skin_type: str) -> pd.DataFrame:
    """The ranked table as shown and downloaded: cheapest median first, its P10-P90 beside it, the pigment-change
    risk for the skin type, the total at typical prices and why it may sit outside P10-P90; money in whole units."""
    labels = risk.set_index("option_id")["label"]
    return pd.DataFrame(
        {
            "Rank": range(1, len(rows) + 1),
            "Option": rows["option_name"],
            f"Median, P50 ({currency})": money_whole(rows["p50"]),
            f"P10 ({currency})": money_whole(rows["p10"]),
            f"P90 ({currency})": money_whole(rows["p90"]),
            f"At typical prices ({currency})": money_whole(rows["total_typical"]),
            risk_column(skin_type): [labels.get(o, "") for o in rows["option_id"]],
            BAND_NOTE_COLUMN: rows["band_note"],
            "Plan (typical)": rows["plan_typical"],
            "Sessions": sessions_text(rows),
            f"Per session ({currency})": money_whole(rows["price_typical"]),
            f"Low ({currency})": money_whole(rows["total_low"]),
            f"High ({currency})": money_whole(rows["total_high"]),
            "Downtime days": rows["downtime_days_typical"].round(DAYS_DECIMALS),
            "Course weeks": rows["weeks_typical"].round(0),
            "Price estimate?": rows["price_estimate"],
            "Price source year": rows["price_year"],
        }
    )


def ranking(
    rows: pd.DataFrame, currency: str, file_stub: str, risk: pd.DataFrame, skin_type: str, draws: int
) -> DeltaGenerator:
    """The ranked table and its CSV download; returns the slot beside the download for the printable summary."""
    ranked = ranked_frame(rows, currency, risk, skin_type)
    if not rows["typical_outside_band"].any():
        ranked = ranked.drop(columns=BAND_NOTE_COLUMN)
    config: dict[str, Any] = money_columns(ranked, currency)
    config[f"Median, P50 ({currency})"] = st.column_config.NumberColumn(
        format="localized",
        help=f"Median of {draws:,} simulated courses: half cost less, half more. Options are ranked on it.",
    )
    config[f"At typical prices ({currency})"] = st.column_config.NumberColumn(
        format="localized",
        help="Typical price x typical sessions (packages where cheaper), plus extras and downtime value.",
    )
    config[risk_column(skin_type)] = st.column_config.TextColumn(help=risk_help(skin_type))
    if BAND_NOTE_COLUMN in ranked:
        config[BAND_NOTE_COLUMN] = st.column_config.TextColumn(
            width="medium",
            help="Where the total at typical prices falls outside the middle 80 % of simulated courses, what in the "
            "price or sessions bands puts most courses above (or below) it.",
        )
    st.dataframe(ranked, hide_index=True, width="stretch", column_config=config)
    st.caption(
        f"Cheapest first by the median (P50) of {draws:,} simulated courses; 8 in 10 cost between P10 and P90. "
        f"{HIGH_MARK} = high risk of dark patches {for_whom(skin_type)} (see Skin type and safety "
        "below); no option is hidden."
    )
    d1, d2 = st.columns(2)
    d1.download_button(
        "Download table (CSV)",
        table_csv(ranked),
        f"compare-{file_stub}.csv",
        "text/csv",
        icon=":material/download:",
        width="stretch",
    )
    return d2.empty()  # filled after "Beyond the course", whose parts turned on are printed too


@st.fragment
def charts(
    result: CourseComparison,
    colours: dict[str, str],
    extras: float,
    currency: str,
    draws: int,
    risk: pd.DataFrame,
    skin_type: str,
) -> None:
    """Four tabs: total cost by part, cost vs downtime, spend over time, and the P10-P90 spread of `draws` courses;
    options high risk for the skin type (`risk`) are marked in every chart. Only the open tab draws, and choosing
    another reruns only this fragment (no new Monte Carlo, nothing else on the page)."""
    high = set(risk.loc[risk["high_risk"], "option_id"])
    by_option = risk.set_index("option_id")
    hover = {
        o: f"{chart_text(risk_column(skin_type))}: {chart_text(r.label)}<br>"
        f"Source: {chart_text(r.quality)}, {chart_text(r.year)} (sources in the cautions table)"
        for o, r in by_option.iterrows()
    }
    rows = result.rows.assign(
        option_label=lambda r: option_labels(r, risk, skin_type),
        high_risk=lambda r: r["option_id"].isin(high),
        risk_hover=lambda r: r["option_id"].map(hover).fillna(""),
    )
    tab_cost, tab_downtime, tab_time, tab_spread = lazy_tabs(
        ["Total cost", "Cost vs downtime", "Spend over time", "How sure (P10-P90)"], key=CHART_TAB_KEY
    )
    if showing(tab_cost):
        with tab_cost:
            # Its first trace is a legend key with y=[None], which makes plotly.js guess a numeric axis and draw no bar.
            show_chart(cost_by_part(rows, colours, currency), key="chart_cost")
    if showing(tab_downtime):
        with tab_downtime:
            show_chart(cost_vs_downtime(rows, colours, currency), key="chart_downtime")
    if showing(tab_time):
        with tab_time:
            schedules = {
                str(option_id): spend_schedule(
                    int(sessions),
                    float(interval_weeks),
                    [(line.size, line.count, line.unit_price) for line in plan.lines],
                    extras,
                    float(downtime_cost) / int(sessions),
                )
                for option_id, sessions, interval_weeks, downtime_cost, plan in zip(
                    rows["option_id"],
                    rows["sessions_typical"],
                    rows["interval_weeks"],
                    rows["downtime_cost_typical"],
                    result.plans,
                    strict=True,
                )
            }
            show_chart(
                spend_over_time(
                    schedules, dict(zip(rows["option_id"], rows["option_label"], strict=True)), colours, currency
                ),
                key="chart_time",
            )
    if showing(tab_spread):
        with tab_spread:
            show_chart(percentile_spread(rows, colours, currency, draws), key="chart_spread")
            st.caption(
                "Each simulated course draws a price between low and high (most often near typical), a number of "
                "sessions between the fewest and most, and downtime days per session; the seed is fixed, so the "
                "same inputs always give the same figures."
            )


def printable_summary(
    slot: DeltaGenerator,
    tables: PriceTables,
    rows: pd.DataFrame,
    chosen: CompareChoices,
    region_name: str,
    indication_name: str,
    beyond: list[SummarySection],
) -> None:
    """The download of a printable HTML summary for a patient (the parts of "Beyond the course" turned on too)."""
    safety = cautions_by_option(tables, list(rows["option_id"]))
    # Called through the module, so that a test can record what the page prints.
    summary = export.comparison_summary_html(
        rows,
        region_name=region_name,
        indication_name=indication_name,
        currency=chosen.currency,
        daily_value=chosen.daily_value,
        extras_per_visit=chosen.extras,
        cautions={chosen.option_names[o]: items for o, items in safety.items()},
        disclaimer=plain_disclaimer(),
        as_of=str(tables.fx["as_of"].max()),
        sections=beyond,
    )
    slot.download_button(
        "Printable summary for a patient (HTML, print to PDF)",
        summary.encode("utf-8"),
        f"course-costs-{chosen.region}-{chosen.indication}.html",
        "text/html",
        icon=":material/print:",
        width="stretch",
    )


def sources(rows: pd.DataFrame, file_stub: str) -> None:
    """An expander with each figure's source, year, quality and estimate flag, and its CSV download (drawn while
    it is open)."""
    where = lazy_expander("Where these figures come from", SOURCES_NAME)
    if not showing(where):
        return
    with where:
        provenance = pd.DataFrame(
            {
                "Option": rows["option_name"],
                "Price source": rows["price_source"],
                "Price year": rows["price_year"],
                "Price quality": rows["price_quality"],
                "Price estimate?": rows["price_estimate"],
                "Price note": rows["price_note"],
                "Sessions source": rows["sessions_source"],
                "Sessions year": rows["sessions_year"],
                "Sessions estimate?": rows["sessions_estimate"],
                "Sessions note": rows["sessions_note"],
                "Downtime source": rows["downtime_source"],
                "Downtime estimate?": rows["downtime_estimate"],
            }
        )
        st.dataframe(provenance, hide_index=True, width="stretch")
        st.download_button(
            "Download sources (CSV)",
            table_csv(provenance),
            f"sources-{file_stub}.csv",
            "text/csv",
            icon=":material/download:",
        )
