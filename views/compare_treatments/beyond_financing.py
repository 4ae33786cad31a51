"""The "Paying over time" part of the Compare view's "Beyond the course" section: the region's own kind of
plan (regions table: instalments, a US-style deferred-interest promotion, or none), which the patient can change;
figures from `pricing.patient.financing`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from pricing.currency import conversion_factor
from pricing.locales import currency_decimals
from pricing.patient.compare import CourseComparison
from pricing.patient.financing import (
    APR_WARNING,
    CARECREDIT_MIN_PAYMENT_USD,
    CARECREDIT_PROMO_MONTHS,
    CARECREDIT_STANDARD_APR_PCT,
    DeferredInterestPlan,
    InstalmentPlan,
    RegionFinancing,
    deferred_interest_frame,
    financing_table,
    minimum_payment_warning_text,
    region_financing,
)
from pricing.tables.loading import PriceTables
from pricing.tables.validation import region_financing_problems
from ui.choices import BOUND, MAX_TYPED_AMOUNT
from ui.export import SummarySection
from ui.formatting import money
from ui.user_text import markdown_text
from views.compare_treatments import beyond_keys as keys
from views.compare_treatments.beyond_tables import months_text, printable, show_table


def forget_inputs_of_another_region(region_id: str) -> None:
    """The inputs default to the region's own plan: when the region changes, forget the ones set for the last
    one (in the session and the URL) so the new region's plan shows. A link opened afresh keeps its inputs."""
    last = st.session_state.get(keys.FINANCE_REGION_KEY)
    if last is not None and last != region_id:
        for key in keys.FINANCE_INPUT_KEYS:
            st.session_state.pop(key, None)
            if key in st.query_params:
                del st.query_params[key]
    st.session_state[keys.FINANCE_REGION_KEY] = region_id


def _plan_words(plan: RegionFinancing, region_name: str, currency: str) -> None:
    """What the region's own plan is, with its source, or that none was found."""
    if not plan.has_plan:
        st.info(
            f"No patient-financing plan was found for {markdown_text(region_name)}, so none is offered here by "
            "default. Enter instalment months or choose a promotion below to see what one would cost.",
            icon=":material/info:",
        )
        return
    terms = []
    if plan.instalments is not None:
        terms.append(
            f"{months_text(plan.instalments.term_months)} of instalments at {plan.instalments.apr_pct:g} % APR"
        )
    if plan.promo is not None:
        terms.append(
            f"a {plan.promo.promo_months}-month deferred-interest promotion (standard APR {plan.promo.apr_pct:g} %, "
            f"required minimum payment {money(plan.promo.min_payment, currency, 2)} a month)"
        )
    if plan.min_purchase > 0:
        terms.append(f"offered on {money(plan.min_purchase, currency)} or more")
    st.markdown(f"**{markdown_text(region_name)}:** {markdown_text(plan.name)} — {'; '.join(terms)}.")
    st.caption(
        markdown_text(plan.note)
        + f" Source: {markdown_text(plan.source)} ({markdown_text(plan.year)})"
        + ("; includes estimates." if plan.estimate else ".")
    )


def _promotion_sentences(
    names: pd.Series,
    amounts: pd.Series,
    at_payment: pd.DataFrame | None,
    promo: DeferredInterestPlan,
    currency: str,
) -> list[str]:
    """Per option: what clears the promotion, what missing it costs, the required minimum's outcome, and the
    outcome at the patient's payment."""
    d = currency_decimals(currency)
    at_clearing = deferred_interest_frame(amounts.to_numpy(), promo)
    lines = []
    for i, (name, amount) in enumerate(zip(names, amounts, strict=True)):
        row = at_clearing.iloc[i]
        line = (
            f"**{markdown_text(name)}** ({money(amount, currency)}): "
            f"{money(row['payment_to_clear'], currency, d)} a month clears it within {promo.promo_months} months; "
            f"a balance left at the end brings back {money(row['deferred_interest_if_late'], currency, d)} of "
            "interest from the purchase date (on the balance as it was paid down)."
        )
        if not row["required_minimum_clears"]:
            line += " " + minimum_payment_warning_text(
                float(amount),
                promo.promo_months,
                float(row["required_minimum_payment"]),
                float(row["balance_at_required_minimum"]),
                float(row["interest_at_required_minimum"]),
                float(row["payment_to_clear"]),
                currency,
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
                    f"months, so {money(mine['interest_charged'], currency, d)} is charged: "
                    f"{money(mine['owed_at_promo_end'], currency, d)} owed then, "
                    f"{money(mine['total_paid'], currency, d)} in all."
                )
        if not row["eligible"]:
            line += (
                f" Below the {money(promo.min_purchase, currency)} minimum purchase: the promotion is not "
                "offered on this amount."
            )
        lines.append(line)
    return lines


def _minimum_warning(names: pd.Series, figures: pd.DataFrame, promo: DeferredInterestPlan, currency: str) -> str:
    """One warning for the options whose required minimum payment does not clear the promotion ('' if none)."""
    short = ~figures["promo_required_minimum_clears"].to_numpy(bool)
    if not short.any():
        return ""
    d = currency_decimals(currency)
    listed = ", ".join(markdown_text(n) for n in names[short])
    most = float(figures["promo_interest_at_required_minimum"].max())
    return (
        f"Paying only the required minimum of {money(promo.min_payment, currency, d)} a month does not clear the "
        f"promotion within {promo.promo_months} months for {int(short.sum())} of {len(short)} options ({listed}). "
        "The balance left at the end brings back the interest accrued on the paid-down balance from the "
        f"purchase date: up to {money(most, currency, d)} here. Pay at least the amount that clears it (below)."
    )


def finance_part(tables: PriceTables, result: CourseComparison, currency: str, file_stub: str) -> SummarySection | None:
    rows = result.rows
    if rows.empty:
        return None
    region_id = str(rows["region_id"].iloc[0])
    regions = tables.regions.set_index("region_id")
    region_name = str(regions.loc[region_id, "name"])
    region_currency = str(regions.loc[region_id, "currency"])
    factor = float(conversion_factor(region_currency, currency, tables.units_per_usd())[0])
    for problem in region_financing_problems(tables.regions):
        if str(tables.regions.iloc[int(problem.row or 1) - 1]["region_id"]) == region_id:
            st.warning(f"Regions table, {problem}", icon=":material/warning:")
    plan = region_financing(tables.regions, region_id, currency, factor)
    forget_inputs_of_another_region(region_id)
    _plan_words(plan, region_name, currency)
    usd_floor = CARECREDIT_MIN_PAYMENT_USD * float(conversion_factor("USD", currency, tables.units_per_usd())[0])

    c1, c2 = st.columns(2)
    months = c1.number_input(
        "Instalment plan (months)",
        min_value=0,
        max_value=120,
        value=plan.instalments.term_months if plan.instalments else 0,
        step=1,
        key=keys.MONTHS_KEY,
        help="Fixed monthly payments over this many months at the instalment APR; 0 = no instalment plan.",
        **BOUND,
    )
    apr = c2.number_input(
        "Instalment APR (%)",
        min_value=0.0,
        max_value=100.0,
        value=plan.instalments.apr_pct if plan.instalments else 0.0,
        step=1.0,
        format="%.2f",
        key=keys.APR_KEY,
        help="Annual percentage rate of the instalment plan, in percent (0 = interest-free, as the UK's and "
        "the UAE's instalment plans found).",
        **BOUND,
    )
    promo_choices = sorted({*CARECREDIT_PROMO_MONTHS, *([plan.promo.promo_months] if plan.promo else [])})
    c3, c4 = st.columns(2)
    promo_months = c3.segmented_control(
        "Deferred-interest promotion (US type)",
        promo_choices,
        default=plan.promo.promo_months if plan.promo else None,
        format_func=lambda m: f"{m} mo",
        key=keys.PROMO_KEY,
        help="'No interest if paid in full within 6, 12, 18 or 24 months' (CareCredit, purchases of 200 USD or "
        "more); if anything is left at the end, the interest accrued on the balance as it was paid down is "
        "charged from the purchase date. Click the chosen one again for no promotion.",
        **BOUND,
    )
    promo_apr = c4.number_input(
        "Standard APR after the promotion (%)",
        min_value=0.0,
        max_value=100.0,
        value=plan.promo.apr_pct if plan.promo else CARECREDIT_STANDARD_APR_PCT,
        step=1.0,
        format="%.2f",
        key=keys.PROMO_APR_KEY,
        help="The rate at which deferred interest accrues, in percent (CareCredit: 29.99 % on a weak 2026 page, "
        "32.99 % on another; the review puts it at 26.99-29.99 %).",
        **BOUND,
    )
    c5, c6 = st.columns(2)
    floor = c5.number_input(
        f"Required minimum payment ({currency} a month)",
        min_value=0.0,
        max_value=MAX_TYPED_AMOUNT,
        value=round(plan.promo.min_payment if plan.promo else usd_floor, 2),
        step=5.0,
        key=keys.MIN_PAYMENT_KEY,
        help=f"The smallest monthly payment the issuer asks for, in {currency} (CareCredit: 30 USD). It may not "
        "clear the promotion in time.",
        **BOUND,
    )
    paying = c6.number_input(
        f"Your payment on the promotion ({currency} a month)",
        min_value=0.0,
        max_value=MAX_TYPED_AMOUNT,
        value=0.0,
        step=10.0,
        key=keys.PAYMENT_KEY,
        help=f"What you plan to pay each month, in {currency}; 0 = the payment that clears it in "
        "time. Less shows the deferred interest charged.",
        **BOUND,
    )
    instalment_plan = InstalmentPlan(float(apr), int(months)) if months >= 1 else None
    promo = None
    if promo_months is not None:
        promo = DeferredInterestPlan(
            int(promo_months), float(promo_apr), float(floor), plan.promo.min_purchase if plan.promo else 0.0
        )
        if plan.promo is None:
            st.caption(
                f"A US-style deferred-interest promotion was not found in {markdown_text(region_name)}: these "
                "figures show what one would cost."
            )
        if promo_apr == CARECREDIT_STANDARD_APR_PCT:
            st.warning(APR_WARNING[0].upper() + APR_WARNING[1:] + ".", icon=":material/warning:")
    if instalment_plan is None and promo is None:
        return None
    amounts = rows["course_cost_typical"]
    figures = financing_table(rows, instalment_plan, promo)
    at_payment = deferred_interest_frame(amounts.to_numpy(), promo, float(paying)) if promo and paying > 0 else None
    if promo is not None and (warning := _minimum_warning(rows["option_name"], figures, promo, currency)):
        st.warning(warning, icon=":material/warning:")
    frame = pd.DataFrame({"Option": rows["option_name"]})
    if instalment_plan is not None:
        frame[f"Monthly, {months} months ({currency})"] = figures["finance_monthly_payment"].round(2)
        frame[f"Total paid ({currency})"] = figures["finance_total_paid"].round(2)
        frame[f"Interest ({currency})"] = figures["finance_interest"].round(2)
    if promo is not None:
        frame[f"Promotion: a month to clear ({currency})"] = figures["promo_minimum_payment"].round(2)
        frame[f"Interest if not cleared ({currency})"] = figures["promo_deferred_interest_if_late"].round(2)
        frame["Required minimum clears it?"] = np.where(figures["promo_required_minimum_clears"], "yes", "no")
        frame[f"Interest at the required minimum ({currency})"] = figures["promo_interest_at_required_minimum"].round(2)
        if at_payment is not None:
            frame["Cleared at your payment?"] = np.where(at_payment["cleared_in_time"], "yes", "no")
            frame[f"Interest at your payment ({currency})"] = at_payment["interest_charged"].round(2).to_numpy()
            frame[f"Paid in all at your payment ({currency})"] = at_payment["total_paid"].round(2).to_numpy()
        if promo.min_purchase > 0:
            frame["Promotion offered?"] = np.where(
                figures["promo_eligible"], "yes", f"no (under {money(promo.min_purchase, currency)})"
            )
    frame[f"Course cost financed ({currency})"] = amounts.round(2)
    show_table(frame, currency, f"paying-over-time-{file_stub}.csv", "b_pay", decimals=currency_decimals(currency))
    if promo is not None:
        st.markdown(
            "\n".join(
                f"- {line}" for line in _promotion_sentences(rows["option_name"], amounts, at_payment, promo, currency)
            )
        )
    note = (
        "Financed = the course cost the clinic charges (extras and downtime are not financed). Instalments: "
        "payment = P r / (1 - (1 + r)^-N), r = APR / 12. Promotion: the payment that clears it is the amount / "
        "months rounded up to the cent, at least the required minimum; the interest charged back when it is not "
        "cleared accrues on the balance as it is paid down (average daily balance: APR / 12 x the sum of the "
        "monthly balances, not compounded), from the purchase date."
    )
    st.caption(note)
    terms = []
    if instalment_plan is not None:
        terms.append(f"instalments over {months_text(months)} at {apr:g} % APR")
    if promo is not None:
        terms.append(
            f"{promo.promo_months}-month promotion at {promo_apr:g} % standard APR"
            + (f", your payment {money(paying, currency)} a month" if paying > 0 else "")
        )
    warn = promo is not None and promo_apr == CARECREDIT_STANDARD_APR_PCT
    return SummarySection(
        f"Paying over time ({region_name}): {', '.join(terms)}",
        printable(frame, currency_decimals(currency)),
        note + (f" {APR_WARNING[0].upper()}{APR_WARNING[1:]}." if warn else ""),
    )
