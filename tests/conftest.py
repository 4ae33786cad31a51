"""Shared test settings: every test gets its own store folder, so nothing touches a user's kept tables; property
tests have no time limit per example (speed is measured by bench/, not by tests, and a busy machine must not fail a
correct example)."""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("costdash", deadline=None)
settings.load_profile("costdash")


@pytest.fixture(autouse=True)
def isolated_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the embedded store at a fresh folder and ignore any configured database URL."""
    folder = tmp_path_factory.mktemp("store")
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(folder))
    monkeypatch.delenv("COSTDASH_DATABASE_URL", raising=False)
    return folder
