"""The Clinic planner's answers in words: when each device breaks even and pays back, and why a figure is missing."""

from __future__ import annotations

import math

from pricing.clinic.device import DeviceEconomics, DeviceInputs
from ui.formatting import money, percent
from ui.user_text import markdown_text
from views.clinic_planner.economics import Planned


def months(count: int) -> str:
    """'1 month', '32 months'."""
    return f"{count} month{'' if count == 1 else 's'}"


def session_costs(econ: DeviceEconomics) -> str:
    """'the variable cost of a session (79 USD)', with ' and its loaded cost (...)' when it has one."""
    currency = econ.currency
    text = f"the variable cost of a session ({money(float(econ.variable_cost_per_session[0]), currency)})"
    loaded = float(econ.loaded_cost_per_session[0])
    return text + (f" and its loaded cost ({money(loaded, currency)})" if loaded > 0 else "")


def answer_in_words(name: str, inputs: DeviceInputs, econ: DeviceEconomics) -> str:
    """'Fractional CO2 laser: break-even at 7 sessions a month; at 13 a month it pays back its full cost in 32
    months (cash out of pocket recovered in 7 months).'

    The full-cost payback (`payback_months`) answers; the cash out of pocket recovered (`cash_payback_months`)
    follows. Markdown: the device name is escaped, so it shows as typed in the devices table."""
    currency, name = inputs.currency, markdown_text(name)
    margin, break_even = float(econ.contribution_margin[0]), float(econ.break_even_sessions_per_month[0])
    payback, life = float(econ.payback_months[0]), int(econ.life_months[0])
    cash = float(econ.cash_payback_months[0])
    sessions = f"{float(inputs.sessions_per_month):g}"
    if margin <= 0:
        return (
            f"**{name}**: never breaks even at this price: the price charged "
            f"({money(float(inputs.price_per_session), currency)}) does not cover {session_costs(econ)}."
        )
    first = (
        "no fixed monthly cost, so every session at this price earns money"
        if break_even == 0
        else f"break-even at {int(break_even)} session{'s' if break_even != 1 else ''} a month"
    )
    if math.isnan(payback):
        second = f"at {sessions} a month it does not pay back its full cost within its life of {months(life)}"
    elif payback == 0:
        second = "nothing to pay back at purchase"
    else:
        second = f"at {sessions} a month it pays back its full cost in {months(int(payback))}"
    if math.isnan(cash):
        second += " (the cash out of pocket is not recovered within its life)"
    elif cash == 0 and payback != 0:
        second += " (your cash never dips below 0)"
    elif payback != 0:
        second += f" (cash out of pocket recovered in {months(int(cash))})"
    text = f"**{name}**: {first}; {second}."
    if float(econ.utilisation[0]) > 1:
        text += (
            f" But {sessions} sessions a month need {percent(float(econ.utilisation[0]))} of the hours "
            "available, which is not possible."
        )
    return text


def overbooked_message(planned: Planned, d: str) -> str:
    """Why device d's payback, NPV and ROI are not shown: its sessions do not fit in its hours."""
    inputs = planned.inputs[d]
    return (
        f"{planned.names_md[d]}: {float(inputs.sessions_per_month):g} sessions of "
        f"{float(inputs.minutes_per_session):g} minutes a month need "
        f"{percent(float(planned.econ[d].utilisation[0]))} of the {float(inputs.hours_per_month):g} hours "
        "available. Payback, NPV and ROI would count sessions you cannot fit: lower sessions per month, "
        "shorten the session or raise hours available per month."
    )


def overbooked_note(planned: Planned) -> str:
    """Why the cost per session of the overbooked devices, and the price list built on it, is too low."""
    return (
        ", ".join(planned.names_md[d] for d in planned.overbooked) + ": fixed costs are spread over more sessions "
        "than fit in the hours available, so the cost per session (and the price list built on it) is too low."
    )
