"""The command line and the pages still show the figures captured in the snapshots (see capture*.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.golden import capture, capture_pages

pytestmark = pytest.mark.slow


def test_cli_prints_the_snapshot_figures() -> None:
    expected = json.loads(capture.SNAPSHOT.read_text())
    actual = json.loads(json.dumps(capture.capture(), sort_keys=True))
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == expected[key], key


def test_pages_show_the_snapshot_figures(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(capture_pages.ROOT)
    expected = json.loads(capture_pages.SNAPSHOT.read_text())
    actual = json.loads(json.dumps(capture_pages.capture(), sort_keys=True))
    for page in expected:
        assert actual[page] == expected[page], page
