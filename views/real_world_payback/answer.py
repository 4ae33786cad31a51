"""The Real-world payback page's answer: when each device pays back at your volume and at the reality check, after
tax, and why a device has no payback to give."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from ui.formatting import money, percent
from views.real_world_payback.cases import Projected, Settings
from views.real_world_payback.inputs import METHOD_LABELS, WARN, months_text


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def payback_phrase(projected: Projected, d: str, check: bool = False, key: str = "payback_months") -> str:
    """'in 19 months', or a whole predicate when there is no payback to give ('never pays back (...)')."""
    if d in projected.no_margin:
        return "never pays back (each session loses money)"
    if projected.is_overbooked(d, check):
        return "cannot be judged (more sessions than its hours allow)"
    months = projected.figure(d, key, check)
    if math.isnan(months):
        return f"does not pay back within its {months_text(projected.figure(d, 'life_months', check))} in use"
    return f"in {months_text(months)}"


def paybacks(projected: Projected, key: str = "payback_months", check: bool = False, bold: bool = False) -> str:
    """'**A** pays back in 19 months, **B** in 31 months and **C** never pays back (...)'."""
    items, said = [], False
    for d in projected.computed:
        name = projected.devices.names_md[d]
        phrase, name = payback_phrase(projected, d, check, key), f"**{name}**" if bold else name
        if phrase.startswith("in ") and not said:
            phrase, said = "pays back " + phrase, True
        items.append(f"{name} {phrase}")
    return listing(items)


def answer(box: Any, projected: Projected, settings: Settings) -> None:
    """In `box` (a container): the paybacks in words, then a warning per device without a payback to give."""
    names_md, inputs = projected.devices.names_md, settings.inputs
    with box:
        st.markdown(
            f"At your volume ({settings.volume.words()}), {settings.payment.words()}, "
            f"{paybacks(projected, bold=True)}. At half that volume (the reality check), "
            f"{paybacks(projected, check=True)}."
        )
        if settings.tax_rate:
            st.markdown(
                f"After {settings.tax_rate:g} % income tax ({METHOD_LABELS[str(settings.tax.depreciation)]} "
                f"depreciation), {paybacks(projected, 'after_tax_payback_months')}."
            )
        for d in projected.overbooked:
            st.warning(
                f"{names_md[d]}: {projected.figure(d, 'average_sessions_per_month'):,.1f} sessions a month of "
                f"{float(inputs[d].minutes_per_session):g} minutes need "
                f"{percent(projected.figure(d, 'utilisation'))} of the {float(inputs[d].hours_per_month):g} hours "
                "available, so its payback, NPV and ROI would count sessions you cannot fit. Turn on *Limit to "
                "capacity* (Volume tab) or lower the sessions.",
                icon=WARN,
            )
        for d in projected.no_margin:
            cur = projected.devices.currency_of[d]
            st.warning(
                f"{names_md[d]}: the price ({money(float(inputs[d].price_per_session), cur)}) does not cover the "
                f"variable cost ({money(projected.figure(d, 'variable_cost_per_session'), cur, 2)}) and loaded cost "
                f"({money(projected.figure(d, 'loaded_cost_per_session'), cur, 2)}) of a session: every session "
                "loses money, so it never pays back. Raise the price or lower the costs.",
                icon=WARN,
            )
