"""The Compare view's "Beyond the course" section: package expiry, maintenance, membership, extras and tax,
paying over time.

Each part is off until the patient turns it on, so a rerun at the defaults computes nothing here and the
course figures above never change. Every figure comes from the core (`pricing.patient.package_terms`,
`pricing.patient.maintenance`, `pricing.patient.membership`, `pricing.patient.course` (a region's extras and
tax), `pricing.patient.financing`, formulas in
docs/patient-economics.md); this module gathers the inputs, formats and draws. Inputs are mirrored in the URL
under short keys (beyond_keys.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from pricing.currency import conversion_factor
from pricing.patient.compare import CourseComparison
from pricing.patient.course import PatientCosts, RegionExtras, region_extras, region_extras_table
from pricing.patient.maintenance import DEFAULT_YEARS, maintenance_table
from pricing.patient.membership import Membership, membership_table
from pricing.patient.package_terms import ExpiryMonths, package_terms_risk
from pricing.patient.packages import PurchasePlan
from pricing.tables.loading import PriceTables
from ui.charts.common import show_chart
from ui.choices import BOUND, MAX_TYPED_AMOUNT
from ui.content import text
from ui.export import SummarySection
from ui.formatting import money, money_range, money_whole
from ui.user_text import markdown_text
from views.compare_treatments import beyond_keys as keys
from views.compare_treatments.beyond_charts import horizon_label, totals_over_years
from views.compare_treatments.beyond_financing import finance_part
from views.compare_treatments.beyond_tables import months_text, printable, show_table


def stated_expiry(packages: pd.DataFrame, region_id: str, option_id: str) -> dict[int, float]:
    """Months each package of an option in a region must be used within, as the packages table states it.

    Keyed by package sessions; a package whose expiry is empty is left out (it never expires), so the result
    is the per-size expiry `pricing.patient.package_terms` takes. Example: US mn_pen -> {3: 12.0, 6: 12.0}.
    """
    own = packages[
        (packages["region_id"] == region_id)
        & (packages["option_id"] == option_id)
        & packages["package_expiry_months"].notna()
    ]
    return {
        int(size): float(months)
        for size, months in zip(own["package_sessions"], own["package_expiry_months"], strict=True)
    }


def expiry_words(plan: PurchasePlan, expiry: ExpiryMonths) -> str:
    """The expiry that applies to the packages a plan buys: '12 months (yours)', '3-pack: 12 months', ..."""
    sizes = sorted({line.size for line in plan.lines if line.size > 1}, reverse=True)
    if not sizes:
        return "no package (single sessions do not expire)"
    if expiry is None:
        return "none stated"
    if not isinstance(expiry, Mapping):
        return f"{months_text(expiry)} (yours)"
    return ", ".join(
        f"{size}-pack: {months_text(expiry[size])}" if size in expiry else f"{size}-pack: none stated" for size in sizes
    )


# --- package expiry ---------------------------------------------------------------------------------------


def _expiry_part(tables: PriceTables, result: CourseComparison, currency: str, file_stub: str) -> SummarySection:
    override = st.columns([1, 2])[0].number_input(
        "Package expiry (months)",
        min_value=0.0,
        max_value=120.0,
        value=0.0,
        step=1.0,
        key=keys.EXPIRY_MONTHS_KEY,
        help="Months from purchase within which a package's sessions must be used, applied to every package "
        "(clinics say 6, 12 or 24 months). 0 = each package's own expiry from the packages table, where its "
        "clinic states one.",
        **BOUND,
    )
    records, clear = [], []
    row: Any  # a course row (pandas-stubs types each field of an itertuples row as any scalar)
    for row, plan in zip(result.rows.itertuples(), result.plans, strict=True):
        expiry: ExpiryMonths = (
            float(override) if override > 0 else stated_expiry(tables.packages, row.region_id, row.option_id)
        )
        risk = package_terms_risk(plan, float(row.interval_weeks), expiry)
        if risk.sessions_at_risk == 0 and risk.sessions_unneeded == 0:
            clear.append(row.option_name)
            continue
        records.append(
            {
                "Option": row.option_name,
                "Sessions at risk": risk.sessions_at_risk,
                f"Value at risk ({currency})": round(risk.value_at_risk),
                "Visits at risk": ", ".join(str(v) for v in risk.at_risk_visits) or "-",
                "Sessions bought, not needed": risk.sessions_unneeded,
                f"Value not needed ({currency})": round(risk.value_unneeded),
                "Plan (typical)": row.plan_typical,
                "Expiry": expiry_words(plan, expiry),
            }
        )
    frame = pd.DataFrame(records)
    used = (
        f"{months_text(override)} from purchase, for every package"
        if override > 0
        else "each package's expiry as its clinic states it (packages table; empty = none stated)"
    )
    nothing = (
        "No session of these plans falls after its package's expiry, and no plan buys more sessions than "
        "the course needs"
    )
    note = (
        f"Expiry: {used}. At risk = a session the course needs that falls after its package expires (bought "
        "again, or lost), valued at the package's price per session; sessions are one interval apart from the "
        "first visit and expiry counts from the visit where the package is bought. Not needed = sessions the "
        "cheapest plan buys beyond the course."
    )
    if clear and records:
        note += f" Nothing at risk and nothing bought in excess: {', '.join(markdown_text(c) for c in clear)}."
    if len(frame):
        show_table(frame, currency, f"package-expiry-{file_stub}.csv", "b_exp")
    else:
        st.success(f"{nothing}.", icon=":material/check_circle:")
    st.caption(note + (" Enter months above to try one expiry for every package." if override <= 0 else ""))
    return SummarySection(
        "Package expiry and sessions bought but not needed",
        printable(frame),
        note if len(frame) else f"{nothing}. {note}",
    )


# --- maintenance ----------------------------------------------------------------------------------------


def _maintenance_part(
    result: CourseComparison, patient: PatientCosts, colours: dict[str, str], file_stub: str
) -> SummarySection | None:
    currency = patient.currency
    chosen = st.pills(
        "Years after the course",
        list(DEFAULT_YEARS),
        selection_mode="multi",
        default=list(DEFAULT_YEARS),
        format_func=horizon_label,
        key=keys.YEARS_KEY,
        help="Horizons for the total: the course plus the maintenance sessions a year (sessions table) over "
        "this many years, each priced as a single session with your extras and downtime value.",
        **BOUND,
    )
    if not chosen:
        st.warning("Choose at least one number of years.", icon=":material/warning:")
        return None
    years = sorted(int(y) for y in chosen)
    rows = result.rows
    figures = maintenance_table(rows, years, patient)
    frame, csv = pd.DataFrame({"Option": rows["option_name"]}), pd.DataFrame({"Option": rows["option_name"]})
    for y in years:
        typical, low, high = (money_whole(figures[f"total_{y}y_{band}"]) for band in ("typical", "low", "high"))
        frame[f"Over {horizon_label(y)} ({currency})"] = [
            f"{money(t, currency)} ({money_range(lo, hi, currency)})"
            for t, lo, hi in zip(typical, low, high, strict=True)
        ]
        for band, values in (("typical", typical), ("low", low), ("high", high)):
            csv[f"Over {horizon_label(y)}, {band} ({currency})"] = values
    per_year = {
        "Sessions a year": figures["maintenance_per_year"],
        "Estimate?": rows["sessions_estimate"],
        f"A year ({currency})": money_whole(figures["maintenance_cost_per_year_typical"]),
    }
    frame, csv = frame.assign(**per_year), csv.assign(**per_year)
    show_table(
        frame,
        currency,
        f"maintenance-{file_stub}.csv",
        "b_mnt",
        csv=csv,
        column_help={
            "Sessions a year": "Maintenance sessions a year after the course (sessions table).",
            "Estimate?": "Whether the sessions figures for this option and indication are estimates.",
            f"A year ({currency})": "Maintenance sessions a year x the cost of one visit (typical).",
            **{
                f"Over {horizon_label(y)} ({currency})": f"Course + {horizon_label(y)} of maintenance: typical "
                "(low-high)."
                for y in years
            },
        },
    )
    show_chart(totals_over_years(rows, figures, years, colours, currency), key="b_mnt_chart")
    note = (
        "Total over Y years = the course total (with extras and downtime value) + maintenance sessions a year x "
        "Y x the cost of one visit (single-session price + extras + downtime value); low-high uses the lowest "
        "and highest prices, sessions and downtime. Many maintenance figures are estimates (2 a year for "
        "microneedling, 1 for lasers)."
    )
    st.caption(note)
    sessions_a_year = frame["Sessions a year"].map(lambda n: f"{n:g}")  # may be fractional (1.5 a year)
    return SummarySection(
        "Maintenance after the course", printable(frame.assign(**{"Sessions a year": sessions_a_year})), note
    )


# --- membership -----------------------------------------------------------------------------------------


def _membership_part(result: CourseComparison, currency: str, file_stub: str) -> SummarySection | None:
    c1, c2, c3 = st.columns(3)
    fee = c1.number_input(
        f"Monthly fee ({currency})",
        min_value=0.0,
        max_value=MAX_TYPED_AMOUNT,
        value=0.0,
        step=10.0,
        key=keys.FEE_KEY,
        help=f"What the membership costs a month, in {currency}. 0 = no membership (nothing is computed).",
        **BOUND,
    )
    included = c2.number_input(
        "Sessions included a month",
        min_value=0.0,
        max_value=31.0,
        value=0.0,
        step=0.25,
        key=keys.INCLUDED_KEY,
        help="Treatment sessions the fee includes each month (0.25 = one a quarter). The memberships found "
        "include none.",
        **BOUND,
    )
    term = c3.number_input(
        "Minimum term (months)",
        min_value=0,
        max_value=120,
        value=0,
        step=1,
        key=keys.TERM_KEY,
        help="Months you must stay a member (e.g. 6); you pay at least this many monthly fees.",
        **BOUND,
    )
    c4, c5, c6 = st.columns(3)
    member_price = c4.number_input(
        f"Member price a session ({currency})",
        min_value=0.0,
        max_value=MAX_TYPED_AMOUNT,
        value=None,
        step=10.0,
        key=keys.MEMBER_PRICE_KEY,
        placeholder="use the discount",
        help=f"Price of a session not included, in {currency}. Empty = the single price less the discount.",
        **BOUND,
    )
    discount = c5.number_input(
        "Member discount (%)",
        min_value=0.0,
        max_value=100.0,
        value=0.0,
        step=5.0,
        key=keys.DISCOUNT_KEY,
        help="Percent off the single price for a session not included (memberships found: 10-20 %). Used "
        "when no member price is given.",
        **BOUND,
    )
    credit = c6.toggle(
        "Fee is credit for sessions",
        key=keys.CREDIT_KEY,
        help="Banked credit: the monthly fees are credit spent on your sessions, so you pay the larger of "
        "the fees and the sessions' member price.",
        **BOUND,
    )
    st.caption(
        "No membership found includes a microneedling or laser session (price reference §7): the real "
        "ones are discounts (29 USD a month for 15 % off) or banked credit (149 USD a month as credit, "
        "10 % off, 6-month minimum). Enter one to see what it would change."
    )
    if fee <= 0:
        st.info("Enter a monthly fee to compare a membership (0 = no membership).", icon=":material/info:")
        return None
    try:
        membership = Membership(
            currency,
            float(fee),
            float(included),
            None if member_price is None else float(member_price),
            float(discount),
            int(term),
            bool(credit),
        )
        figures = membership_table(result.rows, membership)
    except ValueError as exc:
        st.warning(f"These membership inputs cannot be used: {exc}.", icon=":material/warning:")
        return None
    rows = result.rows
    break_even = figures["membership_break_even_sessions"]
    frame = pd.DataFrame(
        {
            "Option": rows["option_name"],
            f"As a member ({currency})": money_whole(figures["membership_cost"]),
            f"Without, cheapest plan ({currency})": money_whole(figures["non_member_cost"]),
            f"Saving ({currency})": money_whole(figures["membership_saving"]),
            "Pays for itself": [
                "never pays" if pd.isna(n) else f"from {n} session{'s' if n != 1 else ''}" for n in break_even
            ],
            "Sessions": rows["sessions_typical"],
            "Months paid": figures["membership_months"],
            f"Fees ({currency})": money_whole(figures["membership_fees"]),
            "Sessions included": figures["membership_included_sessions"],
            "Sessions paid": figures["membership_extra_sessions"],
            f"Member price a session ({currency})": money_whole(figures["membership_price_per_extra_session"]),
        }
    )
    if included <= 0:
        frame = frame.drop(columns=["Sessions included"])
    show_table(
        frame,
        currency,
        f"membership-{file_stub}.csv",
        "b_mem",
        column_help={
            "Months paid": "Months of the course, at least one and at least the minimum term.",
            "Sessions paid": "Sessions not included in the fee, paid at the member price.",
            "Pays for itself": "The fewest sessions over those months for which membership costs no more than "
            "paying the single price.",
        },
    )
    note = (
        "Member cost = monthly fee x months of the course (at least the minimum term) + sessions not included "
        "at the member price (banked credit: the larger of the fees and those sessions). Saving = the course "
        "without membership (cheapest plan, packages counted) - member cost; negative = the membership costs "
        "more. Pays for itself = the fewest sessions over those months for which the member cost is at most "
        "that many sessions at the single price. Extras and downtime are not included."
    )
    st.caption(note)
    terms = [f"{money(fee, currency)} a month"]
    if included > 0:
        terms.append(f"{included:g} session{'s' if included != 1 else ''} a month included")
    terms.append(f"member price {money(member_price, currency)}" if member_price is not None else f"{discount:g} % off")
    if term > 0:
        terms.append(f"{months_text(term)} minimum")
    if credit:
        terms.append("fee as credit")
    return SummarySection(f"Membership: {', '.join(terms)}", printable(frame), note)


# --- extras and tax -------------------------------------------------------------------------------------


def _extra_words(amount: float | None, currency: str, what: str) -> str:
    if amount is None:
        return f"{what}: no price found (ask)"
    if amount == 0:
        return f"{what}: included in the session price"
    return f"{what}: {money(amount, currency, 2)} a visit"


def extras_lines(extras: RegionExtras, region_name: str) -> list[str]:
    """What the region's clinics charge beyond the session price and whether its prices include tax, in words."""
    currency = extras.currency
    consultation = (
        "consultation: no fee found (ask)"
        if extras.consultation_fee is None
        else f"consultation: {money(extras.consultation_fee, currency, 2)} once"
        + (", credited toward the first treatment" if extras.consultation_credited else "")
    )
    per_visit = "; ".join(
        (
            _extra_words(extras.numbing_per_visit, currency, "numbing"),
            _extra_words(extras.aftercare_per_visit, currency, "aftercare"),
            consultation,
        )
    )
    return [
        f"**Tax in {markdown_text(region_name)}:** {markdown_text(extras.tax_sentence())} "
        f"{markdown_text(extras.tax_note)}",
        f"**Extras in {markdown_text(region_name)}:** {per_visit}. {markdown_text(extras.extras_note)}",
    ]


def _extras_part(tables: PriceTables, result: CourseComparison, currency: str, file_stub: str) -> SummarySection | None:
    rows = result.rows
    if rows.empty:
        return None
    region_id = str(rows["region_id"].iloc[0])
    region = tables.regions.set_index("region_id").loc[region_id]
    factor = float(conversion_factor(str(region["currency"]), currency, tables.units_per_usd())[0])
    extras = region_extras(tables.regions, region_id, currency, factor)
    lines = extras_lines(extras, str(region["name"]))
    st.markdown("\n".join(f"- {line}" for line in lines))
    sources = (
        f"Tax: {markdown_text(extras.tax_source) or 'not found'}"
        + (" (estimate)" if extras.tax_estimate else "")
        + f". Extras: {markdown_text(extras.extras_source) or 'not found'}"
        + (" (includes estimates)" if extras.extras_estimate else "")
        + "."
    )
    st.caption(sources)
    figures = region_extras_table(rows, extras)
    frame = pd.DataFrame(
        {
            "Option": rows["option_name"],
            f"Course cost ({currency})": money_whole(rows["course_cost_typical"]),
            f"Extras per visit x sessions ({currency})": money_whole(figures["visit_extras_typical"]),
            f"Consultation ({currency})": money_whole(figures["consultation"]),
            f"Tax added ({currency})": money_whole(figures["tax_added_typical"]),
            f"With extras and tax ({currency})": money_whole(figures["with_tax_typical"]),
            f"Low-high ({currency})": [
                money_range(lo, hi, currency)
                for lo, hi in zip(figures["with_tax_low"], figures["with_tax_high"], strict=True)
            ],
        }
    )
    if extras.tax_added_pct == 0:
        frame = frame.drop(columns=[f"Tax added ({currency})"])
    show_table(frame, currency, f"extras-and-tax-{file_stub}.csv", "b_ext")
    note = (
        "With extras and tax = course cost (cheapest plan, typical prices) + extras per visit x sessions + the "
        "consultation (once, unless credited toward the treatment), plus the region's tax where its prices are "
        "stated before it. A figure not found counts as 0. Your own extras per visit (sidebar) and the value of "
        "downtime are not in these figures."
    )
    st.caption(note)
    return SummarySection(
        f"Extras and tax ({region['name']})", printable(frame), " ".join([*lines, sources, note]).replace("**", "")
    )


# --- the section ---------------------------------------------------------------------------------------


def beyond_the_course(
    tables: PriceTables, result: CourseComparison, patient: PatientCosts, colours: dict[str, str], file_stub: str
) -> list[SummarySection]:
    """Draw the section (after the Compare view's charts); the parts turned on, for the printable summary."""
    any_on = any(st.session_state.get(key) for key in keys.PART_KEYS) or any(
        key in st.query_params for key in keys.PART_KEYS
    )
    st.session_state[keys.OPENED_KEY] = bool(st.session_state.get(keys.OPENED_KEY)) or any_on
    sections: list[SummarySection] = []
    with st.expander(
        "Beyond the course: package expiry, maintenance, membership, extras and tax, paying over time",
        expanded=st.session_state[keys.OPENED_KEY],
        icon=":material/event_repeat:",
    ):
        st.markdown(text("beyond_course"))
        switches = st.columns(len(keys.PARTS))
        on = {
            key: column.toggle(label, key=key, help=help_text, **BOUND)
            for column, (key, label, help_text) in zip(switches, keys.PARTS, strict=True)
        }
        drawers: dict[str, Callable[[], SummarySection | None]] = {
            keys.EXPIRY_KEY: lambda: _expiry_part(tables, result, patient.currency, file_stub),
            keys.MAINTENANCE_KEY: lambda: _maintenance_part(result, patient, colours, file_stub),
            keys.MEMBERSHIP_KEY: lambda: _membership_part(result, patient.currency, file_stub),
            keys.EXTRAS_KEY: lambda: _extras_part(tables, result, patient.currency, file_stub),
            keys.FINANCE_KEY: lambda: finance_part(tables, result, patient.currency, file_stub),
        }
        for key, label, _ in keys.PARTS:
            if on[key]:
                st.markdown(f"##### {label}")
                section = drawers[key]()
                if section is not None:
                    sections.append(section)
    return sections
