"""Shared test settings: every test gets its own store folder, so nothing touches a user's kept tables."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the embedded store at a fresh folder and ignore any configured database URL."""
    folder = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(folder))
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    return folder
