"""Price tables: edit, check, keep, import, export and share the tables every figure comes from.

A typed grid per table (filter large ones by region and option), the validator's problems by row and
column on every edit, versions with a note, history with view/compare/restore/reset, conflicts between
two editors, CSV/Excel import with a preview and export, and named scenarios of the dashboard's choices.
Edits live in the session (ui.table_drafts, views.price_tables.drafts) until saved or discarded; the
grid's rules live in views.price_tables.editor. This module lays out the page; each tab has its module.
"""

from __future__ import annotations

import streamlit as st

from store import StoreError
from ui.data import current_tables, show_data_status
from ui.permissions import show_save_notice
from ui.table_drafts import EDIT_ORDER, pending_tables, session_state, table_label
from ui.user_text import markdown_text
from views.price_tables.author import show_author
from views.price_tables.context import SECTION_KEY, TABLE_KEY, PageContext, prepare
from views.price_tables.drafts import FLASH_KEY
from views.price_tables.edit_tab import show_edit
from views.price_tables.exporting import show_export
from views.price_tables.history import show_history
from views.price_tables.importing import show_import
from views.price_tables.scenarios_tab import show_scenarios
from views.price_tables.stored import Stored, stored_tables

SECTIONS = ["Edit", "History", "Import", "Export", "Scenarios"]
SHOW_SECTION = (show_edit, show_history, show_import, show_export, show_scenarios)  # in the order of SECTIONS


def render() -> None:
    """The whole page: the header, the table picker with its state, and the tab chosen."""
    loaded = current_tables()
    st.title("Price tables")
    st.caption(
        "The tables every figure in the dashboard comes from. Edits are checked as you type and kept in "
        "this session (also while you look at other views) until you save them as a new version or discard "
        "them. Every save, restore and reset is a version you can go back to."
    )
    show_data_status(loaded)
    show_save_notice()  # a read-only deployment, or sign-in needed to save
    for kind, text in session_state().pop(FLASH_KEY, []):
        getattr(st, kind)(markdown_text(text))  # may hold scenario names, authors, file names
    page = prepare(loaded, _read_stored())
    _show_table_picker(page)
    tabs = st.tabs(SECTIONS, key=SECTION_KEY, on_change="rerun")
    for tab, show in zip(tabs, SHOW_SECTION, strict=True):
        with tab:
            if tab.open:
                show(page)


def _read_stored() -> Stored | None:
    """The kept tables; None, with the store's fault said, when they cannot be read."""
    try:
        return stored_tables()
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        st.caption(
            "Saving, history and scenarios need the data store. Your unsaved edits stay in the editor, "
            "and the figures use the last tables that worked until the store can be read again."
        )
        return None


def _show_table_picker(page: PageContext) -> None:
    """The table to work on, whether it has unsaved edits, and which tables do."""
    pending = pending_tables()
    c_table, c_author, c_state = st.columns([2, 2, 3], vertical_alignment="bottom")
    with c_author:
        show_author()
    c_table.selectbox(
        "Table",
        EDIT_ORDER,
        key=TABLE_KEY,
        format_func=table_label,
        help="The table to edit, look back through, import into or export. Unsaved edits of every "
        "table are kept until you save or discard them.",
    )
    with c_state:
        if page.table in pending:
            st.badge(
                f"Unsaved edits: {pending[page.table]}",
                icon=":material/edit_note:",
                color="orange",
                help="Kept in this session until you save or discard them.",
            )
        elif page.draft.loaded_info is not None:
            st.badge(f"Version {page.draft.loaded_version}, no unsaved edits", icon=":material/check:", color="green")
        else:
            st.badge(
                f"{page.loaded.origin.capitalize()} copy: the store could not be read",
                icon=":material/warning:",
                color="red",
            )
    if pending:
        st.warning(
            "Unsaved edits: "
            + "; ".join(f"**{table_label(t)}** ({what})" for t, what in pending.items())
            + ". They are not used for any figure until saved.",
            icon=":material/edit_note:",
        )
