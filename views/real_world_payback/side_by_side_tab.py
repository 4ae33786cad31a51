"""The Side by side tab of the Real-world payback page: which cases to put side by side (each device beside its
reality check, one device at three volumes, or one device paid each way)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import streamlit as st

from pricing.clinic.scenarios import DEFAULT_VOLUME_CASES, volume_cases
from ui.user_text import markdown_text
from views.real_world_payback.cases import Projected, Settings
from views.real_world_payback.inputs import KIND_LABELS, WARN, pick, segmented
from views.real_world_payback.side_by_side import Case, compare, side_by_side

COMPARE_LABELS = {"devices": "Devices", "volume": "Conservative / expected / optimistic", "payment": "Ways to pay"}
VOLUME_DASHES = ("dot", "solid", "dash")  # conservative, expected, optimistic (DEFAULT_VOLUME_CASES)
KIND_DASHES = {"loan": "solid", "cash": "dot", "lease": "dash", "promo": "dashdot"}


def side_by_side_tab(projected: Projected, settings: Settings, colours: Mapping[str, str]) -> None:
    """What to compare: each device beside its reality check (one table and chart per currency), or one device at
    three volumes, or one device paid each way."""
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
        for cur, compared in projected.main.items():
            side_by_side(compared, colours, "devices", f"rw_side_{cur}")
        st.caption(
            "Solid: the volume you entered; dashed: the reality check at half of it. A star marks each "
            "payback (full cost); the table also gives the discounted payback."
        )
        return
    names = projected.devices.names
    chosen = pick(st, "Device", projected.computed, "rw_compare_device", "Which device to compare.", lambda d: names[d])
    option = projected.devices.option_of[chosen]
    if mode == "volume":
        shares = [
            (f"{label.capitalize()} ({share:.0%})".replace("%", " %"), share) for label, share in DEFAULT_VOLUME_CASES
        ]
        cases = volume_cases(projected.base_cases[chosen], shares)
        side_by_side(
            compare(
                [Case(f"{chosen}_{c.name}", option, c, dash) for c, dash in zip(cases, VOLUME_DASHES, strict=False)]
            ),
            colours,
            f"volume-{chosen}",
            "rw_side_volume",
        )
        st.caption("Dotted: conservative (50 % of your volume); solid: expected; dashed: optimistic (150 %).")
        return
    kinds: list[Case] = []
    for kind, label in KIND_LABELS.items():
        try:
            scenario = settings.case(chosen, label, replace(settings.payment.terms, kind=kind))
        except ValueError as exc:
            st.warning(f"{label}: {markdown_text(str(exc))}.", icon=WARN)
        else:
            kinds.append(Case(f"{chosen}_{kind}", option, scenario, KIND_DASHES[kind]))
    side_by_side(compare(kinds), colours, f"payment-{chosen}", "rw_side_payment")
    st.caption(
        "Solid: loan; dotted: cash; dashed: lease; dash-dot: 0 % promotion, on the terms of the "
        "Paying tab (empty fields: the device's own)."
    )
