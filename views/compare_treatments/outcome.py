"""Compare treatments: cost per good result (from the efficacy table) and "Is this quote fair?".

The figures come from `pricing.patient.efficacy` (course totals of the page's own Monte Carlo divided by drawn
chances of a good result) and `pricing.patient.quote_check`; this module only words, tabulates and draws them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pricing.patient.compare import CourseComparison
from pricing.patient.efficacy import (
    INDICATIVE_ONLY,
    cost_per_good_outcome,
    indication_definition,
    outcome_rank_order,
)
from pricing.patient.quote_check import (
    QuoteCheck,
    QuoteError,
    check_quote,
    package_quote,
    per_session_quote,
    place,
    rounded_pct,
)
from pricing.patient.uncertainty import DEFAULT_DRAWS
from pricing.tables.loading import PriceTables
from ui.charts.common import show_chart, tidy
from ui.content import text
from ui.formatting import money, money_range, money_whole, plot_separators
from ui.patient_course import money_columns
from ui.user_text import chart_text, markdown_text
from views.compare_treatments.charts import HIGH_RISK_OUTLINE
from views.compare_treatments.safety import for_whom, option_labels

RANK_KEY = "compare_outcome_rank"
RANK_CHOICES: dict[str, str] = {"course": "Median course cost", "outcome": "Cost per good result"}
QUOTE_REQUEST_KEY = "compare_quote_request"
PER_SESSION, PACKAGE = "Price per session", "Package (sessions and its price)"


def outcome_rows(tables: PriceTables, result: CourseComparison) -> pd.DataFrame:
    """Cost per good outcome of the page's courses (its own draws, reused), with the rows' names, family,
    downtime and course P10 / P90, in the comparison's order (cheapest median course first)."""
    rows = result.rows
    outcomes = cost_per_good_outcome(rows, result.draws, tables.efficacy, result.indication_id)
    extra = rows[["option_name", "family", "p10", "p90", "downtime_days_typical"]].reset_index(drop=True)
    return pd.concat([outcomes, extra], axis=1)


def outcome_sentence(
    outcomes: pd.DataFrame,
    risk: pd.DataFrame,
    indication_name: str,
    region_name: str,
    currency: str,
    skin_type: str,
) -> str:
    """One sentence (plain text) naming the cheapest option per good result of each family, with its median and
    P10-P90, and their risk of pigment change for the skin type where it differs.

    e.g. "For acne scars in the United Kingdom, on these estimates, Fractional Er:YAG laser costs about £1,934 per
    good result (P10-P90 £959–2,768) and Microneedling (dermaroller) about £2,355 (£1,143–4,738)."
    """
    where = f"For {indication_name.lower()} in {place(region_name)}"
    known = outcomes[outcomes["has_efficacy"]].sort_values("cpg_p50", kind="stable")
    if known.empty:
        return f"{where}, none of the options compared has efficacy data, so no cost per good result is shown."
    picked = known.drop_duplicates("family") if known["family"].nunique() > 1 else known.iloc[[0, -1]]
    picked = picked.drop_duplicates("option_id")

    def named(row: pd.Series, first: bool) -> str:
        mark = f" ({INDICATIVE_ONLY})" if row["indicative_only"] else ""
        figure = money(float(row["cpg_p50"]), currency)
        band = money_range(float(row["cpg_p10"]), float(row["cpg_p90"]), currency)
        if first:
            return f"{row['option_name']}{mark} costs about {figure} per good result (P10-P90 {band})"
        return f"{row['option_name']}{mark} about {figure} ({band})"

    parts = [named(row, i == 0) for i, (_, row) in enumerate(picked.iterrows())]
    sentence = f"{where}, on these estimates, " + " and ".join(parts)
    bands = risk.set_index("option_id")["band"] if "band" in risk else pd.Series(dtype=object)
    if len(picked) == 2:
        first, second = (str(o) for o in picked["option_id"])
        if first in bands.index and second in bands.index and bands[first] != bands[second]:
            names = list(picked["option_name"])
            sentence += (
                f"; the risk of dark patches {for_whom(skin_type)} is {bands[first]} with {names[0]}, "
                f"{bands[second]} with {names[1]}"
            )
    return sentence + "."


def outcome_table(outcomes: pd.DataFrame, currency: str, rank_by: str) -> pd.DataFrame:
    """The table as shown and downloaded, ranked by the median course cost ("course") or the median cost per good
    result ("outcome"; options without efficacy data last, with no rank)."""
    order = outcome_rank_order(outcomes) if rank_by == "outcome" else np.arange(len(outcomes))
    rows = outcomes.iloc[order].reset_index(drop=True)
    ranked = rows["has_efficacy"] if rank_by == "outcome" else pd.Series(True, index=rows.index)
    rank = ranked.cumsum().where(ranked)

    def chance(row: pd.Series) -> str:
        if not row["has_efficacy"]:
            return ""
        low, typical, high = (round(100 * float(row[c])) for c in ("p_good_low", "p_good_typical", "p_good_high"))
        return f"{typical} % ({low}-{high} %)"

    return pd.DataFrame(
        {
            "Rank": rank.astype("Int64"),
            "Option": rows["option_name"],
            f"Per good result, median ({currency})": money_whole(rows["cpg_p50"]),
            f"P10 ({currency})": money_whole(rows["cpg_p10"]),
            f"P90 ({currency})": money_whole(rows["cpg_p90"]),
            "Chance of a good result": [chance(r) for _, r in rows.iterrows()],
            "Evidence grade": [
                (f"{g} ({INDICATIVE_ONLY})" if d else g) if h else ""
                for g, d, h in zip(rows["grade"], rows["indicative_only"], rows["has_efficacy"], strict=True)
            ],
            f"Course, median ({currency})": money_whole(rows["p50"]),
            "Downtime days": rows["downtime_days_typical"].round(1),
            "Efficacy data": [n or "from study abstracts (estimate)" for n in rows["efficacy_note"]],
        }
    )


def outcome_chart(outcomes: pd.DataFrame, colours: dict[str, str], currency: str) -> go.Figure:
    """Bubble per option with efficacy data: typical chance of a good result (x, with its low-high) against the
    median course cost (y, with P10-P90); bubble area grows with the typical downtime days of the course. Named by
    `option_label` where the rows have it (the high-risk mark), a red outline where `high_risk`."""
    fig = go.Figure()
    row: Any  # an outcomes row
    # the largest bubbles first, so a small one is drawn on top of a large one at the same place
    known = outcomes[outcomes["has_efficacy"]].sort_values("downtime_days_typical", ascending=False, kind="stable")
    for row in known.itertuples():
        label = row.option_label if "option_label" in known else row.option_name
        name = chart_text(label) + (f" ({INDICATIVE_ONLY})" if row.indicative_only else "")
        high = bool(row.high_risk) if "high_risk" in known else False
        days = float(row.downtime_days_typical)
        fig.add_scatter(
            x=[100 * row.p_good_typical],
            y=[row.p50],
            mode="markers",
            name=name,
            marker={
                "size": 12 + 2.2 * min(days, 40.0),
                "color": colours.get(row.option_id, "#888"),
                "opacity": 0.8,
                "line": {"color": HIGH_RISK_OUTLINE, "width": 4} if high else {"color": "#222", "width": 1},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [100 * (row.p_good_high - row.p_good_typical)],
                "arrayminus": [100 * (row.p_good_typical - row.p_good_low)],
                "color": "#999",
                "thickness": 1,
            },
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [row.p90 - row.p50],
                "arrayminus": [row.p50 - row.p10],
                "color": "#bbb",
                "thickness": 1,
            },
            hovertemplate=(
                f"<b>{name}</b><br>Chance of a good result %{{x:.0f}} % "
                f"({100 * row.p_good_low:.0f}-{100 * row.p_good_high:.0f} %), grade {chart_text(row.grade)}<br>"
                f"Median course {money(row.p50, currency)} (P10-P90 {money_range(row.p10, row.p90, currency)})<br>"
                f"Per good result {money(row.cpg_p50, currency)} "
                f"(P10-P90 {money_range(row.cpg_p10, row.cpg_p90, currency)})<br>"
                f"Downtime {days:.0f} days over the course<extra></extra>"
            ),
        )
    fig.update_layout(
        xaxis_title="Chance of a good result, typical (low-high), %",
        yaxis_title=f"Course cost, median ({currency})",
        showlegend=True,
        separators=plot_separators(currency),
    )
    fig.update_xaxes(range=[0, 100])
    return tidy(fig, "Course cost against the chance of a good result (bubble size = downtime days)", height=460)


def outcome_section(
    tables: PriceTables,
    result: CourseComparison,
    colours: dict[str, str],
    risk: pd.DataFrame,
    skin_type: str,
    region_name: str,
    indication_name: str,
) -> None:
    """The section "Cost per good result": the sentence, the definition of good, the chart and the ranked table."""
    currency = result.currency
    st.markdown("#### Cost per good result")
    outcomes = outcome_rows(tables, result)
    high = set(risk.loc[risk["high_risk"], "option_id"]) if "high_risk" in risk else set()
    outcomes["option_label"] = option_labels(outcomes, risk, skin_type)  # the high-risk mark, as in every chart
    outcomes["high_risk"] = outcomes["option_id"].isin(high)
    definition = indication_definition(tables.efficacy, result.indication_id)
    st.markdown(markdown_text(outcome_sentence(outcomes, risk, indication_name, region_name, currency, skin_type)))
    if definition:
        st.caption(f"A good result for {markdown_text(indication_name.lower())} means: {markdown_text(definition)}.")
    st.caption(text("efficacy_caveat"))
    if outcomes["has_efficacy"].any():
        show_chart(outcome_chart(outcomes, colours, currency), key="compare_outcome_chart")
    missing = outcomes[~outcomes["has_efficacy"]]
    for name, note in zip(missing["option_name"], missing["efficacy_note"], strict=True):
        st.info(
            f"{markdown_text(name)}: {markdown_text(note)}; it is not ranked per good result.", icon=":material/info:"
        )
    rank_by = st.segmented_control(
        "Rank by", list(RANK_CHOICES), format_func=lambda k: RANK_CHOICES[k], default="course", key=RANK_KEY
    )
    table = outcome_table(outcomes, currency, str(rank_by or "course"))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="compare_outcome_table",
        column_config={
            **money_columns(table, currency),
            f"Per good result, median ({currency})": st.column_config.NumberColumn(
                format="localized",
                help="Median over the simulated courses of course total / chance of a good result (both drawn).",
            ),
            "Chance of a good result": st.column_config.TextColumn(
                help="Typical (low-high) share of patients with a good result after a typical course: an estimate."
            ),
            "Evidence grade": st.column_config.TextColumn(
                help="B: a trial or consistent series reports a share close to the definition; C: extrapolated or "
                "low-bar outcomes; D: borrowed from a related treatment, indicative only."
            ),
        },
    )


# --- Is this quote fair? ------------------------------------------------------------------------------------


def quote_inputs(tables: PriceTables, option_ids: list[str], names: pd.Series, currency: str) -> None:
    """The quote form; a submitted quote is kept in the session so the answer stays while other inputs change."""
    currencies = list(tables.fx["currency"])
    with st.form("compare_quote_form", border=True):
        c1, c2 = st.columns(2)
        option = c1.selectbox(
            "Treatment quoted", option_ids, format_func=lambda o: str(names.get(o, o)), key="compare_quote_option"
        )
        kind = c2.radio("The quote is", [PER_SESSION, PACKAGE], horizontal=True, key="compare_quote_kind")
        c3, c4, c5 = st.columns(3)
        price = c3.number_input(
            "Quoted price (per session, or the whole package)",
            min_value=0.0,
            value=None,
            step=10.0,
            key="compare_quote_price",
        )
        sessions = c4.number_input(
            "Sessions",
            min_value=1,
            max_value=100,
            value=None,
            step=1,
            placeholder="typical for the course",
            key="compare_quote_sessions",
            help="Sessions quoted (the package's size for a package). Empty: the course's typical number.",
        )
        quote_currency = c5.selectbox(
            "Currency of the quote",
            currencies,
            index=currencies.index(currency) if currency in currencies else 0,
            key="compare_quote_currency",
        )
        if st.form_submit_button("Check this quote", icon=":material/fact_check:"):
            st.session_state[QUOTE_REQUEST_KEY] = {
                "option": option,
                "kind": kind,
                "price": price,
                "sessions": sessions,
                "currency": quote_currency,
            }


def run_quote(tables: PriceTables, region: str, indication: str, request: dict[str, Any]) -> QuoteCheck:
    """The check of a submitted quote; QuoteError (one sentence) on bad input."""
    price = request.get("price")
    if price is None or not np.isfinite(float(price)) or float(price) <= 0:
        raise QuoteError("Enter the price the clinic quoted: an amount above 0.")
    course = tables.sessions[
        (tables.sessions["option_id"] == request["option"]) & (tables.sessions["indication_id"] == indication)
    ]
    sessions = request.get("sessions")
    if sessions is None:
        sessions = int(course["sessions_typical"].iloc[0]) if len(course) else 1
    if request["kind"] == PACKAGE:
        quote = package_quote(int(sessions), float(price), str(request["currency"]))
    else:
        quote = per_session_quote(float(price), int(sessions), str(request["currency"]))
    return check_quote(tables, region, indication, str(request["option"]), quote, draws=DEFAULT_DRAWS)


def quote_regions_table(check: QuoteCheck) -> pd.DataFrame:
    """The same sessions in every region, cheapest median first, in the quote's currency."""
    regions = check.regions
    cur = check.quote.currency
    return pd.DataFrame(
        {
            "Region": [
                f"{n} (the quote's region)" if r == check.region_id else n
                for r, n in zip(regions["region_id"], regions["region_name"], strict=True)
            ],
            f"Median ({cur})": regions["p50"].round(0),
            f"P10 ({cur})": regions["p10"].round(0),
            f"P90 ({cur})": regions["p90"].round(0),
            f"At typical prices ({cur})": regions["total_typical"].round(0),
            "Plan (typical)": regions["plan_typical"],
        }
    )


def show_quote_answer(check: QuoteCheck, indication_name: str) -> None:
    """The answer in words, where the quote sits, the same sessions elsewhere and the cost per good result."""
    sentence = markdown_text(check.sentence())
    if check.position.position == "inside":
        st.success(sentence, icon=":material/fact_check:")
    else:
        st.warning(
            sentence + " Ask what the quote includes (sessions, area, numbing, aftercare) before comparing.",
            icon=":material/warning:",
        )
    cur = check.quote.currency
    outcome = check.outcome
    m1, m2 = st.columns(2)
    position = check.position
    m1.metric(
        "Clinics in the region that charge more",
        f"{rounded_pct(position.share_dearer)} %"
        if position.position == "inside"
        else "none"
        if position.position == "above"
        else "all",
        f"{position.position} the region's range" if position.position != "inside" else None,
        delta_color="off",
        delta_arrow="off",
        help="Share of simulated courses of the same sessions in the region that cost more than the quote: prices "
        "drawn from the region's low, typical and high, packages applied.",
    )
    if np.isfinite(float(outcome["p50"])):  # type: ignore[arg-type]
        m2.metric(
            "Cost per good result at this price",
            money(float(outcome["p50"]), cur),  # type: ignore[arg-type]
            f"P10-P90 {money_range(float(outcome['p10']), float(outcome['p90']), cur)}",  # type: ignore[arg-type]
            delta_color="off",
            delta_arrow="off",
            help="Quote / chance of a good result (drawn from its low, typical and high): an estimate, not a promise.",
        )
        indicative = f" Grade D: {INDICATIVE_ONLY}." if outcome["indicative_only"] else ""
        st.caption(
            f"Good result for {markdown_text(indication_name.lower())}: {markdown_text(outcome['definition'])}; "
            f"typical chance {float(outcome['p_good_typical']):.0%}.{indicative} "  # type: ignore[arg-type]
            "An estimate from study abstracts, not a promise."
        )
    else:
        m2.metric("Cost per good result at this price", "n/a", delta_color="off")
        st.caption(f"Cost per good result: {markdown_text(outcome['efficacy_note'])}.")
    regions = quote_regions_table(check)
    st.dataframe(
        regions,
        hide_index=True,
        width="stretch",
        key="compare_quote_regions",
        column_config=money_columns(regions, cur),
    )


def quote_section(
    tables: PriceTables, region: str, indication: str, result: CourseComparison, names: pd.Series, region_name: str
) -> None:
    """The section "Is this quote fair?": the form, then the answer for the last quote checked."""
    st.markdown("#### Is this quote fair?")
    st.caption(
        f"Enter what a clinic in {markdown_text(place(region_name))} quoted you. The answer sets it against the "
        "region's simulated prices of the same number of sessions, shows them in every region and the cost per good "
        "result at the quoted price."
    )
    option_ids = list(dict.fromkeys(result.rows["option_id"]))
    quote_inputs(tables, option_ids, names, result.currency)
    request = st.session_state.get(QUOTE_REQUEST_KEY)
    if not request:
        return
    indication_name = str(tables.indications.set_index("indication_id").loc[indication, "name"])
    try:
        check = run_quote(tables, region, indication, request)
    except QuoteError as exc:
        st.error(markdown_text(str(exc)), icon=":material/error:")
        return
    show_quote_answer(check, indication_name)
