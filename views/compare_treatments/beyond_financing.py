"""The "Paying over time" part of the Compare view's "Beyond the course" section: an instalment plan at an APR,
and a deferred-interest promotion (figures from `pricing.patient.financing`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from pricing.patient.compare import CourseComparison
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
from ui.choices import BOUND
from ui.export import SummarySection
from ui.formatting import money
from ui.user_text import markdown_text
from views.compare_treatments import beyond_keys as keys
from views.compare_treatments.beyond_tables import money_decimals, months_text, printable, show_table


def _promotion_sentences(
    names: pd.Series,
    amounts: pd.Series,
    at_payment: pd.DataFrame | None,
    promo: DeferredInterestPlan,
    currency: str,
) -> list[str]:
    """Per option: what clears the promotion, what missing it costs, and the outcome at the patient's payment."""
    d = money_decimals(currency)
    at_minimum = deferred_interest_frame(amounts.to_numpy(), promo)
    lines = []
    for i, (name, amount) in enumerate(zip(names, amounts, strict=True)):
        low = at_minimum.iloc[i]
        line = (
            f"**{markdown_text(name)}** ({money(amount, currency)}): "
            f"{money(low['minimum_payment'], currency, d)} a month clears it within {promo.promo_months} months; "
            "miss it and "
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


def finance_part(result: CourseComparison, currency: str, file_stub: str) -> SummarySection | None:
    c1, c2, c3 = st.columns(3)
    months = c1.number_input(
        "Instalment plan (months)",
        min_value=0,
        max_value=120,
        value=keys.DEFAULT_FINANCE_MONTHS,
        step=1,
        key=keys.MONTHS_KEY,
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
        key=keys.APR_KEY,
        help="Annual percentage rate of the instalment plan, and the standard rate charged when a "
        "promotion is not paid off in time, in percent.",
        **BOUND,
    )
    promo_months = c3.segmented_control(
        "Deferred-interest promotion",
        list(CARECREDIT_PROMO_MONTHS),
        default=keys.DEFAULT_PROMO_MONTHS,
        format_func=lambda m: f"{m} mo",
        key=keys.PROMO_KEY,
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
        key=keys.MIN_PAYMENT_KEY,
        help=f"The smallest monthly payment of the promotion, in {currency} (CareCredit: 30 USD).",
        **BOUND,
    )
    paying = c5.number_input(
        f"Your payment on the promotion ({currency} a month)",
        min_value=0.0,
        max_value=1e7,
        value=0.0,
        step=10.0,
        key=keys.PAYMENT_KEY,
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
    show_table(frame, currency, f"paying-over-time-{file_stub}.csv", "b_pay", decimals=money_decimals(currency))
    if promo is not None:
        st.markdown(
            "\n".join(
                f"- {line}" for line in _promotion_sentences(rows["option_name"], amounts, at_payment, promo, currency)
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
        terms.append(f"instalments over {months_text(months)}")
    if promo is not None:
        terms.append(
            f"{promo.promo_months}-month promotion"
            + (f", your payment {money(paying, currency)} a month" if paying > 0 else "")
        )
    return SummarySection(
        f"Paying over time: {', '.join(terms)}",
        printable(frame, money_decimals(currency)),
        note + (f" {APR_WARNING[0].upper()}{APR_WARNING[1:]}." if apr == CARECREDIT_STANDARD_APR_PCT else ""),
    )
