"""Price tables: edit, check, keep, import, export and share the tables every figure comes from.

A typed grid per table (filter large ones by region and option), the validator's problems by row and
column on every edit, versions with a note, history with view/compare/restore/reset, conflicts between
two editors, CSV/Excel import with a preview and export, and named scenarios of the dashboard's choices.
Edits live in the session (ui.table_drafts) until saved or discarded; rules live in ui.table_editor.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from store import (
    ConflictError,
    ImportRejectedError,
    ImportResult,
    ScenarioStore,
    StoreError,
    export_csv,
    export_xlsx,
    import_table,
)
from ui import scenarios as sc
from ui import table_drafts as drafts
from ui import table_editor as te
from ui.data import current_tables, show_data_status, table_store
from ui.user_text import markdown_text

PAGE_PATH = "price-tables"
TABLE_KEY = "price_tables.table"
SECTION_KEY = "price_tables.section"
SECTIONS = ["Edit", "History", "Import", "Export", "Scenarios"]
SCENARIO_NAME_KEY = "price_tables.scenario.name"
SCENARIO_PICK_KEY = "price_tables.scenario.pick"
SCENARIO_NEW_NAME_KEY = "price_tables.scenario.new_name"
SCENARIO_OVERWRITE_KEY = "price_tables.scenario.overwrite"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_LIMIT_MB = 50  # the store's own limit (5 MB) answers first, with its message


# --- callbacks (run before the page draws, so the page shows their outcome) -------------------------


def _on_filter_change(table: str) -> None:
    draft = drafts.get_draft(table)
    if draft is not None:
        drafts.apply_live_edits(draft)
        drafts.fold(draft)


def _on_import(table: str, mode: str) -> None:
    result: ImportResult | None = st.session_state.get(_import_key(table), (None, None))[1]
    if result is None:
        return
    drafts.take_import(table, result.frame, mode)
    st.session_state.pop(_import_key(table), None)
    st.session_state[_upload_round_key(table)] = st.session_state.get(_upload_round_key(table), 0) + 1
    st.session_state[SECTION_KEY] = "Edit"


def _scenarios() -> ScenarioStore:
    return ScenarioStore(table_store().db)


def _save_scenario() -> None:
    name = str(st.session_state.get(SCENARIO_NAME_KEY, ""))
    try:
        info = _scenarios().save(
            name, sc.current_choices(st.session_state), overwrite=bool(st.session_state.get(SCENARIO_OVERWRITE_KEY))
        )
    except StoreError as exc:
        drafts.flash("error", f"Scenario not saved: {exc}")
        return
    st.session_state[SCENARIO_NAME_KEY] = ""
    st.session_state[SCENARIO_PICK_KEY] = info.name
    drafts.flash("success", f"Saved scenario '{info.name}'.")


def _load_scenario(name: str) -> None:
    try:
        choices = _scenarios().load(name)
    except StoreError as exc:
        drafts.flash("error", f"Scenario not loaded: {exc}")
        return
    applied = sc.apply_choices(st.session_state, choices)
    drafts.flash("success", f"Loaded scenario '{name}' ({len(applied)} choices); the other views now use them.")


def _rename_scenario(name: str) -> None:
    new_name = str(st.session_state.get(SCENARIO_NEW_NAME_KEY, ""))
    try:
        info = _scenarios().rename(name, new_name)
    except StoreError as exc:
        drafts.flash("error", f"Scenario not renamed: {exc}")
        return
    st.session_state[SCENARIO_NEW_NAME_KEY] = ""
    st.session_state[SCENARIO_PICK_KEY] = info.name
    drafts.flash("success", f"Renamed '{name}' to '{info.name}'.")


def _delete_scenario(name: str) -> None:
    try:
        _scenarios().delete(name)
    except StoreError as exc:
        drafts.flash("error", f"Scenario not deleted: {exc}")
        return
    st.session_state.pop(SCENARIO_PICK_KEY, None)
    drafts.flash("success", f"Deleted scenario '{name}'.")


def _import_key(table: str) -> str:
    return f"{drafts.PREFIX}.import.{table}"


def _upload_round_key(table: str) -> str:
    return f"{drafts.PREFIX}.upload_round.{table}"


# --- the page -----------------------------------------------------------------------------------

loaded = current_tables()
st.title("Price tables")
st.caption(
    "The tables every figure in the dashboard comes from. Edits are checked as you type and kept in "
    "this session (also while you look at other views) until you save them as a new version or discard "
    "them. Every save, restore and reset is a version you can go back to."
)
show_data_status(loaded)
for kind, text in st.session_state.pop(drafts.FLASH_KEY, []):
    getattr(st, kind)(markdown_text(text))  # may hold scenario names, authors, file names

stored: drafts.Stored | None
try:
    stored = drafts.stored_tables()
except StoreError as exc:
    stored = None
    st.error(str(exc), icon=":material/error:")
    st.caption(
        "Saving, history and scenarios need the data store. Your unsaved edits stay in the editor, "
        "and the figures use the last tables that worked until the store can be read again."
    )

fallback_frames = loaded.tables.as_dict()
others = stored.frames() if stored is not None else fallback_frames
references = te.reference_values(others)
signature: tuple[Any, ...] = stored.versions if stored is not None else ("fallback", loaded.origin)
baseline = stored.baseline_problems() if stored is not None else ()
checks = stored.table_checks() if stored is not None else None

if st.session_state.get(TABLE_KEY) not in te.EDIT_ORDER:
    st.session_state[TABLE_KEY] = te.EDIT_ORDER[0]
table: str = st.session_state[TABLE_KEY]
label = te.table_label(table)
draft = drafts.sync_draft(table, stored, fallback_frames[table])

# The editor's edits are read before anything is drawn, so badges and notices are never a run behind.
editor_live = draft.editor_key in st.session_state
if not editor_live:
    draft.base = draft.current.copy()
filters: dict[str, list[str]] = {}
for column in te.filter_columns(table):
    allowed = set(references.get(column, [])) | set(draft.base[column].dropna())
    chosen = [v for v in st.session_state.get(drafts.filter_key(table, column)) or [] if v in allowed]
    st.session_state[drafts.filter_key(table, column)] = chosen
    filters[column] = chosen
view, draft.view_ids = te.filter_view(draft.base, filters)
draft.fill = {column: values[0] for column, values in filters.items() if len(values) == 1}
if editor_live:
    drafts.apply_live_edits(draft)

pending = drafts.pending_tables()
c_table, c_state = st.columns([2, 3], vertical_alignment="bottom")
c_table.selectbox(
    "Table",
    te.EDIT_ORDER,
    key=TABLE_KEY,
    format_func=te.table_label,
    help="The table to edit, look back through, import into or export. Unsaved edits of every "
    "table are kept until you save or discard them.",
)
with c_state:
    if table in pending:
        st.badge(
            f"Unsaved edits: {pending[table]}",
            icon=":material/edit_note:",
            color="orange",
            help="Kept in this session until you save or discard them.",
        )
    elif draft.loaded_info is not None:
        st.badge(f"Version {draft.loaded_version}, no unsaved edits", icon=":material/check:", color="green")
    else:
        st.badge(
            f"{loaded.origin.capitalize()} copy: the store could not be read", icon=":material/warning:", color="red"
        )
if pending:
    st.warning(
        "Unsaved edits: "
        + "; ".join(f"**{te.table_label(t)}** ({what})" for t, what in pending.items())
        + ". They are not used for any figure until saved.",
        icon=":material/edit_note:",
    )

tab_edit, tab_history, tab_import, tab_export, tab_scenarios = st.tabs(SECTIONS, key=SECTION_KEY, on_change="rerun")

# --- Edit ------------------------------------------------------------------------------------------------
with tab_edit:
    if tab_edit.open:
        if draft.loaded_info is not None:
            info = draft.loaded_info
            st.caption(f"Editing {markdown_text(te.version_label(info))}.")
        else:
            st.caption(f"Showing the {loaded.origin} copy of {label}: the store could not be read.")
        conflict: ConflictError | None = st.session_state.get(drafts.conflict_key(table))
        newest = stored.tables[table].info if stored is not None and table in stored.tables else None
        if (
            conflict is None
            and newest is not None
            and draft.loaded_version is not None
            and newest.version_no != draft.loaded_version
        ):
            st.info(
                f"{markdown_text(newest.author or 'Someone')} saved version {newest.version_no} at "
                f"{te.when(newest)}, after version {draft.loaded_version} that your edits start from. Saving "
                "will ask whether to keep their version or save yours over it.",
                icon=":material/group:",
            )

        problems = drafts.problems_for(draft, others, baseline, signature, checks=checks)

        if filters:
            columns = st.columns(2)
            for slot, column in zip(columns, filters, strict=False):
                names = {"region_id": "region", "option_id": "option"}
                slot.multiselect(
                    f"Show only {names[column]}s",
                    sorted(set(references.get(column, [])) | set(draft.base[column].dropna())),
                    key=drafts.filter_key(table, column),
                    on_change=_on_filter_change,
                    args=(table,),
                    placeholder=f"All {names[column]}s",
                    help=f"Filters the rows shown; edits to shown rows go back into the full table and hidden "
                    f"rows are kept. With one {names[column]} chosen, new rows get it.",
                    persist_state="session",
                )
        st.data_editor(
            view,
            key=draft.editor_key,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            height="auto" if len(view) <= 10 else 460,
            placeholder="",
            column_config=te.column_config(table, references, draft.base),
            alt=f"Editable table: {label}",
        )
        shown = f"Showing {len(view)} of {len(draft.base)} rows. " if len(view) != len(draft.base) else ""
        st.caption(
            f"{shown}Double-click a cell to edit it; add rows at the bottom, delete them by selecting "
            "them and pressing Delete. Hover a column title for its unit and limits."
        )

        if problems:
            st.error(
                f"{len(problems)} problem(s): these edits are kept here but not saved or used for any figure "
                "until they are fixed.",
                icon=":material/rule:",
            )
            frames_now = {**others, table: draft.current.reset_index(drop=True)}
            shown_ids = set(draft.view_ids) | (set(draft.current.index) - set(draft.base.index))
            hidden = sum(
                1
                for p in problems
                if p.table == table
                and p.row is not None
                and 0 < p.row <= len(draft.current)
                and draft.current.index[p.row - 1] not in shown_ids
            )
            if hidden:
                st.caption(f"{hidden} of these rows are hidden by the filter above; clear it to see them.")
            st.dataframe(
                te.problems_table(problems, frames_now),
                hide_index=True,
                width="stretch",
                key=f"{drafts.PREFIX}.problems",
                column_config={
                    "Row": st.column_config.NumberColumn(help="1-based row in the full table", format="%d"),
                    "Key": st.column_config.TextColumn(help="The key of that row, to find it when filtered"),
                },
            )
        elif draft.pending:
            st.success(f"Unsaved edits ({draft.counts_text()}) pass every check.", icon=":material/check_circle:")

        if conflict is not None:
            st.warning(
                f"{label} changed since you loaded it: {markdown_text(conflict.author or 'someone')} saved version "
                f"{conflict.version_no} at {conflict.saved_at.strftime('%Y-%m-%d %H:%M UTC')}, after version "
                f"{conflict.base_version} that your edits start from. Your edits are still here.",
                icon=":material/sync_problem:",
            )
            c1 = c2 = st.container(horizontal=True)
            c1.button(
                "Reload theirs (drop my edits)",
                key=f"{drafts.PREFIX}.reload.{table}",
                on_click=drafts.reload_theirs,
                args=(table,),
                icon=":material/download:",
                help=f"Load version {conflict.version_no} and drop your unsaved edits to {label}.",
            )
            c2.button(
                "Save mine anyway as a new version",
                key=f"{drafts.PREFIX}.force.{table}",
                on_click=drafts.save,
                args=(table,),
                kwargs={"force": True},
                disabled=bool(problems),
                icon=":material/save_as:",
                help="Save your copy as the next version; theirs stays in the history and can be restored.",
            )

        if not draft.pending:
            reason = "there are no unsaved edits"
        elif problems:
            reason = f"fix the {len(problems)} problem(s) listed above first"
        elif draft.loaded_version is None:
            reason = "the data store could not be read, so there is no version to save on"
        elif conflict is not None:
            reason = "choose one of the two ways out of the conflict above"
        else:
            reason = ""
        st.text_input(
            "Note for this version",
            key=drafts.note_key(table),
            max_chars=500,
            placeholder="e.g. US CO2 prices from three clinic price lists, 2026",
            help="Saved with the version and shown in the history: where the new figures come from.",
        )
        c_save = c_discard = st.container(horizontal=True, vertical_alignment="center")
        c_save.button(
            "Save as a new version",
            key=f"{drafts.PREFIX}.save.{table}",
            type="primary",
            on_click=drafts.save,
            args=(table,),
            disabled=bool(reason),
            icon=":material/save:",
            help=f"Not possible now: {reason}."
            if reason
            else f"Saves {label} as the next version; every view uses it at once.",
        )
        with c_discard.popover(
            "Discard edits",
            icon=":material/delete_sweep:",
            disabled=not draft.pending,
            help=f"Drop every unsaved edit to {label} (asks first).",
        ):
            st.markdown(
                f"Drop your unsaved edits to **{label}** ({draft.counts_text() if draft.pending else ''})"
                " and go back to the loaded version?"
            )
            st.button(
                "Yes, discard my edits",
                key=f"{drafts.PREFIX}.discard.{table}",
                on_click=drafts.discard,
                args=(table,),
                type="primary",
                help="This cannot be undone.",
            )
        if reason:
            st.caption(f"Save is disabled: {reason}.")

# --- History -----------------------------------------------------------------------------------------
with tab_history:
    if tab_history.open:
        try:
            infos = drafts.writer().history(table)
        except StoreError as exc:
            infos = []
            st.error(str(exc), icon=":material/error:")
        if infos:
            current_no = infos[0].version_no
            st.dataframe(te.history_table(infos), hide_index=True, width="stretch", key=f"{drafts.PREFIX}.history")
            numbers = [i.version_no for i in infos]
            pick_key = f"{drafts.PREFIX}.history.pick.{table}"
            if st.session_state.get(pick_key) not in numbers:
                st.session_state[pick_key] = numbers[1] if len(numbers) > 1 else numbers[0]
            by_no = {i.version_no: i for i in infos}
            chosen_no = st.selectbox(
                "Version to look at",
                numbers,
                key=pick_key,
                format_func=lambda n: te.version_label(by_no[n]),
                help="Shows what changed from that version to the current one, its content, and lets you restore it.",
            )
            try:
                chosen = drafts.writer().get_version(table, chosen_no)
                diff = drafts.writer().diff(table, chosen_no) if chosen_no != current_no else None
            except StoreError as exc:
                chosen, diff = None, None
                st.error(str(exc), icon=":material/error:")
            if chosen is not None:
                if diff is None:
                    st.info(f"Version {chosen_no} is the current version.", icon=":material/info:")
                else:
                    st.markdown(f"#### From version {chosen_no} to the current version {current_no}")
                    parts = te.diff_tables(diff)
                    m1, m2, m3 = st.columns(3)
                    m1.metric("Rows added since", len(parts["added"]))
                    m2.metric("Rows changed", len(diff.changed))
                    m3.metric("Rows removed since", len(parts["removed"]))
                    if not parts["changed"].empty:
                        st.markdown(f"**Changed cells** (version {chosen_no} → current)")
                        st.dataframe(
                            parts["changed"], hide_index=True, width="stretch", key=f"{drafts.PREFIX}.diff.changed"
                        )
                    if not parts["added"].empty:
                        st.markdown("**Rows added since**")
                        st.dataframe(
                            parts["added"], hide_index=True, width="stretch", key=f"{drafts.PREFIX}.diff.added"
                        )
                    if not parts["removed"].empty:
                        st.markdown("**Rows removed since**")
                        st.dataframe(
                            parts["removed"], hide_index=True, width="stretch", key=f"{drafts.PREFIX}.diff.removed"
                        )
                    if diff.is_empty:
                        st.caption("The content is the same as the current version's.")
                with st.expander(f"Content of version {chosen_no} ({len(chosen.frame)} rows)"):
                    st.dataframe(chosen.frame, hide_index=True, width="stretch", key=f"{drafts.PREFIX}.version")

            blocked = "Save or discard your unsaved edits to this table first." if draft.pending else ""
            r1 = r2 = st.container(horizontal=True)
            with r1.popover(
                f"Restore version {chosen_no}",
                icon=":material/history:",
                disabled=bool(blocked) or chosen_no == current_no,
                help=blocked
                or (
                    "It is the current version."
                    if chosen_no == current_no
                    else f"Save the content of version {chosen_no} as a new version (asks first)."
                ),
            ):
                st.markdown(
                    f"Save the content of version {chosen_no} as version {current_no + 1} of **{label}**? "
                    "The current version stays in the history."
                )
                st.button(
                    f"Yes, restore version {chosen_no}",
                    key=f"{drafts.PREFIX}.restore.{table}",
                    on_click=drafts.restore,
                    args=(table, chosen_no),
                    type="primary",
                    help="Every view uses the restored content at once.",
                )
            with r2.popover(
                "Reset to shipped defaults",
                icon=":material/restart_alt:",
                disabled=bool(blocked),
                help=blocked or "Save the shipped default table as a new version (asks first).",
            ):
                st.markdown(
                    f"Save the shipped defaults of **{label}** as version {current_no + 1}? "
                    "Every earlier version stays in the history."
                )
                st.button(
                    "Yes, reset to the shipped defaults",
                    key=f"{drafts.PREFIX}.reset.{table}",
                    on_click=drafts.reset,
                    args=(table,),
                    type="primary",
                    help="Every view uses the shipped defaults at once.",
                )
            if blocked:
                st.caption(f"Restore and reset are disabled: {blocked}")

# --- Import ------------------------------------------------------------------------------------------
with tab_import:
    if tab_import.open:
        round_no = st.session_state.get(_upload_round_key(table), 0)
        uploaded = st.file_uploader(
            f"CSV or Excel file for {label}",
            type=["csv", "tsv", "txt", "xlsx"],
            key=f"{drafts.PREFIX}.upload.{table}.{round_no}",
            max_upload_size=UPLOAD_LIMIT_MB,
            help="UTF-8, UTF-16 or Latin-1 text separated by commas, semicolons or tabs (decimal commas are "
            "understood), or an .xlsx workbook (the sheet named like the table, else the first). Up to 5 MB. "
            "You see a preview and every problem before anything changes.",
        )
        if uploaded is None:
            st.caption(
                "Columns are matched by name, ignoring case and spaces; "
                f"{label} expects: " + ", ".join(te.TABLES[table].column_names) + "."
            )
        else:
            data = uploaded.getvalue()
            file_id = (uploaded.name, len(data), hash(data))
            cached = st.session_state.get(_import_key(table))
            result: ImportResult | None = None
            try:
                if cached is not None and cached[0] == file_id:
                    result = cached[1]
                else:
                    result = import_table(table, data)
                    st.session_state[_import_key(table)] = (file_id, result)
            except ImportRejectedError as exc:
                st.session_state.pop(_import_key(table), None)
                st.error(markdown_text(f"{uploaded.name} cannot be imported: {exc}"), icon=":material/block:")
            if result is not None:
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
                        te.import_problems_table(report.problems),
                        hide_index=True,
                        width="stretch",
                        key=f"{drafts.PREFIX}.import.cells",
                    )
                st.caption(f"Preview: the {len(result.frame)} rows as they would be imported.")
                st.dataframe(
                    result.frame,
                    hide_index=True,
                    width="stretch",
                    key=f"{drafts.PREFIX}.import.preview",
                    height=min(36 * (len(result.frame) + 1) + 3, 320),
                )
                st.markdown("#### Checked with the other tables")
                replaced = te.editor_frame(table, result.frame)
                appended = te.append_rows(table, draft.current, result.frame)
                c_rep, c_app = st.columns(2)
                for slot, mode, frame, title, text in (
                    (
                        c_rep,
                        "replace",
                        replaced,
                        "Replace table with import",
                        f"The import becomes the whole of {label}.",
                    ),
                    (
                        c_app,
                        "append",
                        appended,
                        "Append rows",
                        f"The imported rows are added after the {len(draft.current)} rows in the editor.",
                    ),
                ):
                    with slot:
                        found = te.edit_problems(table, frame, others, baseline, checks)
                        st.markdown(f"**{title}**: {text}")
                        st.button(
                            title,
                            key=f"{drafts.PREFIX}.import.take.{mode}.{table}",
                            on_click=_on_import,
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
                            st.warning(
                                f"{len(found)} problem(s) to fix in the editor before saving:", icon=":material/rule:"
                            )
                            st.dataframe(
                                te.problems_table(found, {**others, table: frame.reset_index(drop=True)}),
                                hide_index=True,
                                width="stretch",
                                height=min(36 * (len(found) + 1) + 3, 320),
                                key=f"{drafts.PREFIX}.import.{mode}",
                            )
                        else:
                            st.success("No problems.", icon=":material/check_circle:")

# --- Export ------------------------------------------------------------------------------------------
with tab_export:
    if tab_export.open:
        saved_version = stored.tables[table] if stored is not None and table in stored.tables else None
        sources = ["saved"] + (["editor"] if draft.pending else [])
        names = {
            "saved": f"Saved version {saved_version.version_no}" if saved_version else f"The {loaded.origin} copy",
            "editor": "The editor's copy, with your unsaved edits",
        }
        source = st.radio(
            "What to export",
            sources,
            format_func=lambda s: names[s],
            horizontal=True,
            key=f"{drafts.PREFIX}.export.source.{table}",
            help="The table as saved, or as it is in the editor now (unsaved edits included).",
        )
        if source == "editor":
            out, stem = te.store_frame(table, draft.current), f"{table}-unsaved"
        elif saved_version is not None:
            out, stem = saved_version.frame, f"{table}-v{saved_version.version_no}"
        else:
            out, stem = fallback_frames[table], table
        e1 = e2 = st.container(horizontal=True)
        e1.download_button(
            "Download CSV",
            export_csv(out),
            f"{stem}.csv",
            "text/csv",
            on_click="ignore",
            icon=":material/download:",
            key=f"{drafts.PREFIX}.export.csv",
            help="UTF-8 with a byte-order mark, comma-separated, so Excel reads accents.",
        )
        e2.download_button(
            "Download Excel (.xlsx)",
            export_xlsx(out, sheet_name=table),
            f"{stem}.xlsx",
            XLSX_MIME,
            on_click="ignore",
            icon=":material/download:",
            key=f"{drafts.PREFIX}.export.xlsx",
            help="One sheet named like the table, header row frozen.",
        )
        st.caption(
            f"{len(out)} rows. Text that a spreadsheet would run as a formula (starting with =, +, -, @) "
            "gets a leading ' so opening the file runs nothing; importing it again removes the quote."
        )
        st.dataframe(out, hide_index=True, width="stretch", key=f"{drafts.PREFIX}.export.preview")

# --- Scenarios ---------------------------------------------------------------------------------------
with tab_scenarios:
    if tab_scenarios.open:
        st.markdown(
            "A scenario is a named set of the dashboard's choices (region, indication, currency, options, "
            "downtime value, extras and the clinic's choices), kept in the same store as the tables."
        )
        choices_now = sc.current_choices(st.session_state)
        left, right = st.columns(2)
        with left:
            st.markdown("#### Save your current choices")
            if choices_now:
                st.dataframe(
                    pd.DataFrame(sc.describe(choices_now)),
                    hide_index=True,
                    width="stretch",
                    key=f"{drafts.PREFIX}.scenario.now",
                )
            else:
                st.info(
                    "No choices yet: pick a region, options and so on in Compare treatments or the Clinic "
                    "planner first.",
                    icon=":material/info:",
                )
            st.text_input(
                "Scenario name",
                key=SCENARIO_NAME_KEY,
                max_chars=200,
                placeholder="e.g. UK acne scars, lasers only",
                help="Names are unique, ignoring case and extra spaces.",
            )
            st.checkbox(
                "Replace a scenario with the same name",
                key=SCENARIO_OVERWRITE_KEY,
                help="Without this, saving under a name that exists is refused.",
            )
            st.button(
                "Save scenario",
                key=f"{drafts.PREFIX}.scenario.save",
                on_click=_save_scenario,
                icon=":material/bookmark_add:",
                disabled=not choices_now,
                help="Saves the choices listed above under the name."
                if choices_now
                else "Not possible now: there are no choices to save yet.",
            )
        with right:
            st.markdown("#### Saved scenarios")
            try:
                saved = _scenarios().list_scenarios()
            except StoreError as exc:
                saved = []
                st.error(str(exc), icon=":material/error:")
            if not saved:
                st.caption("None yet.")
            else:
                names_saved = [s.name for s in saved]
                if st.session_state.get(SCENARIO_PICK_KEY) not in names_saved:
                    st.session_state[SCENARIO_PICK_KEY] = names_saved[0]
                times = {s.name: s.updated_at.strftime("%Y-%m-%d %H:%M UTC") for s in saved}
                name = st.selectbox(
                    "Scenario",
                    names_saved,
                    key=SCENARIO_PICK_KEY,
                    format_func=lambda n: f"{n} (saved {times[n]})",
                    help="The scenario to load, share, rename or delete.",
                )
                try:
                    picked = _scenarios().load(name)
                except StoreError as exc:
                    picked = None
                    st.error(str(exc), icon=":material/error:")
                if picked is not None:
                    st.dataframe(
                        pd.DataFrame(sc.describe(picked)),
                        hide_index=True,
                        width="stretch",
                        key=f"{drafts.PREFIX}.scenario.picked",
                    )
                    st.markdown(
                        "**Share**: this link opens Compare treatments with the scenario's region, "
                        "indication, currency, options, downtime value and extras."
                    )
                    st.code(
                        sc.share_url(
                            sc.app_base_url(st.context.url, PAGE_PATH), picked, sc.url_labels(loaded.tables, picked)
                        ),
                        language=None,
                        wrap_lines=True,
                    )
                    b1 = b2 = st.container(horizontal=True, vertical_alignment="center")
                    b1.button(
                        "Load scenario",
                        key=f"{drafts.PREFIX}.scenario.load",
                        on_click=_load_scenario,
                        args=(name,),
                        type="primary",
                        icon=":material/upload:",
                        help="Sets your choices in every view to the scenario's.",
                    )
                    b2.page_link(
                        "views/compare.py",
                        label="Open Compare treatments",
                        icon=":material/compare_arrows:",
                        help="See the figures for the choices now in force.",
                    )
                    st.text_input(
                        "New name", key=SCENARIO_NEW_NAME_KEY, max_chars=200, help="A new name for the chosen scenario."
                    )
                    b3 = b4 = st.container(horizontal=True)
                    b3.button(
                        "Rename",
                        key=f"{drafts.PREFIX}.scenario.rename",
                        on_click=_rename_scenario,
                        args=(name,),
                        icon=":material/edit:",
                        disabled=not str(st.session_state.get(SCENARIO_NEW_NAME_KEY, "")).strip(),
                        help="Gives the chosen scenario the new name typed above.",
                    )
                    with b4.popover(
                        "Delete", icon=":material/delete:", help="Delete the chosen scenario (asks first)."
                    ):
                        st.markdown(f"Delete the scenario **{markdown_text(name)}**? This cannot be undone.")
                        st.button(
                            "Yes, delete it",
                            key=f"{drafts.PREFIX}.scenario.delete",
                            on_click=_delete_scenario,
                            args=(name,),
                            type="primary",
                            help="Removes the scenario from the store.",
                        )
