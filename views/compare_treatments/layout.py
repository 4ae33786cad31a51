"""Compare treatments: the whole course per option in one region, ranked, with ranges and downtime."""

from __future__ import annotations

import streamlit as st

from pricing.patient.course import PatientCosts
from pricing.patient.uncertainty import DEFAULT_DRAWS
from ui.content import text
from ui.data import current_tables, priced_courses, show_data_status
from ui.option_cards import card_rows, show_cards
from ui.palette import option_colours
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text
from views.compare_treatments.beyond_course import beyond_the_course
from views.compare_treatments.outcome import outcome_section, quote_section
from views.compare_treatments.safety import pigment_risk, risk_column, show_cautions
from views.compare_treatments.sections import charts, headline, printable_summary, ranking, sources, unavailable_notes
from views.compare_treatments.sidebar import sidebar_choices


def render() -> None:
    """The page, top to bottom; it stops early, with a warning, when there is nothing to compare."""
    loaded = current_tables()
    tables = loaded.tables
    st.title("Compare treatments")
    st.caption(text("disclaimer"))
    show_data_status(loaded)
    remind_unsaved_edits()
    chosen = sidebar_choices(tables)
    region_name = str(tables.regions.set_index("region_id").loc[chosen.region, "name"])
    indication_name = str(tables.indications.set_index("indication_id").loc[chosen.indication, "name"])
    st.subheader(f"{markdown_text(indication_name)} in {markdown_text(region_name)}, in {chosen.currency}")

    if not chosen.options:
        st.warning("Choose at least one option to compare in the sidebar.")
        st.stop()

    patient = PatientCosts(chosen.currency, chosen.extras, chosen.daily_value)
    result = priced_courses(loaded, [chosen.region], chosen.options, chosen.indication, patient, DEFAULT_DRAWS)
    rows = result.rows
    unavailable_notes(result.unavailable, chosen.option_names)
    if rows.empty:
        st.warning("None of the chosen options has both a price in this region and a course for this indication.")
        st.stop()

    colours = option_colours(list(chosen.option_names.index))
    file_stub = f"{chosen.region}-{chosen.indication}"
    risk = pigment_risk(tables, list(rows["option_id"]), chosen.skin_type)
    cards = card_rows(rows, chosen.currency, "option_name", risk)
    show_cards(cards, "Options compared, cheapest median first", risk_column(chosen.skin_type))  # phones only
    headline(result, chosen.currency, risk, chosen.skin_type)
    summary_slot = ranking(rows, chosen.currency, file_stub, risk, chosen.skin_type, DEFAULT_DRAWS)
    charts(result, colours, chosen.extras, chosen.currency, DEFAULT_DRAWS, risk, chosen.skin_type)
    outcome_section(tables, result, colours, risk, chosen.skin_type, region_name, indication_name)
    quote_section(tables, chosen.region, chosen.indication, result, chosen.option_names, region_name)
    beyond = beyond_the_course(tables, result, patient, colours, file_stub)
    printable_summary(summary_slot, tables, rows, chosen, region_name, indication_name, beyond)
    show_cautions(tables, list(rows["option_id"]), chosen.option_names, chosen.skin_type)
    sources(rows, file_stub)
