"""What every tab of the Price tables page works on in one run: the tables in force and kept, the chosen
table, its draft and the rows the editor shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pricing.tables.validation import Problem, TableCheck
from store import TableVersion
from ui.data import LoadedTables
from ui.table_drafts import EDIT_ORDER, Draft, session_state, table_label
from views.price_tables.drafts import prepare_view, sync_draft
from views.price_tables.editor import reference_values
from views.price_tables.stored import Stored

TABLE_KEY = "price_tables.table"
SECTION_KEY = "price_tables.section"


@dataclass
class PageContext:
    """The page's state in this run (``stored`` is None when the store could not be read)."""

    loaded: LoadedTables
    stored: Stored | None
    fallback_frames: dict[str, pd.DataFrame]  # the tables in force, used when the store cannot be read
    others: dict[str, pd.DataFrame]  # the tables every edit is checked with
    references: dict[str, list[str]]
    signature: tuple[Any, ...]  # what the checks of an edit depend on besides the edit
    baseline: tuple[Problem, ...]
    checks: dict[str, TableCheck] | None
    table: str
    draft: Draft
    filters: dict[str, list[str]]
    view: pd.DataFrame  # the rows of the draft the editor shows

    @property
    def label(self) -> str:
        return table_label(self.table)

    def newest(self) -> TableVersion | None:
        """The newest kept version of the chosen table; None when the store could not be read."""
        return self.stored.tables.get(self.table) if self.stored is not None else None


def prepare(loaded: LoadedTables, stored: Stored | None) -> PageContext:
    """The chosen table's draft, synced with the kept tables and the editor, and what the tabs need."""
    fallback_frames = loaded.tables.as_dict()
    others = stored.frames() if stored is not None else fallback_frames
    references = reference_values(others)
    signature: tuple[Any, ...] = stored.versions if stored is not None else ("fallback", loaded.origin)
    baseline = stored.baseline_problems() if stored is not None else ()
    checks = stored.table_checks() if stored is not None else None
    state = session_state()
    if state.get(TABLE_KEY) not in EDIT_ORDER:
        state[TABLE_KEY] = EDIT_ORDER[0]
    table: str = state[TABLE_KEY]
    draft = sync_draft(table, stored, fallback_frames[table])
    filters, view = prepare_view(draft, references)
    return PageContext(
        loaded=loaded,
        stored=stored,
        fallback_frames=fallback_frames,
        others=others,
        references=references,
        signature=signature,
        baseline=baseline,
        checks=checks,
        table=table,
        draft=draft,
        filters=filters,
        view=view,
    )
