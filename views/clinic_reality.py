"""Real-world payback: when the chosen devices pay back at the volume that really comes, paid for as you would pay,
with the costs that come with each session and tax, beside the reality check; and the economics of a whole menu.

Every figure comes from the core: `pricing.clinic.cases` builds each case from a device and the settings,
`pricing.clinic.scenarios.compare_scenarios` projects all cases of a currency in one call, `pricing.clinic.menu_economics` the
menu. The inputs are in `ui.reality_inputs`, the comparison in `ui.reality_compare`, the menu in `ui.reality_menu`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from pricing.clinic.cases import (
    MONTH_NAMES,
    SESSION_COST_PARTS,
    PaymentTerms,
    clinic_case,
    edited_device_inputs,
    menu_frame,
    session_cost_parts,
)
from pricing.clinic.device import DeviceInputs
from pricing.clinic.scenarios import DEFAULT_VOLUME_CASES, ClinicScenario, reality_check_cases, volume_cases
from pricing.clinic.volume import REALITY_CHECK_DEMAND_FACTOR
from ui import choices
from ui.charts.clinic import cost_per_session, cumulative_cash
from ui.charts.common import PLOTLY_CONFIG
from ui.charts.reality import sessions_by_month
from ui.content import text
from ui.data import current_tables, show_data_status
from ui.export import table_csv
from ui.formatting import money, percent
from ui.palette import option_colours
from ui.reality_compare import COLUMNS, OVERBOOKED, Case, Compared, cash_lines, compare, side_by_side
from ui.reality_inputs import (
    KIND_LABELS,
    METHOD_LABELS,
    WARN,
    loaded_inputs,
    months_text,
    number,
    payment_inputs,
    pick,
    segmented,
    tax_inputs,
    volume_inputs,
)
from ui.reality_menu import menu_section
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text

PLANNER_VALUES_KEY = "clinic_device_values"  # the Clinic planner's edits: {device_id: {input field: value or None}}
CHECK_LABEL = f"reality check ({REALITY_CHECK_DEMAND_FACTOR:.0%} of volume)".replace("%", " %")
COMPARE_LABELS = {"devices": "Devices", "volume": "Conservative / expected / optimistic", "payment": "Ways to pay"}
VOLUME_DASHES = ("dot", "solid", "dash")  # conservative, expected, optimistic (DEFAULT_VOLUME_CASES)
KIND_DASHES = {"loan": "solid", "cash": "dot", "lease": "dash", "promo": "dashdot"}
# Part of the cost of one session (consumables and other, operator pay, commission, card fee, room, marketing,
# device) -> (pattern, opacity); the device's own colour carries the option.
LOADED_STYLES: dict[str, tuple[str, float]] = dict(
    zip(SESSION_COST_PARTS, ((".", 0.5), ("-", 0.35), ("\\", 0.8), ("|", 0.7), ("+", 0.6), ("x", 0.45), ("", 1.0)))
)


def showing(tab: Any) -> bool:
    """Whether the tab is open (None: Streamlit does not track it, so every tab draws)."""
    return tab.open is not False


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


loaded_tables = current_tables()
tables = loaded_tables.tables
devices = tables.devices.set_index("device_id")
device_names = devices["name"]
colours = option_colours(list(tables.options["option_id"]))

st.title("Real-world payback")
st.caption(text("real_world"))
show_data_status(loaded_tables)
remind_unsaved_edits()

# --- devices and the volume you expect (sidebar) ------------------------------------------------------------------
with st.sidebar:
    selected = choices.device_picker(
        device_names, "The same devices as in the Clinic planner, with the values you edited there in this session."
    )
if not selected:
    st.warning("Choose at least one device in the sidebar.", icon=WARN)
    st.stop()

base_inputs, edit_problems = edited_device_inputs(devices, selected, st.session_state.get(PLANNER_VALUES_KEY, {}))
for device_id, messages in edit_problems.items():
    st.warning(
        f"**{markdown_text(device_names[device_id])}** is left out: its values edited in the Clinic planner "
        "cannot be used (" + "; ".join(markdown_text(m.replace("_", " ")) for m in messages) + "). Fix them there.",
        icon=WARN,
    )
valid = [d for d in selected if d in base_inputs]
if not valid:
    st.stop()
names = {d: str(device_names[d]) for d in valid}
names_md = {d: markdown_text(n) for d, n in names.items()}
option_of = {d: str(devices.loc[d, "option_id"]) for d in valid}
currency_of = {d: base_inputs[d].currency for d in valid}
label_currency = currency_of[valid[0]] if len(set(currency_of.values())) == 1 else "device currency"

inputs: dict[str, DeviceInputs] = {}
with st.sidebar:
    st.markdown("**Volume you expect** once it is full, before ramp-up, seasonality and no-shows")
    for d in valid:
        own, cur = base_inputs[d], currency_of[d]
        box = st.container(border=True)
        box.markdown(f"**{names_md[d]}**")
        sessions = number(
            box,
            "Sessions a month",
            f"rw_spm_{d}",
            0.0,
            10_000.0,
            float(own.sessions_per_month),
            1.0,
            "Sessions a month you expect to sell once volume is full (number); from the devices table "
            "or the Clinic planner.",
            "%.1f",
        )
        price = number(
            box,
            f"Price per session ({cur})",
            f"rw_price_{d}",
            0.0,
            1e7,
            float(own.price_per_session),
            10.0,
            f"What you charge for one session, in {cur}; from the devices table or the Clinic planner.",
            "%.2f",
        )
        inputs[d] = own.with_values(sessions_per_month=float(sessions or 0.0), price_per_session=float(price or 0.0))

# --- settings (every tab's inputs are drawn on every run; only the open tab draws its figures) --------------------
answer_box = st.container(border=True)
tab_side, tab_volume, tab_pay, tab_loaded, tab_tax, tab_menu = st.tabs(
    ["Side by side", "Volume", "Paying for it", "Loaded cost", "Tax", "Menu"], key="rw_tab", bind="query-params"
)
with tab_volume:
    volume = volume_inputs()
with tab_pay:
    payment = payment_inputs(valid, names, label_currency)
with tab_loaded:
    loaded = loaded_inputs(valid, names, {d: float(inputs[d].minutes_per_session) for d in valid}, label_currency)
with tab_tax:
    tax = tax_inputs()
tax_rate = float(tax.income_tax_rate_pct)  # type: ignore[arg-type]


def case_of(d: str, name: str, terms: PaymentTerms = payment.terms) -> ClinicScenario:
    """Device d with every setting of the page (raises ValueError, in words, when it cannot be computed)."""
    return clinic_case(
        name,
        inputs[d],
        volume=volume.profile,
        terms=terms,
        refurbished=d in payment.refurbished,
        loaded=loaded[d],
        tax=tax,
    )


base_cases: dict[str, ClinicScenario] = {}
for d in valid:
    try:
        base_cases[d] = case_of(d, names[d])
    except ValueError as exc:
        answer_box.warning(f"**{names_md[d]}** is not computed: {markdown_text(str(exc))}.", icon=WARN)
computed = [d for d in valid if d in base_cases]
if not computed:
    st.stop()
if len({names[d] for d in computed}) < len(computed):  # two devices of one name: tell their cases apart
    base_cases = {d: replace(c, name=f"{c.name} ({d})") for d, c in base_cases.items()}

# Each currency's devices, each beside its reality check, in one projection.
by_currency: dict[str, list[str]] = {}
for d in computed:
    by_currency.setdefault(currency_of[d], []).append(d)
main: dict[str, Compared] = {}
row_of: dict[str, tuple[int, int]] = {}  # device -> (its row, its reality check's row) in main[its currency]
for cur, group in by_currency.items():
    cases: list[Case] = []
    for d in group:
        entered, check = reality_check_cases(base_cases[d])
        check = replace(check, name=f"{entered.name}, reality check")  # the core's name says "(50 % of volume)" too
        row_of[d] = (len(cases), len(cases) + 1)
        cases += [Case(d, option_of[d], entered), Case(f"{d}_check", option_of[d], check, "dash", labelled=False)]
    main[cur] = compare(cases)


def figure(d: str, name: str, check: bool = False) -> float:
    """A figure of device d's projection (its reality check's with `check`)."""
    return main[currency_of[d]].figure(name, row_of[d][1 if check else 0])


def is_overbooked(d: str, check: bool = False) -> bool:
    """More sessions a month than the device's hours allow (possible only without the capacity cap)."""
    return figure(d, "utilisation", check) > OVERBOOKED


overbooked = [d for d in computed if is_overbooked(d)]
no_margin = [d for d in computed if figure(d, "contribution_margin") <= 0]


def payback_phrase(d: str, check: bool = False, key: str = "payback_months") -> str:
    """'in 19 months', or a whole predicate when there is no payback to give ('never pays back (...)')."""
    if d in no_margin:
        return "never pays back (each session loses money)"
    if is_overbooked(d, check):
        return "cannot be judged (more sessions than its hours allow)"
    months = figure(d, key, check)
    if math.isnan(months):
        return f"does not pay back within its {months_text(figure(d, 'life_months', check))} in use"
    return f"in {months_text(months)}"


def paybacks(key: str = "payback_months", check: bool = False, bold: bool = False) -> str:
    """'**A** pays back in 19 months, **B** in 31 months and **C** never pays back (...)'."""
    items, said = [], False
    for d in computed:
        phrase, name = payback_phrase(d, check, key), f"**{names_md[d]}**" if bold else names_md[d]
        if phrase.startswith("in ") and not said:
            phrase, said = "pays back " + phrase, True
        items.append(f"{name} {phrase}")
    return listing(items)


# --- the answer ---------------------------------------------------------------------------------------------------
with answer_box:
    st.markdown(
        f"At your volume ({volume.words()}), {payment.words()}, {paybacks(bold=True)}. At half that volume "
        f"(the reality check), {paybacks(check=True)}."
    )
    if tax_rate:
        st.markdown(
            f"After {tax_rate:g} % income tax ({METHOD_LABELS[str(tax.depreciation)]} depreciation), "
            f"{paybacks('after_tax_payback_months')}."
        )
    for d in overbooked:
        st.warning(
            f"{names_md[d]}: {figure(d, 'average_sessions_per_month'):,.1f} sessions a month of "
            f"{float(inputs[d].minutes_per_session):g} minutes need {percent(figure(d, 'utilisation'))} of the "
            f"{float(inputs[d].hours_per_month):g} hours available, so its payback, NPV and ROI would count "
            "sessions you cannot fit. Turn on *Limit to capacity* (Volume tab) or lower the sessions.",
            icon=WARN,
        )
    for d in no_margin:
        cur = currency_of[d]
        st.warning(
            f"{names_md[d]}: the price ({money(float(inputs[d].price_per_session), cur)}) does not cover the "
            f"variable cost ({money(figure(d, 'variable_cost_per_session'), cur, 2)}) and loaded cost "
            f"({money(figure(d, 'loaded_cost_per_session'), cur, 2)}) of a session: every session loses money, "
            "so it never pays back. Raise the price or lower the costs.",
            icon=WARN,
        )

# --- side by side -------------------------------------------------------------------------------------------------
if showing(tab_side):
    with tab_side:
        mode = segmented(
            st,
            "Compare",
            COMPARE_LABELS,
            "rw_compare",
            "Devices: each device beside its reality check (half the volume). Conservative / expected / "
            "optimistic: one device at 50 %, 100 % and 150 % of your volume. Ways to pay: one device "
            "paid by loan, cash, lease and 0 % promotion on the terms of the Paying tab.",
        )
        if mode == "devices":
            for cur, compared in main.items():
                side_by_side(compared, colours, "devices", f"rw_side_{cur}")
            st.caption(
                "Solid: the volume you entered; dashed: the reality check at half of it. A star marks each "
                "simple payback; the table also gives the discounted payback."
            )
        else:
            chosen = pick(st, "Device", computed, "rw_compare_device", "Which device to compare.", names.get)
            if mode == "volume":
                shares = [
                    (f"{label.capitalize()} ({share:.0%})".replace("%", " %"), share)
                    for label, share in DEFAULT_VOLUME_CASES
                ]
                side_by_side(
                    compare(
                        [
                            Case(f"{chosen}_{c.name}", option_of[chosen], c, dash)
                            for c, dash in zip(volume_cases(base_cases[chosen], shares), VOLUME_DASHES)
                        ]
                    ),
                    colours,
                    f"volume-{chosen}",
                    "rw_side_volume",
                )
                st.caption("Dotted: conservative (50 % of your volume); solid: expected; dashed: optimistic (150 %).")
            else:
                kinds: list[Case] = []
                for kind, label in KIND_LABELS.items():
                    try:
                        kinds.append(
                            Case(
                                f"{chosen}_{kind}",
                                option_of[chosen],
                                case_of(chosen, label, replace(payment.terms, kind=kind)),
                                KIND_DASHES[kind],
                            )
                        )
                    except ValueError as exc:
                        st.warning(f"{label}: {markdown_text(str(exc))}.", icon=WARN)
                side_by_side(compare(kinds), colours, f"payment-{chosen}", "rw_side_payment")
                st.caption(
                    "Solid: loan; dotted: cash; dashed: lease; dash-dot: 0 % promotion, on the terms of the "
                    "Paying tab (empty fields: the device's own)."
                )

# --- volume -------------------------------------------------------------------------------------------------------
if showing(tab_volume):
    with tab_volume:
        shown = pick(st, "Device shown", computed, "rw_volume_device", "Whose sessions to draw.", names.get)
        projection = main[currency_of[shown]].comparison.projection
        i, j = row_of[shown]
        h = int(projection.life_months[i])
        months = np.arange(1, h + 1)
        calendar = [MONTH_NAMES[(volume.start_month - 1 + m - 1) % 12] for m in months]
        capacity = float(projection.capacity_sessions_per_month[i])
        booked, delivered = projection.demand_sessions[:, 1 : h + 1], projection.sessions[:, 1 : h + 1]
        st.plotly_chart(
            sessions_by_month(
                names[shown],
                colours[option_of[shown]],
                months,
                calendar,
                booked[i],
                delivered[i],
                booked[j],
                delivered[j],
                capacity,
                CHECK_LABEL,
            ),
            config=PLOTLY_CONFIG,
            key="rw_volume_chart",
        )
        st.caption(
            f"Booked = your sessions a month x ramp-up share x seasonality; delivered = booked less no-shows"
            f"{', at most the capacity' if volume.profile.cap_at_capacity else ''}. Capacity: {capacity:,.1f} "
            f"sessions a month ({float(inputs[shown].hours_per_month):g} hours x 60 / "
            f"{float(inputs[shown].minutes_per_session):g} minutes). Year 1: "
            f"{figure(shown, 'first_year_sessions'):,.0f} sessions delivered "
            f"({figure(shown, 'first_year_sessions', True):,.0f} at the reality check)."
        )
        monthly = pd.DataFrame(
            {
                "Month": months,
                "Calendar month": calendar,
                "Booked": booked[i],
                "Delivered": delivered[i],
                f"Booked, {CHECK_LABEL}": booked[j],
                f"Delivered, {CHECK_LABEL}": delivered[j],
            }
        )
        st.download_button(
            "Download sessions by month (CSV)",
            table_csv(monthly.round(2)),
            f"real-world-sessions-{shown}.csv",
            "text/csv",
            icon=":material/download:",
            key="rw_volume_csv",
        )

# --- paying for it ------------------------------------------------------------------------------------------------
if showing(tab_pay):
    with tab_pay:
        for cur, group in by_currency.items():
            projection = main[cur].comparison.projection
            rows = [row_of[d][0] for d in group]
            payments = pd.DataFrame(
                {
                    "Device": [names[d] for d in group],
                    "Financing": projection.financing[rows],
                    f"Cost of device ({cur})": projection.cost_of_device[rows],
                    f"Paid at purchase ({cur})": -projection.cash_flows[rows, 0],
                    f"Monthly payment ({cur})": projection.monthly_payment[rows],
                    f"Finance cost ({cur})": projection.total_interest[rows],
                    "Months in use": projection.life_months[rows],
                }
            )
            amount = {"format": "accounting"}
            st.dataframe(
                payments,
                hide_index=True,
                width="stretch",
                key=f"rw_pay_table_{cur}",
                column_config={
                    "Device": st.column_config.TextColumn(pinned=True),
                    "Financing": st.column_config.TextColumn(help=COLUMNS["financing"].help),
                    f"Cost of device ({cur})": st.column_config.NumberColumn(
                        help=COLUMNS["cost_of_device"].help, **amount
                    ),
                    f"Paid at purchase ({cur})": st.column_config.NumberColumn(
                        help="Month 0: the down payment, or the whole cost for cash.", **amount
                    ),
                    f"Monthly payment ({cur})": st.column_config.NumberColumn(
                        help="The regular loan or lease payment (a balloon or buyout comes with the last).", **amount
                    ),
                    f"Finance cost ({cur})": st.column_config.NumberColumn(
                        help="Loan interest, or the lease charge: all that is paid for the device less its cost.",
                        **amount,
                    ),
                    "Months in use": st.column_config.NumberColumn(format="%d", help=COLUMNS["months_in_use"].help),
                },
            )
            st.download_button(
                f"Download financing ({cur}, CSV)",
                table_csv(payments.assign(Currency=cur)),
                f"real-world-financing-{cur}.csv",
                "text/csv",
                icon=":material/download:",
                key=f"rw_pay_csv_{cur}",
            )
        st.caption("To see one device paid each way, open *Side by side* and choose *Ways to pay*.")

# --- loaded cost --------------------------------------------------------------------------------------------------
if showing(tab_loaded):
    with tab_loaded:
        for cur, group in by_currency.items():
            drawn = [d for d in group if figure(d, "average_sessions_per_month") > 0]
            if len(drawn) < len(group):
                st.warning(
                    "Not drawn: "
                    + ", ".join(names_md[d] for d in group if d not in drawn)
                    + ": no sessions delivered, so there is no cost per session.",
                    icon=WARN,
                )
            if not drawn:
                continue
            parts = pd.DataFrame(
                [
                    {
                        "device_id": d,
                        "option_id": option_of[d],
                        "name": names[d],
                        "price_per_session": float(inputs[d].price_per_session),
                        "full_cost_per_session": figure(d, "full_cost_per_session"),
                        **session_cost_parts(main[cur].comparison.projection, row_of[d][0]),
                    }
                    for d in drawn
                ]
            )
            st.plotly_chart(
                cost_per_session(
                    parts, colours, cur, LOADED_STYLES, f"Full cost of one delivered session by part ({cur})"
                ),
                config=PLOTLY_CONFIG,
                key=f"rw_loaded_chart_{cur}",
            )
            table = parts.drop(columns=["device_id", "option_id"]).rename(
                columns={
                    "name": "Device",
                    "price_per_session": f"Price ({cur})",
                    "full_cost_per_session": f"Full cost ({cur})",
                    **{p: f"{p} ({cur})" for p in SESSION_COST_PARTS},
                }
            )
            st.download_button(
                f"Download cost per session ({cur}, CSV)",
                table_csv(table.round(2).assign(Currency=cur)),
                f"real-world-cost-per-session-{cur}.csv",
                "text/csv",
                icon=":material/download:",
                key=f"rw_loaded_csv_{cur}",
            )
        st.caption(
            "Per delivered session: consumables and other costs, operator pay (minutes / 60 x hourly rate), "
            "commission and card fee (percent of the price), room (cost per hour x room minutes / 60), "
            "marketing (per new patient / sessions per patient) and the device (fixed cost a month / average "
            "sessions delivered a month). The black tick is the price you charge."
        )


# --- tax ----------------------------------------------------------------------------------------------------------
def draw_tax(cur: str, group: list[str]) -> None:
    """Cumulative cash before and after tax of the devices in one currency, and their after-tax figures."""
    compared = main[cur]
    others = set(range(len(compared.cases))) - {row_of[d][0] for d in group if d not in overbooked}
    lines = [
        line
        for pair in zip(cash_lines(compared, skip=others), cash_lines(compared, after_tax=True, skip=others))
        for line in pair
    ]
    if lines:
        st.plotly_chart(
            cumulative_cash(lines, colours, cur, f"Cumulative cash before and after tax ({cur})"),
            config=PLOTLY_CONFIG,
            key=f"rw_tax_chart_{cur}",
        )
    projection = compared.comparison.projection
    rows = [row_of[d][0] for d in group]
    taxed = pd.DataFrame(
        {
            "Device": [names[d] for d in group],
            f"Income tax, all months ({cur})": projection.income_tax_total[rows],
            f"NPV ({cur})": projection.npv[rows],
            f"After-tax NPV ({cur})": projection.after_tax_npv[rows],
            "Payback (months)": projection.payback_months[rows],
            "After-tax payback (months)": projection.after_tax_payback_months[rows],
            "After-tax discounted payback (months)": projection.after_tax_discounted_payback_months[rows],
            "After-tax ROI": projection.after_tax_roi[rows],
        }
    )
    st.dataframe(
        taxed,
        hide_index=True,
        width="stretch",
        key=f"rw_tax_table_{cur}",
        column_config={
            "Device": st.column_config.TextColumn(pinned=True),
            f"Income tax, all months ({cur})": st.column_config.NumberColumn(
                format="accounting",
                help="Tax rate x taxable income (operating profit - depreciation - loan "
                "interest; a leased device: - lease payments), summed over the months in use; negative = a "
                "saving.",
            ),
            f"NPV ({cur})": st.column_config.NumberColumn(format="accounting", help=COLUMNS["npv"].help),
            f"After-tax NPV ({cur})": st.column_config.NumberColumn(
                format="accounting", help=COLUMNS["after_tax_npv"].help
            ),
            "Payback (months)": st.column_config.NumberColumn(format="%d", help=COLUMNS["payback_months"].help),
            "After-tax payback (months)": st.column_config.NumberColumn(
                format="%d", help=COLUMNS["after_tax_payback_months"].help
            ),
            "After-tax discounted payback (months)": st.column_config.NumberColumn(
                format="%d", help="Discounted payback on the cash flows after income tax."
            ),
            "After-tax ROI": st.column_config.NumberColumn(
                format="percent", help="The sum of the after-tax cash flows / the cost of the device."
            ),
        },
    )
    st.download_button(
        f"Download tax view ({cur}, CSV)",
        table_csv(taxed.assign(Currency=cur)),
        f"real-world-tax-{cur}.csv",
        "text/csv",
        icon=":material/download:",
        key=f"rw_tax_csv_{cur}",
    )


if showing(tab_tax):
    with tab_tax:
        if not tax_rate:
            st.info(
                "Enter an income-tax rate to see the after-tax cash, NPV and payback; at 0 % they equal the "
                "pre-tax figures.",
                icon=":material/info:",
            )
        else:
            for cur, group in by_currency.items():
                draw_tax(cur, group)
            st.caption(
                "Solid: before tax; dotted: after tax (each month's tax, a saving when the taxable income is "
                "negative). MACRS spreads each tax year's deduction over its 12 months; the sale at the end "
                "writes off what is left, so every method deducts the same in all, only at other times."
            )

# --- menu ---------------------------------------------------------------------------------------------------------
with tab_menu:
    menu_currency, menu_devices = next(iter(by_currency.items()))
    if len(by_currency) > 1:
        st.info(f"A menu is in one currency: the devices in {menu_currency} only.", icon=":material/info:")
    compared = main[menu_currency]
    rows = [row_of[d][0] for d in menu_devices]
    menu_section(
        menu_frame([compared.cases[r].scenario for r in rows], compared.comparison.projection, rows),
        menu_currency,
        {base_cases[d].name: colours[option_of[d]] for d in menu_devices},
        showing(tab_menu),
    )
