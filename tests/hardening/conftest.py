"""Shared pieces of the hardening suite: the hostile values every input path is fed, and an app with a fresh store.

Each test module covers one input path (command line, table cells, imported files, widgets and links, the store
under faults and load); docs/reliability.md lists every case with the test that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from hardening.hostile import DATA
from pricing.tables.loading import read_raw_tables


@pytest.fixture(scope="session")
def shipped_raw() -> dict[str, pd.DataFrame]:
    """The shipped CSV tables as text cells (copy before changing)."""
    raw, problems = read_raw_tables(DATA)
    assert not problems
    return raw


@pytest.fixture
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty store folder for the app in this test, with Streamlit's cached store and tables forgotten."""
    folder = tmp_path / "store"
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(folder))
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    st.cache_resource.clear()
    yield folder
    st.cache_resource.clear()
