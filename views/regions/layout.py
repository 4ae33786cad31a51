"""Regions: one option in every region, in one currency: where a course is cheaper, where a price sits."""

from __future__ import annotations

import streamlit as st

from ui.content import text
from ui.data import current_tables, show_data_status
from ui.option_cards import card_rows, show_cards
from ui.palette import option_colours
from ui.table_drafts import remind_unsaved_edits
from ui.user_text import markdown_text
from views.regions.courses import draws_per_region, regional_courses
from views.regions.sections import bar_charts, headline, missing_regions, notes, regions_table
from views.regions.sidebar import sidebar_choices
from views.regions.world_map import world_map


def render() -> None:
    """The page, top to bottom; it stops early, with a message, when there is nothing to compare."""
    loaded = current_tables()
    tables = loaded.tables
    st.title("Regions")
    st.caption(text("disclaimer"))
    show_data_status(loaded)
    remind_unsaved_edits()

    option_names = tables.options.set_index("option_id")["name"]
    option_ids = list(option_names.index)
    if not option_ids:
        st.error("The options table is empty: add a treatment option under Data > Price tables.")
        st.stop()
    chosen = sidebar_choices(tables, option_names)

    region_names = tables.regions.set_index("region_id")["name"]
    home_name = str(region_names.get(chosen.home, chosen.home))
    option_name = str(option_names.get(chosen.option, chosen.option))
    indication_name = tables.indications.set_index("indication_id")["name"].get(chosen.indication, chosen.indication)
    # Names come from the editable tables: shown as typed, never as Markdown (an image link would load).
    home_md, option_md, indication_md = (
        markdown_text(home_name),
        markdown_text(option_name),
        markdown_text(str(indication_name).lower()),
    )
    st.subheader(f"{option_md} for {indication_md}, every region in {chosen.currency}")

    region_ids = list(tables.regions["region_id"])
    draws = draws_per_region(len(region_ids))
    try:
        result, unavailable = regional_courses(loaded, chosen, region_ids, draws)
    except (KeyError, ValueError) as exc:
        st.error(
            f"The figures for {option_md} cannot be computed from the current price tables "
            f"({markdown_text(exc)}). "
            "Check the prices, sessions and exchange-rate tables under Data > Price tables."
        )
        st.stop()

    missing = missing_regions(unavailable, region_names)
    if result is None or result.rows.empty:
        st.warning(
            f"{option_md} has no course for {indication_md} in any region, so there is nothing "
            "to compare. Choose another option or indication in the sidebar.",
            icon=":material/warning:",
        )
        st.dataframe(missing, hide_index=True, width="stretch", key="regions_missing")
        st.stop()

    rows = result.rows.merge(tables.regions[["region_id", "iso3"]], on="region_id", how="left")
    show_cards(card_rows(rows, chosen.currency, "region_name"), "Regions, cheapest median first")  # phones only
    headline(rows, chosen, home_md)
    notes(rows, unavailable, chosen, home_md)
    bar_charts(rows, chosen, option_colours(option_ids)[chosen.option], tables.fx)
    world_map(rows, chosen.home, chosen.currency)
    regions_table(rows, chosen, draws)
    if len(missing):
        st.markdown("#### Not compared")
        st.dataframe(missing, hide_index=True, width="stretch", key="regions_missing")
