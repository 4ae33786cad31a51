"""Real-world payback: when the chosen devices pay back at the volume that really comes, paid for as you would pay,
with the costs that come with each session and tax, beside the reality check; and the economics of a whole menu.

Every figure comes from the core: `pricing.clinic.cases` builds each case from a device and the settings,
`pricing.clinic.scenarios.compare_scenarios` projects all cases of a currency in one call,
`pricing.clinic.menu_economics` the menu. This module draws the page top to bottom from the pieces beside it:
the inputs (`inputs`), the cases (`cases`), the answer (`answer`) and one module per tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pricing.clinic.cases import edited_device_inputs
from pricing.clinic.device import DeviceInputs
from ui import choices
from ui.clinic_edits import VALUES_KEY
from ui.clinic_report import REAL_WORLD_FIGURES, Provenance, clinic_report_pdf, report_device, report_download
from ui.content import text
from ui.data import current_tables, show_data_status
from ui.drawn_when_open import showing
from ui.palette import option_colours
from ui.short_links import short_link_control
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text
from views.real_world_payback.answer import answer
from views.real_world_payback.cases import Devices, Projected, Settings, base_cases
from views.real_world_payback.financing import financing_tab
from views.real_world_payback.inputs import (
    METHOD_LABELS,
    WARN,
    expected_volume,
    loaded_inputs,
    payment_inputs,
    tax_inputs,
    volume_inputs,
)
from views.real_world_payback.loaded_cost import loaded_cost_tab
from views.real_world_payback.menu_economics import menu_tab
from views.real_world_payback.sessions import sessions_tab
from views.real_world_payback.side_by_side_tab import side_by_side_tab
from views.real_world_payback.tax import tax_tab

TABS = ["Side by side", "Volume", "Paying for it", "Loaded cost", "Tax", "Menu economics"]


def usable_devices(devices: pd.DataFrame) -> tuple[Devices, dict[str, DeviceInputs]]:
    """The devices chosen in the sidebar with the Clinic planner's edits of this session, and their inputs; a
    device whose edits cannot be used is left out with a warning. Stops the page when none is left."""
    device_names = devices["name"]
    with st.sidebar:
        selected = choices.device_picker(
            device_names, "The same devices as in the Clinic planner, with the values you edited there in this session."
        )
        short_link_control("real-world")
    if not selected:
        st.warning("Choose at least one device in the sidebar.", icon=WARN)
        st.stop()
    base, problems = edited_device_inputs(devices, selected, st.session_state.get(VALUES_KEY, {}))
    for device_id, messages in problems.items():
        st.warning(
            f"**{markdown_text(device_names[device_id])}** is left out: its values edited in the Clinic planner "
            "cannot be used (" + "; ".join(markdown_text(m.replace("_", " ")) for m in messages) + "). Fix them there.",
            icon=WARN,
        )
    valid = [d for d in selected if d in base]
    if not valid:
        st.stop()
    chosen = Devices(
        valid,
        {d: str(device_names[d]) for d in valid},
        {d: str(devices.loc[d, "option_id"]) for d in valid},
        {d: base[d].currency for d in valid},
    )
    return chosen, base


def report_pdf(projected: Projected, settings: Settings, devices: pd.DataFrame, colours: dict[str, str]) -> bytes:
    """The report (PDF): each computed device with every setting of the page, beside its reality check; built when
    the button is clicked. devices: the devices table indexed by device_id (the sources)."""
    shown = []
    for d in projected.computed:
        compared = projected.main[projected.devices.currency_of[d]]
        for row, check in zip(projected.row_of[d], (False, True), strict=True):
            case = compared.cases[row]
            shown.append(
                report_device(
                    case.scenario.name,
                    case.scenario.inputs,
                    case.scenario.loaded,
                    compared.comparison.projection,
                    row,
                    provenance=None if check else Provenance.of_device(devices, d),
                    colour=colours[case.option_id],
                    reality_check=check,
                )
            )
    paid = settings.payment.words().replace("\\", "")  # its device names are escaped for Markdown
    context = [
        f"At your volume ({settings.volume.words()}), {paid}; each device beside its reality check at half that "
        "volume (dashed on the chart)."
    ]
    if settings.tax_rate:
        method = METHOD_LABELS[str(settings.tax.depreciation)].replace("Straight", "straight")
        context.append(f"After {settings.tax_rate:g} % income tax ({method} depreciation) where the figures say so.")
    return clinic_report_pdf("Real-world payback: device report", context, shown, REAL_WORLD_FIGURES)


def render() -> None:
    """The page, top to bottom; it stops early when no device is chosen or none can be computed. Every tab's inputs
    are drawn on every run; only the open tab draws its figures."""
    loaded_tables = current_tables()
    tables = loaded_tables.tables
    colours = option_colours(list(tables.options["option_id"]))
    st.title("Real-world payback")
    st.caption(text("real_world"))
    show_data_status(loaded_tables)
    remind_unsaved_edits()
    devices, base = usable_devices(tables.devices.set_index("device_id"))
    currencies = set(devices.currency_of.values())
    label_currency = devices.currency_of[devices.valid[0]] if len(currencies) == 1 else "device currency"
    inputs = expected_volume(devices.valid, devices.names_md, base)

    answer_box = st.container(border=True)
    tab_side, tab_volume, tab_pay, tab_loaded, tab_tax, tab_menu = st.tabs(TABS, key="rw_tab", bind="query-params")
    with tab_volume:
        volume = volume_inputs()
    with tab_pay:
        payment = payment_inputs(devices.valid, devices.names, label_currency)
    with tab_loaded:
        minutes = {d: float(inputs[d].minutes_per_session) for d in devices.valid}
        loaded = loaded_inputs(
            devices.valid, devices.names, minutes, label_currency, tables.devices.set_index("device_id")
        )
    with tab_tax:
        tax = tax_inputs()
    settings = Settings(inputs, volume, payment, loaded, tax)

    cases = base_cases(devices, settings, answer_box)
    if not cases:
        st.stop()
    projected = Projected.of(devices, cases)
    answer(answer_box, projected, settings)
    devices_table = tables.devices.set_index("device_id")
    with answer_box:
        report_download(
            lambda: report_pdf(projected, settings, devices_table, colours), "real-world-payback-report.pdf", "rw_pdf"
        )
    figures: list[tuple[Any, Callable[[], None]]] = [
        (tab_side, lambda: side_by_side_tab(projected, settings, colours)),
        (tab_volume, lambda: sessions_tab(projected, settings, colours)),
        (tab_pay, lambda: financing_tab(projected)),
        (tab_loaded, lambda: loaded_cost_tab(projected, settings, colours)),
        (tab_tax, lambda: tax_tab(projected, settings, colours)),
    ]
    for tab, draw in figures:  # only the open tab draws its figures
        if showing(tab):
            with tab:
                draw()
    with tab_menu:
        menu_tab(projected, colours, showing(tab_menu))
