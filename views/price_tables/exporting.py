"""The Export tab of the Price tables page: the table as saved or as in the editor, as CSV or Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store import export_csv, export_xlsx
from ui.table_drafts import PREFIX, store_frame
from views.price_tables.context import PageContext

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_source(page: PageContext, source: str) -> tuple[pd.DataFrame, str]:
    """The table to export and the file name's stem: the editor's copy, the saved version, or the copy in force."""
    saved_version = page.newest()
    if source == "editor":
        return store_frame(page.table, page.draft.current), f"{page.table}-unsaved"
    if saved_version is not None:
        return saved_version.frame, f"{page.table}-v{saved_version.version_no}"
    return page.fallback_frames[page.table], page.table


def show_export(page: PageContext) -> None:
    table = page.table
    saved_version = page.newest()
    names = {
        "saved": f"Saved version {saved_version.version_no}" if saved_version else f"The {page.loaded.origin} copy",
        "editor": "The editor's copy, with your unsaved edits",
    }
    source = st.radio(
        "What to export",
        ["saved"] + (["editor"] if page.draft.pending else []),
        format_func=lambda s: names[s],
        horizontal=True,
        key=f"{PREFIX}.export.source.{table}",
        help="The table as saved, or as it is in the editor now (unsaved edits included).",
    )
    out, stem = export_source(page, source)
    e1 = e2 = st.container(horizontal=True)
    e1.download_button(
        "Download CSV",
        export_csv(out),
        f"{stem}.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{PREFIX}.export.csv",
        help="UTF-8 with a byte-order mark, comma-separated, so Excel reads accents.",
    )
    e2.download_button(
        "Download Excel (.xlsx)",
        export_xlsx(out, sheet_name=table),
        f"{stem}.xlsx",
        XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=f"{PREFIX}.export.xlsx",
        help="One sheet named like the table, header row frozen.",
    )
    st.caption(
        f"{len(out)} rows. Text that a spreadsheet would run as a formula (starting with =, +, -, @) "
        "gets a leading ' so opening the file runs nothing; importing it again removes the quote."
    )
    st.dataframe(out, hide_index=True, width="stretch", key=f"{PREFIX}.export.preview")
