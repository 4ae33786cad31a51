"""Compare treatments: the whole course per option in one region, ranked, with ranges and downtime."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.patient.compare import price_courses
from pricing.patient.course import PatientCosts, spend_schedule
from ui import choices
from ui.beyond_course import beyond_the_course
from ui.charts.common import PLOTLY_CONFIG
from ui.charts.compare import cost_by_part, cost_vs_downtime, percentile_spread, spend_over_time
from ui.content import plain_disclaimer, text
from ui.data import current_tables, prepared_courses, show_data_status
from ui.export import comparison_summary_html, table_csv
from ui.formatting import money
from ui.palette import option_colours
from ui.safety import cautions_by_option, show_cautions
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text

DRAWS = 20_000

loaded = current_tables()
tables = loaded.tables
st.title("Compare treatments")
st.caption(text("disclaimer"))
show_data_status(loaded)
remind_unsaved_edits()

with st.sidebar:
    region = choices.region_picker(tables)
    indication = choices.indication_picker(tables)
    currency = choices.currency_picker(tables, choices.region_currency(tables, region))
    option_names = tables.options.set_index("option_id")["name"]
    selected = st.pills(
        "Options to compare",
        list(option_names.index),
        selection_mode="multi",
        default=list(option_names.index),
        format_func=lambda o: markdown_text(option_names.get(o, o)),
        key="options",
        help="Microneedling (roller, pen, with PRP, RF) and fractional lasers (1550 nm, 1927 nm, CO2, Er:YAG).",
        **choices.BOUND,
    )
    for number_key in ("downtime_value", "extras"):  # a loaded scenario or link may hold anything
        choices.drop_invalid_number(number_key, 0.0, 1e6)
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

region_name = tables.regions.set_index("region_id").loc[region, "name"]
indication_name = tables.indications.set_index("indication_id").loc[indication, "name"]
st.subheader(f"{markdown_text(indication_name)} in {markdown_text(region_name)}, in {currency}")

if not selected:
    st.warning("Choose at least one option to compare in the sidebar.")
    st.stop()

patient = PatientCosts(currency, extras, daily_value)
result = price_courses(prepared_courses(loaded, [region], selected, indication, currency), patient, draws=DRAWS)
rows = result.rows
for item in result.unavailable.itertuples():
    st.info(
        f"{markdown_text(option_names.get(item.option_id, item.option_id))}: {markdown_text(item.reason)}.",
        icon=":material/info:",
    )
if rows.empty:
    st.warning("None of the chosen options has both a price in this region and a course for this indication.")
    st.stop()

colours = option_colours(list(option_names.index))
cheapest, quickest = rows.iloc[0], rows.loc[rows["downtime_days_typical"].idxmin()]
c1, c2, c3 = st.columns(3)
c1.metric(
    "Cheapest course (typical)",
    money(cheapest["total_typical"], currency),
    markdown_text(cheapest["option_name"]),
    delta_color="off",
    delta_arrow="off",
    help="Typical price x typical sessions, packages applied, plus extras and downtime value.",
)
c2.metric(
    "Least downtime",
    f"{quickest['downtime_days_typical']:.0f} days",
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

ranked = pd.DataFrame(
    {
        "Rank": range(1, len(rows) + 1),
        "Option": rows["option_name"],
        "Plan (typical)": rows["plan_typical"],
        "Sessions": rows["sessions_typical"].astype(str)
        + " ("
        + rows["sessions_min"].astype(str)
        + "-"
        + rows["sessions_max"].astype(str)
        + ")",
        f"Per session ({currency})": rows["price_typical"].round(0),
        f"Total typical ({currency})": rows["total_typical"].round(0),
        f"Low ({currency})": rows["total_low"].round(0),
        f"High ({currency})": rows["total_high"].round(0),
        f"P10 ({currency})": rows["p10"].round(0),
        f"P50 ({currency})": rows["p50"].round(0),
        f"P90 ({currency})": rows["p90"].round(0),
        "Downtime days": rows["downtime_days_typical"].round(1),
        "Course weeks": rows["weeks_typical"].round(0),
        "Price estimate?": rows["price_estimate"],
        "Price source year": rows["price_year"],
    }
)
money_format = st.column_config.NumberColumn(format="localized")
st.dataframe(
    ranked,
    hide_index=True,
    width="stretch",
    column_config={c: money_format for c in ranked.columns if f"({currency})" in c},
)

safety = cautions_by_option(tables, list(rows["option_id"]))
d1, d2 = st.columns(2)
d1.download_button(
    "Download table (CSV)",
    table_csv(ranked),
    f"compare-{region}-{indication}.csv",
    "text/csv",
    icon=":material/download:",
    width="stretch",
)
summary_slot = d2.empty()  # filled after "Beyond the course", whose parts turned on are printed too

tab_cost, tab_downtime, tab_time, tab_spread = st.tabs(
    ["Total cost", "Cost vs downtime", "Spend over time", "How sure (P10-P90)"]
)
with tab_cost:
    # Its first trace is a legend key with y=[None], which makes plotly.js guess a numeric axis and draw no bar.
    st.plotly_chart(cost_by_part(rows, colours, currency), config=PLOTLY_CONFIG, key="chart_cost")
with tab_downtime:
    st.plotly_chart(cost_vs_downtime(rows, colours, currency), config=PLOTLY_CONFIG, key="chart_downtime")
with tab_time:
    schedules = {
        plan_row.option_id: spend_schedule(
            int(plan_row.sessions_typical),
            float(plan_row.interval_weeks),
            [(line.size, line.count, line.unit_price) for line in plan.lines],
            extras,
            float(plan_row.downtime_cost_typical) / int(plan_row.sessions_typical),
        )
        for plan_row, plan in zip(rows.itertuples(), result.plans)
    }
    st.plotly_chart(
        spend_over_time(schedules, dict(zip(rows["option_id"], rows["option_name"])), colours, currency),
        config=PLOTLY_CONFIG,
        key="chart_time",
    )
with tab_spread:
    st.plotly_chart(percentile_spread(rows, colours, currency, DRAWS), config=PLOTLY_CONFIG, key="chart_spread")
    st.caption(
        "Each simulated course draws a price between low and high (most often near typical), a number of "
        "sessions between the fewest and most, and downtime days per session; the seed is fixed, so the "
        "same inputs always give the same figures."
    )

beyond = beyond_the_course(tables, result, patient, colours, f"{region}-{indication}")
summary = comparison_summary_html(
    rows,
    region_name=region_name,
    indication_name=indication_name,
    currency=currency,
    daily_value=daily_value,
    extras_per_visit=extras,
    cautions={option_names[o]: items for o, items in safety.items()},
    disclaimer=plain_disclaimer(),
    as_of=str(tables.fx["as_of"].max()),
    sections=beyond,
)
summary_slot.download_button(
    "Printable summary for a patient (HTML, print to PDF)",
    summary.encode("utf-8"),
    f"course-costs-{region}-{indication}.html",
    "text/html",
    icon=":material/print:",
    width="stretch",
)

show_cautions(tables, list(rows["option_id"]), option_names)

with st.expander("Where these figures come from"):
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
        f"sources-{region}-{indication}.csv",
        "text/csv",
        icon=":material/download:",
    )
