"""Every page with hostile names in every name column, and every URL-bound key of every page given a number no
widget can take (issue 19, items 1 and 2).

Names: every string Streamlit renders as Markdown (bodies, headings, alerts, captions, metric labels and deltas,
every widget's label and help, the options of pills, segmented controls and radios, expander and tab labels) is
read from the rendered tree (tests/hardening/apptree.py); none may hold an image or link a name brought, nor a bare
address GFM would make a link. Links: the keys are found from the page itself (each widget's query_param_key),
so a new bound widget is covered without editing this file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from hardening.apptree import bound_keys, chart_specs, markdown_strings, unescaped
from hardening.hostile import APP
from store import TableStore

pytestmark = pytest.mark.slow  # each case runs the app in AppTest

# An image, a link, a bare URL, a www. address, an e-mail address and bold: each is Markdown an unescaped name
# would bring to the page (the image is fetched by every visitor's browser).
LINK_NAME = (
    "![t](http://127.0.0.1:9/n.png) [l](http://127.0.0.1:9/l) http://127.0.0.1:9/a www.example.com x@example.com **b**"
)
NAME_COLUMNS = {
    "regions": ("region_id", ["name", "tax_name", "finance_name"]),
    "options": ("option_id", ["name"]),
    "devices": ("device_id", ["name"]),
    "indications": ("indication_id", ["name"]),
}
COMPARE = "views/compare_treatments/page.py"
CO2 = "<the name of device co2>"
ALL_PARTS = {"b_exp": "true", "b_mnt": "true", "b_mem": "true", "b_ext": "true", "b_pay": "true"}
# Each page with the links that open every part of it (the keys that switch parts on stay as given).
SETUPS: list[tuple[str, dict[str, str]]] = [
    (COMPARE, ALL_PARTS),
    (COMPARE, {**ALL_PARTS, "region": "DE"}),  # an instalment plan instead of the US promotion
    ("views/regions/page.py", {"region_option": "co2"}),
    ("views/clinic_planner/page.py", {}),
    # A segmented control or select box is linked by the label it shows; CO2 stands for the device's name.
    ("views/real_world_payback/page.py", {"rw_loaded_source": "My own figures", "rw_pay": "Lease", "rw_refurb": CO2}),
    (
        "views/real_world_payback/page.py",
        {
            "rw_pay": "0 % promo",
            "rw_compare": "Conservative / expected / optimistic",
            "rw_depreciation": "MACRS 5-year",
        },
    ),
    ("views/real_world_payback/page.py", {"rw_pay": "Cash", "rw_compare": "Ways to pay", "rw_tax_rate": "21"}),
    ("views/price_tables/page.py", {}),
    ("views/method_and_sources/page.py", {}),
]
NAMED_PAGES = {"views/price_tables/page.py", "views/method_and_sources/page.py"}  # names only in tables there


def _save_hostile_names(folder: Path) -> None:
    """Every row's name (and the regions' tax and financing names) becomes LINK_NAME plus its id."""
    store = TableStore(f"sqlite:///{folder / 'store.sqlite'}", author="mallory")
    for table, (key, columns) in NAME_COLUMNS.items():
        current = store.current(table)
        frame = current.frame.copy()
        for column in columns:
            frame[column] = LINK_NAME + " " + frame[key].astype(str)
        store.save_table(table, frame, base_version=current.version_no, note="hostile names")
    store.db.dispose()


def _open(view: str, query: dict[str, Any], co2_name: str = "Fractional CO2 laser") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = co2_name if value == CO2 else value
    at.run()
    if view != COMPARE:
        at.switch_page(view).run()
    return at


def _healthy(at: AppTest) -> None:
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    assert not [e.value for e in at.error if "Traceback" in e.value]


# Markdown a name would bring, after escapes are resolved (GFM's autolinker reads that text).
_RENDERED = [re.compile(p) for p in (r"!\[t\]\(", r"\[l\]\(", r"\*\*b\*\*")]
_AUTOLINKED = re.compile(r"(?i)(https?://127\.0\.0\.1:9|www\.example\.com|x@example\.com)")


def hostile_markup(text: str) -> list[str]:
    """What in a Markdown source an unescaped LINK_NAME would render: an image, a link, bold, an autolink."""
    found = [p.pattern for p in _RENDERED if p.search(text)]
    found += _AUTOLINKED.findall(unescaped(text))
    return found


def test_the_check_finds_a_name_that_is_not_escaped() -> None:
    """The control: the raw name is caught in every way it would render, the escaped one in none."""
    from ui.user_text import markdown_text

    assert len(hostile_markup(LINK_NAME)) == 8  # image, link, bold; the three URLs, www. and the e-mail address
    assert len(hostile_markup("http\\://127.0.0.1:9/a www\\.example.com")) == 2  # escapes do not stop autolinks
    assert hostile_markup(markdown_text(LINK_NAME)) == []


def _chart_links(spec: str) -> list[str]:
    """Strings in a Plotly spec holding a tag from a name (Plotly renders <a>, <img>-like tags and styles)."""
    found: list[str] = []

    def visit(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
        elif isinstance(node, str) and "127.0.0.1:9" in node and re.search(r"<\s*(a|img|span)\b", node):
            found.append(node[:120])

    visit(json.loads(spec))
    return found


@pytest.mark.parametrize(("view", "query"), SETUPS, ids=[f"{v.split('/')[1]}-{i}" for i, (v, _) in enumerate(SETUPS)])
def test_no_name_becomes_markdown_on_any_page(app_store: Path, view: str, query: dict[str, str]) -> None:
    """Before the fix: the room-minutes label and help on Real-world payback, the region's tax line on Compare,
    and on every page the bare URL, www. address and e-mail address in an escaped name were links."""
    _save_hostile_names(app_store)
    at = _open(view, query, co2_name=f"{LINK_NAME} co2")
    _healthy(at)
    assert not [w.value for w in at.warning if "kept price tables" in w.value]  # the hostile tables are in use
    shown = markdown_strings(at)
    if view not in NAMED_PAGES:
        assert any("127.0.0.1:9" in text for _, text in shown), "the hostile names are not on the page"
    bad = [(where, hostile_markup(text), text[:100]) for where, text in shown if hostile_markup(text)]
    assert not bad, bad[:5]
    links = [link for spec in chart_specs(at) for link in _chart_links(spec)]
    assert not links, links[:3]


def test_the_room_minutes_inputs_carry_the_escaped_name(app_store: Path) -> None:
    """The issue's own case: device names as the label and help of "Room minutes per session"."""
    _save_hostile_names(app_store)
    at = _open("views/real_world_payback/page.py", {"rw_loaded_source": "My own figures"})
    _healthy(at)
    rooms = [n for n in at.number_input if n.key in {f"rw_room_{d}" for d in ("mn_pen", "co2", "rf_mn")}]
    assert rooms, "no room-minutes inputs"
    for widget in rooms:
        assert "127.0.0.1:9" in widget.label and not hostile_markup(widget.label), widget.label
        assert not hostile_markup(widget.help or ""), widget.help


# --- every bound key given a number no widget can take ------------------------------------------------------

LINK_NUMBERS = ["inf", "-inf", "Infinity", "nan", "1e999", "-1e308"]


def _bound_keys_of(view: str, query: dict[str, str]) -> list[str]:
    at = _open(view, query)
    _healthy(at)
    return sorted(bound_keys(at))


@pytest.fixture(scope="module")
def keys_by_setup() -> Iterator[dict[int, list[str]]]:
    """Each setup's bound keys, found once from a clean run on the shipped tables."""
    import os
    import tempfile

    import streamlit as st

    saved = {k: os.environ.get(k) for k in ("COSTDASH_DATA_DIR", "COSTDASH_DATABASE_URL")}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COSTDASH_DATA_DIR"] = folder
        os.environ.pop("COSTDASH_DATABASE_URL", None)
        st.cache_resource.clear()
        try:
            yield {i: _bound_keys_of(view, query) for i, (view, query) in enumerate(SETUPS) if view not in NAMED_PAGES}
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            st.cache_resource.clear()


LINK_SETUPS = [i for i, (view, _) in enumerate(SETUPS) if view not in NAMED_PAGES]


def test_every_page_binds_the_keys_the_issue_names(keys_by_setup: dict[int, list[str]]) -> None:
    """The discovery is complete enough: the keys of the probe's reports are among those tried."""
    tried = {key for keys in keys_by_setup.values() for key in keys}
    assert {"rw_ramp", "rw_deferred", "rw_rooms", "b_mterm", "b_n", "target_margin", "your_price"} <= tried
    assert len(tried) >= 60, len(tried)


@pytest.mark.parametrize("value", LINK_NUMBERS)
@pytest.mark.parametrize("setup", LINK_SETUPS, ids=[f"{SETUPS[i][0].split('/')[1]}-{i}" for i in LINK_SETUPS])
def test_a_link_number_no_widget_can_take_on_every_bound_key(
    app_store: Path, keys_by_setup: dict[int, list[str]], setup: int, value: str
) -> None:
    """Before the fix: /real-world?rw_ramp=inf (rw_deferred, rw_rooms; -inf, Infinity) and /?b_mem=true&b_mterm=inf,
    /?b_pay=true&b_n=inf stopped the page with an OverflowError traceback."""
    view, switches = SETUPS[setup]
    query = {key: value for key in keys_by_setup[setup]} | switches
    at = _open(view, query)
    _healthy(at)
    assert not at.error, [e.value for e in at.error]
    for key in keys_by_setup[setup]:
        kept = at.session_state[key] if key in at.session_state else None  # noqa: SIM401 (no .get on it)
        if isinstance(kept, float):
            assert math.isfinite(kept) and abs(kept) < 1e15, (key, kept)
    left = {k: v for k, v in at.query_params.items() if k not in switches}
    assert not [k for k, v in left.items() if str(v).strip().lower() in {"inf", "-inf", "infinity", "nan"}], left
