"""Unsaved edits of the price tables (drafts), kept per table for the whole session, and the note about them.

A draft remembers the version the editor loaded, the frame the data editor shows (``base``) and the
working copy (``current`` = ``base`` plus the editor's edits). The Price tables page (views/price_tables/)
makes, edits, saves and discards drafts; every other view only reads them, to say that unsaved edits are
left out of its figures (`remind_unsaved_edits`). So this holds the draft and what telling whether it
has edits takes: the tables' order and labels, and an editor frame's content as the store would save it.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

from pricing.tables.schema import TABLES
from store.diffing import DiffCounts, diff_contents
from store.frames import TableContent, conform_frame, frame_to_content
from store.versions import VersionInfo

T = TypeVar("T")
PREFIX = "price_tables"
PRICE_TABLES_PAGE = "views/price_tables/page.py"
# The order the tables are offered in: the ones people edit most first.
EDIT_ORDER: tuple[str, ...] = (
    "prices",
    "packages",
    "devices",
    "fx",
    "sessions",
    "options",
    "indications",
    "regions",
    "safety",
    "efficacy",
)


def session_state(state: MutableMapping[str, Any] | None = None) -> MutableMapping[str, Any]:
    """``state``, or this session's state when it is None (every key used here is text)."""
    return cast("MutableMapping[str, Any]", st.session_state) if state is None else state


def draft_key(table: str) -> str:
    return f"{PREFIX}.draft.{table}"


def table_label(table: str) -> str:
    """'Regional prices' for 'prices'."""
    return TABLES[table].label


def store_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """An editor frame as the store saves it: canonical dtypes, a plain 0..n-1 index."""
    return conform_frame(table, frame.reset_index(drop=True))


def frame_content(table: str, frame: pd.DataFrame) -> TableContent:
    """An editor frame's cells as the store would save them."""
    return frame_to_content(store_frame(table, frame))


def content_counts(table: str, loaded: TableContent, current: TableContent) -> DiffCounts:
    """Rows added, changed and removed between two contents of ``table`` (matched by its key, else by position)."""
    return diff_contents(loaded, current, TABLES[table].key).counts


def describe_counts(counts: DiffCounts) -> str:
    """'2 changed, 1 added' (only the parts that are not zero); 'no row changes' otherwise."""
    parts = [f"{n} {word}" for n, word in zip(counts, ("added", "changed", "removed"), strict=True) if n]
    return ", ".join(parts) if parts else "no row changes"


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
    filtered_rows: int = 0  # rows the editor's filters let through (the grid shows a page of them at a time)
    fill: dict[str, str] = field(default_factory=dict)  # values for added rows (the single filtered region/option)
    # The store content of the last few frames seen, by identity (the frame is kept so its id stays its own):
    # a 50,000-row table takes a third of a second to convert, and a rerun asks several times.
    _contents: dict[int, tuple[pd.DataFrame, TableContent]] = field(default_factory=dict, repr=False, compare=False)
    # Figures derived from the working copy (counts, warnings, own prices), kept until it or their inputs change.
    _memo: dict[str, tuple[tuple[object, ...], Any]] = field(default_factory=dict, repr=False, compare=False)

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
        content = frame_content(self.table, frame)
        live = {id(f) for f in (self.loaded, self.base, self.current)}
        self._contents = {k: v for k, v in self._contents.items() if k in live}
        self._contents[id(frame)] = (frame, content)
        return content

    def memo(self, name: str, compute: Callable[[], T], *inputs: object) -> T:
        """``compute()``, kept while the loaded and working copies and ``inputs`` are the same (frames: the same
        objects; other values: equal): a rerun that changes none of them (a page, a filter, another tab) reuses it;
        on a 50,000-row table each of these takes a third to half a second."""
        keys = (self.loaded, self.current, *inputs)
        kept = self._memo.get(name)
        if kept is not None and len(kept[0]) == len(keys) and all(map(_same, kept[0], keys)):
            return cast(T, kept[1])
        value = compute()
        self._memo[name] = (keys, value)
        return value

    @property
    def pending(self) -> bool:
        """Whether the working copy differs from the loaded version as the store would save it. Equal frames are
        told apart without converting them (a 50,000-row table: milliseconds instead of two thirds of a second)."""
        if self.current is self.loaded or self.current.equals(self.loaded):
            return False
        return self.content(self.loaded) != self.content(self.current)

    def counts_text(self) -> str:
        return self.memo(
            "counts",
            lambda: describe_counts(content_counts(self.table, self.content(self.loaded), self.content(self.current))),
        )


def _same(a: object, b: object) -> bool:
    """The same frame object, or equal plain values (a date, a number)."""
    if a is b:
        return True
    if isinstance(a, pd.DataFrame | pd.Series) or isinstance(b, pd.DataFrame | pd.Series):
        return False
    return type(a) is type(b) and bool(a == b)


def pending_tables(state: MutableMapping[str, Any] | None = None) -> dict[str, str]:
    """Tables with unsaved edits in this session, with a short description of them."""
    state = session_state(state)
    out = {}
    for table in EDIT_ORDER:
        draft = state.get(draft_key(table))
        if draft is not None and draft.pending:
            out[table] = draft.counts_text()
    return out


def remind_unsaved_edits() -> None:
    """On a view other than Price tables: a note that edits there are not saved, so not in these figures."""
    pending = pending_tables()
    if pending:
        listed = "; ".join(f"{table_label(t)} ({what})" for t, what in pending.items())
        with st.container(horizontal=True, vertical_alignment="center"):
            st.info(
                f"Unsaved edits in Price tables: {listed}. These figures use the saved tables until you save "
                "them there.",
                icon=":material/edit_note:",
                width="stretch",
            )
            st.page_link(PRICE_TABLES_PAGE, label="Open Price tables", icon=":material/table_edit:")
