"""The Import tab of the Price tables page: a CSV or Excel file read as people write it, in one of three modes
(update the matching rows, append new rows, replace the table), with a preview of every change and problem
before anything is saved; one click saves it all as one version, or nothing (store.import_modes).

The file may also be taken into the editor as unsaved edits instead, to change it before saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from pricing.tables.schema import TABLES
from pricing.tables.validation import Problem
from store import CellProblem, ConflictError, ImportRejectedError, StoreError, import_table
from store.import_modes import MODE_HELP, MODES, ImportPlan, Mode, cell_text, plan_import, save_plan
from store.schema_columns import TABLE_KEYS
from ui.data import table_store
from ui.table_drafts import PREFIX, session_state, table_label
from ui.user_text import markdown_text
from views.price_tables.author import author_for_save, refusal
from views.price_tables.context import SECTION_KEY, PageContext
from views.price_tables.drafts import apply_live_edits, flash, get_draft, replace_current
from views.price_tables.edit_tab import MONEY_COLUMNS, moved_packages_table
from views.price_tables.editor import editor_frame, problems_table

UPLOAD_LIMIT_MB = 50  # the store's own limit (5 MB) answers first, with its message
MODE_LABELS = {
    "update": "Update matching rows",
    "append": "Append new rows",
    "replace": "Replace the whole table",
}


def import_key(table: str) -> str:
    return f"{PREFIX}.import.{table}"


def mode_key(table: str) -> str:
    return f"{PREFIX}.import.mode.{table}"


def unmatched_key(table: str) -> str:
    return f"{PREFIX}.import.unmatched.{table}"


def import_note_key(table: str) -> str:
    return f"{PREFIX}.import.note.{table}"


def import_conflict_key(table: str) -> str:
    return f"{PREFIX}.import.conflict.{table}"


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


def changes_table(plan: ImportPlan) -> pd.DataFrame:
    """The rows an import changes, one line per cell: Key, Column, Now, From the file."""
    return pd.DataFrame.from_records(
        [
            {
                "Key": " / ".join(cell_text(k) for k in change.key),
                "Column": cell.column,
                "Now": cell_text(cell.old),
                "From the file": cell_text(cell.new),
            }
            for change in plan.changed
            for cell in change.cells
        ],
        columns=["Key", "Column", "Now", "From the file"],
    )


def _plan_for(page: PageContext, file_id: tuple[Any, ...], data: bytes) -> ImportPlan | None:
    """The plan of the uploaded file in the chosen mode, made once per file, mode and set of kept versions."""
    table, state = page.table, session_state()
    assert page.stored is not None
    mode: Mode = state.get(mode_key(table)) or _default_mode(table)
    append_unmatched = bool(state.get(unmatched_key(table)))
    signature = (file_id, mode, append_unmatched, page.stored.versions)
    cached = state.get(import_key(table))
    if cached is not None and cached[0] == signature:
        plan: ImportPlan = cached[1]
        return plan
    tables = page.stored.frames()
    try:
        result = import_table(table, data, references=tables)
    except ImportRejectedError as exc:
        state.pop(import_key(table), None)
        st.error(markdown_text(f"The file cannot be imported: {exc}"), icon=":material/block:")
        return None
    plan = plan_import(
        table,
        result,
        tables,
        mode,
        append_unmatched=append_unmatched,
        versions=dict(page.stored.versions),
        checks=page.checks,
    )
    state[import_key(table)] = (signature, plan, result.report.messages())
    return plan


def _default_mode(table: str) -> Mode:
    return "update" if TABLE_KEYS[table] else "append"


# --- actions (button callbacks) --------------------------------------------------------------------


def _cached_plan(table: str) -> ImportPlan | None:
    cached = session_state().get(import_key(table))
    return cached[1] if cached is not None else None


def _finish(table: str) -> None:
    state = session_state()
    state.pop(import_key(table), None)
    state.pop(import_conflict_key(table), None)
    state[upload_round_key(table)] = state.get(upload_round_key(table), 0) + 1


def save_import(table: str, force: bool = False) -> None:
    """Save the previewed import as one version of each table it changes (or nothing), signed by the author."""
    state = session_state()
    plan = _cached_plan(table)
    if plan is None:
        return
    if (refused := refusal()) is not None:
        flash("error", f"Not saved: {refused}")
        return
    note = str(state.get(import_note_key(table)) or "").strip()
    try:
        infos = save_plan(table_store(), plan, note=note, author=author_for_save(), force=force)
    except ConflictError as exc:
        state[import_conflict_key(table)] = exc
        return
    except StoreError as exc:
        flash("error", f"Not saved: {exc}")
        return
    _finish(table)
    state[import_note_key(table)] = ""
    saved = " and ".join(f"version {i.version_no} of {table_label(i.table)}" for i in infos)
    follow = f" ({len(plan.moved)} estimated packages follow your prices)" if plan.moved else ""
    flash("success", f"Imported: saved {saved}{follow}. Every view uses it now.")


def preview_again(table: str) -> None:
    """After a conflict: drop the plan, so the preview is made again on the newest version."""
    session_state().pop(import_conflict_key(table), None)
    session_state().pop(import_key(table), None)


def take_import(table: str, frame: pd.DataFrame) -> None:
    """Put an import's table into the editor as unsaved edits (replacing the editor's copy)."""
    draft = get_draft(table)
    if draft is None:
        return
    apply_live_edits(draft)
    replace_current(draft, editor_frame(table, frame))
    flash(
        "success",
        f"The import ({len(frame)} rows of {table_label(table)}) is in the editor as unsaved edits: check it on "
        "the Edit tab and save it with a note.",
    )


def on_import(table: str) -> None:
    """Callback of 'Open in the editor instead': the page then shows the Edit tab."""
    plan = _cached_plan(table)
    if plan is None:
        return
    take_import(table, plan.frame)
    _finish(table)
    session_state()[SECTION_KEY] = "Edit"


# --- the tab --------------------------------------------------------------------------------------


def show_import(page: PageContext) -> None:
    table, label = page.table, page.label
    uploaded = st.file_uploader(
        f"CSV or Excel file for {label}",
        type=["csv", "tsv", "txt", "xlsx"],
        key=f"{PREFIX}.upload.{table}.{st.session_state.get(upload_round_key(table), 0)}",
        max_upload_size=UPLOAD_LIMIT_MB,
        help="UTF-8 (with or without BOM), UTF-16 or Latin-1 text separated by commas, semicolons or tabs, or an "
        ".xlsx workbook (the sheet named like the table, else the first). Up to 5 MB. Headers like Region, "
        "Option, Low, Typical, High; options and regions by id or name; money like £1,234.50 or 1.234,50 €. "
        "You see every change and problem before anything is saved.",
    )
    st.radio(
        "What the file does",
        MODES,
        key=mode_key(table),
        index=MODES.index(_default_mode(table)),
        format_func=lambda m: MODE_LABELS[m],
        horizontal=True,
        help="; ".join(f"{MODE_LABELS[m]}: {h}" for m, h in MODE_HELP.items()) + ".",
    )
    if st.session_state.get(mode_key(table)) == "update":
        st.checkbox(
            "Add rows that are not in the table yet",
            key=unmatched_key(table),
            help="Without it, rows of the file whose key is not in the table are listed and left out.",
        )
    if uploaded is None:
        key = " + ".join(TABLE_KEYS[table]) or "(no key: append or replace)"
        st.caption(
            f"Rows are matched on {key}. Columns are matched by name or friendly label, ignoring case and "
            f"spaces; {label} has: " + ", ".join(TABLES[table].column_names) + "."
        )
        return
    if page.stored is None:
        st.error("The data store cannot be read, so nothing can be imported now.", icon=":material/error:")
        return
    data = uploaded.getvalue()
    plan = _plan_for(page, (uploaded.name, len(data), hash(data)), data)
    if plan is not None:
        _show_preview(page, plan)
        _show_save(page, plan)


def _show_preview(page: PageContext, plan: ImportPlan) -> None:
    """What the import would change: counts, changed cells, rows added, rows left out, packages, problems."""
    messages: list[str] = session_state()[import_key(page.table)][2]
    st.markdown("#### What the import would change")
    if plan.mode == "update":  # the columns a file leaves out keep their values
        messages = [m.replace("Missing columns (left empty)", "Columns not in the file (kept)") for m in messages]
    st.markdown("\n".join(f"- {markdown_text(line)}" for line in messages if not line.startswith("Row ")))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Rows changing", len(plan.changed))
    m2.metric("Rows added", len(plan.added))
    m3.metric("Not in the table", len(plan.unmatched))
    m4.metric("Packages following", len(plan.moved))
    if plan.removed:
        st.caption(f"{len(plan.removed)} row(s) of the table are not in the file and go.")
    if plan.changed:
        st.markdown("**Rows that change** (now → from the file)")
        st.dataframe(changes_table(plan), hide_index=True, width="stretch", key=f"{PREFIX}.import.changed")
    if plan.added:
        st.markdown("**Rows added**")
        st.dataframe(
            pd.DataFrame.from_records(list(plan.added)), hide_index=True, width="stretch", key=f"{PREFIX}.import.added"
        )
    if plan.unmatched:
        st.markdown("**Not in the table** (left out; tick *Add rows that are not in the table yet* to add them)")
        st.dataframe(
            pd.DataFrame(plan.unmatched, columns=["Row of the file", "Key"]),
            hide_index=True,
            width="stretch",
            key=f"{PREFIX}.import.unmatched",
        )
    if plan.moved:
        st.markdown("**Estimated packages that follow your prices** (sourced packages stay as they are)")
        st.dataframe(
            moved_packages_table(plan.moved),
            hide_index=True,
            width="stretch",
            key=f"{PREFIX}.import.moved",
            column_config=MONEY_COLUMNS,
        )
    if not plan.ok:
        st.error(
            f"{len(plan.file_problems) + len(plan.table_problems)} problem(s): nothing can be saved until the "
            "file is fixed.",
            icon=":material/rule:",
        )
        if plan.file_problems:
            st.dataframe(
                import_problems_table(plan.file_problems),
                hide_index=True,
                width="stretch",
                key=f"{PREFIX}.import.cells",
            )
        if plan.table_problems:
            _show_table_problems(page, plan.table_problems, plan)
    elif not (plan.changed or plan.added or plan.removed):
        st.info("The file changes nothing in the table.", icon=":material/info:")


def _show_table_problems(page: PageContext, problems: tuple[Problem, ...], plan: ImportPlan) -> None:
    frames = {**page.others, **plan.frames}
    st.caption("In rows the file does not give (what the import would break elsewhere):")
    st.dataframe(
        problems_table(problems, frames),
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}.import.table_problems",
    )


def _show_save(page: PageContext, plan: ImportPlan) -> None:
    """The note, the one button that saves it all, and the way into the editor instead."""
    table = page.table
    conflict: ConflictError | None = st.session_state.get(import_conflict_key(table))
    refused = refusal()
    blocked = (
        "fix the problems listed above in the file first"
        if not plan.ok
        else "the file changes nothing"
        if not (plan.changed or plan.added or plan.removed)
        else "save or discard your unsaved edits to this table on the Edit tab first"
        if page.draft.pending
        else ""
    )
    if conflict is not None:
        st.warning(
            f"{markdown_text(conflict.author or 'Someone')} saved version {conflict.version_no} of "
            f"{table_label(conflict.table)} at {conflict.saved_at.strftime('%Y-%m-%d %H:%M UTC')}, after the "
            f"version {conflict.base_version} this preview was made on. Nothing was saved.",
            icon=":material/sync_problem:",
        )
        c1 = c2 = st.container(horizontal=True)
        c1.button(
            "Preview again on their version",
            key=f"{PREFIX}.import.again.{table}",
            on_click=preview_again,
            args=(table,),
            icon=":material/refresh:",
            help="Make the preview again on the newest version; their changes stay.",
        )
        c2.button(
            "Save the import anyway",
            key=f"{PREFIX}.import.force.{table}",
            on_click=save_import,
            args=(table, True),
            disabled=refused is not None or bool(blocked),
            icon=":material/save_as:",
            help=refused or "Save this preview over their version; theirs stays in the history and can be restored.",
        )
        return
    st.text_input(
        "Note for this version",
        key=import_note_key(table),
        max_chars=500,
        placeholder="e.g. our price list of May 2026",
        help="Saved with the version and shown in the history: where the new figures come from.",
    )
    c_save = c_edit = st.container(horizontal=True, vertical_alignment="center")
    c_save.button(
        "Save import as a new version",
        key=f"{PREFIX}.import.save.{table}",
        type="primary",
        on_click=save_import,
        args=(table,),
        disabled=refused is not None or bool(blocked),
        icon=":material/save:",
        help=refused
        or (f"Not possible now: {blocked}." if blocked else "Saves everything above as one version (or nothing)."),
    )
    c_edit.button(
        "Open in the editor instead",
        key=f"{PREFIX}.import.take.{table}",
        on_click=on_import,
        args=(table,),
        disabled=not plan.frame.shape[0] and not plan.removed,
        icon=":material/edit:",
        help="Puts the table as it would be after the import into the editor as unsaved edits, to change it before "
        "saving." + (" Your current unsaved edits to this table are replaced." if page.draft.pending else ""),
    )
    if refused is not None:
        st.caption(markdown_text(refused))
    elif blocked:
        st.caption(f"Saving is disabled: {blocked}.")
