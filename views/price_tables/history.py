"""The History tab of the Price tables page: the versions of a table, what changed since one of them, and
restoring it or the shipped defaults as a new version."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from store import StoreError, TableDiff, VersionInfo
from ui.data import table_store
from ui.table_drafts import PREFIX, table_label
from views.price_tables.author import author_for_save, refusal
from views.price_tables.confirm import confirm_popover
from views.price_tables.context import PageContext
from views.price_tables.drafts import flash, get_draft, load_newest

ACTION_NAMES = {"defaults": "shipped defaults", "save": "saved", "restore": "restored", "reset": "reset to defaults"}


def when(info: VersionInfo) -> str:
    return info.saved_at.strftime("%Y-%m-%d %H:%M UTC")


def history_table(infos: Sequence[VersionInfo]) -> pd.DataFrame:
    """One row per version, newest first."""
    return pd.DataFrame.from_records(
        [
            {
                "Version": i.version_no,
                "Saved (UTC)": i.saved_at.strftime("%Y-%m-%d %H:%M:%S"),
                "Author": i.author or "(no name given)",
                "Action": ACTION_NAMES.get(i.action, i.action)
                + (f" from version {i.source_version}" if i.source_version is not None else ""),
                "Note": i.note,
                "Rows": i.row_count,
                "Added": i.rows_added,
                "Changed": i.rows_changed,
                "Removed": i.rows_removed,
            }
            for i in infos
        ],
        columns=["Version", "Saved (UTC)", "Author", "Action", "Note", "Rows", "Added", "Changed", "Removed"],
    )


def version_label(info: VersionInfo) -> str:
    """'Version 3 · 2026-01-05 14:02 UTC · alice · saved: new US prices'."""
    action = ACTION_NAMES.get(info.action, info.action)
    note = f": {info.note}" if info.note and info.note != action else ""
    return f"Version {info.version_no} · {when(info)} · {info.author or 'no name given'} · {action}{note}"


def _cell_text(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def diff_tables(diff: TableDiff) -> dict[str, pd.DataFrame]:
    """A diff as three frames: rows added, rows removed, and changed cells (Key, Column, Before, After)."""
    changed = pd.DataFrame.from_records(
        [
            {
                "Key": " / ".join(_cell_text(k) for k in change.key),
                "Column": cell.column,
                "Before": _cell_text(cell.old),
                "After": _cell_text(cell.new),
            }
            for change in diff.changed
            for cell in change.cells
        ],
        columns=["Key", "Column", "Before", "After"],
    )
    return {
        "added": pd.DataFrame.from_records(list(diff.added)),
        "removed": pd.DataFrame.from_records(list(diff.removed)),
        "changed": changed,
    }


# --- actions (run as button callbacks, before the page draws) ----------------------------------------


def restore(table: str, version_no: int) -> None:
    _keep_new_version(
        table,
        lambda base: table_store().restore(table, version_no, base_version=base, author=author_for_save()),
        "Not restored",
        lambda info: f"Restored version {version_no} of {table_label(table)} as version {info.version_no}.",
    )


def reset(table: str) -> None:
    _keep_new_version(
        table,
        lambda base: table_store().reset_to_defaults(table, base_version=base, author=author_for_save()),
        "Not reset",
        lambda info: f"{table_label(table)} is back to the shipped defaults, as version {info.version_no}.",
    )


def _keep_new_version(
    table: str, write: Callable[[int | None], VersionInfo], failed: str, done: Callable[[VersionInfo], str]
) -> None:
    """Save a new version with ``write`` (given the version the draft loaded), then load it into the editor."""
    if (refused := refusal()) is not None:
        flash("error", f"{failed}: {refused}")
        return
    draft = get_draft(table)
    try:
        info = write(draft.loaded_version if draft else None)
    except StoreError as exc:  # a conflict too: someone saved a newer version meanwhile
        flash("error", f"{failed}: {exc}")
        return
    message = done(info)
    if load_newest(table, f"{message} It could not be loaded again: ") is not None:
        flash("success", message)


# --- the tab --------------------------------------------------------------------------------------------


def show_history(page: PageContext) -> None:
    table = page.table
    try:
        infos = table_store().history(table)
    except StoreError as exc:
        infos = []
        st.error(str(exc), icon=":material/error:")
    if not infos:
        return
    current_no = infos[0].version_no
    st.dataframe(history_table(infos), hide_index=True, width="stretch", key=f"{PREFIX}.history")
    numbers = [i.version_no for i in infos]
    pick_key = f"{PREFIX}.history.pick.{table}"
    if st.session_state.get(pick_key) not in numbers:
        st.session_state[pick_key] = numbers[1] if len(numbers) > 1 else numbers[0]
    by_no = {i.version_no: i for i in infos}
    chosen_no: int = st.selectbox(
        "Version to look at",
        numbers,
        key=pick_key,
        format_func=lambda n: version_label(by_no[n]),
        help="Shows what changed from that version to the current one, its content, and lets you restore it.",
    )
    _show_version(table, chosen_no, current_no)
    _show_restore(page, chosen_no, current_no)


def _show_version(table: str, chosen_no: int, current_no: int) -> None:
    """What changed from version ``chosen_no`` to the current one, and its content."""
    try:
        chosen = table_store().get_version(table, chosen_no)
        diff = table_store().diff(table, chosen_no) if chosen_no != current_no else None
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if diff is None:
        st.info(f"Version {chosen_no} is the current version.", icon=":material/info:")
    else:
        st.markdown(f"#### From version {chosen_no} to the current version {current_no}")
        parts = diff_tables(diff)
        m1, m2, m3 = st.columns(3)
        m1.metric("Rows added since", len(parts["added"]))
        m2.metric("Rows changed", len(diff.changed))
        m3.metric("Rows removed since", len(parts["removed"]))
        titles = {
            "changed": f"**Changed cells** (version {chosen_no} → current)",
            "added": "**Rows added since**",
            "removed": "**Rows removed since**",
        }
        for part, title in titles.items():
            if not parts[part].empty:
                st.markdown(title)
                st.dataframe(parts[part], hide_index=True, width="stretch", key=f"{PREFIX}.diff.{part}")
        if diff.is_empty:
            st.caption("The content is the same as the current version's.")
    with st.expander(f"Content of version {chosen_no} ({len(chosen.frame)} rows)"):
        st.dataframe(chosen.frame, hide_index=True, width="stretch", key=f"{PREFIX}.version")


def _show_restore(page: PageContext, chosen_no: int, current_no: int) -> None:
    table, label = page.table, page.label
    blocked = refusal() or ("Save or discard your unsaved edits to this table first." if page.draft.pending else "")
    r1 = r2 = st.container(horizontal=True)
    confirm_popover(
        r1,
        f"Restore version {chosen_no}",
        icon=":material/history:",
        disabled=bool(blocked) or chosen_no == current_no,
        help=blocked
        or (
            "It is the current version."
            if chosen_no == current_no
            else f"Save the content of version {chosen_no} as a new version (asks first)."
        ),
        question=f"Save the content of version {chosen_no} as version {current_no + 1} of **{label}**? "
        "The current version stays in the history.",
        confirm=f"Yes, restore version {chosen_no}",
        key=f"{PREFIX}.restore.{table}",
        on_click=restore,
        args=(table, chosen_no),
        confirm_help="Every view uses the restored content at once.",
    )
    confirm_popover(
        r2,
        "Reset to shipped defaults",
        icon=":material/restart_alt:",
        disabled=bool(blocked),
        help=blocked or "Save the shipped default table as a new version (asks first).",
        question=f"Save the shipped defaults of **{label}** as version {current_no + 1}? "
        "Every earlier version stays in the history.",
        confirm="Yes, reset to the shipped defaults",
        key=f"{PREFIX}.reset.{table}",
        on_click=reset,
        args=(table,),
        confirm_help="Every view uses the shipped defaults at once.",
    )
    if blocked:
        st.caption(f"Restore and reset are disabled: {blocked}")
