"""Shared fixtures of the browser tests: the app served on a free loopback port, driven by Debian's Chromium.

- ``app_server``: ``streamlit run app.py`` on a free 127.0.0.1 port with its own empty store folder
  (so tests never see each other's saves); waits for ``/_stcore/health``, yields the base URL
  (``http://127.0.0.1:PORT``) and always stops the server.
- ``browser``: headless Chromium from ``/usr/bin/chromium`` through Playwright's Python package
  (``playwright install`` is never needed); the tests skip with the reason when it is missing.
- ``page``: a fresh 1366x900 page in its own browser context.
- ``wait_for_app(page)``: returns once Streamlit has finished running the script and the page has stopped changing.
- ``screenshot(page, name)``: saves ``artifacts/screenshots/<name>.png`` (the folder is created).

The two helpers are plain functions here and also fixtures of the same name, so a test module can
take them as arguments without importing this file.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 900}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SERVER_START_TIMEOUT_S = 60.0
APP_TIMEOUT_MS = 60_000


def app_command(port: int) -> list[str]:
    """`streamlit run app.py` headless on 127.0.0.1:port, without the file watcher or usage statistics."""
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]


def choose_option(page: object, box: object, option_text: str) -> None:
    """Open the select `box` (a locator) and click the option containing `option_text`; a click just after a rerun
    can land before the box is ready to open, so it tries three times."""
    option = page.locator("[role=option]").filter(has_text=option_text).first  # type: ignore[attr-defined]
    for _ in range(3):
        box.click()  # type: ignore[attr-defined]
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    option.click()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served from this checkout with a fresh store; yields its base URL."""
    data_dir = tmp_path_factory.mktemp("browser-store")
    log_path = data_dir / "streamlit.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COSTDASH_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("COSTDASH_DATABASE_URL", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(app_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {base_url} within {SERVER_START_TIMEOUT_S:.0f} s:\n"
                            + log_path.read_text(errors="replace"))
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium, one per test module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A new page at 1366x900 in a fresh context (no cookies or storage from other tests)."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    context.set_default_timeout(APP_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def wait_for_app(page: object, timeout_ms: int = APP_TIMEOUT_MS, settle_ms: int = 400) -> None:
    """Wait until Streamlit is connected, no script run is in progress, the main block has content and the page's
    elements have stopped changing.

    "In progress" is the script state Streamlit puts on the app element, or the status widget's running
    indicator (the widget also shows other notices, such as a changed source file, which do not count).
    The browser can still be drawing a finished run's elements for seconds on a busy machine (seen: the state
    said "not running" while 19 of the Clinic planner's 33 cards were drawn, in another order), so the page must
    also have had no element added, removed or re-texted for ``settle_ms``. A rerun starts a moment after the
    interaction that causes it, so the app must stay idle for ``settle_ms`` before this returns.
    """
    idle = ("() => { if (!window.__costdashChanged) { window.__costdashChanged = performance.now();"
            " new MutationObserver(() => { window.__costdashChanged = performance.now(); })"
            ".observe(document.body, {subtree: true, childList: true, characterData: true}); }"
            " const app = document.querySelector('[data-testid=stApp]');"
            " const main = document.querySelector('[data-testid=stMainBlockContainer]');"
            " return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'"
            " && app.getAttribute('data-test-script-state') === 'notRunning'"
            " && !document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')"
            " && !!main && main.querySelectorAll('[data-testid=stElementContainer]').length > 0"
            f" && performance.now() - window.__costdashChanged > {settle_ms}; }}")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining = max(1, int((deadline - time.monotonic()) * 1000))
        page.wait_for_function(idle, timeout=remaining)  # type: ignore[attr-defined]
        page.wait_for_timeout(settle_ms)  # type: ignore[attr-defined]
        if page.evaluate(idle):  # type: ignore[attr-defined]
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app kept running scripts")


def screenshot(page: object, name: str) -> Path:
    """Save a screenshot of the page as artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


@pytest.fixture(name="wait_for_app")
def _wait_for_app_fixture() -> object:
    """``wait_for_app`` as a fixture, so test modules need no import: ``wait_for_app(page)``."""
    return wait_for_app


@pytest.fixture(name="screenshot")
def _screenshot_fixture() -> object:
    """``screenshot`` as a fixture: ``screenshot(page, "price-tables-saved")``."""
    return screenshot


@pytest.fixture(name="choose_option")
def _choose_option_fixture() -> object:
    """``choose_option`` as a fixture: ``choose_option(page, box_locator, "V:")``."""
    return choose_option

