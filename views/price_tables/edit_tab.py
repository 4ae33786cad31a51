"""The Edit tab of the Price tables page: the grid of the chosen table, its problems by row and column,
a conflict with another editor's save, and saving or discarding the edits."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from pricing.tables.own_rows import PackageMove
from pricing.tables.validation import Problem, data_warnings
from store import ConflictError, VersionInfo
from ui.table_drafts import PREFIX, Draft
from ui.user_text import markdown_text
from views.price_tables import drafts
from views.price_tables.author import refusal
from views.price_tables.confirm import confirm_popover
from views.price_tables.context import PageContext
from views.price_tables.editor import PAGE_ROWS, column_config, page_count, page_label, problems_table
from views.price_tables.history import version_label, when

FILTER_NAMES = {"region_id": "region", "option_id": "option"}


def hidden_problem_rows(draft: Draft, problems: list[Problem]) -> int:
    """How many of the problems of the draft's own table are in rows the editor's filter hides."""
    shown_ids = set(draft.view_ids) | (set(draft.current.index) - set(draft.base.index))
    return sum(
        1
        for p in problems
        if p.table == draft.table
        and p.row is not None
        and 0 < p.row <= len(draft.current)
        and draft.current.index[p.row - 1] not in shown_ids
    )


def save_blocked_reason(draft: Draft, problems: list[Problem], conflict: ConflictError | None) -> str:
    """Why the edits cannot be saved now, or '' when they can."""
    if not draft.pending:
        return "there are no unsaved edits"
    if problems:
        return f"fix the {len(problems)} problem(s) listed above first"
    if draft.loaded_version is None:
        return "the data store could not be read, so there is no version to save on"
    if conflict is not None:
        return "choose one of the two ways out of the conflict above"
    return ""


def show_edit(page: PageContext) -> None:
    draft = page.draft
    _show_loaded(page)
    conflict: ConflictError | None = st.session_state.get(drafts.conflict_key(page.table))
    newest = page.newest()
    if conflict is None and newest is not None:
        _show_newer(newest.info, draft)
    problems = drafts.problems_for(draft, page.others, page.baseline, page.signature, checks=page.checks)
    _show_grid(page)
    _show_problems(page, problems)
    _show_own_prices(page)
    if conflict is not None:
        _show_conflict(page, conflict, problems)
    _show_save(page, save_blocked_reason(draft, problems, conflict))


def _show_loaded(page: PageContext) -> None:
    if page.draft.loaded_info is not None:
        st.caption(f"Editing {markdown_text(version_label(page.draft.loaded_info))}.")
    else:
        st.caption(f"Showing the {page.loaded.origin} copy of {page.label}: the store could not be read.")


def _show_newer(newest: VersionInfo, draft: Draft) -> None:
    """A note when someone saved a newer version than the one the edits start from."""
    if draft.loaded_version is not None and newest.version_no != draft.loaded_version:
        st.info(
            f"{markdown_text(newest.author or 'Someone')} saved version {newest.version_no} at "
            f"{when(newest)}, after version {draft.loaded_version} that your edits start from. Saving "
            "will ask whether to keep their version or save yours over it.",
            icon=":material/group:",
        )


def _show_grid(page: PageContext) -> None:
    draft, view = page.draft, page.view
    if page.filters:
        for slot, column in zip(st.columns(2), page.filters, strict=False):
            name = FILTER_NAMES[column]
            slot.multiselect(
                f"Show only {name}s",
                sorted(drafts.filter_choices(draft, page.references, column)),
                key=drafts.filter_key(page.table, column),
                on_change=drafts.on_filter_change,
                args=(page.table,),
                placeholder=f"All {name}s",
                help=f"Filters the rows shown; edits to shown rows go back into the full table and hidden "
                f"rows are kept. With one {name} chosen, new rows get it.",
                persist_state="session",
            )
    if draft.filtered_rows > PAGE_ROWS:
        rows = draft.filtered_rows
        st.selectbox(
            "Rows shown",
            range(page_count(rows)),
            key=drafts.page_key(page.table),
            format_func=lambda p: page_label(p, rows),
            on_change=drafts.on_page_change,
            args=(page.table,),
            help=f"The grid shows {PAGE_ROWS:,} rows at a time; edits on every page are kept until you save or "
            "discard them. Rows you add go to the end of the table (the last page).",
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
        column_config=column_config(page.table, page.references, draft.base),
        alt=f"Editable table: {page.label}",
        on_change=drafts.on_editor_change,
        args=(page.table,),
    )
    shown = f"Showing {len(view):,} of {len(draft.base):,} rows. " if len(view) != len(draft.base) else ""
    st.caption(
        f"{shown}Double-click a cell to edit it; add rows at the bottom, delete them by selecting "
        "them and pressing Delete. Hover a column title for its unit and limits."
    )


def _show_problems(page: PageContext, problems: list[Problem]) -> None:
    draft = page.draft
    frames = {**page.others, page.table: draft.current.reset_index(drop=True)}
    doubts = draft.memo(
        "warnings", lambda: [w for w in data_warnings(frames) if w.table == page.table], *page.others.values()
    )
    if doubts:
        st.warning(
            f"{len(doubts)} warning(s): figures that pass every check but look wrong.", icon=":material/warning:"
        )
        st.dataframe(problems_table(doubts, frames), hide_index=True, width="stretch", key=f"{PREFIX}.warnings")
    if not problems:
        if draft.pending:
            st.success(f"Unsaved edits ({draft.counts_text()}) pass every check.", icon=":material/check_circle:")
        return
    st.error(
        f"{len(problems)} problem(s): these edits are kept here but not saved or used for any figure "
        "until they are fixed.",
        icon=":material/rule:",
    )
    if hidden := hidden_problem_rows(draft, problems):
        where = (
            "on other pages or hidden by the filter above"
            if draft.filtered_rows > PAGE_ROWS
            else ("hidden by the filter above; clear it to see them")
        )
        st.caption(f"{hidden} of these rows are {where}.")
    st.dataframe(
        problems_table(problems, {**page.others, page.table: draft.current.reset_index(drop=True)}),
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}.problems",
        column_config={
            "Row": st.column_config.NumberColumn(help="1-based row in the full table", format="%d"),
            "Key": st.column_config.TextColumn(help="The key of that row, to find it when filtered"),
        },
    )


def moved_packages_table(moved: Sequence[PackageMove]) -> pd.DataFrame:
    """Estimated packages that follow an own price: Key, Before, After, Currency."""
    return pd.DataFrame.from_records(
        [
            {
                "Key": f"{m.region_id} / {m.option_id} / {m.package_sessions} sessions",
                "Before": m.old_price,
                "After": m.new_price,
                "Currency": m.currency,
            }
            for m in moved
        ],
        columns=["Key", "Before", "After", "Currency"],
    )


MONEY_COLUMNS = {
    "Before": st.column_config.NumberColumn(format="localized"),
    "After": st.column_config.NumberColumn(format="localized"),
}


def _show_own_prices(page: PageContext) -> None:
    """For prices: which rows the save keeps as "your price", and which estimated packages follow them."""
    draft = page.draft
    if page.table != "prices" or not draft.pending:
        return
    own = drafts.own_prices(draft, page.others.get("packages"))
    if own is None or not own.own_keys:
        return
    moved = moved_packages_table(own.moved)
    keys = ", ".join(" / ".join(key) for key in own.own_keys[:6]) + (" and more" if len(own.own_keys) > 6 else "")
    st.info(
        f'Saved as **your price** (source "your price", not an estimate, dated the day you save): '
        f"{markdown_text(keys)}. Change the source column too if the figures come from elsewhere.",
        icon=":material/person_edit:",
    )
    if moved.empty:
        st.caption("No estimated package follows these prices: their packages have sources of their own.")
        return
    st.markdown(
        f"**{len(moved)} estimated package(s) follow your prices** (same ratio as the typical price; packages "
        "with a source of their own stay as they are), saved with them as one version of Packages:"
    )
    st.dataframe(
        moved,
        hide_index=True,
        width="stretch",
        key=f"{PREFIX}.own.moved",
        column_config=MONEY_COLUMNS,
    )


def _show_conflict(page: PageContext, conflict: ConflictError, problems: list[Problem]) -> None:
    table = page.table
    st.warning(
        f"{page.label} changed since you loaded it: {markdown_text(conflict.author or 'someone')} saved version "
        f"{conflict.version_no} at {conflict.saved_at.strftime('%Y-%m-%d %H:%M UTC')}, after version "
        f"{conflict.base_version} that your edits start from. Your edits are still here.",
        icon=":material/sync_problem:",
    )
    c1 = c2 = st.container(horizontal=True)
    c1.button(
        "Reload theirs (drop my edits)",
        key=f"{PREFIX}.reload.{table}",
        on_click=drafts.reload_theirs,
        args=(table,),
        icon=":material/download:",
        help=f"Load version {conflict.version_no} and drop your unsaved edits to {page.label}.",
    )
    c2.button(
        "Save mine anyway as a new version",
        key=f"{PREFIX}.force.{table}",
        on_click=drafts.save,
        args=(table,),
        kwargs={"force": True},
        disabled=bool(problems) or refusal() is not None,
        icon=":material/save_as:",
        help="Save your copy as the next version; theirs stays in the history and can be restored.",
    )


def _show_save(page: PageContext, reason: str) -> None:
    draft, table, label = page.draft, page.table, page.label
    refused = refusal()
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
        key=f"{PREFIX}.save.{table}",
        type="primary",
        on_click=drafts.save,
        args=(table,),
        disabled=bool(reason) or refused is not None,
        icon=":material/save:",
        help=refused
        or (
            f"Not possible now: {reason}."
            if reason
            else f"Saves {label} as the next version; every view uses it at once."
        ),
    )
    confirm_popover(
        c_discard,
        "Discard edits",
        icon=":material/delete_sweep:",
        disabled=not draft.pending,
        help=f"Drop every unsaved edit to {label} (asks first).",
        question=f"Drop your unsaved edits to **{label}** ({draft.counts_text() if draft.pending else ''})"
        " and go back to the loaded version?",
        confirm="Yes, discard my edits",
        key=f"{PREFIX}.discard.{table}",
        on_click=drafts.discard,
        args=(table,),
        confirm_help="This cannot be undone.",
    )
    if refused is not None:
        st.caption(markdown_text(refused))
    elif reason:
        st.caption(f"Save is disabled: {reason}.")
