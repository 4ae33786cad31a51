"""Short links in the app (AppTest): "Copy short link" keeps the view under a short id, ``?s=<id>`` opens it again,
an unknown id says so and opens the defaults, and a read-only copy gives the long link instead, saying why."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from store import ShortLinkStore, TableStore
from ui.permissions import READ_ONLY_ENV, READ_ONLY_SENTENCE
from ui.short_links import NOT_FOUND_TEXT
from ui.user_text import markdown_text

pytestmark = pytest.mark.slow  # each test runs the app in AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SHORT = re.compile(r"http://localhost:8501/regions\?s=([A-Za-z0-9_-]{8})")


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSTDASH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(READ_ONLY_ENV, raising=False)
    st.cache_resource.clear()
    return tmp_path


def _links() -> ShortLinkStore:
    return ShortLinkStore(TableStore().db)  # the store the app uses (COSTDASH_DATA_DIR)


def _regions(query: dict[str, str] | None = None) -> AppTest:
    """The Regions view opened with this link (AppTest opens the default page first, then switches)."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/regions/page.py").run()
    return at


def _copy(at: AppTest) -> tuple[str, list[str]]:
    """Click "Copy short link"; the link shown and the captions under it."""
    captions_before = {c.value for c in at.sidebar.caption}
    next(b for b in at.sidebar.button if b.label == "Copy short link").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at.sidebar.code[0].value, [c.value for c in at.sidebar.caption if c.value not in captions_before]


def test_copy_short_link_keeps_the_views_query_under_a_short_id() -> None:
    at = _regions()
    at.sidebar.selectbox(key="currency").set_value("EUR").run()
    link, notes = _copy(at)
    match = SHORT.fullmatch(link)
    assert match, link
    assert not notes
    kept = _links().load(match.group(1))
    assert kept.page == "regions"
    shown = {key: value if isinstance(value, list) else [value] for key, value in at.query_params.items()}
    assert parse_qs(kept.query) == shown
    assert parse_qs(kept.query)["region"] == ["US"]
    assert _copy(at)[0] == link  # the same view keeps its id
    at.sidebar.selectbox(key="region_option").set_value("rf_mn").run()
    assert not at.sidebar.code  # the link shown before no longer matches the view: it is gone


def test_a_short_link_opens_the_view_it_keeps() -> None:
    link_id = _links().save("regions", "region=DE&currency=GBP&region_option=RF+microneedling&extras=40")
    at = _regions({"s": link_id})
    at.run()  # AppTest hands a page the link's values from its second run on (a browser: first)
    assert not at.exception, [e.value for e in at.exception]
    assert "s" not in at.query_params
    assert at.session_state["region"] == "DE" and at.session_state["currency"] == "GBP"
    assert at.session_state["region_option"] == "rf_mn" and at.session_state["extras"] == 40.0
    assert at.subheader[0].value == "RF microneedling for acne scars, every region in GBP"
    assert not [w for w in at.warning if NOT_FOUND_TEXT in w.value]


@pytest.mark.parametrize("link_id", ["zzzzzzzz", "nope", "../../etc", "<b>x</b>" * 20])
def test_an_unknown_short_link_says_so_and_opens_the_defaults(link_id: str) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["s"] = link_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warning = next(w.value for w in at.warning if NOT_FOUND_TEXT in w.value)
    assert "opens on its defaults" in warning and "<b>" not in warning
    assert "s" not in at.query_params
    at.switch_page("views/regions/page.py").run()
    assert at.metric and at.metric[0].label == "Cheapest course (median)"  # the default view, with an answer


def test_a_read_only_copy_gives_the_long_link_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _regions()
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    link, notes = _copy(at)
    assert link.startswith("http://localhost:8501/regions?") and "s=" not in link
    assert parse_qs(link.split("?", 1)[1])["region"] == ["US"] and "region_option" in link
    assert any("A short link cannot be saved here" in n and markdown_text(READ_ONLY_SENTENCE) in n for n in notes), notes


def test_a_link_kept_before_the_copy_became_read_only_still_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    link_id = _links().save("regions", "region=UK&region_option=Fractional+CO2+laser")
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    at = _regions({"s": link_id})
    at.run()
    assert not at.exception
    assert at.session_state["region"] == "UK" and at.session_state["region_option"] == "co2"
