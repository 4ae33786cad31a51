"""The kept tables as the Price tables page reads them: the newest version of each, and their own checks."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pricing.tables.validation import Problem, TableCheck, check_each_table, combine_table_checks
from store import TableVersion
from store.schema_columns import TABLE_NAMES
from ui.data import store_url, table_store


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
