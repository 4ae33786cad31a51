"""Clinic planner: what a session really costs, what to charge, when a device pays for itself, per device."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from pricing.clinic.device import INPUT_FIELDS, DeviceEconomics, DeviceInputs, device_economics
from pricing.clinic.menu import suggested_menu
from pricing.clinic.sensitivity import profit_sensitivity
from pricing.currency import convert
from pricing.tables.loading import PriceTables
from pricing.tables.validation import device_row_problems, validate_table
from ui import choices
from ui.charts.clinic import CashLine, cost_per_session, cumulative_cash, per_session_parts, sensitivity_tornado
from ui.charts.common import PLOTLY_CONFIG
from ui.data import current_tables, show_data_status
from ui.export import table_csv
from ui.formatting import money, percent
from ui.palette import option_colours
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text

MARGIN_KEY = "target_margin"
VALUES_KEY = "clinic_device_values"  # {device_id: {input field: edited value, None if emptied}}
EDITOR_VERSION_KEY = "clinic_editor_version"
TORNADO_KEY = "clinic_tornado_device"
PROBLEMS_MEMO_KEY = "_clinic_problems_memo"  # (tables, signature of the edited values, problems)
CHANGE_PCT = 20.0


@dataclass(frozen=True)
class Field:
    """How one DeviceInputs field is shown in the editor; `{c}` stands for the device currency."""

    label: str
    help: str
    step: float
    format: str
    max_value: float | None = None


FIELDS: dict[str, Field] = {
    "device_price": Field("Device price ({c})", "Purchase price of the device, new, in {c}.", 500, "localized"),
    "down_payment": Field(
        "Down payment ({c})",
        "Paid at purchase, in {c}; the rest is financed over the loan term. At most the device price.",
        500,
        "localized",
    ),
    "residual_value": Field(
        "Resale value ({c})",
        "What the device sells for at the end of its life, in {c}. At most the device price.",
        500,
        "localized",
    ),
    "life_years": Field(
        "Life (years)",
        "Useful life in years (more than 0, at most 30); depreciation and the cash-flow months run over it.",
        0.5,
        "%.1f",
    ),
    "maintenance_per_year": Field(
        "Maintenance per year ({c})", "Service contract and repairs, in {c} per year.", 500, "localized"
    ),
    "apr_pct": Field("APR (%)", "Financing annual percentage rate, in percent (0-100).", 0.5, "%.2f", 100),
    "term_months": Field(
        "Loan term (months)", "Loan term in whole months (0-360); 0 = paid in full at purchase.", 1, "%d", 360
    ),
    "consumables_per_session": Field(
        "Consumables per session ({c})", "Tips, cartridges, numbing and dressings, in {c} per session.", 5, "localized"
    ),
    "other_per_session": Field(
        "Other per session ({c})", "Any other cost of one session, in {c} per session.", 5, "localized"
    ),
    "minutes_per_session": Field(
        "Minutes per session",
        "Provider hands-on minutes per session (more than 0); also the device time counted for utilisation.",
        5,
        "%.0f",
    ),
    "hourly_rate": Field("Operator pay ({c}/hour)", "What the operator costs, in {c} per hour.", 1, "localized"),
    "price_per_session": Field(
        "Price charged ({c})", "What you charge the patient for one session, in {c}.", 10, "localized"
    ),
    "sessions_per_month": Field(
        "Sessions per month", "Sessions you sell per month with this device (number).", 1, "%.1f"
    ),
    "discount_rate_pct": Field(
        "Discount rate (%)",
        "Annual discount rate for NPV, in percent (0-100): what your money earns elsewhere.",
        0.5,
        "%.2f",
        100,
    ),
    "hours_per_month": Field(
        "Hours available per month",
        "Hours a month the device and an operator are available (more than 0, at most 744).",
        1,
        "%.0f",
        744,
    ),
}
HELP = {
    "full_cost": "Variable cost per session (consumables + other + minutes / 60 x operator pay) + fixed cost "
    "per month / sessions per month; fixed cost = depreciation + interest + maintenance per month.",
    "break_even": "Sessions a month that cover the fixed cost: ceil(fixed cost per month / contribution margin), "
    "where contribution margin = price charged - variable cost per session.",
    "payback": "First month whose cumulative cash is at least 0. Month 0 = down payment (or the whole price if "
    "not financed); each month adds sessions x margin - maintenance - loan payment; resale value in "
    "the last month of the life.",
    "npv": "Net present value: the monthly cash flows over the life discounted at (1 + discount rate)^(1/12) - 1 "
    "per month, month 0 undiscounted.",
    "roi": "Return on investment: the sum of all cash flows over the life / device price.",
    "utilisation": "Sessions per month x minutes per session / 60 / hours available per month.",
}


def _currency_label(currencies: list[str]) -> str:
    return currencies[0] if len(set(currencies)) == 1 else "row currency"


def _stored_values() -> dict[str, dict[str, float | None]]:
    return st.session_state.setdefault(VALUES_KEY, {})


def _reset_edits() -> None:
    st.session_state[VALUES_KEY] = {}
    st.session_state[EDITOR_VERSION_KEY] = st.session_state.get(EDITOR_VERSION_KEY, 0) + 1


def editor_frame(
    devices: pd.DataFrame, selected: list[str], stored: dict[str, dict[str, float | None]]
) -> pd.DataFrame:
    """The chosen devices' inputs (table values, overridden by this session's edits), indexed by device_id."""
    rows = devices.loc[selected, ["name", "currency", *INPUT_FIELDS]].copy()
    for device_id, changes in stored.items():
        if device_id in rows.index:
            for field, value in changes.items():
                rows.loc[device_id, field] = np.nan if value is None else value
    return rows.astype({f: "float64" for f in INPUT_FIELDS})


def keep_edits(devices: pd.DataFrame, edited: pd.DataFrame) -> None:
    """Remember, per device, the cells that differ from the table (None for an emptied cell)."""
    stored = _stored_values()
    for device_id, row in edited.iterrows():
        values = {f: None if pd.isna(row[f]) else float(row[f]) for f in INPUT_FIELDS}
        # Table values are validated, never empty: an emptied cell always counts as a change.
        changes = {f: v for f, v in values.items() if v is None or v != float(devices.loc[device_id, f])}
        if changes:
            stored[str(device_id)] = changes
        else:
            stored.pop(str(device_id), None)


def edit_problems(tables: PriceTables, edited: pd.DataFrame) -> dict[str, list[str]]:
    """Problems per device id, each naming the column, found by the devices table's own validation."""
    candidate = tables.devices.set_index("device_id").loc[edited.index].copy()
    candidate[list(INPUT_FIELDS)] = edited[list(INPUT_FIELDS)].to_numpy()
    candidate = candidate.reset_index()
    typed, problems = validate_table("devices", candidate)
    problems += device_row_problems(typed)
    currencies = list(edited["currency"])
    out: dict[str, list[str]] = {}
    for problem in problems:
        if problem.row is None or problem.column not in FIELDS:
            continue
        device_id = str(candidate.loc[problem.row - 1, "device_id"])
        message = problem.message
        for field, spec in FIELDS.items():
            message = message.replace(field, spec.label.format(c=currencies[problem.row - 1]))
        label = FIELDS[problem.column].label.format(c=currencies[problem.row - 1])
        out.setdefault(device_id, []).append(f"column **{label}**: {message}")
    return out


def checked_edits(tables: PriceTables, edited: pd.DataFrame) -> dict[str, list[str]]:
    """`edit_problems`, remembered in the session for these tables and these values (a rerun that changes
    neither, e.g. the target margin, skips the validation)."""
    signature = (list(edited.index), list(edited["currency"]), edited[list(INPUT_FIELDS)].to_numpy().tobytes())
    memo = st.session_state.get(PROBLEMS_MEMO_KEY)
    if memo is not None and memo[0] is tables and memo[1] == signature:
        return memo[2]
    problems = edit_problems(tables, edited)
    st.session_state[PROBLEMS_MEMO_KEY] = (tables, signature, problems)
    return problems


def answer_in_words(name: str, inputs: DeviceInputs, econ: DeviceEconomics) -> str:
    """'Fractional CO2 laser: break-even at 4 sessions a month; at 43 a month it pays back in 2 months.'

    Markdown: the device name is escaped, so it shows as typed in the devices table."""
    currency, name = inputs.currency, markdown_text(name)
    margin, break_even = float(econ.contribution_margin[0]), float(econ.break_even_sessions_per_month[0])
    payback, life = float(econ.payback_months[0]), int(econ.life_months[0])
    sessions = f"{float(inputs.sessions_per_month):g}"
    if margin <= 0:
        return (
            f"**{name}**: never breaks even at this price: the price charged "
            f"({money(float(inputs.price_per_session), currency)}) does not cover the variable cost of a "
            f"session ({money(float(econ.variable_cost_per_session[0]), currency)})."
        )
    first = (
        "no fixed monthly cost, so every session at this price earns money"
        if break_even == 0
        else f"break-even at {int(break_even)} session{'s' if break_even != 1 else ''} a month"
    )
    if math.isnan(payback):
        second = f"at {sessions} a month it does not pay for itself within its life of {life} months"
    elif payback == 0:
        second = "nothing to pay back at purchase"
    else:
        second = f"at {sessions} a month it pays back in {int(payback)} month{'s' if payback != 1 else ''}"
    text = f"**{name}**: {first}; {second}."
    if float(econ.utilisation[0]) > 1:
        text += (
            f" But {sessions} sessions a month need {percent(float(econ.utilisation[0]))} of the hours "
            "available, which is not possible."
        )
    return text


def regional_typical_price(tables: PriceTables, region: str, option_id: str, currency: str) -> float | None:
    """The region's typical price of one session of the option, converted into `currency`; None if none."""
    prices = tables.prices
    row = prices[(prices["region_id"] == region) & (prices["option_id"] == option_id)]
    if row.empty:
        return None
    return float(convert(row["price_typical"].iloc[0], row["currency"].iloc[0], currency, tables.units_per_usd())[0])


loaded = current_tables()
tables = loaded.tables
devices = tables.devices.set_index("device_id")
device_names = devices["name"]

st.title("Clinic planner")
st.caption(
    "What a session really costs you, what to charge, how many sessions a month until a device pays for "
    "itself, and how your prices sit against the region. Device money is in each device's currency; "
    "estimates from the devices table until you change them."
)
show_data_status(loaded)
remind_unsaved_edits()

with st.sidebar:
    region = choices.region_picker(tables)
    selected = choices.device_picker(
        device_names,
        "Microneedling devices (roller, pen, pen with PRP, RF) and fractional lasers (1550 nm, "
        "1927 nm, CO2, Er:YAG); edit their economics in the table.",
    )
    choices.drop_invalid_number(MARGIN_KEY, 0, 90)
    target_margin = st.slider(
        "Target margin (%)",
        min_value=0,
        max_value=90,
        value=40,
        step=1,
        key=MARGIN_KEY,
        format="%d %%",
        help="Share of the price of a single session kept over its full cost, in percent; sets the suggested "
        "menu prices.",
        **choices.BOUND,
    )

if not selected:
    st.warning("Choose at least one device in the sidebar.", icon=":material/warning:")
    st.stop()

colours = option_colours(list(tables.options["option_id"]))
region_name = str(tables.regions.set_index("region_id").loc[region, "name"])
region_md = markdown_text(region_name)  # names from the editable tables are shown as typed, never as Markdown
region_currency = choices.region_currency(tables, region)

# --- inputs -------------------------------------------------------------------------------------------
st.subheader("Your devices")
frame = editor_frame(devices, selected, _stored_values())
label_currency = _currency_label(list(frame["currency"]))
column_config = {
    "name": st.column_config.TextColumn(
        "Device", disabled=True, pinned=True, width="medium", help="From the devices table."
    ),
    "currency": st.column_config.TextColumn(
        "Currency", disabled=True, width="small", help="Currency of every money column in the row."
    ),
}
for field, spec in FIELDS.items():
    column_config[field] = st.column_config.NumberColumn(
        spec.label.format(c=label_currency),
        help=spec.help.format(c=label_currency),
        min_value=0,
        max_value=spec.max_value,
        step=spec.step,
        format=spec.format,
    )
version = st.session_state.get(EDITOR_VERSION_KEY, 0)
edited = st.data_editor(
    frame,
    key=f"clinic_editor_{version}_{'_'.join(selected)}",
    hide_index=True,
    column_config=column_config,
    column_order=["name", "currency", *INPUT_FIELDS],
    num_rows="fixed",
    width="stretch",
)
keep_edits(devices, edited)
left, right = st.columns([3, 1], vertical_alignment="center")
left.caption(
    "Edits stay for this session, per device. Double-click a cell to change it; each column header explains its unit."
)
right.button(
    "Reset to table values",
    on_click=_reset_edits,
    icon=":material/restart_alt:",
    width="stretch",
    key="clinic_reset",
    disabled=not _stored_values(),
    help="Forget this session's edits and use the devices table again.",
)

problems = checked_edits(tables, edited)
for device_id, messages in problems.items():
    row = selected.index(device_id) + 1
    st.error(
        f"**{markdown_text(device_names[device_id])}** (row {row}) is not computed until fixed:\n\n"
        + "\n".join(f"- {m}" for m in messages),
        icon=":material/error:",
    )

valid = [d for d in selected if d not in problems]
if not valid:
    st.stop()
inputs = {d: DeviceInputs.from_mapping(edited.loc[d], currency=str(edited.loc[d, "currency"])) for d in valid}
econ = {d: device_economics(inputs[d]) for d in valid}
names = {d: str(device_names[d]) for d in valid}
names_md = {d: markdown_text(name) for d, name in names.items()}
option_of = {d: str(devices.loc[d, "option_id"]) for d in valid}
overbooked = [d for d in valid if float(econ[d].utilisation[0]) > 1]
no_margin = [d for d in valid if float(econ[d].contribution_margin[0]) <= 0]
no_sessions = [d for d in valid if float(inputs[d].sessions_per_month) <= 0]

# --- the answer -----------------------------------------------------------------------------------------
st.subheader("How many sessions a month until it pays for itself")
st.markdown("\n".join(f"- {answer_in_words(names[d], inputs[d], econ[d])}" for d in valid))


def overbooked_message(d: str) -> str:
    return (
        f"{names_md[d]}: {float(inputs[d].sessions_per_month):g} sessions of "
        f"{float(inputs[d].minutes_per_session):g} minutes a month need "
        f"{percent(float(econ[d].utilisation[0]))} of the {float(inputs[d].hours_per_month):g} hours "
        "available. Payback, NPV and ROI would count sessions you cannot fit: lower sessions per month, "
        "shorten the session or raise hours available per month."
    )


# --- key figures ----------------------------------------------------------------------------------------
st.subheader("Key figures")
CARDS_PER_ROW = 3  # columns stack on a phone, so each card then takes the full width
slots = [column for start in range(0, len(valid), CARDS_PER_ROW) for column in st.columns(CARDS_PER_ROW)]
for d, slot in zip(valid, slots):
    e, cur, s = econ[d], inputs[d].currency, econ[d].summary()
    card = slot.container(border=True)
    card.markdown(f"**{names_md[d]}** ({cur})")
    card.metric(
        "Full cost per session",
        "n/a" if d in no_sessions else money(s["full_cost_per_session"], cur, 2),
        help=HELP["full_cost"],
    )
    if d in no_margin:
        card.warning(
            f"No break-even: the price charged ({money(float(inputs[d].price_per_session), cur)}) does "
            f"not cover the variable cost of a session ({money(float(e.variable_cost_per_session[0]), cur)})"
            ", so every session loses money whatever the volume. Raise the price or lower consumables, "
            "other costs or minutes.",
            icon=":material/warning:",
        )
    else:
        card.metric("Break-even (sessions / month)", f"{s['break_even_sessions_per_month']}", help=HELP["break_even"])
    if d in no_sessions:
        card.warning(
            "No sessions a month: there is no cost per session and the device never pays back.",
            icon=":material/warning:",
        )
    if d in overbooked:
        card.warning(overbooked_message(d), icon=":material/warning:")
        continue
    payback = s["payback_months"]
    card.metric(
        "Payback",
        "not within life" if payback is None else f"{payback} month{'' if payback == 1 else 's'}",
        help=HELP["payback"],
    )
    card.metric("NPV", money(s["npv"], cur), help=HELP["npv"])
    card.metric("ROI", percent(s["roi"]), help=HELP["roi"])
    card.metric("Utilisation", percent(s["utilisation"]), help=HELP["utilisation"])

kpi_rows = []
for d in valid:
    s = econ[d].summary()
    kpi_rows.append(
        {
            "Device": names[d],
            "Currency": inputs[d].currency,
            "Full cost per session": s["full_cost_per_session"],
            "Variable cost per session": s["variable_cost_per_session"],
            "Fixed cost per month": s["fixed_cost_per_month"],
            "Contribution margin per session": s["contribution_margin"],
            "Monthly loan payment": s["monthly_payment"],
            "Break-even sessions per month": s["break_even_sessions_per_month"],
            "Payback months": s["payback_months"],
            "NPV": s["npv"],
            "ROI": s["roi"],
            "Utilisation": s["utilisation"],
        }
    )
kpi = pd.DataFrame(kpi_rows)
with st.expander("All figures as a table"):
    st.dataframe(
        kpi,
        hide_index=True,
        width="stretch",
        key="clinic_kpi_table",
        column_config={
            **{c: st.column_config.NumberColumn(format="accounting") for c in kpi.columns[2:]},
            "Break-even sessions per month": st.column_config.NumberColumn(format="%d"),
            "Payback months": st.column_config.NumberColumn(format="%d"),
            "Device": st.column_config.TextColumn(pinned=True),
            "ROI": st.column_config.NumberColumn(format="percent", help=HELP["roi"]),
            "Utilisation": st.column_config.NumberColumn(format="percent", help=HELP["utilisation"]),
        },
    )
    st.download_button(
        "Download key figures (CSV)", table_csv(kpi), "clinic-key-figures.csv", "text/csv", icon=":material/download:"
    )

# --- figures --------------------------------------------------------------------------------------------
tab_cost, tab_cash, tab_tornado = st.tabs(["Cost per session", "Cash and payback", "What moves profit"])
by_currency: dict[str, list[str]] = {}
for d in valid:
    by_currency.setdefault(inputs[d].currency, []).append(d)

overbooked_note = (
    ", ".join(names_md[d] for d in overbooked) + ": fixed costs are spread over more sessions than "
    "fit in the hours available, so the cost per session (and the menu built on it) is too low."
)
with tab_cost:
    if no_sessions:
        st.warning(
            "Not drawn for "
            + ", ".join(names_md[d] for d in no_sessions)
            + ": with no sessions a month there is no cost per session.",
            icon=":material/warning:",
        )
    if overbooked:
        st.warning(overbooked_note, icon=":material/warning:")
    for cur, group in by_currency.items():
        drawn = [d for d in group if d not in no_sessions]
        if not drawn:
            continue
        parts = pd.DataFrame(
            [
                {
                    "device_id": d,
                    "option_id": option_of[d],
                    "name": names[d],
                    "price_per_session": float(inputs[d].price_per_session),
                    "full_cost_per_session": float(econ[d].full_cost_per_session[0]),
                    **per_session_parts(econ[d], float(inputs[d].sessions_per_month)),
                }
                for d in drawn
            ]
        )
        st.plotly_chart(cost_per_session(parts, colours, cur), config=PLOTLY_CONFIG, key=f"clinic_cost_{cur}")
        st.caption(
            "Fixed costs (depreciation, interest, maintenance) are spread over the sessions you sell each "
            "month; the black tick is the price you charge."
        )
        st.download_button(
            f"Download cost per session ({cur}, CSV)",
            table_csv(parts.drop(columns=["device_id", "option_id"]).assign(currency=cur)),
            f"clinic-cost-per-session-{cur}.csv",
            "text/csv",
            icon=":material/download:",
            key=f"clinic_cost_csv_{cur}",
        )

with tab_cash:
    for d in overbooked:
        st.warning(overbooked_message(d) + " Its cash line is not drawn.", icon=":material/warning:")
    for cur, group in by_currency.items():
        drawn = [d for d in group if d not in overbooked]
        if not drawn:
            continue
        lines = []
        for d in drawn:
            life = int(econ[d].life_months[0])
            payback = econ[d].summary()["payback_months"]
            lines.append(
                CashLine(
                    d,
                    option_of[d],
                    names[d],
                    np.arange(life + 1),
                    econ[d].cumulative_cash[0, : life + 1],
                    int(payback) if payback is not None else None,
                )
            )
        st.plotly_chart(cumulative_cash(lines, colours, cur), config=PLOTLY_CONFIG, key=f"clinic_cash_{cur}")
        never = [markdown_text(line.name) for line in lines if line.payback_month is None]
        if never:
            st.warning(
                ", ".join(never) + ": no payback within the device's life at these figures.", icon=":material/warning:"
            )
    st.caption(
        "Month 0 is the down payment (or the whole price if not financed); each month adds sessions x "
        "margin, less maintenance and the loan payment; the resale value comes in the last month."
    )


@st.fragment
def sensitivity_panel() -> None:
    """The tornado for one chosen device; choosing another device reruns only this panel."""
    if st.session_state.get(TORNADO_KEY) not in valid:
        st.session_state.pop(TORNADO_KEY, None)
    chosen = st.selectbox(
        "Device", valid, format_func=lambda d: names[d], key=TORNADO_KEY, help="Which device's monthly profit to test."
    )
    currency = inputs[chosen].currency
    sensitivity = profit_sensitivity(inputs[chosen], CHANGE_PCT)
    st.plotly_chart(
        sensitivity_tornado(sensitivity, names[chosen], colours[option_of[chosen]], currency, CHANGE_PCT),
        config=PLOTLY_CONFIG,
        key="clinic_tornado",
    )
    st.caption(
        f"Each input moves {CHANGE_PCT:g} % down (hatched) and up (solid), one at a time; monthly profit = "
        "sessions x margin - fixed cost per month. The device price moves with its down payment and resale "
        "value."
    )
    tornado_table = sensitivity.drop(columns=["input"]).rename(
        columns={
            "label": "Input",
            "value_low": f"Input -{CHANGE_PCT:g} %",
            "value_high": f"Input +{CHANGE_PCT:g} %",
            "profit_low": f"Monthly profit at -{CHANGE_PCT:g} % ({currency})",
            "profit_high": f"Monthly profit at +{CHANGE_PCT:g} % ({currency})",
            "base_profit": f"Base monthly profit ({currency})",
            "swing": f"Swing ({currency})",
        }
    )
    st.download_button(
        "Download sensitivity (CSV)",
        table_csv(tornado_table),
        f"clinic-sensitivity-{chosen}.csv",
        "text/csv",
        icon=":material/download:",
    )


with tab_tornado:
    sensitivity_panel()

# --- menu -----------------------------------------------------------------------------------------------
st.subheader(f"What to charge: a menu at {target_margin}\u00a0% margin, against {region_md}")
menus = []
for d in valid:
    if d in no_sessions:
        continue
    cur = inputs[d].currency
    regional = regional_typical_price(tables, region, option_of[d], cur)
    menu = suggested_menu(
        float(econ[d].full_cost_per_session[0]), cur, float(target_margin), regional_typical_price=regional
    )
    menus.append(menu.assign(device=names[d]))
if menus:
    menu = pd.concat(menus, ignore_index=True)
    menu_currency = _currency_label(list(menu["currency"]))
    region_col = f"{region} typical per session ({menu_currency})"
    shown = pd.DataFrame(
        {
            "Device": menu["device"],
            "Item": menu["item"],
            f"Per session ({menu_currency})": menu["price_per_session"],
            f"vs {region} %": menu["vs_region_pct"],
            region_col: menu["regional_typical_per_session"],
            f"Price ({menu_currency})": menu["price"],
            "Margin %": menu["margin_pct"],
            "Discount %": menu["discount_pct"],
            "Sessions": menu["sessions"],
            "Currency": menu["currency"],
        }
    )
    money_col = st.column_config.NumberColumn(format="accounting")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="clinic_menu_table",
        column_config={
            "Device": st.column_config.TextColumn(pinned=True),
            f"Price ({menu_currency})": money_col,
            f"Per session ({menu_currency})": money_col,
            region_col: money_col,
            "Discount %": st.column_config.NumberColumn(format="%.1f %%"),
            "Margin %": st.column_config.NumberColumn(
                format="%.1f %%", help="(price per session - full cost) / price per session."
            ),
            f"vs {region} %": st.column_config.NumberColumn(
                format="%+.0f %%",
                help=f"Suggested price per session against {region_md}'s typical price of one "
                "session: + is dearer than the region, - cheaper.",
            ),
        },
    )
    if overbooked:
        st.warning(overbooked_note, icon=":material/warning:")
    missing = [
        names_md[d]
        for d in valid
        if d not in no_sessions and regional_typical_price(tables, region, option_of[d], inputs[d].currency) is None
    ]
    if missing:
        st.info(f"No {region_md} price in the tables for: " + ", ".join(missing) + ".", icon=":material/info:")
    st.caption(
        f"Single price = full cost per session / (1 - {target_margin} %); packages are that price less "
        f"their discount. {region_md}'s typical price is converted from {region_currency} at the "
        f"exchange-rate table (as of {tables.fx['as_of'].max()})."
    )
    st.download_button(
        "Download menu (CSV)", table_csv(shown), f"clinic-menu-{region}.csv", "text/csv", icon=":material/download:"
    )
