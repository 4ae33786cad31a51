"""Clinic planner: what a session really costs, what to charge, when a device pays for itself, per device."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pricing.tables.loading import PriceTables
from ui import choices
from ui.clinic_report import Provenance, clinic_report_pdf, report_device, report_download
from ui.data import current_tables, show_data_status
from ui.palette import option_colours
from ui.short_links import short_link_control
from ui.table_drafts import remind_unsaved_edits
from views.clinic_planner.charts import charts
from views.clinic_planner.device_table import device_table
from views.clinic_planner.economics import Planned
from views.clinic_planner.key_figures import answer, cards, figures_table
from views.clinic_planner.menu import menu
from views.clinic_planner.own_devices import own_devices_button
from views.clinic_planner.texts import HELP

MARGIN_KEY = "target_margin"
OPEN_DAYS_KEY = "clinic_open_days"
DEFAULT_OPEN_DAYS = 22


def sidebar(tables: PriceTables, device_names: pd.Series) -> tuple[str, list[str], int, int]:
    """The region, the chosen devices (ids), the target margin in percent and the open days a month."""
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
            "price list.",
            **choices.BOUND,
        )
        choices.drop_invalid_number(OPEN_DAYS_KEY, 1, 31)
        open_days = st.number_input(
            "Open days a month",
            min_value=1,
            max_value=31,
            value=DEFAULT_OPEN_DAYS,
            step=1,
            key=OPEN_DAYS_KEY,
            help=HELP["open_days"],
            **choices.BOUND,
        )
        short_link_control("clinic")
    return region, selected, target_margin, int(open_days)


def report_pdf(planned: Planned, devices: pd.DataFrame, colours: dict[str, str], open_days: int) -> bytes:
    """The report (PDF) of the computed devices, with the figures of their cards; built when the button is clicked."""
    return clinic_report_pdf(
        "Clinic planner: device report",
        [
            "Each device at the sessions a month and the price entered, the same every month, over its useful "
            f"life; {open_days} open days a month."
        ],
        [
            report_device(
                planned.names[d],
                planned.inputs[d],
                planned.loaded[d],
                planned.projection(d),
                figures=planned.summaries[d],
                provenance=Provenance.of_device(devices, d),
                colour=colours[planned.option_of[d]],
            )
            for d in planned.valid
        ],
    )


def render() -> None:
    """The page, top to bottom; it stops early when no device is chosen or none can be computed."""
    loaded = current_tables()
    tables = loaded.tables
    devices = tables.devices.set_index("device_id")
    st.title("Clinic planner")
    st.caption(
        "What a session really costs you, what to charge, how many sessions a month until a device pays for "
        "itself, and how your prices sit against the region. Device money is in each device's currency; "
        "estimates from the devices table until you change them."
    )
    show_data_status(loaded)
    remind_unsaved_edits()
    region, selected, target_margin, open_days = sidebar(tables, devices["name"])
    if not selected:
        st.warning("Choose at least one device in the sidebar.", icon=":material/warning:")
        st.stop()
    edited, problems = device_table(tables, devices, selected)
    own_devices_button(loaded, edited, problems)
    valid = [d for d in selected if d not in problems]
    if not valid:
        st.stop()
    planned = Planned.of(devices, edited, valid, open_days)
    answer(planned)
    cards(planned)
    figures_table(planned)
    colours = option_colours(list(tables.options["option_id"]))
    report_download(lambda: report_pdf(planned, devices, colours, open_days), "clinic-planner-report.pdf", "clinic_pdf")
    charts(planned, option_colours(list(tables.options["option_id"])))
    menu(tables, region, target_margin, planned)
