"""Unsaved edits of the price tables, kept per table for the whole session, and the store actions on them.

A draft remembers the version the editor loaded, the frame the data editor shows (``base``) and the
working copy (``current`` = ``base`` plus the editor's edits). The editor's own state lives only while
the editor is on screen, so whenever it is not (another view, another tab or table, a changed filter)
the working copy is folded into ``base`` and the editor starts again from it: edits survive reruns
and page switches. Nothing here draws; the Price tables view does.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from pricing.tables.validation import Problem, TableCheck, check_each_table, combine_table_checks
from store import ConflictError, StoreError, TableStore, TableVersion, VersionInfo
from store.frames import TableContent
from store.schema_columns import TABLE_NAMES
from ui import table_editor as te
from ui.data import store_url, table_store

PREFIX = "price_tables"
FLASH_KEY = f"{PREFIX}.flash"


def draft_key(table: str) -> str:
    return f"{PREFIX}.draft.{table}"


def conflict_key(table: str) -> str:
    return f"{PREFIX}.conflict.{table}"


def filter_key(table: str, column: str) -> str:
    return f"{PREFIX}.filter.{table}.{column}"


def note_key(table: str) -> str:
    return f"{PREFIX}.note.{table}"


@dataclass
class Draft:
    """The editor's copy of one table; see the module docstring."""

    table: str
    loaded_info: VersionInfo | None  # None when the store could not be read when the editor loaded
    loaded: pd.DataFrame
    base: pd.DataFrame
    current: pd.DataFrame
    generation: int = 0
    view_ids: list[Any] = field(default_factory=list)  # row identity of each row the editor shows
    fill: dict[str, str] = field(default_factory=dict)  # values for added rows (the single filtered region/option)
    # The store content of the last few frames seen, by identity (the frame is kept so its id stays its own):
    # a 50,000-row table takes a third of a second to convert, and a rerun asks several times.
    _contents: dict[int, tuple[pd.DataFrame, TableContent]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def loaded_version(self) -> int | None:
        return self.loaded_info.version_no if self.loaded_info else None

    @property
    def editor_key(self) -> str:
        return f"{PREFIX}.editor.{self.table}.{self.generation}"

    def content(self, frame: pd.DataFrame) -> TableContent:
        """``frame`` (the loaded, base or working copy) as the store would save it, remembered by identity."""
        kept = self._contents.get(id(frame))
        if kept is not None and kept[0] is frame:
            return kept[1]
        content = te.frame_content(self.table, frame)
        live = {id(f) for f in (self.loaded, self.base, self.current)}
        self._contents = {k: v for k, v in self._contents.items() if k in live}
        self._contents[id(frame)] = (frame, content)
        return content

    @property
    def pending(self) -> bool:
        return self.content(self.loaded) != self.content(self.current)

    def counts_text(self) -> str:
        return te.describe_counts(te.content_counts(self.table, self.content(self.loaded), self.content(self.current)))


# --- the kept tables ------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=16)
def _stored_tables(url: str, versions: tuple[tuple[str, int], ...]) -> dict[str, TableVersion]:
    return table_store().tables()


@st.cache_resource(show_spinner=False, max_entries=16)
def _baseline(url: str, versions: tuple[tuple[str, int], ...]) -> tuple[dict[str, TableCheck], tuple[Problem, ...]]:
    """Each kept table's own check (typed frame, problems; never mutate them) and all their problems."""
    checks = check_each_table({name: version.frame for name, version in _stored_tables(url, versions).items()})
    return checks, tuple(combine_table_checks(checks)[1])


@dataclass(frozen=True)
class Stored:
    """The newest version of every table, as the store holds them (never mutate the frames)."""

    url: str
    versions: tuple[tuple[str, int], ...]
    tables: dict[str, TableVersion]

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: version.frame for name, version in self.tables.items()}

    def baseline_problems(self) -> tuple[Problem, ...]:
        return _baseline(self.url, self.versions)[1]

    def table_checks(self) -> dict[str, TableCheck]:
        """`check_each_table` of the kept tables, so an edit re-checks only its own table."""
        return _baseline(self.url, self.versions)[0]


def stored_tables() -> Stored:
    """The kept tables, read once per set of versions; StoreError when the store cannot be read."""
    store = table_store()
    versions = store.current_versions()
    if len(versions) < len(TABLE_NAMES):
        store.tables()  # stores the shipped defaults of tables that have no version yet
        versions = store.current_versions()
    key = tuple(sorted(versions.items()))
    return Stored(store_url(), key, _stored_tables(store_url(), key))


def writer() -> TableStore:
    return table_store()


# --- drafts in the session ------------------------------------------------------------------------


def get_draft(table: str, state: MutableMapping[str, Any] | None = None) -> Draft | None:
    state = st.session_state if state is None else state
    return state.get(draft_key(table))


def fresh_draft(
    table: str, version: TableVersion | None, fallback: pd.DataFrame, state: MutableMapping[str, Any] | None = None
) -> Draft:
    """A draft without edits on ``version`` (or on ``fallback`` when the store cannot be read)."""
    state = st.session_state if state is None else state
    old = state.get(draft_key(table))
    frame = te.editor_frame(table, version.frame if version is not None else fallback)
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
    state = st.session_state if state is None else state
    draft = state.get(draft_key(table))
    version = stored.tables.get(table) if stored is not None else None
    if draft is None:
        return fresh_draft(table, version, fallback, state)
    live = te.has_edits(state.get(draft.editor_key)) if draft.editor_key in state else False
    if version is not None and draft.loaded_version != version.version_no:
        if not draft.pending and not live:
            return fresh_draft(table, version, fallback, state)
        if draft.loaded_info is None:  # edits begun while the store was unreadable: build on what it holds
            draft.loaded_info, draft.loaded = version.info, te.editor_frame(table, version.frame)
    return draft


def apply_live_edits(draft: Draft, state: MutableMapping[str, Any] | None = None) -> None:
    """Bring the working copy up to date with the editor's edit state (or fold when the editor is gone)."""
    state = st.session_state if state is None else state
    edits = state.get(draft.editor_key)
    if draft.editor_key not in state:
        draft.base = draft.current.copy()
    elif not te.has_edits(edits):
        draft.current = draft.base  # nothing edited yet: the same frame, so its content is remembered
    else:
        draft.current = te.apply_edits(draft.table, draft.base, draft.view_ids, edits, draft.fill)


def pending_tables(state: MutableMapping[str, Any] | None = None) -> dict[str, str]:
    """Tables with unsaved edits in this session, with a short description of them."""
    state = st.session_state if state is None else state
    out = {}
    for table in te.EDIT_ORDER:
        draft = state.get(draft_key(table))
        if draft is not None and draft.pending:
            out[table] = draft.counts_text()
    return out


def remind_unsaved_edits() -> None:
    """On a view other than Price tables: a note that edits there are not saved, so not in these figures."""
    pending = pending_tables()
    if pending:
        listed = "; ".join(f"{te.table_label(t)} ({what})" for t, what in pending.items())
        with st.container(horizontal=True, vertical_alignment="center"):
            st.info(
                f"Unsaved edits in Price tables: {listed}. These figures use the saved tables until you save "
                "them there.",
                icon=":material/edit_note:",
                width="stretch",
            )
            st.page_link("views/price_tables.py", label="Open Price tables", icon=":material/table_edit:")


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
    ``checks`` are the per-table checks of ``others`` when known (see `te.edit_problems`)."""
    state = st.session_state if state is None else state
    key = f"{PREFIX}.checked.{draft.table}"
    content = draft.content(draft.current)
    cached = state.get(key)
    if cached is not None and cached[0] == (signature, content):
        return cached[1]
    problems = te.edit_problems(draft.table, draft.current, others, baseline, checks)
    state[key] = ((signature, content), problems)
    return problems


# --- actions (run as button callbacks, before the page draws) ----------------------------------------


def flash(kind: str, text: str) -> None:
    """A message shown once at the top of the page after the next run ("success", "error", "info")."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def save(table: str, *, force: bool = False) -> VersionInfo | None:
    """Save the working copy, with the note typed for it, as a new version based on the loaded one.

    A conflict is kept in the session for the page to show; a fault becomes a message; either way the
    edits stay in the editor.
    """
    draft = get_draft(table)
    note = str(st.session_state.get(note_key(table)) or "")
    if draft is None:
        return None
    apply_live_edits(draft)
    if draft.loaded_version is None:
        flash(
            "error",
            "The data store could not be read when these edits began, so there is no version to "
            "save them on; try again when the store works.",
        )
        return None
    frame = te.store_frame(table, draft.current)
    try:
        info = writer().save_table(table, frame, base_version=draft.loaded_version, note=note.strip(), force=force)
    except ConflictError as exc:
        st.session_state[conflict_key(table)] = exc
        return None
    except StoreError as exc:
        flash("error", f"Not saved: {exc}")
        return None
    fresh_draft(table, TableVersion(info, frame), frame)
    st.session_state[note_key(table)] = ""
    flash(
        "success",
        f"Saved version {info.version_no} of {te.table_label(table)}"
        + (" (over the other version, as you chose)." if force else "."),
    )
    return info


def reload_theirs(table: str) -> None:
    """Drop the edits and load the newest version."""
    try:
        version = writer().current(table)
    except StoreError as exc:
        flash("error", f"Could not reload: {exc}")
        return
    fresh_draft(table, version, version.frame)
    flash("info", f"Loaded version {version.version_no} of {te.table_label(table)}; your edits were dropped.")


def discard(table: str) -> None:
    draft = get_draft(table)
    if draft is None:
        return
    replace_current(draft, draft.loaded.copy())
    st.session_state.pop(conflict_key(table), None)
    flash("info", f"Your edits to {te.table_label(table)} were discarded.")


def restore(table: str, version_no: int) -> None:
    draft = get_draft(table)
    try:
        info = writer().restore(table, version_no, base_version=draft.loaded_version if draft else None)
    except StoreError as exc:  # a conflict too: someone saved a newer version meanwhile
        flash("error", f"Not restored: {exc}")
        return
    _reload_after(table, f"Restored version {version_no} of {te.table_label(table)} as version {info.version_no}.")


def reset(table: str) -> None:
    draft = get_draft(table)
    try:
        info = writer().reset_to_defaults(table, base_version=draft.loaded_version if draft else None)
    except StoreError as exc:
        flash("error", f"Not reset: {exc}")
        return
    _reload_after(table, f"{te.table_label(table)} is back to the shipped defaults, as version {info.version_no}.")


def _reload_after(table: str, message: str) -> None:
    try:
        version = writer().current(table)
    except StoreError as exc:
        flash("error", f"{message} It could not be loaded again: {exc}")
        return
    fresh_draft(table, version, version.frame)
    flash("success", message)


def take_import(table: str, frame: pd.DataFrame, mode: str) -> None:
    """Put an imported table into the editor as unsaved edits: replacing the table or appended to it."""
    draft = get_draft(table)
    if draft is None:
        return
    apply_live_edits(draft)
    if mode == "replace":
        replace_current(draft, te.editor_frame(table, frame))
        what = f"replaces {te.table_label(table)}"
    else:
        replace_current(draft, te.append_rows(table, draft.current, frame))
        what = f"is appended to {te.table_label(table)}"
    flash(
        "success",
        f"The import ({len(frame)} rows) {what} in the editor as unsaved edits: check it on the "
        "Edit tab and save it with a note.",
    )
