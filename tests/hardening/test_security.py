"""Security of what users type: no user text becomes HTML or Markdown, SQL only through bound parameters, no file
path from user text, uploads bounded (tests/hardening/test_hostile_import.py), exports run nothing (same file),
saved scenarios that hold anything load without breaking a view.

The code checks read the source (ast), so a new `unsafe_allow_html=True` or an f-string in SQL fails here.
"""

from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from browser.conftest import browser  # noqa: F401 - the shared headless Chromium fixture
from hardening.hostile import APP, EMOJI, HTML_NAME, MARKDOWN_NAME, ROOT, RTL_TEXT, SCRIPT_NAME, SQL_NAME
from store import InvalidRequestError, ScenarioStore, TableStore
from ui.export import comparison_summary_html
from ui.user_text import chart_text, markdown_text

SHELL = [ROOT / "app.py", *sorted((ROOT / "views").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
CORE = [*sorted((ROOT / "pricing").glob("*.py")), *sorted((ROOT / "store").glob("*.py"))]


def _calls(paths: list[Path]) -> Iterator[tuple[Path, ast.Call]]:
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


# st.html only where no user text goes in unescaped: the phone cards (every text through html.escape, checked below)
# and the page-wide CSS and script (constants, no user text).
HTML_ALLOWED = {"ui/option_cards.py", "ui/accessibility.py"}


def test_no_element_renders_raw_html() -> None:
    found = []
    for path, call in _calls(SHELL):
        html_call = _name(call) == "html" and str(path.relative_to(ROOT)) not in HTML_ALLOWED
        if html_call or _name(call) == "components" or any(
                k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                for k in call.keywords):
            found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not found, found
    assert "streamlit.components" not in "".join(p.read_text(encoding="utf-8") for p in SHELL)


def test_phone_cards_show_hostile_names_as_text() -> None:
    from ui.option_cards import card_rows, cards_html

    rows = pd.DataFrame({"option_id": ["a", "b", "c"], "option_name": [HTML_NAME, SCRIPT_NAME, MARKDOWN_NAME],
                         "p10": [1.0] * 3, "p50": [2.0] * 3, "p90": [3.0] * 3, "sessions_typical": [2] * 3,
                         "sessions_min": [1] * 3, "sessions_max": [3] * 3, "downtime_days_typical": [1.0] * 3})
    risk = pd.DataFrame({"option_id": ["a", "b", "c"], "label": [SCRIPT_NAME] * 3, "high_risk": [True, False, False]})
    page = cards_html(card_rows(rows, "USD", "option_name", risk), HTML_NAME, SCRIPT_NAME)
    assert "<img" not in page and "<script" not in page and "&lt;script&gt;" in page


def _constant_sql(node: ast.expr) -> bool:
    """A literal, a choice between literals, or an f-string whose only fields are int(...)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.IfExp):
        return _constant_sql(node.body) and _constant_sql(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Call)
                                                   and _name(v.value) == "int") for v in node.values)
    return False


def test_sql_is_built_from_constants_or_bound_parameters_only() -> None:
    """Text SQL (text(), exec_driver_sql, a DB-API execute) is a literal; everything else is SQLAlchemy Core."""
    found = []
    for path, call in _calls(CORE + SHELL):
        name = _name(call)
        if name in ("text", "exec_driver_sql", "execute", "executescript") and call.args:
            first = call.args[0]
            textual = isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.IfExp)) or (
                isinstance(first, ast.Call) and _name(first) == "format")
            if textual and not _constant_sql(first):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not found, found


def test_no_file_path_is_built_from_user_text() -> None:
    """The shell opens files at fixed places only: content/<literal>.md, the README, the shipped map."""
    opened = []
    for path, call in _calls(SHELL):
        name = _name(call)
        if name in ("open", "read_text", "read_bytes", "write_text", "write_bytes", "read_csv", "load_workbook",
                    "read_excel"):
            opened.append(f"{path.relative_to(ROOT)}:{name}")
        if isinstance(call.func, ast.Name) and name in ("text", "readme_section") and path.name != "content.py":
            assert isinstance(call.args[0], ast.Constant), f"{path.relative_to(ROOT)}:{call.lineno}"
    assert sorted(opened) == ["ui/content.py:read_text", "ui/content.py:read_text", "views/regions/world_map.py:read_text"]


def test_every_download_is_neutralised() -> None:
    """Every table download goes through store.exporting (table_csv, table_xlsx, export_csv, export_xlsx); the one PDF
    download (ui/clinic_report.py) passes its builder, whose names are escaped for reportlab's markup (tested in
    tests/app/test_clinic_report.py). The data is found as the second argument or as data=."""
    for path, call in _calls(SHELL):
        if _name(call) == "download_button":
            given = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "data"),
                                                                   None)
            assert given is not None, f"{path.relative_to(ROOT)}:{call.lineno}"
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if path.name == "clinic_report.py":
                assert isinstance(given, ast.Name) and given.id == "build", where
                continue
            inner = _name(given) if isinstance(given, ast.Call) else ""
            assert inner in ("table_csv", "table_xlsx", "export_csv", "export_xlsx", "encode"), where
        assert _name(call) != "to_csv" or path.name == "export.py", f"{path.relative_to(ROOT)}:{call.lineno}"


@pytest.mark.parametrize("name", [HTML_NAME, SCRIPT_NAME, MARKDOWN_NAME, "a & b < c > d", "5 % off %{x}", RTL_TEXT,
                                  EMOJI, "- list", "1. item", "# heading", "> quote", "`code`", "$x$", ":red[x]"])
def test_user_text_helpers_leave_nothing_to_interpret(name: str) -> None:
    md = markdown_text(name)
    for special in "*_[]<>`~$&#|":
        assert md.count(special) == md.count("\\" + special), (name, md)
    assert not md.startswith(("-", "#", ">", "1.")), md
    chart = chart_text(name)
    assert "<" not in chart and ">" not in chart and "%{" not in chart


def test_the_printable_summary_escapes_every_name() -> None:
    rows = pd.DataFrame([{
        "option_name": HTML_NAME, "sessions_typical": 3, "sessions_min": 2, "sessions_max": 4,
        "plan_typical": SCRIPT_NAME,
        "total_typical": 900.0, "total_low": 500.0, "total_high": 1500.0, "p10": 600.0, "p50": 850.0, "p90": 1200.0,
        "downtime_days_typical": 3.0, "downtime_days_low": 2.0, "downtime_days_high": 6.0, "weeks_typical": 8.0,
        "price_quality": "<b>q</b>", "price_year": "2025", "price_estimate": "yes"}])
    page = comparison_summary_html(rows, region_name=HTML_NAME, indication_name=SCRIPT_NAME, currency="USD",
                                   daily_value=0, extras_per_visit=0, cautions={HTML_NAME: [SCRIPT_NAME]},
                                   disclaimer="d", as_of="2025-12-31")
    assert "<img" not in page and "<script>" not in page and "<b>q" not in page
    assert page.count("&lt;img src=x onerror=") == 3  # option, region and the caution's option


@pytest.mark.parametrize("name", [SQL_NAME, HTML_NAME, RTL_TEXT, EMOJI, "x" * 200, "Robert'); --", "%_%"])
def test_scenario_names_are_data(tmp_path: Path, name: str) -> None:
    scenarios = ScenarioStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    scenarios.save("keep me", {"region": "US"})
    scenarios.save(name, {"region": "DE", "note": name})
    assert scenarios.load(name) == {"region": "DE", "note": name}
    assert {s.name for s in scenarios.list_scenarios()} == {"keep me", name}
    scenarios.delete(name)
    assert scenarios.load("keep me") == {"region": "US"}


@pytest.mark.parametrize(("name", "words"), [("", "needs a name"), ("x" * 201, "at most 200"),
                                             ("a\u202eb", "U+202E"), ("a\x00b", "U+0000")])
def test_unusable_scenario_names_are_refused_in_one_sentence(tmp_path: Path, name: str, words: str) -> None:
    scenarios = ScenarioStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with pytest.raises(InvalidRequestError, match=re.escape(words)):
        scenarios.save(name, {"region": "US"})
    assert scenarios.list_scenarios() == []


BAD_CHOICES = {"region": HTML_NAME, "indication": 5, "currency": ["x"], "options": "co2", "downtime_value": 1e308,
               "extras": "abc", "region_option": {"a": 1}, "your_price": -1, "devices": ["nope", 3],
               "target_margin": 1000}


def _load_scenario(folder: Path, choices: dict[str, object]) -> AppTest:
    ScenarioStore(f"sqlite:///{folder / 'store.sqlite'}").save("crafted", choices)
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("views/price_tables/page.py").run()
    at.session_state["price_tables.section"] = "Scenarios"
    at.run()
    next(b for b in at.button if b.key == "price_tables.scenario.load").click().run()
    assert not at.exception
    return at


@pytest.mark.slow
@pytest.mark.parametrize("view", ["views/regions/page.py", "views/clinic_planner/page.py"])
def test_a_scenario_holding_anything_loads_without_breaking_the_view(app_store: Path, view: str) -> None:
    """Before the fix: extras 'abc' stopped Regions and a 1000 % margin stopped the Clinic planner, with a traceback."""
    at = _load_scenario(app_store, BAD_CHOICES)
    at.switch_page(view).run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["region"] != HTML_NAME


def test_a_scenario_holding_anything_loads_without_breaking_compare(app_store: Path) -> None:
    at = _load_scenario(app_store, BAD_CHOICES)
    at.switch_page("views/compare_treatments/page.py").run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


# --- in a real browser ---------------------------------------------------------------------------------------

BROWSER_NAME = '<img src=x onerror="window.__xss=1"> ![t](http://127.0.0.1:9/t.png) <a href="http://127.0.0.1:9/">a</a>'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, its store holding hostile region, option and device names."""
    folder = tmp_path_factory.mktemp("hostile-server")
    store = TableStore(f"sqlite:///{folder / 'store.sqlite'}", author="mallory")
    for table, key_column, key in (("regions", "region_id", "US"), ("options", "option_id", "co2"),
                                   ("devices", "device_id", "co2")):
        current = store.current(table)
        frame = current.frame.copy()
        frame.loc[frame[key_column] == key, "name"] = f"{BROWSER_NAME} {key}"
        store.save_table(table, frame, base_version=current.version_no)
    store.db.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "COSTDASH_DATA_DIR": str(folder)}
    env.pop("COSTDASH_DATABASE_URL", None)
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port), "--server.address", "127.0.0.1",
                               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.25)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _visit(browser: object, url: str) -> dict[str, object]:
    """What a page shows and fetches: markup run, markup shown as text, images and chart links from user text."""
    from browser.conftest import wait_for_app

    page = browser.new_page(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(60_000)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        page.goto(url)
        wait_for_app(page)
        page.wait_for_timeout(1_000)
        seen = page.evaluate("""() => ({
            xss: window.__xss || null,
            shown: document.body.innerText.includes('<img src=x onerror='),
            userImages: Array.from(document.querySelectorAll('img')).map(i => i.src)
                .filter(s => s.includes('127.0.0.1:9')),
            chartLinks: Array.from(document.querySelectorAll('.js-plotly-plot a'))
                .map(a => a.getAttribute('href') || a.getAttribute('xlink:href')).filter(Boolean)})""")
    finally:
        page.close()
    seen["fetched"] = [u for u in fetched if "127.0.0.1:9" in u]
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/regions?region=US&region_option=co2", "/clinic?region=US"])
def test_hostile_names_show_as_text_in_the_browser(hostile_server: str, browser: object, path: str) -> None:
    seen = _visit(browser, hostile_server + path)
    assert seen["xss"] is None and seen["shown"], seen  # markup shows as text and runs nothing
    assert not seen["userImages"] and not seen["fetched"] and not seen["chartLinks"], seen


@pytest.mark.browser
def test_hostile_names_show_as_text_in_the_browser_on_compare(hostile_server: str, browser: object) -> None:
    seen = _visit(browser, hostile_server + "/?region=US")
    assert seen["xss"] is None and seen["shown"], seen
    assert not seen["userImages"] and not seen["fetched"] and not seen["chartLinks"], seen
