"""The drafts' life on the Price tables page: made on the kept version, kept up with the editor, checked,
saved, reloaded or discarded, and the messages these leave for the next run.

The editor's own state lives only while the editor is on screen, so whenever it is not (another view,
another tab or table, a changed filter) the working copy is folded into ``base`` and the editor starts
again from it: edits survive reruns and page switches. Nothing here draws; the actions run as button
callbacks, before the page draws, so the page shows their outcome.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any

import pandas as pd

from pricing.tables.own_rows import OwnPrices, with_own_prices
from pricing.tables.validation import Problem, TableCheck
from store import ConflictError, StoreError, TableVersion
from ui.data import table_store
from ui.table_drafts import PREFIX, Draft, draft_key, session_state, store_frame, table_label
from views.price_tables.author import author_for_save, refusal
from views.price_tables.editor import (
    apply_edits,
    edit_problems,
    edited_marks,
    editor_frame,
    filter_columns,
    filter_view,
    has_edits,
    page_count,
    page_view,
    with_marks,
)
from views.price_tables.stored import Stored

FLASH_KEY = f"{PREFIX}.flash"


def conflict_key(table: str) -> str:
    return f"{PREFIX}.conflict.{table}"


def filter_key(table: str, column: str) -> str:
    return f"{PREFIX}.filter.{table}.{column}"


def note_key(table: str) -> str:
    return f"{PREFIX}.note.{table}"


def page_key(table: str) -> str:
    """The 0-based page of the grid (tables longer than editor.PAGE_ROWS rows are shown a page at a time)."""
    return f"{PREFIX}.page.{table}"


# --- drafts in the session ------------------------------------------------------------------------


def get_draft(table: str, state: MutableMapping[str, Any] | None = None) -> Draft | None:
    draft: Draft | None = session_state(state).get(draft_key(table))
    return draft


def fresh_draft(
    table: str, version: TableVersion | None, fallback: pd.DataFrame, state: MutableMapping[str, Any] | None = None
) -> Draft:
    """A draft without edits on ``version`` (or on ``fallback`` when the store cannot be read)."""
    state = session_state(state)
    old = get_draft(table, state)
    frame = editor_frame(table, version.frame if version is not None else fallback)
    draft = Draft(
        table,
        version.info if version is not None else None,
        frame,
        frame.copy(),
        frame.copy(),
        generation=(old.generation + 1) if old is not None else 0,
    )
    state[draft_key(table)] = draft
    state.pop(conflict_key(table), None)
    return draft


def replace_current(draft: Draft, frame: pd.DataFrame) -> None:
    """Make ``frame`` the working copy and restart the editor on it (its edits are in ``frame``)."""
    draft.current = frame
    draft.base = frame.copy()
    draft.generation += 1


def fold(draft: Draft) -> None:
    """Restart the editor on the working copy (before its view changes: filter, import)."""
    replace_current(draft, draft.current)


def sync_draft(
    table: str, stored: Stored | None, fallback: pd.DataFrame, state: MutableMapping[str, Any] | None = None
) -> Draft:
    """The session's draft of ``table``, created or moved to the newest version when it has no edits."""
    state = session_state(state)
    draft = get_draft(table, state)
    version = stored.tables.get(table) if stored is not None else None
    if draft is None:
        return fresh_draft(table, version, fallback, state)
    live = has_edits(state.get(draft.editor_key)) if draft.editor_key in state else False
    if version is not None and draft.loaded_version != version.version_no:
        if not draft.pending and not live:
            return fresh_draft(table, version, fallback, state)
        if draft.loaded_info is None:  # edits begun while the store was unreadable: build on what it holds
            draft.loaded_info, draft.loaded = version.info, editor_frame(table, version.frame)
    return draft


def apply_live_edits(draft: Draft, state: MutableMapping[str, Any] | None = None) -> None:
    """Bring the working copy up to date with the editor's edit state (or fold when the editor is gone)."""
    state = session_state(state)
    edits = state.get(draft.editor_key)
    if draft.editor_key not in state:
        draft.base = draft.current.copy()
    elif not has_edits(edits):
        draft.current = draft.base  # nothing edited yet: the same frame, so its content is remembered
    else:
        draft.current = apply_edits(draft.table, draft.base, draft.view_ids, edits, draft.fill)


def filter_choices(draft: Draft, references: Mapping[str, list[str]], column: str) -> set[str]:
    """The values the editor's filter by ``column`` offers: the allowed ones and those in the table."""
    return set(references.get(column, [])) | set(draft.base[column].dropna())


def prepare_view(draft: Draft, references: Mapping[str, list[str]]) -> tuple[dict[str, list[str]], pd.DataFrame]:
    """The filters in force and the rows the editor shows, with the editor's edits read into the working copy.

    Run before anything is drawn, so badges and notices are never a run behind the editor.
    """
    state = session_state()
    editor_live = draft.editor_key in state
    if not editor_live:
        draft.base = draft.current.copy()
    filters: dict[str, list[str]] = {}
    for column in filter_columns(draft.table):
        allowed = filter_choices(draft, references, column)
        chosen = [v for v in state.get(filter_key(draft.table, column)) or [] if v in allowed]
        state[filter_key(draft.table, column)] = chosen
        filters[column] = chosen
    view, ids = filter_view(draft.base, filters)
    draft.filtered_rows = len(view)
    pages = page_count(len(view))
    page = min(max(int(state.get(page_key(draft.table)) or 0), 0), pages - 1)
    state[page_key(draft.table)] = page
    view, draft.view_ids = page_view(view, ids, page)
    view = with_marks(view, edited_marks(draft.loaded, draft.base.loc[draft.view_ids]), draft.view_ids)
    draft.fill = {column: values[0] for column, values in filters.items() if len(values) == 1}
    if editor_live:
        apply_live_edits(draft)
    return filters, view


def on_editor_change(table: str, state: MutableMapping[str, Any] | None = None) -> None:
    """Callback of the grid: fold each edit into the working copy and restart the grid on it, so the edited cells
    are marked in the grid's first column at once (a grid with rows to add takes new data only as a new grid).
    Rows added are at the end of the table, so a paged grid moves to its last page to show them."""
    state = session_state(state)
    draft = get_draft(table, state)
    if draft is not None:
        added = bool((state.get(draft.editor_key) or {}).get("added_rows"))
        apply_live_edits(draft, state)
        fold(draft)
        if added:
            state[page_key(table)] = page_count(len(draft.base)) - 1  # clamped to the filtered rows when shown


def on_filter_change(table: str, state: MutableMapping[str, Any] | None = None) -> None:
    """Callback of the editor's filters: the editor starts again on the working copy, at its first page."""
    state = session_state(state)
    on_page_change(table, state)
    state[page_key(table)] = 0


def on_page_change(table: str, state: MutableMapping[str, Any] | None = None) -> None:
    """Callback of the grid's page choice (and of the filters): the editor starts again on the working copy."""
    state = session_state(state)
    draft = get_draft(table, state)
    if draft is not None:
        apply_live_edits(draft, state)
        fold(draft)


# --- checks -----------------------------------------------------------------------------------------


def problems_for(
    draft: Draft,
    others: Mapping[str, pd.DataFrame],
    baseline: tuple[Problem, ...],
    signature: tuple[Any, ...],
    state: MutableMapping[str, Any] | None = None,
    checks: Mapping[str, TableCheck] | None = None,
) -> list[Problem]:
    """The validator's problems of the working copy, computed once per content (kept in the session);
    ``checks`` are the per-table checks of ``others`` when known (see `edit_problems`)."""
    state = session_state(state)
    key = f"{PREFIX}.checked.{draft.table}"
    content = draft.content(draft.current)
    cached = state.get(key)
    if cached is not None and cached[0] == (signature, content):
        problems: list[Problem] = cached[1]
        return problems
    problems = edit_problems(draft.table, draft.current, others, baseline, checks)
    state[key] = ((signature, content), problems)
    return problems


# --- actions (run as button callbacks, before the page draws) ----------------------------------------


def flash(kind: str, text: str) -> None:
    """A message shown once at the top of the page after the next run ("success", "error", "info")."""
    session_state().setdefault(FLASH_KEY, []).append((kind, text))


def own_prices(draft: Draft, packages: pd.DataFrame | None, saved_on: date | None = None) -> OwnPrices | None:
    """For a prices draft: the prices as they would be saved (the owner's changed ones marked "your price") and the
    estimated packages that follow them (`pricing.tables.own_rows.with_own_prices`); None for other tables."""
    if draft.table != "prices" or packages is None:
        return None
    day = saved_on or date.today()

    def compute() -> OwnPrices:
        loaded, current = store_frame("prices", draft.loaded), store_frame("prices", draft.current)
        return with_own_prices(loaded, current, packages, day)

    return draft.memo("own_prices", compute, packages, day)


def save(table: str, *, force: bool = False) -> None:
    """Save the working copy, with the note typed for it, as a new version based on the loaded one, signed by
    `author_for_save`. A prices draft marks the owner's prices as theirs and saves the estimated packages that
    follow them in the same transaction (one version of each, or none).

    A conflict is kept in the session for the page to show; a fault becomes a message; either way the
    edits stay in the editor.
    """
    state = session_state()
    draft = get_draft(table)
    note = str(state.get(note_key(table)) or "")
    if draft is None:
        return
    if (refused := refusal()) is not None:
        flash("error", f"Not saved: {refused}")
        return
    apply_live_edits(draft)
    if draft.loaded_version is None:
        flash(
            "error",
            "The data store could not be read when these edits began, so there is no version to "
            "save them on; try again when the store works.",
        )
        return
    frame = store_frame(table, draft.current)
    frames: dict[str, tuple[pd.DataFrame, int | None]] = {table: (frame, draft.loaded_version)}
    try:
        if table == "prices":
            packages = table_store().current("packages")
            own = own_prices(draft, packages.frame)
            if own is not None:
                frame = store_frame(table, own.prices)
                frames[table] = (frame, draft.loaded_version)
                if own.moved:
                    frames["packages"] = (own.packages, packages.version_no)
        infos = table_store().save_tables(frames, note=note.strip(), author=author_for_save(), force=force)
    except ConflictError as exc:
        state[conflict_key(table)] = exc
        return
    except StoreError as exc:
        flash("error", f"Not saved: {exc}")
        return
    info = infos[0]
    fresh_draft(table, TableVersion(info, frame), frame)
    state[note_key(table)] = ""
    followed = f" and version {infos[1].version_no} of {table_label('packages')}" if len(infos) > 1 else ""
    flash(
        "success",
        f"Saved version {info.version_no} of {table_label(table)}{followed}"
        + (" (over the other version, as you chose)." if force else "."),
    )


def load_newest(table: str, failed: str) -> TableVersion | None:
    """A fresh draft (no edits) on the newest version of ``table``; None, with the message ``failed`` and the
    fault, when it cannot be read."""
    try:
        version = table_store().current(table)
    except StoreError as exc:
        flash("error", f"{failed}{exc}")
        return None
    fresh_draft(table, version, version.frame)
    return version


def reload_theirs(table: str) -> None:
    """Drop the edits and load the newest version."""
    version = load_newest(table, "Could not reload: ")
    if version is not None:
        flash("info", f"Loaded version {version.version_no} of {table_label(table)}; your edits were dropped.")


def discard(table: str) -> None:
    draft = get_draft(table)
    if draft is None:
        return
    replace_current(draft, draft.loaded.copy())
    session_state().pop(conflict_key(table), None)
    flash("info", f"Your edits to {table_label(table)} were discarded.")
