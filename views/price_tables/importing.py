"""The Import tab of the Price tables page: a CSV or Excel file read with a preview and every problem,
then taken into the editor as unsaved edits, replacing the table or appended to it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from pricing.tables.schema import TABLES
from store import CellProblem, ImportRejectedError, ImportResult, import_table
from ui.table_drafts import PREFIX, session_state, table_label
from ui.user_text import markdown_text
from views.price_tables.context import SECTION_KEY, PageContext
from views.price_tables.drafts import apply_live_edits, flash, get_draft, replace_current
from views.price_tables.editor import append_rows, edit_problems, editor_frame, problems_table

UPLOAD_LIMIT_MB = 50  # the store's own limit (5 MB) answers first, with its message


def import_key(table: str) -> str:
    return f"{PREFIX}.import.{table}"


def upload_round_key(table: str) -> str:
    return f"{PREFIX}.upload_round.{table}"


def import_problems_table(problems: Sequence[CellProblem]) -> pd.DataFrame:
    """Cells an import could not read: Row (1-based data row, 0 = header), Column, Problem."""
    frame = pd.DataFrame.from_records(
        [{"Row": p.row, "Column": p.column, "Problem": p.message} for p in problems],
        columns=["Row", "Column", "Problem"],
    )
    frame["Row"] = frame["Row"].astype("Int64")
    return frame


def take_import(table: str, frame: pd.DataFrame, mode: str) -> None:
    """Put an imported table into the editor as unsaved edits: replacing the table or appended to it."""
    draft = get_draft(table)
    if draft is None:
        return
    apply_live_edits(draft)
    if mode == "replace":
        replace_current(draft, editor_frame(table, frame))
        what = f"replaces {table_label(table)}"
    else:
        replace_current(draft, append_rows(table, draft.current, frame))
        what = f"is appended to {table_label(table)}"
    flash(
        "success",
        f"The import ({len(frame)} rows) {what} in the editor as unsaved edits: check it on the "
        "Edit tab and save it with a note.",
    )


def on_import(table: str, mode: str) -> None:
    """Callback of the buttons that take the previewed import; the page then shows the Edit tab."""
    state = session_state()
    result: ImportResult | None = state.get(import_key(table), (None, None))[1]
    if result is None:
        return
    take_import(table, result.frame, mode)
    state.pop(import_key(table), None)
    state[upload_round_key(table)] = state.get(upload_round_key(table), 0) + 1
    state[SECTION_KEY] = "Edit"


def show_import(page: PageContext) -> None:
    table, label = page.table, page.label
    uploaded = st.file_uploader(
        f"CSV or Excel file for {label}",
        type=["csv", "tsv", "txt", "xlsx"],
        key=f"{PREFIX}.upload.{table}.{st.session_state.get(upload_round_key(table), 0)}",
        max_upload_size=UPLOAD_LIMIT_MB,
        help="UTF-8, UTF-16 or Latin-1 text separated by commas, semicolons or tabs (decimal commas are "
        "understood), or an .xlsx workbook (the sheet named like the table, else the first). Up to 5 MB. "
        "You see a preview and every problem before anything changes.",
    )
    if uploaded is None:
        st.caption(
            "Columns are matched by name, ignoring case and spaces; "
            f"{label} expects: " + ", ".join(TABLES[table].column_names) + "."
        )
        return
    data = uploaded.getvalue()
    file_id = (uploaded.name, len(data), hash(data))
    cached = st.session_state.get(import_key(table))
    result: ImportResult | None = None
    try:
        if cached is not None and cached[0] == file_id:
            result = cached[1]
        else:
            result = import_table(table, data)
            st.session_state[import_key(table)] = (file_id, result)
    except ImportRejectedError as exc:
        st.session_state.pop(import_key(table), None)
        st.error(markdown_text(f"{uploaded.name} cannot be imported: {exc}"), icon=":material/block:")
    if result is not None:
        _show_preview(result)
        _show_choices(page, result)


def _show_preview(result: ImportResult) -> None:
    """What the file holds: the reader's report, the cells it could not read, and the rows as read."""
    report = result.report
    lines = report.messages()
    st.markdown("#### What the file holds")
    st.markdown(
        "\n".join(
            f"- {markdown_text(line)}"
            for line in lines[: 1 + bool(report.missing_columns) + bool(report.unknown_columns)]
        )
    )
    if report.problems:
        st.warning(
            f"{len(report.problems)} cell(s) could not be read and are left empty:",
            icon=":material/warning:",
        )
        st.dataframe(
            import_problems_table(report.problems),
            hide_index=True,
            width="stretch",
            key=f"{PREFIX}.import.cells",
        )
    st.caption(f"Preview: the {len(result.frame)} rows as they would be imported.")
    st.dataframe(
        result.frame,
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}.import.preview",
        height=min(36 * (len(result.frame) + 1) + 3, 320),
    )


def _show_choices(page: PageContext, result: ImportResult) -> None:
    """Replace or append: each checked with the other tables, with its button."""
    table, label, draft = page.table, page.label, page.draft
    st.markdown("#### Checked with the other tables")
    c_rep, c_app = st.columns(2)
    for slot, mode, frame, title, text in (
        (
            c_rep,
            "replace",
            editor_frame(table, result.frame),
            "Replace table with import",
            f"The import becomes the whole of {label}.",
        ),
        (
            c_app,
            "append",
            append_rows(table, draft.current, result.frame),
            "Append rows",
            f"The imported rows are added after the {len(draft.current)} rows in the editor.",
        ),
    ):
        with slot:
            found = edit_problems(table, frame, page.others, page.baseline, page.checks)
            st.markdown(f"**{title}**: {text}")
            st.button(
                title,
                key=f"{PREFIX}.import.take.{mode}.{table}",
                on_click=on_import,
                args=(table, mode),
                type="primary" if not found else "secondary",
                help="Puts the result into the editor as unsaved edits; nothing is saved until "
                "you save it on the Edit tab."
                + (
                    " Your current unsaved edits to this table are replaced."
                    if mode == "replace" and draft.pending
                    else ""
                ),
            )
            if found:
                st.warning(f"{len(found)} problem(s) to fix in the editor before saving:", icon=":material/rule:")
                st.dataframe(
                    problems_table(found, {**page.others, table: frame.reset_index(drop=True)}),
                    hide_index=True,
                    width="stretch",
                    height=min(36 * (len(found) + 1) + 3, 320),
                    key=f"{PREFIX}.import.{mode}",
                )
            else:
                st.success("No problems.", icon=":material/check_circle:")
