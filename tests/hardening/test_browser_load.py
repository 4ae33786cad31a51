"""Real browser sessions against one server: while several visitors load every view, two editors change the same
table and save at the same moment. One save wins, the other is told and keeps its edits, and after reloading it
saves on top: both edits are in the table, no page shows an error.

The grid helpers come from tests/browser/test_edit_persists.py (the data editor is a canvas).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from browser.conftest import app_server, browser, wait_for_app  # noqa: F401  (fixtures used by name)
from browser.test_edit_persists import TIMEOUT_MS, _cell, _choose, _type_into_cell
from hardening.hostile import ROOT
from store import TableStore

_sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
expect = _sync_api.expect
PlaywrightError = _sync_api.Error
pytestmark = pytest.mark.browser

EDITS = {"US": 1111, "DE": 2222}


def _saved_text(version: int) -> re.Pattern[str]:
    """The save's message; packages derived from an edited price follow it (issue 17) and are named after it."""
    return re.compile(rf"Saved version {version} of Regional prices( and version \d+ of [^.]+)?\.")


def _no_error(page) -> None:
    assert page.get_by_test_id("stException").count() == 0


def _edit(page, base_url: str, region: str, price: int) -> None:
    page.goto(f"{base_url}/price-tables")
    wait_for_app(page)
    _choose(page, "Show only regions", region, wait_for_app)
    _choose(page, "Show only options", "co2", wait_for_app)
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid.locator("table[role=grid] tbody tr")).to_have_count(1, timeout=TIMEOUT_MS)
    grid.locator("canvas").first.wait_for(state="visible")
    _type_into_cell(page, grid, "price_typical", price)
    wait_for_app(page)
    expect(page.get_by_text("Unsaved edits (1 changed) pass every check.")).to_be_visible(timeout=TIMEOUT_MS)


def _visitors(base_url: str, stop: threading.Event, errors: list[str]) -> None:
    """Plain HTTP visitors meanwhile: the server must keep answering its health check and pages."""
    while not stop.is_set():
        for path in ("/_stcore/health", "/", "/regions", "/clinic"):
            try:
                with urllib.request.urlopen(base_url + path, timeout=10) as response:
                    if response.status != 200:
                        errors.append(f"{path}: {response.status}")
            except OSError as error:
                errors.append(f"{path}: {error}")


def test_two_editors_save_the_same_table_at_once_and_no_edit_is_lost(app_server: str, browser) -> None:  # noqa: F811
    stop, http_errors = threading.Event(), []
    visitors = threading.Thread(target=_visitors, args=(app_server, stop, http_errors), daemon=True)
    visitors.start()
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in EDITS]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(60_000)
        for page, (region, price) in zip(pages, EDITS.items()):
            _edit(page, app_server, region, price)
        saves = [page.get_by_role("button", name="Save as a new version") for page in pages]
        for save in saves:
            expect(save).to_be_enabled(timeout=TIMEOUT_MS)
        for save in saves:  # both clicks before either page has drawn its answer
            save.click()
        for page in pages:
            wait_for_app(page)
            _no_error(page)
        saved = [p for p in pages if p.get_by_text(_saved_text(2)).count()]
        told = [p for p in pages if p.get_by_text(re.compile("changed since you loaded it")).count()]
        assert len(saved) == 1 and len(told) == 1, "exactly one save wins and the other editor is told"
        loser = told[0]
        expect(loser.get_by_text(re.compile(r"Unsaved edits: .*Regional prices"))).to_be_visible()  # edits kept
        region, price = next((r, p) for (r, p), page in zip(EDITS.items(), pages) if page is loser)
        loser.get_by_role("button", name="Reload theirs (drop my edits)").click()
        wait_for_app(loser)
        _edit(loser, app_server, region, price)  # redo the edit on the newest version
        loser.get_by_role("button", name="Save as a new version").click()
        wait_for_app(loser)
        expect(loser.get_by_text(_saved_text(3))).to_be_visible(timeout=TIMEOUT_MS)
        _no_error(loser)
        other = next(r for r in EDITS if r != region)
        _choose(loser, "Show only regions", other, wait_for_app)  # both regions' CO2 rows of version 3
        grid = loser.get_by_test_id("stDataFrame").first
        for value in EDITS.values():  # both edits are in the table
            expect(_cell(grid, value)).to_have_count(1, timeout=TIMEOUT_MS)
    finally:
        stop.set()
        for context in contexts:
            context.close()
    visitors.join(timeout=30)
    assert not http_errors, http_errors[:5]


# --- 20 pages changing controls for two minutes (issue 19) ----------------------------------------------------

LOAD_PAGES = 20
LOAD_SECONDS = float(os.environ.get("COSTDASH_LOAD_SECONDS", "120"))
LOAD_PATHS = ["/", "/regions", "/clinic", "/real-world", "/price-tables", "/compare?b_mem=true&b_pay=true"]
# What a visitor changes: number inputs (a value inside the widget's bounds), pills and segmented buttons,
# switches, and the sidebar's links to the other pages.
_NUMBER = "[data-testid=stNumberInput] input"
_CHOICE = "[data-testid=stButtonGroup] button"
_SWITCH = "[data-testid=stCheckbox] label"
_NAV = "[data-testid=stSidebarNav] a"


def _rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _change_a_control(page, rng: random.Random) -> str:
    """Change one control of the page at random (without waiting for the rerun); returns what was done."""
    kinds = [
        k
        for k, sel in (("number", _NUMBER), ("choice", _CHOICE), ("switch", _SWITCH), ("nav", _NAV))
        if page.locator(sel).count()
    ]
    kind = rng.choice(kinds or ["nav"])
    if kind == "nav" or not kinds:
        page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + rng.choice(LOAD_PATHS))
        return "nav"
    locator = page.locator({"number": _NUMBER, "choice": _CHOICE, "switch": _SWITCH}[kind])
    target = locator.nth(rng.randrange(locator.count()))
    if not target.is_visible() or not target.is_enabled():
        return "skipped"
    if kind == "number":
        low = float(target.get_attribute("min") or 0)
        high = min(float(target.get_attribute("max") or low + 100), low + 1_000)
        target.fill(f"{rng.uniform(low, high):.0f}" if high - low > 2 else f"{low:g}")
        target.press("Enter")
    else:
        target.click(timeout=5_000)
    return kind


@pytest.mark.slow
def test_twenty_pages_change_controls_for_two_minutes_and_a_save_survives(browser, tmp_path: Path) -> None:  # noqa: F811
    """20 Chromium pages, each changing a control (numbers, pills, switches, pages) as fast as the server answers,
    for LOAD_SECONDS; meanwhile one of them saves a price. Reports exceptions, the server's peak memory, and
    whether the save is there after the load and after the server stops."""
    from browser.conftest import _free_port, _healthy, _stop, app_command

    folder = tmp_path / "store"
    folder.mkdir()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COSTDASH_DATA_DIR": str(folder)}
    env.pop("COSTDASH_DATABASE_URL", None)
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            app_command(port),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    rss: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set() and server.poll() is None:
            rss.append(_rss_bytes(server.pid))
            stop.wait(1.0)

    rng = random.Random(19)
    contexts, exceptions, actions = [], [], Counter()
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base_url):
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.25)
        threading.Thread(target=sample, daemon=True).start()
        pages = []
        for i in range(LOAD_PAGES):
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(90_000)
            page.goto(base_url + LOAD_PATHS[i % len(LOAD_PATHS)])
            pages.append(page)
        for page in pages:
            wait_for_app(page, timeout_ms=180_000)
        _edit(pages[0], base_url, "US", 1111)  # one save while the other 19 pages keep changing controls
        pages[0].get_by_role("button", name="Save as a new version").click()
        started = time.monotonic()
        while time.monotonic() - started < LOAD_SECONDS:
            for page in pages[1:]:  # all 19 change a control, then each is waited for: the server has 19 reruns
                try:
                    actions[_change_a_control(page, rng)] += 1
                except PlaywrightError as error:
                    actions["not possible: " + str(error).splitlines()[0][:60]] += 1
            for page in pages:
                wait_for_app(page, timeout_ms=180_000)
                found = page.get_by_test_id("stException")
                if found.count():
                    exceptions.append(f"{page.url}: {found.first.inner_text()[:300]}")
        saved = pages[0].get_by_text(_saved_text(2)).count()
        peak = max(rss) if rss else 0
        print(
            f"\nload: {LOAD_PAGES} pages for {time.monotonic() - started:.0f} s; actions {dict(actions)}; "
            f"exceptions {len(exceptions)}; server memory first {rss[0] / 2**20:.0f} MiB, peak "
            f"{peak / 2**20:.0f} MiB, last {rss[-1] / 2**20:.0f} MiB; save shown: {bool(saved)}"
        )
    finally:
        stop.set()
        for context in contexts:
            context.close()
        _stop(server)
    assert not exceptions, exceptions[:3]
    assert sum(n for k, n in actions.items() if k in ("number", "choice", "switch", "nav")) >= LOAD_PAGES
    kept = TableStore(f"sqlite:///{folder / 'store.sqlite'}").current("prices")
    row = kept.frame[(kept.frame["region_id"] == "US") & (kept.frame["option_id"] == "co2")]
    assert kept.version_no == 2 and float(row["price_typical"].iloc[0]) == 1111, kept.version_no  # after the stop
    assert peak < 3 * 2**30, f"peak server memory {peak / 2**20:.0f} MiB"
