"""The Clinic planner's answer and key figures: the answer in words, a card per device (what an owner and a lender
look at), all figures as a table. Every figure is the core's summary (`DeviceEconomics.summary`), only formatted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.drawn_when_open import lazy_expander, showing
from ui.export import table_csv
from ui.formatting import irr_text, money, percent
from views.clinic_planner.economics import Planned, figure
from views.clinic_planner.texts import HELP
from views.clinic_planner.words import answer_in_words, months, overbooked_message, session_costs

CARDS_PER_ROW = 2  # columns stack on a phone, so each card then takes the full width
LENDER_DSCR = 1.25  # the lowest debt service coverage lenders usually ask for
KPI_TABLE_NAME = "clinic_kpi_table"  # the "All figures as a table" expander


def answer(planned: Planned) -> None:
    """When each device breaks even and pays back its full cost, in words."""
    st.subheader("How many sessions a month until it pays for itself")
    st.markdown(
        "\n".join(f"- {answer_in_words(planned.names[d], planned.inputs[d], planned.econ[d])}" for d in planned.valid)
    )


def payback_text(payback: float | int | str | None) -> str:
    """The full-cost payback on a card: '32 months', 'not within its life', 'nothing to pay back'."""
    if payback is None:
        return "not within its life"
    return "nothing to pay back" if payback == 0 else months(int(payback))


def cash_payback_text(cash: float | int | str | None) -> str:
    """Cash out of pocket recovered on a card: 'in 7 months', 'never out of pocket', 'not within its life'."""
    if cash is None:
        return "not within its life"
    return "never out of pocket" if cash == 0 else f"in {months(int(cash))}"


def sessions_text(sessions: float | None, decimals: int = 0) -> str:
    """Break-even sessions: '9 sessions', '0.41 sessions' (2 decimals), '1 session'; 'n/a' when there are none."""
    if sessions is None:
        return "n/a"
    return f"{sessions:,.{decimals}f} session{'' if sessions == 1 else 's'}"


def balloon_sentence(planned: Planned, d: str) -> str | None:
    """When the loan term runs past the device's life: the balance left is repaid in the life's last month."""
    s, term, life = planned.summaries[d], int(float(planned.inputs[d].term_months)), int(planned.econ[d].life_months[0])
    paid_off = s["loan_paid_off_month"]
    if not figure(s, "monthly_payment") or term <= life or paid_off is None:
        return None
    return (
        f"The loan runs {months(term)}, past the device's life of {months(life)}: the balance left is repaid in "
        f"month {paid_off}, the life's last month."
    )


Metric = tuple[str, str, str, str | None]  # label, value, hover help, a note under the value (or None)


def card_rows(planned: Planned, d: str) -> list[list[Metric]]:
    """Device d's card as rows of metrics that belong together, the full-cost payback first; a figure that cannot
    be given (no margin, no sessions, more sessions than fit) is left out (`card_warnings` says why)."""
    cur, s = planned.inputs[d].currency, planned.summaries[d]
    full_cost = "n/a" if d in planned.no_sessions else money(figure(s, "full_cost_per_session"), cur, 2)
    rows: list[list[Metric]] = []
    if d not in planned.overbooked:
        rows.append(
            [
                ("Full-cost payback", payback_text(s["payback_months"]), HELP["payback"], None),
                (
                    "Cash out of pocket recovered",
                    cash_payback_text(s["cash_payback_months"]),
                    HELP["cash_payback"],
                    None,
                ),
            ]
        )
    rows.append(
        [
            ("Full cost per session", full_cost, HELP["full_cost"], None),
            ("Monthly payment", money(figure(s, "monthly_payment"), cur), HELP["monthly_payment"], None),
        ]
    )
    if d not in planned.no_margin:
        rows.append(
            [
                (
                    "Break-even a month",
                    sessions_text(figure(s, "break_even_sessions_per_month")),
                    HELP["break_even"],
                    None,
                ),
                (
                    "Break-even per open day",
                    sessions_text(figure(s, "break_even_sessions_per_day"), 2),
                    HELP["break_even_day"],
                    None,
                ),
            ]
        )
    if d not in planned.overbooked:
        lowest, month = figure(s, "min_dscr"), s["min_dscr_month"]
        rows.append(
            [
                ("NPV", money(figure(s, "npv"), cur), HELP["npv"], None),
                ("ROI", percent(figure(s, "roi")), HELP["roi"], None),
                ("Utilisation", percent(figure(s, "utilisation")), HELP["utilisation"], None),
            ]
        )
        rows.append(
            [
                ("IRR (annual)", irr_text(figure(s, "irr_annual_pct")), HELP["irr"], None),
                (
                    "Lowest DSCR",
                    "no loan" if lowest is None else f"{lowest:,.2f}",
                    HELP["dscr"],
                    None if lowest is None else f"in month {month}",
                ),
            ]
        )
    return rows


def card_warnings(planned: Planned, d: str) -> list[str]:
    """Why a figure of device d's card is missing, and a lowest DSCR below what lenders ask for, in words."""
    e, cur, s = planned.econ[d], planned.inputs[d].currency, planned.summaries[d]
    out = []
    if d in planned.no_margin:
        out.append(
            f"No break-even: the price charged ({money(float(planned.inputs[d].price_per_session), cur)}) does "
            f"not cover {session_costs(e)}, so every session loses money whatever the volume. Raise the price "
            "or lower consumables, other costs, minutes or overheads."
        )
    if d in planned.no_sessions:
        out.append("No sessions a month: there is no cost per session and the device never pays back.")
    if d in planned.overbooked:
        return [*out, overbooked_message(planned, d)]
    lowest = figure(s, "min_dscr")
    if lowest is not None and lowest < LENDER_DSCR:
        out.append(
            f"Lowest DSCR {lowest:,.2f} in month {s['min_dscr_month']}: below the {LENDER_DSCR:g} lenders usually "
            "ask for."
        )
    return out


def cards(planned: Planned) -> None:
    """A card per device: full-cost payback with the cash out of pocket recovered beside it, full cost per
    session, monthly payment, break-even a month and per open day, NPV, ROI, IRR, the lowest DSCR, utilisation;
    a warning in place of a figure that cannot be given. Each row of figures wraps when the card is narrow."""
    st.subheader("Key figures")
    valid = planned.valid
    slots = [column for _ in range(0, len(valid), CARDS_PER_ROW) for column in st.columns(CARDS_PER_ROW)]
    for d, slot in zip(valid, slots, strict=False):  # the last row may have empty slots
        card = slot.container(border=True)
        card.markdown(f"**{planned.names_md[d]}** ({planned.inputs[d].currency})")
        for row in card_rows(planned, d):
            line = card.container(horizontal=True, gap="medium")
            for label, value, help_text, note in row:
                # The note sits under the value as a grey delta without an arrow (it is no change).
                line.metric(label, value, note, "off", help=help_text, width="content", delta_arrow="off")
        for warning in card_warnings(planned, d):
            card.warning(warning, icon=":material/warning:")
        balloon = None if d in planned.overbooked else balloon_sentence(planned, d)
        if balloon:
            card.caption(balloon)


def figures_table(planned: Planned) -> None:
    """Every device's key figures as one table with its CSV, in an expander (drawn while it is open)."""
    shown = lazy_expander("All figures as a table", KPI_TABLE_NAME)
    if not showing(shown):
        return
    rows = []
    for d in planned.valid:
        s = planned.summaries[d]
        rows.append(
            {
                "Device": planned.names[d],
                "Currency": planned.inputs[d].currency,
                "Full cost per session": s["full_cost_per_session"],
                "Variable cost per session": s["variable_cost_per_session"],
                "Fixed cost per month": s["fixed_cost_per_month"],
                "Contribution margin per session": s["contribution_margin"],
                "Monthly loan payment": s["monthly_payment"],
                "Full cost of the device": s["full_cost_of_device"],
                "Break-even sessions per month": s["break_even_sessions_per_month"],
                "Break-even sessions per open day": s["break_even_sessions_per_day"],
                "Full-cost payback (months)": s["payback_months"],
                "Cash out of pocket recovered (month)": s["cash_payback_months"],
                "Loan paid off (month)": s["loan_paid_off_month"],
                "NPV": s["npv"],
                "ROI": s["roi"],
                "IRR (annual %)": s["irr_annual_pct"],
                "Lowest DSCR": s["min_dscr"],
                "Lowest DSCR (month)": s["min_dscr_month"],
                "Utilisation": s["utilisation"],
            }
        )
    kpi = pd.DataFrame(rows)
    whole = st.column_config.NumberColumn(format="%d")
    with shown:
        st.dataframe(
            kpi,
            hide_index=True,
            width="stretch",
            key="clinic_kpi_table",
            column_config={
                **{c: st.column_config.NumberColumn(format="accounting") for c in kpi.columns[2:]},
                "Break-even sessions per month": whole,
                "Break-even sessions per open day": st.column_config.NumberColumn(
                    format="%.2f", help=HELP["break_even_day"]
                ),
                "Full-cost payback (months)": st.column_config.NumberColumn(format="%d", help=HELP["payback"]),
                "Cash out of pocket recovered (month)": st.column_config.NumberColumn(
                    format="%d", help=HELP["cash_payback"]
                ),
                "Loan paid off (month)": whole,
                "Device": st.column_config.TextColumn(pinned=True),
                "ROI": st.column_config.NumberColumn(format="percent", help=HELP["roi"]),
                "IRR (annual %)": st.column_config.NumberColumn(format="%.1f", help=HELP["irr"]),
                "Lowest DSCR": st.column_config.NumberColumn(format="%.2f", help=HELP["dscr"]),
                "Lowest DSCR (month)": whole,
                "Utilisation": st.column_config.NumberColumn(format="percent", help=HELP["utilisation"]),
            },
        )
        st.download_button(
            "Download key figures (CSV)",
            table_csv(kpi),
            "clinic-key-figures.csv",
            "text/csv",
            icon=":material/download:",
        )
