"""The Compare view's "Beyond the course" section: package expiry, maintenance, membership, paying over time.

Each part is off until the patient turns it on, so a rerun at the defaults computes nothing here and the
course figures above never change. Every figure comes from the core (`pricing.patient.package_terms`,
`pricing.patient.maintenance`, `pricing.patient.membership`, `pricing.patient.financing`, formulas in docs/patient-economics.md);
this module gathers the inputs, formats and draws. Inputs are mirrored in the URL under short keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import streamlit as st

from pricing.patient.compare import CourseComparison
from pricing.patient.course import PatientCosts
from pricing.patient.financing import (
    APR_WARNING,
    CARECREDIT_MIN_PAYMENT_USD,
    CARECREDIT_MIN_PURCHASE_USD,
    CARECREDIT_PROMO_MONTHS,
    CARECREDIT_STANDARD_APR_PCT,
    DeferredInterestPlan,
    InstalmentPlan,
    deferred_interest_frame,
    financing_table,
)
from pricing.patient.maintenance import DEFAULT_YEARS, maintenance_table
from pricing.patient.membership import Membership, membership_table
from pricing.patient.package_terms import ExpiryMonths, package_terms_risk
from pricing.patient.packages import PurchasePlan
from pricing.tables.loading import PriceTables
from ui.charts.beyond import horizon_label, totals_over_years
from ui.charts.common import PLOTLY_CONFIG
from ui.choices import BOUND
from ui.content import text
from ui.export import SummarySection, table_csv
from ui.formatting import money
from ui.user_text import markdown_text

# One switch per part (all off), then each part's inputs; a key is the query parameter in the URL.
EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, FINANCE_KEY = "b_exp", "b_mnt", "b_mem", "b_pay"
PART_KEYS: tuple[str, ...] = (EXPIRY_KEY, MAINTENANCE_KEY, MEMBERSHIP_KEY, FINANCE_KEY)
EXPIRY_MONTHS_KEY = "b_exp_m"
YEARS_KEY = "b_mnt_y"
FEE_KEY, INCLUDED_KEY, MEMBER_PRICE_KEY, DISCOUNT_KEY, TERM_KEY, CREDIT_KEY = (
    "b_fee",
    "b_incl",
    "b_mprice",
    "b_mdisc",
    "b_mterm",
    "b_credit",
)
MONTHS_KEY, APR_KEY, PROMO_KEY, MIN_PAYMENT_KEY, PAYMENT_KEY = "b_n", "b_apr", "b_promo", "b_minpay", "b_pay_amt"
_OPENED_KEY = "_beyond_opened"  # once a part was on in this session, the expander starts open

DEFAULT_FINANCE_MONTHS = 12
DEFAULT_PROMO_MONTHS = 12
NO_DECIMAL_CURRENCIES = ("KRW", "INR", "THB", "JPY")  # as ui.formatting.money
OPTION_COLUMN_PX = 240  # the longest option name, pinned, still leaves room for a figure on a phone


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
    return {int(size): float(months) for size, months in zip(own["package_sessions"], own["package_expiry_months"])}


def expiry_words(plan: PurchasePlan, expiry: ExpiryMonths) -> str:
    """The expiry that applies to the packages a plan buys: '12 months (yours)', '3-pack: 12 months', ..."""
    sizes = sorted({line.size for line in plan.lines if line.size > 1}, reverse=True)
    if not sizes:
        return "no package (single sessions do not expire)"
    if expiry is None:
        return "none stated"
    if not isinstance(expiry, Mapping):
        return f"{_months(expiry)} (yours)"
    return ", ".join(
        f"{size}-pack: {_months(expiry[size])}" if size in expiry else f"{size}-pack: none stated" for size in sizes
    )


def _months(months: float) -> str:
    return f"{months:g} month{'s' if months != 1 else ''}"


def _decimals(currency: str) -> int:
    return 0 if currency in NO_DECIMAL_CURRENCIES else 2


def printable(frame: pd.DataFrame, decimals: int = 0) -> pd.DataFrame:
    """Text cells for the printable summary: numbers with thousands separators, yes/no, n/a for missing."""

    def cell(value: object) -> str:
        if isinstance(value, (bool, np.bool_)):
            return "yes" if value else "no"
        if isinstance(value, (int, np.integer)):
            return f"{value:,}"
        if isinstance(value, (float, np.floating)):
            return "n/a" if np.isnan(value) else f"{value:,.{decimals}f}"
        return str(value)

    return frame.map(cell)


def _table(
    frame: pd.DataFrame,
    currency: str,
    file_name: str,
    key: str,
    decimals: int = 0,
    csv: pd.DataFrame | None = None,
    column_help: Mapping[str, str] | None = None,
) -> None:
    """A table (option names pinned, money columns with thousands separators) and its CSV download (`csv`
    when the download holds more than is shown, e.g. low and high as numbers)."""
    config: dict[str, object] = {"Option": st.column_config.TextColumn(pinned=True, width=OPTION_COLUMN_PX)}
    money_format = f"%,.{decimals}f" if decimals else "localized"  # "%,.0f" prints no separators
    config |= {
        c: st.column_config.NumberColumn(format=money_format)
        for c in frame.columns
        if f"({currency})" in c and pd.api.types.is_numeric_dtype(frame[c])
    }
    config |= {c: st.column_config.Column(help=h) for c, h in (column_help or {}).items()}
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_table", column_config=config)
    st.download_button(
        "Download table (CSV)",
        table_csv(frame if csv is None else csv),
        file_name,
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )


# --- package expiry ---------------------------------------------------------------------------------------


def _expiry_part(tables: PriceTables, result: CourseComparison, currency: str, file_stub: str) -> SummarySection:
    override = st.columns([1, 2])[0].number_input(
        "Package expiry (months)",
        min_value=0.0,
        max_value=120.0,
        value=0.0,
        step=1.0,
        key=EXPIRY_MONTHS_KEY,
        help="Months from purchase within which a package's sessions must be used, applied to every package "
        "(clinics say 6, 12 or 24 months). 0 = each package's own expiry from the packages table, where its "
        "clinic states one.",
        **BOUND,
    )
    records, clear = [], []
    for row, plan in zip(result.rows.itertuples(), result.plans):
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
        f"{_months(override)} from purchase, for every package"
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
        _table(frame, currency, f"package-expiry-{file_stub}.csv", "b_exp")
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
        key=YEARS_KEY,
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
        typical, low, high = (figures[f"total_{y}y_{band}"] for band in ("typical", "low", "high"))
        frame[f"Over {horizon_label(y)} ({currency})"] = [
            f"{t:,.0f} ({lo:,.0f}-{hi:,.0f})" for t, lo, hi in zip(typical, low, high)
        ]
        for band, values in (("typical", typical), ("low", low), ("high", high)):
            csv[f"Over {horizon_label(y)}, {band} ({currency})"] = values.round(0)
    per_year = {
        "Sessions a year": figures["maintenance_per_year"],
        "Estimate?": rows["sessions_estimate"],
        f"A year ({currency})": figures["maintenance_cost_per_year_typical"].round(0),
    }
    frame, csv = frame.assign(**per_year), csv.assign(**per_year)
    _table(
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
    st.plotly_chart(totals_over_years(rows, figures, years, colours, currency), config=PLOTLY_CONFIG, key="b_mnt_chart")
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
        max_value=1e7,
        value=0.0,
        step=10.0,
        key=FEE_KEY,
        help=f"What the membership costs a month, in {currency}. 0 = no membership (nothing is computed).",
        **BOUND,
    )
    included = c2.number_input(
        "Sessions included a month",
        min_value=0.0,
        max_value=31.0,
        value=0.0,
        step=0.25,
        key=INCLUDED_KEY,
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
        key=TERM_KEY,
        help="Months you must stay a member (e.g. 6); you pay at least this many monthly fees.",
        **BOUND,
    )
    c4, c5, c6 = st.columns(3)
    member_price = c4.number_input(
        f"Member price a session ({currency})",
        min_value=0.0,
        max_value=1e7,
        value=None,
        step=10.0,
        key=MEMBER_PRICE_KEY,
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
        key=DISCOUNT_KEY,
        help="Percent off the single price for a session not included (memberships found: 10-20 %). Used "
        "when no member price is given.",
        **BOUND,
    )
    credit = c6.toggle(
        "Fee is credit for sessions",
        key=CREDIT_KEY,
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
            f"As a member ({currency})": figures["membership_cost"].round(0),
            f"Without, cheapest plan ({currency})": figures["non_member_cost"].round(0),
            f"Saving ({currency})": figures["membership_saving"].round(0),
            "Pays for itself": [
                "never pays" if pd.isna(n) else f"from {n} session{'s' if n != 1 else ''}" for n in break_even
            ],
            "Sessions": rows["sessions_typical"],
            "Months paid": figures["membership_months"],
            f"Fees ({currency})": figures["membership_fees"].round(0),
            "Sessions included": figures["membership_included_sessions"],
            "Sessions paid": figures["membership_extra_sessions"],
            f"Member price a session ({currency})": figures["membership_price_per_extra_session"].round(0),
        }
    )
    if included <= 0:
        frame = frame.drop(columns=["Sessions included"])
    _table(
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
        terms.append(f"{_months(term)} minimum")
    if credit:
        terms.append("fee as credit")
    return SummarySection(f"Membership: {', '.join(terms)}", printable(frame), note)


# --- paying over time -----------------------------------------------------------------------------------


def _promotion_sentences(
    names: pd.Series,
    amounts: pd.Series,
    at_minimum: pd.DataFrame,
    at_payment: pd.DataFrame | None,
    promo: DeferredInterestPlan,
    currency: str,
) -> list[str]:
    """Per option: what clears the promotion, what missing it costs, and the outcome at the patient's payment."""
    d = _decimals(currency)
    lines = []
    for i, (name, amount) in enumerate(zip(names, amounts)):
        low = at_minimum.iloc[i]
        line = (
            f"**{markdown_text(name)}** ({money(amount, currency)}): {money(low['minimum_payment'], currency, d)} a month "
            f"clears it within {promo.promo_months} months; miss it and "
            f"{money(low['deferred_interest_if_late'], currency, d)} interest is charged from the purchase date."
        )
        if at_payment is not None:
            mine = at_payment.iloc[i]
            if mine["cleared_in_time"]:
                line += (
                    f" At your {money(mine['monthly_payment'], currency, d)} a month it is cleared in time, "
                    f"{money(mine['total_paid'], currency, d)} in all."
                )
            else:
                line += (
                    f" At your {money(mine['monthly_payment'], currency, d)} a month, "
                    f"{money(mine['balance_at_promo_end'], currency, d)} is left after {promo.promo_months} "
                    f"months, so the {money(mine['interest_charged'], currency, d)} is charged: "
                    f"{money(mine['owed_at_promo_end'], currency, d)} owed then, "
                    f"{money(mine['total_paid'], currency, d)} in all."
                )
        if not low["eligible"]:
            line += (
                f" Below the {money(promo.min_purchase, currency)} minimum purchase: the promotion is not "
                "offered on this amount."
            )
        lines.append(line)
    return lines


def _finance_part(result: CourseComparison, currency: str, file_stub: str) -> SummarySection | None:
    c1, c2, c3 = st.columns(3)
    months = c1.number_input(
        "Instalment plan (months)",
        min_value=0,
        max_value=120,
        value=DEFAULT_FINANCE_MONTHS,
        step=1,
        key=MONTHS_KEY,
        help="Fixed monthly payments over this many months at the APR (a 0 % plan: APR 0).",
        **BOUND,
    )
    apr = c2.number_input(
        "APR (%)",
        min_value=0.0,
        max_value=100.0,
        value=CARECREDIT_STANDARD_APR_PCT,
        step=1.0,
        format="%.2f",
        key=APR_KEY,
        help="Annual percentage rate of the instalment plan, and the standard rate charged when a "
        "promotion is not paid off in time, in percent.",
        **BOUND,
    )
    promo_months = c3.segmented_control(
        "Deferred-interest promotion",
        list(CARECREDIT_PROMO_MONTHS),
        default=DEFAULT_PROMO_MONTHS,
        format_func=lambda m: f"{m} mo",
        key=PROMO_KEY,
        help="'No interest if paid in full within 6, 12, 18 or 24 months' (CareCredit, purchases of 200 USD or "
        "more); if not paid in full, interest at the APR from the purchase date. Click the chosen one again for "
        "no promotion.",
        **BOUND,
    )
    c4, c5 = st.columns(2)
    floor = c4.number_input(
        f"Minimum payment ({currency} a month)",
        min_value=0.0,
        max_value=1e7,
        value=CARECREDIT_MIN_PAYMENT_USD,
        step=5.0,
        key=MIN_PAYMENT_KEY,
        help=f"The smallest monthly payment of the promotion, in {currency} (CareCredit: 30 USD).",
        **BOUND,
    )
    paying = c5.number_input(
        f"Your payment on the promotion ({currency} a month)",
        min_value=0.0,
        max_value=1e7,
        value=0.0,
        step=10.0,
        key=PAYMENT_KEY,
        help=f"What you plan to pay each month, in {currency}; 0 = the payment that clears it in "
        "time. Less shows the deferred interest charged.",
        **BOUND,
    )
    if apr == CARECREDIT_STANDARD_APR_PCT:
        st.warning(APR_WARNING[0].upper() + APR_WARNING[1:] + ".", icon=":material/warning:")
    instalment_plan = promo = None
    if months < 1:
        st.warning("An instalment plan needs at least 1 month: enter 1 or more months.", icon=":material/warning:")
    else:
        instalment_plan = InstalmentPlan(float(apr), int(months))
    if promo_months is not None:
        promo = DeferredInterestPlan(
            int(promo_months), float(apr), float(floor), CARECREDIT_MIN_PURCHASE_USD if currency == "USD" else 0.0
        )
    if instalment_plan is None and promo is None:
        return None
    rows = result.rows
    amounts = rows["course_cost_typical"]
    figures = financing_table(rows, instalment_plan, promo)
    at_minimum = deferred_interest_frame(amounts.to_numpy(), promo) if promo else None
    at_payment = deferred_interest_frame(amounts.to_numpy(), promo, float(paying)) if promo and paying > 0 else None
    frame = pd.DataFrame({"Option": rows["option_name"]})
    if instalment_plan is not None:
        frame[f"Monthly, {months} months ({currency})"] = figures["finance_monthly_payment"].round(2)
        frame[f"Total paid ({currency})"] = figures["finance_total_paid"].round(2)
        frame[f"Interest ({currency})"] = figures["finance_interest"].round(2)
    if promo is not None:
        frame[f"Promotion: a month to clear ({currency})"] = figures["promo_minimum_payment"].round(2)
        frame[f"Interest if not cleared ({currency})"] = figures["promo_deferred_interest_if_late"].round(2)
        if at_payment is not None:
            frame["Cleared at your payment?"] = np.where(at_payment["cleared_in_time"], "yes", "no")
            frame[f"Interest at your payment ({currency})"] = at_payment["interest_charged"].round(2).to_numpy()
            frame[f"Paid in all at your payment ({currency})"] = at_payment["total_paid"].round(2).to_numpy()
        if currency == "USD":
            frame["Promotion offered?"] = np.where(figures["promo_eligible"], "yes", "no (under 200 USD)")
    frame[f"Course cost financed ({currency})"] = amounts.round(2)
    _table(frame, currency, f"paying-over-time-{file_stub}.csv", "b_pay", decimals=_decimals(currency))
    if promo is not None:
        st.markdown(
            "\n".join(
                f"- {line}"
                for line in _promotion_sentences(rows["option_name"], amounts, at_minimum, at_payment, promo, currency)
            )
        )
    note = (
        "Financed = the course cost the clinic charges (extras and downtime are not financed). Instalments: "
        "payment = P r / (1 - (1 + r)^-N), r = APR / 12. Promotion: the payment that clears it is the amount / "
        "months rounded up to the cent, at least the minimum payment; if not cleared, interest on the whole "
        "amount from the purchase date at the APR, compounded monthly (the upper end of what issuers charge)."
    )
    st.caption(note)
    terms = [f"APR {apr:g} %"]
    if instalment_plan is not None:
        terms.append(f"instalments over {_months(months)}")
    if promo is not None:
        terms.append(
            f"{promo.promo_months}-month promotion"
            + (f", your payment {money(paying, currency)} a month" if paying > 0 else "")
        )
    return SummarySection(
        f"Paying over time: {', '.join(terms)}",
        printable(frame, _decimals(currency)),
        note + (f" {APR_WARNING[0].upper()}{APR_WARNING[1:]}." if apr == CARECREDIT_STANDARD_APR_PCT else ""),
    )


# --- the section ----------------------------------------------------------------------------------------

PARTS: tuple[tuple[str, str, str], ...] = (
    (EXPIRY_KEY, "Package expiry", "Sessions a package's expiry puts at risk, and sessions bought but not needed."),
    (MAINTENANCE_KEY, "Maintenance", "The course plus maintenance sessions over 1, 3 and 5 years."),
    (
        MEMBERSHIP_KEY,
        "Membership",
        "A clinic membership (monthly fee, included sessions, member price) against paying per course.",
    ),
    (FINANCE_KEY, "Paying over time", "An instalment plan at an APR, and a 0 % promotion with deferred interest."),
)


def beyond_the_course(
    tables: PriceTables, result: CourseComparison, patient: PatientCosts, colours: dict[str, str], file_stub: str
) -> list[SummarySection]:
    """Draw the section (after the Compare view's charts); the parts turned on, for the printable summary."""
    any_on = any(st.session_state.get(key) for key in PART_KEYS) or any(key in st.query_params for key in PART_KEYS)
    st.session_state[_OPENED_KEY] = bool(st.session_state.get(_OPENED_KEY)) or any_on
    sections: list[SummarySection] = []
    with st.expander(
        "Beyond the course: package expiry, maintenance, membership, paying over time",
        expanded=st.session_state[_OPENED_KEY],
        icon=":material/event_repeat:",
    ):
        st.markdown(text("beyond_course"))
        switches = st.columns(len(PARTS))
        on = {
            key: column.toggle(label, key=key, help=help_text, **BOUND)
            for column, (key, label, help_text) in zip(switches, PARTS)
        }
        drawers: dict[str, Callable[[], SummarySection | None]] = {
            EXPIRY_KEY: lambda: _expiry_part(tables, result, patient.currency, file_stub),
            MAINTENANCE_KEY: lambda: _maintenance_part(result, patient, colours, file_stub),
            MEMBERSHIP_KEY: lambda: _membership_part(result, patient.currency, file_stub),
            FINANCE_KEY: lambda: _finance_part(result, patient.currency, file_stub),
        }
        for key, label, _ in PARTS:
            if on[key]:
                st.markdown(f"##### {label}")
                section = drawers[key]()
                if section is not None:
                    sections.append(section)
    return sections
