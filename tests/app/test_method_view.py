"""Method and sources (AppTest): plain-language answers come first, one per question, before the formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pricing.patient.uncertainty import DEFAULT_DRAWS
from pricing.tables.loading import load_tables

pytestmark = pytest.mark.slow  # runs the app in AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
QUESTIONS = [
    "Why a range?",
    "Where do the prices come from?",
    "What is counted in the clinic's cost?",
    'How sure is "a good result"?',
]


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()


def _in_order(node: Any) -> list[tuple[str, str]]:
    """(element type, its text) of every heading and Markdown block in the main area, top to bottom."""
    found: list[tuple[str, str]] = []
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", "")
        if kind in ("title", "header", "subheader", "markdown", "caption"):
            found.append((kind, str(child.value)))
        found += _in_order(child)
    return found


def test_plain_sections_come_first_then_the_formulas() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/method_and_sources/page.py").run()
    assert not at.exception
    shown = _in_order(at.main)
    headings = [text for kind, text in shown if kind in ("header", "subheader")]
    formulas = headings.index("How every figure is computed")
    assert headings[: formulas] == ["In plain words", *QUESTIONS]
    assert headings[formulas + 1] == "Data and sources"
    answers = {question: shown[shown.index(("subheader", question)) + 1][1] for question in QUESTIONS}
    assert all(len(answer) < 2_000 for answer in answers.values())  # short: the detail is in the formulas
    assert "P10" in answers["Why a range?"] and "P90" in answers["Why a range?"]
    assert "packages" in answers["Why a range?"].lower() and "sessions" in answers["Why a range?"]
    assert "[EST]" in answers["Where do the prices come from?"] and "edits" in answers["Where do the prices come from?"]
    for part in ("financing", "Maintenance", "Consumables", "Operator time", "Overheads", "full cost"):
        assert part in answers["What is counted in the clinic's cost?"], part
    for answer in answers.values():  # no formula before the formulas
        assert "`=" not in answer and " x " not in answer
    assert "](#formulas)" in answers["Why a range?"]  # each links down to its formulas
    # figures from what the views use, never a stale copy: the draws per comparison and the regions in the tables
    assert f"simulates {DEFAULT_DRAWS:,} possible courses" in answers["Why a range?"]
    regions = len(load_tables().regions)
    assert f"each of the {regions} regions" in answers["Where do the prices come from?"]
    assert not any("{" in answer for answer in answers.values())
